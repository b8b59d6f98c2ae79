"""Demo transcripts for the supervisor console (``api/data/demo_transcripts.yml``).
Idempotent: a conversation whose fixed id exists is skipped."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Conversation, CsatRating, Customer, GuardIncident, Message, StaffUser, Ticket
from api.models.base import utcnow
from api.models.enums import (
    Category,
    ConversationState,
    Language,
    Sender,
    SuggestionUse,
    TicketStatus,
)
from api.security import hash_token
from api.services.tickets import new_ref

DEMO_TRANSCRIPTS = Path(__file__).with_name("data") / "demo_transcripts.yml"


def seed_transcripts(session: Session, path: Path = DEMO_TRANSCRIPTS) -> int:
    """Add the demo conversations that are missing; returns how many were added."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    now = utcnow()
    added = 0
    for spec in data.get("conversations") or ():
        if session.get(Conversation, spec["id"]) is None:
            _add(session, spec, now)
            added += 1
    session.commit()
    return added


def _id_of(session: Session, model: Any, column: Any, value: str | None) -> int | None:
    return session.scalar(select(model.id).where(column == value)) if value else None


def _add(session: Session, spec: dict[str, Any], now: datetime) -> None:
    start = now - timedelta(days=spec.get("days_ago", 0), hours=2)
    agent_id = _id_of(session, StaffUser, StaffUser.username, spec.get("agent"))
    minute = spec.get("handed_off_minute")
    conversation = Conversation(
        id=spec["id"],
        token_hash=hash_token(spec["id"]),
        language=Language(spec["language"]),
        state=ConversationState(spec.get("state", "closed")),
        customer_id=_id_of(session, Customer, Customer.external_id, spec.get("customer")),
        assigned_agent_id=agent_id,
        handed_off_at=start + timedelta(minutes=minute) if minute is not None else None,
        created_at=start,
    )
    session.add(conversation)
    session.flush()
    for item in spec.get("messages") or ():
        session.add(_message(item, conversation, agent_id, start))
    if incident := spec.get("incident"):
        session.add(_incident(incident, conversation, agent_id, start))
    if ticket := spec.get("ticket"):
        session.add(_ticket(ticket, conversation, start))
    if "csat" in spec:
        session.add(CsatRating(conversation_id=conversation.id, customer_id=conversation.customer_id,
                               score=spec["csat"], created_at=start + timedelta(hours=1)))  # fmt: skip


def _message(
    item: dict[str, Any], conversation: Conversation, agent_id: int | None, start: datetime
) -> Message:
    sender = Sender(item["sender"])
    use = item.get("suggestion_use")
    return Message(
        conversation_id=conversation.id,
        sender=sender,
        agent_id=agent_id if sender is Sender.AGENT else None,
        text=item["text"],
        language=conversation.language,
        intent=item.get("intent"),
        confidence=item.get("confidence"),
        anger=item.get("anger"),
        angry=item.get("angry", False) if sender is Sender.CUSTOMER else None,
        guard=item.get("guard", {"clean": True}) if sender is not Sender.CUSTOMER else None,
        suggestion_use=SuggestionUse(use) if use else None,
        suggestion_text=item.get("suggestion_text"),
        created_at=start + timedelta(minutes=item.get("minute", 0)),
    )


def _incident(
    item: dict[str, Any], conversation: Conversation, agent_id: int | None, start: datetime
) -> GuardIncident:
    text, phrase = item["text"], item["phrase"]
    at = text.find(phrase)
    return GuardIncident(
        conversation_id=conversation.id,
        source="agent",
        agent_id=agent_id,
        text=text,
        violations=[
            {
                "phrase": phrase,
                "start": at,
                "end": at + len(phrase),
                "category": "policy_excuse",
                "suggestion": "",
            }
        ],
        action="overridden",
        created_at=start + timedelta(minutes=9),
    )


def _ticket(item: dict[str, Any], conversation: Conversation, start: datetime) -> Ticket:
    resolved = item.get("resolved_after_hours")
    return Ticket(
        ref=new_ref(),
        category=Category(item["category"]),
        customer_id=conversation.customer_id,
        conversation_id=conversation.id,
        status=TicketStatus.RESOLVED if resolved is not None else TicketStatus.NEW,
        due_at=start + timedelta(hours=item["due_in_hours"]),
        resolved_at=start + timedelta(hours=resolved) if resolved is not None else None,
        created_at=start,
    )
