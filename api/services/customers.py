"""Customers: create, change (tier is a supervisor's call) and the profile with history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from api.models import Conversation, CsatRating, Customer, Message, Ticket
from api.models.enums import Role, Tier
from api.schemas.customer import CustomerCreate, CustomerUpdate


class CustomerNotFound(LookupError):
    pass


class DuplicateCustomer(ValueError):
    """Another customer has that external id."""


class TierNotAllowed(PermissionError):
    """Only a supervisor may set or change a customer's tier."""


def may_set_tier(role: Role | None, current: Tier, requested: Tier) -> bool:
    return requested == current or role is Role.SUPERVISOR


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise CustomerNotFound(f"no customer {customer_id}")
    return customer


def create_customer(session: Session, data: CustomerCreate, *, role: Role | None) -> Customer:
    if not may_set_tier(role, Tier.C, data.tier):
        raise TierNotAllowed("only a supervisor may give a customer a tier other than C")
    customer = Customer(**data.model_dump())
    session.add(customer)
    _commit_unique(session, data.external_id)
    return customer


def update_customer(
    session: Session, customer: Customer, data: CustomerUpdate, *, role: Role | None
) -> Customer:
    if data.tier is not None and not may_set_tier(role, customer.tier, data.tier):
        raise TierNotAllowed("only a supervisor may change a customer's tier")
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(customer, field, value)
    session.commit()
    return customer


def _commit_unique(session: Session, external_id: str | None) -> None:
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise DuplicateCustomer(f"a customer with external_id {external_id} exists") from exc


@dataclass(frozen=True)
class History:
    tickets: Sequence[Ticket]
    conversations: Sequence[Row[Any]]  # id, channel, state, language, started_at, message_count
    ratings: Sequence[CsatRating]

    @property
    def average_score(self) -> float | None:
        return average([r.score for r in self.ratings])


def average(scores: Sequence[int]) -> float | None:
    return round(sum(scores) / len(scores), 2) if scores else None


def history(session: Session, customer_id: int) -> History:
    """Every ticket, conversation and CSAT rating of the customer, newest first."""
    tickets = session.scalars(
        select(Ticket)
        .where(Ticket.customer_id == customer_id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .options(selectinload(Ticket.assignee))
    ).all()
    return History(tickets, _conversations(session, customer_id), _ratings(session, customer_id))


def _conversations(session: Session, customer_id: int) -> Sequence[Row[Any]]:
    count = (
        select(func.count(Message.id))
        .where(Message.conversation_id == Conversation.id)
        .correlate(Conversation)
        .scalar_subquery()
    )
    query = select(
        Conversation.id,
        Conversation.channel,
        Conversation.state,
        Conversation.language,
        Conversation.created_at.label("started_at"),
        count.label("message_count"),
    ).where(Conversation.customer_id == customer_id)
    return session.execute(query.order_by(Conversation.created_at.desc())).all()


def _ratings(session: Session, customer_id: int) -> Sequence[CsatRating]:
    theirs = select(Conversation.id).where(Conversation.customer_id == customer_id)
    query = select(CsatRating).where(
        or_(CsatRating.customer_id == customer_id, CsatRating.conversation_id.in_(theirs))
    )
    return session.scalars(query.order_by(CsatRating.created_at.desc())).all()
