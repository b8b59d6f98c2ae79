"""Replies suggested to an agent for the customer's latest message.

``suggest`` reads the conversation, lets ``suggestion_choice.choose`` pick the
replies, fills them (order number, ticket reference, due time, tier remedies),
renders them with the bot's templates (``responses/<lang>/suggest_*.j2``) and
drops any the phrase guard flags, recording an incident (source "suggestion").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Conversation, Message, Ticket
from api.models.enums import Category, Sender
from api.replies import ReplyContext, ReplyRenderer
from api.services import outgoing
from api.services.suggestion_choice import Choice, Reading, Why, category_of, choose
from api.services.sunset import BusinessHours, due_for
from api.services.tickets import due_today as ticket_due_today


@dataclass(frozen=True)
class Suggestion:
    response: str
    category: str | None
    text: str
    why: Why
    primary: bool


@dataclass(frozen=True)
class Suggestions:
    message: Message | None  # the customer message they answer
    language: str
    items: list[Suggestion]


def suggest(
    session: Session,
    conversation: Conversation,
    renderer: ReplyRenderer,
    hours: BusinessHours,
    now: datetime,
) -> Suggestions:
    """Render the chosen replies for the latest customer message; any the guard
    flags is dropped and recorded as an incident (source "suggestion")."""
    language = conversation.language.value
    said = customer_messages(session, conversation.id)
    if not said:
        return Suggestions(None, language, [])
    ticket = latest_ticket(session, conversation.id)
    reading = read(said, ticket)
    base = base_context(conversation, said, ticket, hours, now)
    items: list[Suggestion] = []
    for choice in choose(reading):
        text = renderer.render(choice.response, replace(base, category=choice.category)).text
        if text in {item.text for item in items}:
            continue
        if passes_guard(session, conversation, choice, text):
            items.append(Suggestion(choice.response, choice.category, text, choice.why, not items))
    session.commit()
    return Suggestions(said[-1], language, items)


def passes_guard(session: Session, conversation: Conversation, choice: Choice, text: str) -> bool:
    result = outgoing.check(text, conversation.language.value)
    if not result.clean:
        outgoing.record_incident(
            session,
            result=result,
            text=text,
            source="suggestion",
            action="blocked",
            conversation_id=conversation.id,
            response_name=choice.response,
        )
    return result.clean


def customer_messages(session: Session, conversation_id: str) -> list[Message]:
    query = select(Message).where(
        Message.conversation_id == conversation_id, Message.sender == Sender.CUSTOMER
    )
    return list(session.scalars(query.order_by(Message.id)))


def latest_customer_message(session: Session, conversation_id: str) -> Message | None:
    query = select(Message).where(
        Message.conversation_id == conversation_id, Message.sender == Sender.CUSTOMER
    )
    return session.scalars(query.order_by(Message.id.desc()).limit(1)).first()


def latest_ticket(session: Session, conversation_id: str) -> Ticket | None:
    query = select(Ticket).where(Ticket.conversation_id == conversation_id)
    return session.scalars(query.order_by(Ticket.id.desc()).limit(1)).first()


def read(said: list[Message], ticket: Ticket | None) -> Reading:
    latest = said[-1]
    earlier = [category_of(m.intent) for m in reversed(said[:-1])]
    ticket_category = ticket.category.value if ticket is not None else None
    return Reading(
        intent=latest.intent,
        confidence=latest.confidence,
        angry=bool(latest.angry),
        ticket_category=ticket_category if ticket_category != Category.OTHER.value else None,
        earlier_categories=tuple(dict.fromkeys(c for c in earlier if c)),
    )


def base_context(
    conversation: Conversation,
    said: list[Message],
    ticket: Ticket | None,
    hours: BusinessHours,
    now: datetime,
) -> ReplyContext:
    """Everything a suggestion says except its category."""
    customer = conversation.customer
    due = due_for(now, hours)
    due_at, due_today = due.at, due.today
    if ticket is not None:
        due_at, due_today = ticket.due_at.astimezone(hours.tz), ticket_due_today(ticket, hours)
    return ReplyContext(
        language=conversation.language.value,
        tier=customer.tier.value if customer else "C",
        angry=bool(said[-1].angry),
        order_number=(ticket.order_number if ticket else None) or order_number_in(said),
        ticket_ref=ticket.ref if ticket else None,
        ticket_status=ticket.status.value if ticket else None,
        due_at=due_at,
        due_today=due_today,
        customer_name=customer.name if customer else None,
        variant=len(said),
    )


def order_number_in(said: list[Message]) -> str | None:
    """The order number the customer gave most recently (an entity Rasa found)."""
    for message in reversed(said):
        for entity in message.entities or ():
            if entity.get("entity") == "order_number" and entity.get("value"):
                return str(entity["value"])
    return None
