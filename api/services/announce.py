"""What the realtime hub carries: event shapes, and helpers that publish them.

Customer channel (``conversation:<id>``):
  {"type": "message", "message": MessagePublic}           (server id and client_id)
  {"type": "state", "state": "bot|waiting|agent|closed", "language", "wait_minutes"}
  {"type": "typing", "who": "bot|agent|customer", "active": bool}
Agents channel (``agents``):
  {"type": "handoff", "conversation_id", "reason", "wait_minutes", "language"}
  {"type": "customer_message", "conversation_id", "message_id"}   (with a person)
  {"type": "conversation_state", "conversation_id", "state", "agent"}  (claimed,
      handed back or closed by staff: the queues of other agents drop it)
"""

from __future__ import annotations

from collections.abc import Iterable

from api.models import Conversation, Message
from api.models.enums import ConversationState, Language
from api.schemas.conversation import MessagePublic
from api.services.realtime import AGENTS, Event, Hub, conversation_channel


def message_event(message: Message) -> Event:
    return {
        "type": "message",
        "message": MessagePublic.model_validate(message).model_dump(mode="json"),
    }


def state_event(
    state: ConversationState, language: Language, wait_minutes: int | None = None
) -> Event:
    return {
        "type": "state",
        "state": state.value,
        "language": language.value,
        "wait_minutes": wait_minutes,
    }


def typing_event(who: str, active: bool = True) -> Event:
    return {"type": "typing", "who": who, "active": active}


def handoff_event(conversation: Conversation, reason: str, wait_minutes: int | None) -> Event:
    return {
        "type": "handoff",
        "conversation_id": conversation.id,
        "reason": reason,
        "wait_minutes": wait_minutes,
        "language": conversation.language.value,
    }


async def announce_messages(hub: Hub, conversation_id: str, messages: Iterable[Message]) -> None:
    channel = conversation_channel(conversation_id)
    for message in messages:
        await hub.publish(channel, message_event(message))


async def announce_state(
    hub: Hub, conversation: Conversation, wait_minutes: int | None = None
) -> None:
    event = state_event(conversation.state, conversation.language, wait_minutes)
    await hub.publish(conversation_channel(conversation.id), event)


async def announce_typing(hub: Hub, conversation_id: str, who: str, active: bool = True) -> None:
    await hub.publish(conversation_channel(conversation_id), typing_event(who, active))


async def announce_handoff(
    hub: Hub, conversation: Conversation, reason: str, wait_minutes: int | None
) -> None:
    """The conversation now waits for a person: tell its customer and the agents."""
    await announce_state(hub, conversation, wait_minutes)
    await hub.publish(AGENTS, handoff_event(conversation, reason, wait_minutes))


async def announce_to_agents(hub: Hub, conversation_id: str, message: Message) -> None:
    event = {
        "type": "customer_message",
        "conversation_id": conversation_id,
        "message_id": message.id,
    }
    await hub.publish(AGENTS, event)


async def announce_to_staff(hub: Hub, conversation: Conversation, agent: str | None) -> None:
    """Staff moved the conversation (claim, hand back, close): tell every agent."""
    event = {
        "type": "conversation_state",
        "conversation_id": conversation.id,
        "state": conversation.state.value,
        "agent": agent,
    }
    await hub.publish(AGENTS, event)
