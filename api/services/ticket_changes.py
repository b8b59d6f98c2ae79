"""Changing a ticket: status through valid transitions only, assignee, priority,
notes, resolve and reopen. Each checks everything first, then changes, records an
audit event and commits once, so a refused request writes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from api.models import StaffUser, Ticket, TicketEvent
from api.models.base import utcnow
from api.models.enums import TicketStatus
from api.schemas.ticket import TicketUpdate
from api.services.sunset import BusinessHours, due_for
from api.services.tickets import find_staff, record
from api.services.transitions import check_transition

Changes = dict[str, list[Any]]


def update_ticket(
    session: Session,
    ticket: Ticket,
    data: TicketUpdate,
    *,
    actor: str,
    me: StaffUser | None,
    hours: BusinessHours,
    now: datetime | None = None,
) -> Ticket:
    """Apply the fields given in ``data``. Raises ``InvalidTransition`` or
    ``UnknownReference`` before anything changes."""
    now = now or utcnow()
    given = data.model_fields_set
    assignee = _new_assignee(session, data, me) if "assignee" in given else ticket.assignee
    if data.status is not None:
        check_transition(ticket.status, data.status)
        _move(session, ticket, data.status, actor=actor, hours=hours, now=now)
    if assignee is not ticket.assignee:
        change = {"assignee": [_username(ticket.assignee), _username(assignee)]}
        ticket.assignee = assignee
        record(session, ticket, actor, "assignee", change, now=now)
    if data.priority is not None and data.priority is not ticket.priority:
        change = {"priority": [ticket.priority, data.priority]}
        ticket.priority = data.priority
        record(session, ticket, actor, "priority", change, now=now)
    session.commit()
    return ticket


def _new_assignee(session: Session, data: TicketUpdate, me: StaffUser | None) -> StaffUser | None:
    return None if data.assignee is None else find_staff(session, data.assignee, me)


def _username(user: StaffUser | None) -> str | None:
    return user.username if user is not None else None


def _move(
    session: Session,
    ticket: Ticket,
    target: TicketStatus,
    *,
    actor: str,
    hours: BusinessHours,
    now: datetime,
    note: str | None = None,
) -> None:
    changes: Changes = {"status": [ticket.status, target]}
    ticket.status = target
    if target is TicketStatus.REOPENED:
        changes |= _reopen_fields(ticket, hours, now)
    kind = "reopened" if target is TicketStatus.REOPENED else "status"
    record(session, ticket, actor, kind, changes, note=note, now=now)


def _reopen_fields(ticket: Ticket, hours: BusinessHours, now: datetime) -> Changes:
    """A reopened ticket is open again: no longer resolved, and due anew by the sunset rule."""
    changes: Changes = {
        "resolved_at": [ticket.resolved_at, None],
        "follow_up_at": [ticket.follow_up_at, None],
        "due_at": [ticket.due_at, due_for(now, hours).at],
    }
    ticket.resolved_at = ticket.follow_up_at = None
    ticket.due_at = changes["due_at"][1]
    return changes


def add_note(
    session: Session, ticket: Ticket, text: str, *, actor: str, now: datetime | None = None
) -> TicketEvent:
    event = record(session, ticket, actor, "note", {}, note=text, now=now)
    session.commit()
    return event


def resolve_ticket(
    session: Session,
    ticket: Ticket,
    resolution: str,
    *,
    actor: str,
    follow_up_after: timedelta,
    now: datetime | None = None,
) -> Ticket:
    """Resolve with a resolution text; schedules the follow-up. Raises ``InvalidTransition``."""
    now = now or utcnow()
    check_transition(ticket.status, TicketStatus.RESOLVED)
    changes: Changes = {
        "status": [ticket.status, TicketStatus.RESOLVED],
        "resolution": [ticket.resolution, resolution],
    }
    ticket.status = TicketStatus.RESOLVED
    ticket.resolution = resolution
    ticket.resolved_at = now
    ticket.follow_up_at = now + follow_up_after
    record(session, ticket, actor, "resolved", changes, now=now)
    session.commit()
    return ticket


def reopen_ticket(
    session: Session,
    ticket: Ticket,
    reason: str | None,
    *,
    actor: str,
    hours: BusinessHours,
    now: datetime | None = None,
) -> Ticket:
    """Reopen a resolved or closed ticket. Raises ``InvalidTransition``."""
    check_transition(ticket.status, TicketStatus.REOPENED)
    _move(
        session,
        ticket,
        TicketStatus.REOPENED,
        actor=actor,
        hours=hours,
        now=now or utcnow(),
        note=reason,
    )
    session.commit()
    return ticket
