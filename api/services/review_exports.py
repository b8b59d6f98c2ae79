"""Exports for supervisors: transcripts, tickets and intent corrections as CSV, and
the corrections as Rasa NLU training data. Column names are field names, not prose."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.models import Conversation, IntentCorrection, Message, Ticket
from api.schemas.ticket import TicketFilters
from api.services import review_corrections as corrections
from api.services.review_csv import csv_text
from api.services.review_detail import usernames
from api.services.review_intents import domain_intents
from api.services.review_nlu_export import Example, nlu_yaml
from api.services.review_search import sunset_breached
from api.services.sunset import BusinessHours
from api.services.ticket_queries import conditions_for
from api.services.tickets import overdue

TRANSCRIPT_COLUMNS = (
    "conversation_id", "conversation_started_at", "conversation_language", "conversation_state",
    "customer", "message_id", "sent_at", "sender", "agent", "text", "message_language",
    "intent", "confidence", "corrected_intent", "anger", "angry", "guard", "suggestion_use",
    "suggestion_text", "delivery",
)  # fmt: skip
TICKET_COLUMNS = (
    "ref", "category", "status", "priority", "created_at", "due_at", "resolved_at",
    "sunset_breach", "overdue", "assignee", "customer_id", "conversation_id", "order_number",
    "description", "resolution",
)  # fmt: skip
CORRECTION_COLUMNS = (
    "message_id", "conversation_id", "language", "text", "original_intent",
    "original_confidence", "corrected_intent", "corrected_by", "corrected_at",
)  # fmt: skip
CHUNK = 500  # conversations per query when exporting many


def transcripts_csv(session: Session, ids: Sequence[str]) -> str:
    """One row per message of the conversations ``ids`` (in that order)."""
    return csv_text(TRANSCRIPT_COLUMNS, _transcript_rows(session, ids, usernames(session)))


def _transcript_rows(session: Session, ids: Sequence[str], names: dict[int, str]) -> Iterator[Any]:
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        conversations = {
            c.id: c
            for c in session.scalars(
                select(Conversation)
                .where(Conversation.id.in_(chunk))
                .options(selectinload(Conversation.customer))
            )
        }
        query = (
            select(Message, IntentCorrection.corrected_intent)
            .outerjoin(IntentCorrection, IntentCorrection.message_id == Message.id)
            .where(Message.conversation_id.in_(chunk))
            .order_by(Message.id)
        )
        by_conversation: dict[str, list[Any]] = {cid: [] for cid in chunk}
        for message, corrected in session.execute(query).tuples():
            by_conversation[message.conversation_id].append((message, corrected))
        for cid in chunk:
            for message, corrected in by_conversation[cid]:
                yield _transcript_row(conversations[cid], message, corrected, names)


def _transcript_row(
    conversation: Conversation, message: Message, corrected: str | None, names: dict[int, str]
) -> tuple[Any, ...]:
    customer = conversation.customer.name if conversation.customer else None
    return (
        conversation.id, conversation.created_at, conversation.language, conversation.state,
        customer, message.id, message.created_at, message.sender, names.get(message.agent_id or 0),
        message.text, message.language, message.intent, message.confidence, corrected,
        message.anger, message.angry, message.guard, message.suggestion_use,
        message.suggestion_text, message.delivery,
    )  # fmt: skip


def tickets_csv(
    session: Session, filters: TicketFilters, hours: BusinessHours, now: datetime
) -> str:
    """Every ticket matching ``filters`` (the ticket list's filters), oldest first."""
    conditions = conditions_for(session, filters, me=None, hours=hours, now=now)
    query = select(Ticket).where(*conditions).order_by(Ticket.created_at, Ticket.id)
    names = usernames(session)
    rows = (_ticket_row(t, names, now) for t in session.scalars(query))
    return csv_text(TICKET_COLUMNS, rows)


def _ticket_row(ticket: Ticket, names: dict[int, str], now: datetime) -> tuple[Any, ...]:
    return (
        ticket.ref, ticket.category, ticket.status, ticket.priority, ticket.created_at,
        ticket.due_at, ticket.resolved_at, sunset_breached(ticket, now), overdue(ticket, now),
        names.get(ticket.assignee_id or 0), ticket.customer_id, ticket.conversation_id,
        ticket.order_number, ticket.description, ticket.resolution,
    )  # fmt: skip


def corrections_csv(session: Session, rows: Sequence[corrections.Corrected]) -> str:
    names = usernames(session)
    return csv_text(CORRECTION_COLUMNS, (_correction_row(r, names) for r in rows))


def _correction_row(row: corrections.Corrected, names: dict[int, str]) -> tuple[Any, ...]:
    c, m = row.correction, row.message
    return (
        m.id, m.conversation_id, m.language, m.text, c.original_intent, c.original_confidence,
        c.corrected_intent, names.get(c.corrected_by_id), c.updated_at,
    )  # fmt: skip


def corrections_yaml(rows: Sequence[corrections.Corrected]) -> str:
    examples = (
        Example(r.correction.corrected_intent, r.message.text, r.message.entities or ())
        for r in sorted(rows, key=lambda r: r.correction.updated_at)
    )
    return nlu_yaml(examples, domain_intents())
