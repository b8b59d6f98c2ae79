"""Moving a conversation between the bot and people.

The decisions are small pure functions (``handoff_reason``, ``next_state``); the rest
applies them to the database and stores the notice the customer reads.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Conversation, Message, StaffUser, Ticket
from api.models.base import utcnow
from api.models.enums import ConversationState, Sender
from api.replies import ReplyContext, ReplyRenderer

MINUTES_PER_WAITING_CONVERSATION = 3
MINIMUM_WAIT_MINUTES = 2
ANGRY_IN_A_ROW = 2
FALLBACKS_IN_A_ROW = 2
FALLBACK_INTENT = "nlu_fallback"

S = ConversationState


class Move(enum.StrEnum):
    CLAIM = "claim"  # an agent takes the conversation (also: an agent replies)
    HAND_BACK = "hand_back"  # the bot takes over again
    CLOSE = "close"


MOVES: dict[Move, tuple[frozenset[ConversationState], ConversationState]] = {
    Move.CLAIM: (frozenset({S.BOT, S.WAITING, S.AGENT}), S.AGENT),
    Move.HAND_BACK: (frozenset({S.WAITING, S.AGENT}), S.BOT),
    Move.CLOSE: (frozenset({S.BOT, S.WAITING, S.AGENT}), S.CLOSED),
}


class InvalidMove(ValueError):
    """The conversation's state does not allow this move; the message says why."""


def next_state(current: ConversationState, move: Move) -> ConversationState:
    sources, target = MOVES[move]
    if current not in sources:
        raise InvalidMove(
            f"a conversation that is {current.value} cannot {move.value.replace('_', ' ')}"
        )
    return target


@dataclass(frozen=True)
class Signal:
    """What we know about one customer message that matters for a hand-off."""

    angry: bool
    intent: str | None


def handoff_reason(recent: Sequence[Signal]) -> str | None:
    """Why the bot should step aside, from the latest customer messages (oldest first):
    "anger" on the second angry message in a row, "misunderstood" when the bot fell
    back on the last two; None when the bot should carry on."""
    if len(recent) >= ANGRY_IN_A_ROW and all(s.angry for s in recent[-ANGRY_IN_A_ROW:]):
        return "anger"
    last = recent[-FALLBACKS_IN_A_ROW:]
    if len(last) == FALLBACKS_IN_A_ROW and all(s.intent == FALLBACK_INTENT for s in last):
        return "misunderstood"
    return None


def recent_signals(session: Session, conversation_id: str, count: int = 2) -> list[Signal]:
    """The last ``count`` customer messages, re-read (the NLG endpoint adds the intent)."""
    query = (
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.sender == Sender.CUSTOMER)
        .order_by(Message.id.desc())
        .limit(count)
        .execution_options(populate_existing=True)
    )
    rows = session.scalars(query).all()
    return [Signal(angry=bool(m.angry), intent=m.intent) for m in reversed(rows)]


def estimated_wait_minutes(session: Session) -> int:
    waiting = session.scalar(
        select(func.count())
        .select_from(Conversation)
        .where(Conversation.state == ConversationState.WAITING)
    )
    return max(MINIMUM_WAIT_MINUTES, int(waiting or 0) * MINUTES_PER_WAITING_CONVERSATION)


def start_waiting(conversation: Conversation, now: datetime) -> None:
    """Record that the conversation now waits for a person (and, the first time,
    that it went to people at all)."""
    conversation.waiting_since = now
    if conversation.handed_off_at is None:
        conversation.handed_off_at = now


def hand_off(session: Session, conversation: Conversation) -> int:
    """Queue the conversation for a person; returns the rough wait in minutes."""
    if conversation.state is ConversationState.BOT:
        conversation.state = ConversationState.WAITING
        start_waiting(conversation, utcnow())
        session.commit()
    return estimated_wait_minutes(session)


def latest_ticket_ref(session: Session, conversation_id: str) -> str | None:
    query = select(Ticket.ref).where(Ticket.conversation_id == conversation_id)
    return session.scalars(query.order_by(Ticket.id.desc()).limit(1)).first()


def queue_for_person(
    session: Session,
    conversation: Conversation,
    renderer: ReplyRenderer,
    response: str,
    sender: Sender = Sender.BOT,
) -> tuple[Message, int]:
    """Hand off and tell the customer with ``response``; returns the notice and the wait."""
    wait = hand_off(session, conversation)
    notice = store_notice(session, conversation, renderer, response, sender, wait_minutes=wait)
    return notice, wait


def store_notice(
    session: Session,
    conversation: Conversation,
    renderer: ReplyRenderer,
    response: str,
    sender: Sender,
    wait_minutes: int | None = None,
) -> Message:
    ctx = ReplyContext(
        language=conversation.language.value,
        wait_minutes=wait_minutes,
        ticket_ref=latest_ticket_ref(session, conversation.id),
    )
    message = Message(
        conversation_id=conversation.id,
        sender=sender,
        language=conversation.language,
        text=renderer.render(response, ctx).text,
        guard={"clean": True},
    )
    session.add(message)
    session.commit()
    return message


def apply_move(
    session: Session, conversation: Conversation, move: Move, agent: StaffUser | None = None
) -> bool:
    """Move the conversation; True when its state changed. Raises ``InvalidMove``."""
    before = conversation.state
    conversation.state = next_state(before, move)
    conversation.waiting_since = None  # every move ends a wait for a person
    if move is Move.CLAIM:
        conversation.handed_off_at = conversation.handed_off_at or utcnow()
        if agent is not None:
            conversation.assigned_agent_id = agent.id
    if move is Move.HAND_BACK:
        conversation.assigned_agent_id = None
    session.commit()
    return conversation.state is not before


def hand_back(session: Session, conversation: Conversation, renderer: ReplyRenderer) -> Message:
    """The bot takes over again and says so (Rasa's tracker still holds its context)."""
    apply_move(session, conversation, Move.HAND_BACK)
    return store_notice(session, conversation, renderer, "utter_bot_resumes", Sender.BOT)


def close(session: Session, conversation: Conversation, renderer: ReplyRenderer) -> Message:
    """End the conversation and ask the customer for a rating."""
    apply_move(session, conversation, Move.CLOSE)
    return store_notice(session, conversation, renderer, "utter_csat_question", Sender.SYSTEM)
