"""Reading a conversation's messages: catch-up after an id, and the long poll."""

from __future__ import annotations

from collections.abc import Sequence

import anyio
from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.models import Message
from api.services.realtime import Hub, conversation_channel


def messages_after(
    factory: sessionmaker[Session], conversation_id: str, after: int = 0
) -> Sequence[Message]:
    """Stored messages with an id above ``after``, oldest first."""
    query = select(Message).where(Message.conversation_id == conversation_id, Message.id > after)
    with factory() as session:
        return session.scalars(query.order_by(Message.id)).all()


async def wait_for_messages(
    factory: sessionmaker[Session], hub: Hub, conversation_id: str, after: int, wait: float
) -> Sequence[Message]:
    """Like ``messages_after``, but wait up to ``wait`` seconds for one to arrive.
    Subscribes before reading, so a message stored in between is not missed."""
    async with hub.subscribe(conversation_channel(conversation_id)) as events:
        rows = await to_thread.run_sync(messages_after, factory, conversation_id, after)
        if rows:
            return rows
        with anyio.move_on_after(wait):
            while (await events.get()).get("type") not in ("message", "resync"):
                pass
    return await to_thread.run_sync(messages_after, factory, conversation_id, after)
