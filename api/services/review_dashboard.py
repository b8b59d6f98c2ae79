"""Loads the facts of a period from the database and hands them to the pure
figures in ``review_figures``."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from api.models import (
    Conversation,
    CsatRating,
    GuardIncident,
    IntentCorrection,
    Message,
    StaffUser,
    Ticket,
)
from api.models.enums import Sender
from api.schemas.dashboard import Dashboard, PoorlyUnderstood
from api.services import review_figures as figures
from api.services.review_intents import FALLBACK_INTENT
from api.services.review_search import day_start
from api.services.sunset import BusinessHours
from api.services.transitions import OPEN

WORST_COUNT = 10
MAX_DAYS = 366


class BadPeriod(ValueError):
    pass


def period(
    start: date | None, end: date | None, today: date, default_days: int = 14
) -> tuple[date, date]:
    """The days to show: ``start``..``end`` (inclusive), by default the last
    ``default_days`` up to today. Raises ``BadPeriod``."""
    end = end or today
    start = start or end - timedelta(days=default_days - 1)
    if start > end:
        raise BadPeriod("date_from is after date_to")
    if (end - start).days >= MAX_DAYS:
        raise BadPeriod(f"a period is at most {MAX_DAYS} days")
    return start, end


def build_dashboard(
    session: Session, start: date, end: date, hours: BusinessHours, now: datetime
) -> Dashboard:
    window = (day_start(start, hours), day_start(end + timedelta(days=1), hours))
    days = figures.days_between(start, end)
    tickets = _tickets(session, window)
    conversations = _conversations(session, window)
    return Dashboard(
        date_from=start,
        date_to=end,
        complaints_per_day=figures.complaints_per_day(tickets, days, hours.tz),
        handoff=figures.handoff_rate(conversations, days, hours.tz),
        first_response=figures.first_response(conversations),
        resolution=figures.resolution(tickets, now),
        csat=figures.csat(_scores(session, window)),
        guard_incidents=figures.incidents_per_agent(_incident_agents(session, window)),
        worst_understood=figures.worst_understood(_poorly_understood(session, window), WORST_COUNT),
    )


def _between(column: Any, window: tuple[datetime, datetime]) -> Any:
    return and_(column >= window[0], column < window[1])


def _tickets(session: Session, window: tuple[datetime, datetime]) -> list[figures.TicketFact]:
    query = select(Ticket).where(_between(Ticket.created_at, window))
    return [
        figures.TicketFact(
            category=t.category.value,
            created_at=t.created_at,
            due_at=t.due_at,
            resolved_at=t.resolved_at,
            is_open=t.status in OPEN,
        )
        for t in session.scalars(query)
    ]


def _conversations(
    session: Session, window: tuple[datetime, datetime]
) -> list[figures.ConversationFact]:
    first_reply = (
        select(func.min(Message.created_at))
        .where(
            Message.conversation_id == Conversation.id,
            Message.sender == Sender.AGENT,
            Message.created_at >= Conversation.handed_off_at,
        )
        .scalar_subquery()
    )
    query = select(Conversation.created_at, Conversation.handed_off_at, first_reply).where(
        _between(Conversation.created_at, window)
    )
    return [figures.ConversationFact(*row) for row in session.execute(query).tuples()]


def _scores(session: Session, window: tuple[datetime, datetime]) -> list[int]:
    query = select(CsatRating.score).where(_between(CsatRating.created_at, window))
    return list(session.scalars(query))


def _incident_agents(session: Session, window: tuple[datetime, datetime]) -> list[str | None]:
    query = (
        select(StaffUser.username)
        .select_from(GuardIncident)
        .outerjoin(StaffUser, StaffUser.id == GuardIncident.agent_id)
        .where(_between(GuardIncident.created_at, window))
    )
    return list(session.scalars(query))


def _poorly_understood(
    session: Session, window: tuple[datetime, datetime]
) -> list[PoorlyUnderstood]:
    fallback_first = case((Message.intent == FALLBACK_INTENT, 0), else_=1)
    query = (
        select(Message, IntentCorrection.corrected_intent)
        .outerjoin(IntentCorrection, IntentCorrection.message_id == Message.id)
        .where(
            Message.sender == Sender.CUSTOMER,
            Message.confidence.is_not(None),
            _between(Message.created_at, window),
        )
        .order_by(fallback_first, Message.confidence.asc(), Message.id)
        .limit(WORST_COUNT)
    )
    return [
        PoorlyUnderstood(
            message_id=m.id,
            conversation_id=m.conversation_id,
            created_at=m.created_at,
            text=m.text,
            language=m.language,
            intent=m.intent,
            confidence=m.confidence,
            corrected_intent=corrected,
        )
        for m, corrected in session.execute(query).tuples()
    ]
