"""Tickets: creation (reference, priority, sunset due time, idempotency), lookup,
and the audit trail every change writes in the same transaction."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import Conversation, Customer, StaffUser, Ticket, TicketEvent
from api.models.base import utcnow
from api.models.enums import Tier
from api.schemas.ticket import TicketCreate
from api.services.priority import priority_for
from api.services.sunset import BusinessHours, due_for
from api.services.transitions import OPEN

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REF_PATTERN = r"^CC-[0-9A-HJKMNP-TV-Z]{8}$"


class UnknownReference(LookupError):
    """A referenced conversation, customer or staff member does not exist."""


class TicketNotFound(LookupError):
    """No ticket has that reference."""


def new_ref() -> str:
    return "CC-" + "".join(secrets.choice(CROCKFORD) for _ in range(8))


def find_by_idempotency_key(session: Session, key: str) -> Ticket | None:
    return session.scalars(select(Ticket).where(Ticket.idempotency_key == key)).one_or_none()


def get_ticket(session: Session, ref: str, *, for_update: bool = False) -> Ticket:
    """The ticket with ``ref`` (case-insensitive); locked for the transaction when
    ``for_update`` (PostgreSQL), so two changes to one ticket cannot interleave."""
    query = select(Ticket).where(Ticket.ref == ref.strip().upper())
    ticket = session.scalars(query.with_for_update() if for_update else query).one_or_none()
    if ticket is None:
        raise TicketNotFound(f"no ticket {ref}")
    return ticket


def create_ticket(
    session: Session,
    data: TicketCreate,
    *,
    actor: str,
    hours: BusinessHours,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> tuple[Ticket, bool]:
    """Create a ticket, or return the one already made for ``idempotency_key``.

    Returns (ticket, created). Nothing is written when a reference is unknown.
    """
    if idempotency_key and (existing := find_by_idempotency_key(session, idempotency_key)):
        return existing, False
    customer_id = _resolve_customer(session, data)
    tier = session.get(Customer, customer_id).tier if customer_id else Tier.C  # type: ignore[union-attr]
    received = now or utcnow()
    ticket = Ticket(
        ref=new_ref(),
        idempotency_key=idempotency_key,
        category=data.category,
        description=data.description,
        order_number=data.order_number,
        priority=priority_for(data.category, tier, data.angry, data.urgent),
        angry=data.angry,
        customer_id=customer_id,
        conversation_id=data.conversation_id,
        due_at=due_for(received, hours).at,
        created_at=received,
    )
    ticket.events.append(
        TicketEvent(actor=actor, kind="created", changes=_snapshot(ticket), created_at=received)
    )
    session.add(ticket)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if idempotency_key and (existing := find_by_idempotency_key(session, idempotency_key)):
            return existing, False
        raise
    return ticket, True


def _resolve_customer(session: Session, data: TicketCreate) -> int | None:
    if data.conversation_id is not None:
        conversation = session.get(Conversation, data.conversation_id)
        if conversation is None:
            raise UnknownReference(f"conversation {data.conversation_id} does not exist")
        if data.customer_id is None:
            return conversation.customer_id
    if data.customer_id is not None and session.get(Customer, data.customer_id) is None:
        raise UnknownReference(f"customer {data.customer_id} does not exist")
    return data.customer_id


def _snapshot(ticket: Ticket) -> dict[str, str | None]:
    return {
        "category": ticket.category.value,
        "status": "new",
        "priority": ticket.priority.value,
        "order_number": ticket.order_number,
    }


def find_staff(session: Session, who: int | str, me: StaffUser | None) -> StaffUser:
    """An active staff member by id, username, or "me" (the caller)."""
    if who == "me":
        if me is None:
            raise UnknownReference('"me" needs a signed-in staff member')
        return me
    if isinstance(who, int) or who.isdigit():
        user = session.get(StaffUser, int(who))
    else:
        user = session.scalars(select(StaffUser).where(StaffUser.username == who)).one_or_none()
    if user is None or not user.active:
        raise UnknownReference(f"no active staff member {who}")
    return user


def record(
    session: Session,
    ticket: Ticket,
    actor: str,
    kind: str,
    changes: dict[str, list[Any]],
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> TicketEvent:
    """Add an audit event (committed with the change it describes)."""
    event = TicketEvent(
        ticket_id=ticket.id,
        actor=actor,
        kind=kind,
        note=note,
        changes={field: [_plain(old), _plain(new)] for field, (old, new) in changes.items()},
        created_at=now or utcnow(),
    )
    session.add(event)
    return event


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def due_today(ticket: Ticket, hours: BusinessHours) -> bool:
    return (
        ticket.due_at.astimezone(hours.tz).date() == ticket.created_at.astimezone(hours.tz).date()
    )


def overdue(ticket: Ticket, now: datetime | None = None) -> bool:
    """Past its due time while the customer is still waiting for us."""
    return ticket.status in OPEN and ticket.due_at < (now or utcnow())
