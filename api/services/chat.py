"""A customer's turn: store first, then ask the bot, then store what it said.

Every stored message and state change is also published on the realtime hub, so
the customer's other tabs and the agents see it live.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from api.models import Conversation, Message
from api.models.enums import ConversationState, Language, Sender
from api.replies import ReplyRenderer
from api.services import outgoing
from api.services.announce import (
    announce_handoff,
    announce_messages,
    announce_to_agents,
    announce_typing,
)
from api.services.handoff import (
    estimated_wait_minutes,
    handoff_reason,
    queue_for_person,
    recent_signals,
)
from api.services.perception import Perception, perceive
from api.services.rasa import BotMessage, RasaClient, RasaUnavailable
from api.services.realtime import Hub


@dataclass(frozen=True)
class ChatServices:
    """What a turn needs from the process: sessions, the bot, the renderer, the hub."""

    factory: sessionmaker[Session]
    rasa: RasaClient
    renderer: ReplyRenderer
    hub: Hub


@dataclass(frozen=True)
class Turn:
    message_id: int
    state: ConversationState
    replies: list[BotMessage]
    language: Language = Language.EN
    wait_minutes: int | None = None
    duplicate: bool = False


def store_customer_message(
    session: Session, conversation: Conversation, text: str, client_id: str | None
) -> tuple[Message, Perception | None]:
    """Store the message (or find the earlier copy of a resend). Commits."""
    if client_id and (earlier := _by_client_id(session, conversation.id, client_id)):
        return earlier, None
    seen = perceive(text, fallback_language=conversation.language.value)
    message = Message(
        conversation_id=conversation.id,
        client_id=client_id,
        sender=Sender.CUSTOMER,
        text=text,
        language=Language(seen.language),
        anger=seen.anger,
        angry=seen.angry,
    )
    conversation.language = Language(seen.language)
    session.add(message)
    try:
        session.commit()
    except IntegrityError:  # the same resend, stored a moment ago by another request
        session.rollback()
        if client_id and (earlier := _by_client_id(session, conversation.id, client_id)):
            return earlier, None
        raise
    return message, seen


def _by_client_id(session: Session, conversation_id: str, client_id: str) -> Message | None:
    query = select(Message).where(
        Message.conversation_id == conversation_id, Message.client_id == client_id
    )
    return session.scalars(query).one_or_none()


def replies_after(session: Session, message: Message) -> list[BotMessage]:
    """The bot replies and notices already stored after ``message`` (for a resend)."""
    later = select(Message).where(
        Message.conversation_id == message.conversation_id, Message.id > message.id
    )
    replies: list[BotMessage] = []
    for row in session.scalars(later.order_by(Message.id)):
        if row.sender is Sender.CUSTOMER:
            break
        if row.sender in (Sender.BOT, Sender.SYSTEM):
            replies.append(_as_bot(row))
    return replies


def _as_bot(message: Message) -> BotMessage:
    return BotMessage(text=message.text, buttons=tuple(message.buttons or ()))


def store_bot_replies(
    session: Session, conversation_id: str, replies: list[BotMessage], language: Language
) -> list[Message]:
    """Store the replies; any that fails the guard is dropped and recorded."""
    stored: list[Message] = []
    for reply in replies:
        result = outgoing.check(reply.text, language.value)
        if not result.clean:
            outgoing.record_incident(
                session,
                result=result,
                text=reply.text,
                source="bot",
                action="blocked",
                conversation_id=conversation_id,
            )
            continue
        message = Message(
            conversation_id=conversation_id,
            sender=Sender.BOT,
            text=reply.text,
            language=language,
            buttons=list(reply.buttons) or None,
            guard={"clean": True},
        )
        session.add(message)
        stored.append(message)
    session.commit()
    return stored


async def forward(
    rasa: RasaClient, conversation_id: str, message: Message, seen: Perception
) -> list[BotMessage]:
    metadata = {**seen.as_metadata(), "message_id": message.id}
    return await rasa.send(conversation_id, message.text, metadata)


async def take_turn(
    chat: ChatServices, conversation_id: str, text: str, client_id: str | None = None
) -> Turn:
    """Store the customer's message, let the bot answer if it has the conversation,
    store and return the replies. A resend (same client id) is answered from storage."""
    with chat.factory() as session:
        conversation = session.get_one(Conversation, conversation_id)
        message, seen = await to_thread.run_sync(
            store_customer_message, session, conversation, text, client_id
        )
        if seen is None:
            return _turn(session, conversation, message, replies_after(session, message), True)
        await announce_messages(chat.hub, conversation_id, [message])
        if conversation.state is not ConversationState.BOT:
            await announce_to_agents(chat.hub, conversation_id, message)
            return _turn(session, conversation, message, [])
        notices = await _hand_off_if_needed(chat, session, conversation)
        if notices:
            return _turn(session, conversation, message, notices)
        return await _ask_bot(chat, session, conversation, message, seen)


async def _ask_bot(
    chat: ChatServices,
    session: Session,
    conversation: Conversation,
    message: Message,
    seen: Perception,
) -> Turn:
    # End the transaction so no pooled connection is held while Rasa works: its NLG
    # calls come back to this API and need connections of their own.
    session.commit()
    await announce_typing(chat.hub, conversation.id, "bot")
    replies: list[BotMessage] | None = None
    try:
        replies = await forward(chat.rasa, conversation.id, message, seen)
    except RasaUnavailable:
        pass
    finally:
        await announce_typing(chat.hub, conversation.id, "bot", active=False)
    if replies is None:
        return await _bot_unavailable(chat, session, conversation, message)
    store = partial(store_bot_replies, session, conversation.id, replies, conversation.language)
    stored = await to_thread.run_sync(store)
    session.refresh(conversation)
    await announce_messages(chat.hub, conversation.id, stored)
    notices = await _hand_off_if_needed(chat, session, conversation)
    return _turn(session, conversation, message, stored + notices)


async def _bot_unavailable(
    chat: ChatServices, session: Session, conversation: Conversation, message: Message
) -> Turn:
    """Rasa is down: keep the message, queue the conversation for a person, say so."""
    queue = partial(
        queue_for_person, session, conversation, chat.renderer, "utter_rasa_down", Sender.SYSTEM
    )
    notice, wait = await to_thread.run_sync(queue)
    message.delivery = "bot_unavailable"
    session.commit()
    await announce_messages(chat.hub, conversation.id, [notice])
    await announce_handoff(chat.hub, conversation, "rasa_down", wait)
    return _turn(session, conversation, message, [notice])


async def _hand_off_if_needed(
    chat: ChatServices, session: Session, conversation: Conversation
) -> list[Message]:
    """Anger twice in a row, or two misunderstandings: bring in a person."""
    if conversation.state is not ConversationState.BOT:
        return []
    signals = await to_thread.run_sync(recent_signals, session, conversation.id)
    reason = handoff_reason(signals)
    if reason is None:
        return []
    queue = partial(queue_for_person, session, conversation, chat.renderer, "utter_handoff")
    notice, wait = await to_thread.run_sync(queue)
    await announce_messages(chat.hub, conversation.id, [notice])
    await announce_handoff(chat.hub, conversation, reason, wait)
    return [notice]


def _turn(
    session: Session,
    conversation: Conversation,
    message: Message,
    replies: list[Message] | list[BotMessage],
    duplicate: bool = False,
) -> Turn:
    waiting = conversation.state is ConversationState.WAITING
    return Turn(
        message_id=message.id,
        state=conversation.state,
        replies=[r if isinstance(r, BotMessage) else _as_bot(r) for r in replies],
        language=conversation.language,
        wait_minutes=estimated_wait_minutes(session) if waiting else None,
        duplicate=duplicate,
    )
