"""Finding transcripts: text search, the supervisor's filters, sorting, pages.

Each filter is a SQL condition on ``Conversation`` (mostly ``EXISTS`` over its
messages, tickets, incidents, ratings and review marks), so they combine freely
and run the same on SQLite and PostgreSQL. Text search is a case-insensitive
``LIKE``, which also finds Chinese text (no word splitting needed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from api.models import (
    Conversation,
    ConversationReview,
    CsatRating,
    GuardIncident,
    IntentCorrection,
    Message,
    ReviewTag,
    Ticket,
)
from api.models.enums import ConversationState, Sender
from api.schemas.transcript import TranscriptFilters, TranscriptQuery, TranscriptSort
from api.services.review_intents import FALLBACK_INTENT, intent_for_category
from api.services.sunset import BusinessHours
from api.services.tickets import find_staff
from api.services.transitions import OPEN

LOW_CSAT = 2
WITH_A_PERSON = (ConversationState.WAITING, ConversationState.AGENT)


@dataclass(frozen=True)
class Page:
    ids: Sequence[str]
    total: int


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's wildcards in ``text`` escaped (escape character ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_transcripts(
    session: Session, filters: TranscriptFilters, *, hours: BusinessHours, now: datetime
) -> Page:
    """One page of conversation ids matching ``filters``, sorted, with the total.
    Raises ``UnknownReference`` for an unknown agent."""
    conditions = transcript_conditions(session, filters, hours=hours, now=now)
    total = session.scalar(select(func.count()).select_from(Conversation).where(*conditions))
    query = (
        select(Conversation.id)
        .where(*conditions)
        .order_by(*sort_order(filters.sort))
        .offset((filters.page - 1) * filters.page_size)
        .limit(filters.page_size)
    )
    return Page(ids=session.scalars(query).all(), total=total or 0)


def matching_ids(
    session: Session, filters: TranscriptQuery, *, hours: BusinessHours, now: datetime
) -> list[str]:
    """Every matching conversation id, sorted (for exports)."""
    conditions = transcript_conditions(session, filters, hours=hours, now=now)
    query = select(Conversation.id).where(*conditions).order_by(*sort_order(filters.sort))
    return list(session.scalars(query))


def transcript_conditions(
    session: Session, filters: TranscriptQuery, *, hours: BusinessHours, now: datetime
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.q:
        conditions.append(_has_message(Message.text.ilike(like_pattern(filters.q), escape="\\")))
    conditions.extend(started_window(filters.date_from, filters.date_to, hours))
    if filters.category is not None:
        conditions.append(category_clause(filters))
    if filters.language is not None:
        conditions.append(Conversation.language == filters.language)
    if filters.agent is not None:
        conditions.append(agent_clause(find_staff(session, filters.agent, None).id))
    if filters.tag is not None:
        conditions.append(_exists(ReviewTag, ReviewTag.tag == filters.tag.strip()))
    for wanted, clause in _flags(filters, now):
        if wanted is not None:
            conditions.append(clause if wanted else not_(clause))
    return conditions


def _flags(filters: TranscriptQuery, now: datetime) -> list[tuple[bool | None, Any]]:
    return [
        (filters.handed_off, handed_off_clause()),
        (filters.angry, _has_message(Message.sender == Sender.CUSTOMER, Message.angry.is_(True))),
        (filters.guard_incident, _exists(GuardIncident)),
        (filters.sunset_breach, _exists(Ticket, breach_clause(now))),
        (filters.low_csat, _exists(CsatRating, CsatRating.score <= LOW_CSAT)),
        (filters.low_confidence, low_confidence_clause(filters.confidence_below)),
        (filters.reviewed, _exists(ConversationReview)),
    ]


def _exists(model: Any, *where: Any) -> ColumnElement[bool]:
    return exists().where(model.conversation_id == Conversation.id, *where)


def _has_message(*where: Any) -> ColumnElement[bool]:
    return _exists(Message, *where)


def handed_off_clause() -> ColumnElement[bool]:
    """With a person now, or an agent wrote in it, or it was queued for one."""
    return or_(
        Conversation.state.in_(WITH_A_PERSON),
        Conversation.handed_off_at.is_not(None),
        _has_message(Message.sender == Sender.AGENT),
    )


def breach_clause(now: datetime) -> ColumnElement[bool]:
    """A ticket the sunset rule was broken for: resolved late, or open past due."""
    late = and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at > Ticket.due_at)
    overdue = and_(Ticket.resolved_at.is_(None), Ticket.status.in_(OPEN), Ticket.due_at < now)
    return or_(late, overdue)


def sunset_breached(ticket: Ticket, now: datetime) -> bool:
    """``breach_clause`` for one loaded ticket."""
    if ticket.resolved_at is not None:
        return ticket.resolved_at > ticket.due_at
    return ticket.status in OPEN and ticket.due_at < now


def low_confidence_clause(below: float) -> ColumnElement[bool]:
    return _has_message(
        Message.sender == Sender.CUSTOMER,
        or_(Message.confidence < below, Message.intent == FALLBACK_INTENT),
    )


def category_clause(filters: TranscriptQuery) -> ColumnElement[bool]:
    assert filters.category is not None
    ticket = _exists(Ticket, Ticket.category == filters.category)
    intent = intent_for_category(filters.category)
    if intent is None:
        return ticket
    corrected = select(IntentCorrection.corrected_intent).where(
        IntentCorrection.message_id == Message.id
    )
    said = func.coalesce(corrected.scalar_subquery(), Message.intent)
    return or_(ticket, _has_message(Message.sender == Sender.CUSTOMER, said == intent))


def agent_clause(agent_id: int) -> ColumnElement[bool]:
    return or_(
        Conversation.assigned_agent_id == agent_id,
        _has_message(Message.agent_id == agent_id),
    )


def started_window(
    start: datetime | date | None, end: datetime | date | None, hours: BusinessHours
) -> list[ColumnElement[bool]]:
    window: list[ColumnElement[bool]] = []
    if start is not None:
        window.append(Conversation.created_at >= day_start(start, hours))
    if isinstance(end, datetime):
        window.append(Conversation.created_at <= end)
    elif end is not None:  # a date: the whole of that day
        window.append(Conversation.created_at < day_start(end + timedelta(days=1), hours))
    return window


def day_start(moment: datetime | date, hours: BusinessHours) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time.min, tzinfo=hours.tz)


def _per_conversation(model: Any, column: Any, *where: Any) -> Any:
    query = select(column).where(model.conversation_id == Conversation.id, *where)
    return query.scalar_subquery()


def _from_customer(column: Any) -> Any:
    return _per_conversation(Message, column, Message.sender == Sender.CUSTOMER)


SORT_KEYS: dict[TranscriptSort, Callable[[], Any]] = {
    TranscriptSort.RECENT_ACTIVITY: lambda: (
        _per_conversation(Message, func.max(Message.created_at)).desc().nulls_last()
    ),
    TranscriptSort.LOWEST_CONFIDENCE: lambda: (
        _from_customer(func.min(Message.confidence)).asc().nulls_last()
    ),
    TranscriptSort.ANGRIEST: lambda: _from_customer(func.max(Message.anger)).desc().nulls_last(),
    TranscriptSort.LOWEST_CSAT: lambda: (
        _per_conversation(CsatRating, CsatRating.score).asc().nulls_last()
    ),
    TranscriptSort.MOST_INCIDENTS: lambda: _per_conversation(
        GuardIncident, func.count(GuardIncident.id)
    ).desc(),
}


def sort_order(sort: TranscriptSort) -> tuple[Any, ...]:
    """ORDER BY for ``sort``; ties (and the plain sorts) go newest first."""
    newest = (Conversation.created_at.desc(), Conversation.id.desc())
    if sort is TranscriptSort.OLDEST:
        return (Conversation.created_at.asc(), Conversation.id.asc())
    key = SORT_KEYS.get(sort)
    return newest if key is None else (key(), *newest)
