"""Ticket creation: reference, priority, sunset due time, audit trail, idempotency."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import Conversation, Customer, Ticket, TicketEvent
from api.models.base import utcnow
from api.models.enums import Tier
from api.schemas.ticket import TicketCreate
from api.services.priority import priority_for
from api.services.sunset import BusinessHours, due_for

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REF_PATTERN = r"^CC-[0-9A-HJKMNP-TV-Z]{8}$"


class UnknownReference(LookupError):
    """A referenced conversation or customer does not exist."""


def new_ref() -> str:
    return "CC-" + "".join(secrets.choice(CROCKFORD) for _ in range(8))


def find_by_idempotency_key(session: Session, key: str) -> Ticket | None:
    return session.scalars(select(Ticket).where(Ticket.idempotency_key == key)).one_or_none()


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
    ticket.events.append(TicketEvent(actor=actor, kind="created", changes=_snapshot(ticket)))
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


def due_today(ticket: Ticket, hours: BusinessHours) -> bool:
    return ticket.due_at.astimezone(hours.tz).date() == ticket.created_at.astimezone(hours.tz).date()
