"""Test data factories: each test makes exactly what it needs."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from functools import lru_cache

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation, CsatRating, Customer, Message, StaffUser, Ticket, TicketEvent
from api.models.base import utcnow
from api.models.enums import Category, Language, Role, Sender, Tier
from api.security import hash_password, hash_token, issue_staff_token
from api.services.tickets import new_ref

_counter = itertools.count(1)


@lru_cache
def _password_hash(password: str) -> str:
    """Hashing is deliberately slow; tests hash each password once."""
    return hash_password(password)


def make_customer(session: Session, tier: Tier = Tier.C, **fields: object) -> Customer:
    n = next(_counter)
    customer = Customer(
        external_id=f"cust-{n}",
        name=f"Customer {n}",
        email=f"c{n}@example.com",
        tier=tier,
        preferred_language=Language.EN,
        **fields,
    )
    session.add(customer)
    session.commit()
    return customer


def make_staff(session: Session, role: Role = Role.AGENT, password: str = "pw-123456") -> StaffUser:
    n = next(_counter)
    user = StaffUser(
        username=f"{role.value}{n}",
        display_name=f"Staff {n}",
        role=role,
        password_hash=_password_hash(password),
    )
    session.add(user)
    session.commit()
    return user


def open_conversation(client: TestClient, **body: object) -> dict[str, str]:
    response = client.post("/api/v1/conversations", json=body or None)
    assert response.status_code == 201, response.text
    return dict(response.json())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def staff_headers(settings: Settings, user: StaffUser) -> dict[str, str]:
    return bearer(issue_staff_token(settings.secret_key, user.id))


def make_conversation(
    session: Session, customer: Customer | None = None, messages: int = 0, **fields: object
) -> Conversation:
    conversation = Conversation(
        token_hash=hash_token(f"token-{next(_counter)}"),
        customer_id=customer.id if customer else None,
        **fields,
    )
    conversation.messages = [
        Message(sender=Sender.CUSTOMER, text=f"message {i}") for i in range(messages)
    ]
    session.add(conversation)
    session.commit()
    return conversation


def make_ticket(
    session: Session,
    *,
    customer: Customer | None = None,
    due_in: timedelta = timedelta(hours=4),
    created_at: datetime | None = None,
    **fields: object,
) -> Ticket:
    """A ticket written straight to the database (no API, no audit event)."""
    created = created_at or utcnow()
    ticket = Ticket(
        ref=new_ref(),
        category=fields.pop("category", Category.LATE_DELIVERY),
        customer_id=customer.id if customer else None,
        due_at=created + due_in,
        created_at=created,
        **fields,
    )
    session.add(ticket)
    session.commit()
    return ticket


def make_rating(
    session: Session, conversation: Conversation, score: int, comment: str | None = None
) -> CsatRating:
    rating = CsatRating(
        conversation_id=conversation.id,
        customer_id=conversation.customer_id,
        score=score,
        comment=comment,
    )
    session.add(rating)
    session.commit()
    return rating


def reloaded(session: Session, ticket: Ticket) -> Ticket:
    """The ticket as the database has it now (not as this session remembers it)."""
    session.expire_all()
    return session.get_one(Ticket, ticket.id)


def events_of(session: Session, ticket: Ticket) -> list[TicketEvent]:
    session.expire_all()
    query = select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
    return list(session.scalars(query.order_by(TicketEvent.id)))
