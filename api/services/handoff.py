"""Moving a conversation between the bot and people."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models import Conversation
from api.models.enums import ConversationState

MINUTES_PER_WAITING_CONVERSATION = 3
MINIMUM_WAIT_MINUTES = 2


def estimated_wait_minutes(session: Session) -> int:
    waiting = session.scalar(
        select(func.count()).select_from(Conversation).where(
            Conversation.state == ConversationState.WAITING
        )
    )
    return max(MINIMUM_WAIT_MINUTES, int(waiting or 0) * MINUTES_PER_WAITING_CONVERSATION)


def hand_off(session: Session, conversation: Conversation) -> int:
    """Queue the conversation for a person; returns the rough wait in minutes."""
    if conversation.state is ConversationState.BOT:
        conversation.state = ConversationState.WAITING
        session.commit()
    return estimated_wait_minutes(session)
