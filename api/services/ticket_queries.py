"""Finding tickets: the filtered, paginated list and the overdue queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, select
from sqlalchemy.orm import Session, selectinload

from api.models import StaffUser, Ticket
from api.models.base import utcnow
from api.schemas.ticket import TicketFilters
from api.services.sunset import BusinessHours
from api.services.tickets import find_staff
from api.services.transitions import OPEN

NEWEST_FIRST = (Ticket.created_at.desc(), Ticket.id.desc())
MOST_OVERDUE_FIRST = (Ticket.due_at.asc(), Ticket.id.asc())


@dataclass(frozen=True)
class Page:
    items: Sequence[Ticket]
    total: int


def list_tickets(
    session: Session,
    filters: TicketFilters,
    *,
    me: StaffUser | None,
    hours: BusinessHours,
    now: datetime | None = None,
    order: tuple[Any, ...] = NEWEST_FIRST,
) -> Page:
    """One page of the tickets matching ``filters``, with the total over all pages.
    Raises ``UnknownReference`` for an unknown assignee."""
    conditions = conditions_for(session, filters, me=me, hours=hours, now=now or utcnow())
    total = session.scalar(select(func.count()).select_from(Ticket).where(*conditions)) or 0
    query = (
        select(Ticket)
        .where(*conditions)
        .order_by(*order)
        .offset((filters.page - 1) * filters.page_size)
        .limit(filters.page_size)
        .options(selectinload(Ticket.assignee))
    )
    return Page(items=session.scalars(query).all(), total=total)


def conditions_for(
    session: Session,
    filters: TicketFilters,
    *,
    me: StaffUser | None,
    hours: BusinessHours,
    now: datetime,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.status:
        conditions.append(Ticket.status.in_(filters.status))
    for column, value in (
        (Ticket.category, filters.category),
        (Ticket.priority, filters.priority),
        (Ticket.customer_id, filters.customer_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.assignee is not None:
        conditions.append(Ticket.assignee_id == find_staff(session, filters.assignee, me).id)
    if filters.overdue is not None:
        late = overdue_clause(now)
        conditions.append(late if filters.overdue else not_(late))
    conditions.extend(_created_window(filters, hours))
    return conditions


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """Past due and still open (not resolved or closed)."""
    return and_(Ticket.due_at < now, Ticket.status.in_(OPEN))


def _created_window(filters: TicketFilters, hours: BusinessHours) -> list[ColumnElement[bool]]:
    window: list[ColumnElement[bool]] = []
    if filters.created_from is not None:
        window.append(Ticket.created_at >= _start(filters.created_from, hours))
    if isinstance(filters.created_to, datetime):
        window.append(Ticket.created_at <= filters.created_to)
    elif filters.created_to is not None:  # a date: the whole of that day
        window.append(Ticket.created_at < _start(filters.created_to + timedelta(days=1), hours))
    return window


def _start(moment: datetime | date, hours: BusinessHours) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime.combine(moment, time.min, tzinfo=hours.tz)
