"""A customer's turn: store first, then ask the bot, then store what it said."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from anyio import to_thread

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.models import Conversation, Message
from api.models.enums import ConversationState, Language, Sender
from api.replies import ReplyContext, ReplyRenderer
from api.services import outgoing
from api.services.perception import Perception, perceive
from api.services.rasa import BotMessage, RasaClient, RasaUnavailable


@dataclass(frozen=True)
class Turn:
    message_id: int
    state: ConversationState
    replies: list[BotMessage]
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
    session.commit()
    return message, seen


def _by_client_id(session: Session, conversation_id: str, client_id: str) -> Message | None:
    query = select(Message).where(
        Message.conversation_id == conversation_id, Message.client_id == client_id
    )
    return session.scalars(query).one_or_none()


def replies_after(session: Session, message: Message) -> list[BotMessage]:
    """The bot replies already stored after ``message`` (for a resent message)."""
    query = select(Message).where(
        Message.conversation_id == message.conversation_id,
        Message.id > message.id,
        Message.sender == Sender.BOT,
    )
    rows = session.scalars(query.order_by(Message.id)).all()
    later_customer = session.scalars(
        select(Message.id).where(
            Message.conversation_id == message.conversation_id,
            Message.id > message.id,
            Message.sender == Sender.CUSTOMER,
        )
    ).first()
    return [_as_bot(m) for m in rows if later_customer is None or m.id < later_customer]


def _as_bot(message: Message) -> BotMessage:
    return BotMessage(text=message.text, buttons=tuple(message.buttons or ()))


def store_bot_replies(
    session: Session, conversation_id: str, replies: list[BotMessage], language: Language
) -> list[BotMessage]:
    """Store the replies; any that fails the guard is replaced and recorded."""
    stored: list[BotMessage] = []
    for reply in replies:
        result = outgoing.check(reply.text, language.value)
        if not result.clean:
            outgoing.record_incident(
                session, result=result, text=reply.text, source="bot", action="blocked",
                conversation_id=conversation_id,
            )
            continue
        session.add(
            Message(
                conversation_id=conversation_id, sender=Sender.BOT, text=reply.text,
                language=language, buttons=list(reply.buttons) or None, guard={"clean": True},
            )
        )
        stored.append(reply)
    session.commit()
    return stored


def hand_to_people(
    session: Session, conversation: Conversation, renderer: ReplyRenderer
) -> BotMessage:
    """The bot is unavailable: queue the conversation for a person and say so."""
    conversation.state = ConversationState.WAITING
    rendered = renderer.render("utter_rasa_down", ReplyContext(language=conversation.language.value))
    reply = BotMessage(text=rendered.text)
    session.add(
        Message(
            conversation_id=conversation.id, sender=Sender.SYSTEM, text=rendered.text,
            language=conversation.language, guard={"clean": True},
        )
    )
    session.commit()
    return reply


async def forward(
    rasa: RasaClient, conversation_id: str, message: Message, seen: Perception
) -> list[BotMessage]:
    metadata = {**seen.as_metadata(), "message_id": message.id}
    return await rasa.send(conversation_id, message.text, metadata)



async def take_turn(
    factory: sessionmaker[Session],
    rasa: RasaClient,
    renderer: ReplyRenderer,
    conversation_id: str,
    text: str,
    client_id: str | None = None,
) -> Turn:
    """Store the customer's message, let the bot answer if it has the conversation,
    store and return the replies. A resend (same client id) is answered from storage."""
    with factory() as session:
        conversation = session.get_one(Conversation, conversation_id)
        message, seen = await to_thread.run_sync(
            store_customer_message, session, conversation, text, client_id
        )
        if seen is None:
            return Turn(message.id, conversation.state, replies_after(session, message), True)
        if conversation.state is not ConversationState.BOT:
            return Turn(message.id, conversation.state, [])
        try:
            replies = await forward(rasa, conversation_id, message, seen)
        except RasaUnavailable:
            notice = await to_thread.run_sync(hand_to_people, session, conversation, renderer)
            message.delivery = "bot_unavailable"
            session.commit()
            return Turn(message.id, conversation.state, [notice])
        store = partial(store_bot_replies, session, conversation_id, replies, conversation.language)
        stored = await to_thread.run_sync(store)
        session.refresh(conversation)
        return Turn(message.id, conversation.state, stored)
