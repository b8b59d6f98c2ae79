"""The agent queue: conversations waiting for a person (and mine), best first.

``priority_score`` and ``rank`` are pure: anger, the customer's tier, how long the
customer has waited and how soon the ticket is due each add points; ties go to the
longer wait, then the earlier due time. The rest reads the facts from the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from api.models import Conversation, Message, StaffUser, Ticket
from api.models.enums import ConversationState, Sender, Tier
from api.services.transitions import OPEN

ANGER_POINTS = 3
TIER_POINTS: dict[Tier, int] = {Tier.A: 2, Tier.B: 1, Tier.C: 0}
MINUTES_PER_WAIT_POINT = 5
MAX_WAIT_POINTS = 6  # after half an hour, waiting longer adds nothing more
OVERDUE_POINTS = 2
DUE_SOON_POINTS = 1
DUE_SOON = timedelta(hours=1)
RECENT_MESSAGES = 3  # anger is read from the customer's last few messages


@dataclass(frozen=True)
class QueueFacts:
    """What decides a conversation's place in the queue."""

    conversation_id: str
    angry: bool
    anger: float  # highest anger score of the recent customer messages, 0..1
    tier: Tier
    waiting_since: datetime | None
    ticket_due_at: datetime | None


def waited_minutes(facts: QueueFacts, now: datetime) -> int:
    if facts.waiting_since is None:
        return 0
    return max(0, int((now - facts.waiting_since).total_seconds() // 60))


def priority_score(facts: QueueFacts, now: datetime) -> int:
    score = ANGER_POINTS if facts.angry else 0
    score += TIER_POINTS[facts.tier]
    score += min(MAX_WAIT_POINTS, waited_minutes(facts, now) // MINUTES_PER_WAIT_POINT)
    if facts.ticket_due_at is not None:
        if facts.ticket_due_at <= now:
            score += OVERDUE_POINTS
        elif facts.ticket_due_at - now <= DUE_SOON:
            score += DUE_SOON_POINTS
    return score


def rank_key(facts: QueueFacts, now: datetime) -> tuple[int, float, float, float, str]:
    """Sort key: higher score, then longer wait, earlier due time, more anger."""
    due = facts.ticket_due_at.timestamp() if facts.ticket_due_at else float("inf")
    waited = (now - facts.waiting_since).total_seconds() if facts.waiting_since else 0.0
    return (-priority_score(facts, now), -waited, due, -facts.anger, facts.conversation_id)


def rank(entries: Iterable[QueueFacts], now: datetime) -> list[QueueFacts]:
    return sorted(entries, key=lambda facts: rank_key(facts, now))


@dataclass(frozen=True)
class QueueRow:
    conversation: Conversation
    facts: QueueFacts
    ticket: Ticket | None
    last_text: str | None  # the customer's latest message
    score: int


@dataclass(frozen=True)
class Queue:
    waiting: list[QueueRow]
    mine: list[QueueRow]


def load_queue(session: Session, me: StaffUser, now: datetime) -> Queue:
    """Waiting conversations and the ones ``me`` is handling, each list ranked."""
    query = (
        select(Conversation)
        .where(
            or_(
                Conversation.state == ConversationState.WAITING,
                (Conversation.state == ConversationState.AGENT)
                & (Conversation.assigned_agent_id == me.id),
            )
        )
        .options(selectinload(Conversation.customer))
    )
    conversations = list(session.scalars(query))
    ids = [c.id for c in conversations]
    tickets = latest_tickets(session, ids)
    recent = recent_customer_messages(session, ids)
    rows = [_row(c, tickets.get(c.id), recent.get(c.id, []), now) for c in conversations]
    ranked = {r.conversation_id: i for i, r in enumerate(rank([r.facts for r in rows], now))}
    rows.sort(key=lambda row: ranked[row.conversation.id])
    waiting = [r for r in rows if r.conversation.state is ConversationState.WAITING]
    return Queue(waiting=waiting, mine=[r for r in rows if r not in waiting])


def _row(
    conversation: Conversation, ticket: Ticket | None, recent: Sequence[Message], now: datetime
) -> QueueRow:
    customer = conversation.customer
    due = ticket.due_at if ticket is not None and ticket.status in OPEN else None
    facts = QueueFacts(
        conversation_id=conversation.id,
        angry=any(m.angry for m in recent),
        anger=max((m.anger or 0.0 for m in recent), default=0.0),
        tier=customer.tier if customer else Tier.C,
        waiting_since=conversation.waiting_since,
        ticket_due_at=due,
    )
    last_text = recent[0].text if recent else None
    return QueueRow(conversation, facts, ticket, last_text, priority_score(facts, now))


def latest_tickets(session: Session, conversation_ids: Sequence[str]) -> dict[str, Ticket]:
    """The newest ticket of each conversation."""
    if not conversation_ids:
        return {}
    query = select(Ticket).where(Ticket.conversation_id.in_(conversation_ids)).order_by(Ticket.id)
    return {t.conversation_id: t for t in session.scalars(query) if t.conversation_id}


def recent_customer_messages(
    session: Session, conversation_ids: Sequence[str], count: int = RECENT_MESSAGES
) -> dict[str, list[Message]]:
    """The last ``count`` customer messages of each conversation, newest first."""
    if not conversation_ids:
        return {}
    position = (
        func.row_number()
        .over(partition_by=Message.conversation_id, order_by=Message.id.desc())
        .label("position")
    )
    numbered = (
        select(Message.id, position)
        .where(Message.conversation_id.in_(conversation_ids), Message.sender == Sender.CUSTOMER)
        .subquery()
    )
    query = (
        select(Message)
        .join(numbered, numbered.c.id == Message.id)
        .where(numbered.c.position <= count)
        .order_by(Message.id.desc())
    )
    found: dict[str, list[Message]] = {}
    for message in session.scalars(query):
        found.setdefault(message.conversation_id, []).append(message)
    return found


def my_open_tickets(session: Session, me: StaffUser, limit: int = 50) -> list[Ticket]:
    """Open tickets assigned to ``me``, the soonest due first."""
    query = (
        select(Ticket)
        .where(Ticket.assignee_id == me.id, Ticket.status.in_(OPEN))
        .order_by(Ticket.due_at, Ticket.id)
        .limit(limit)
        .options(selectinload(Ticket.assignee))
    )
    return list(session.scalars(query))
