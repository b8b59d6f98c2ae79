"""Realtime fan-out: per-conversation channels and the staff "agents" channel.

In one process the hub hands events straight to local subscribers. With Redis
(``settings.redis_url``) every publish goes through Redis pub/sub, and each replica
delivers what it hears to its own sockets, so a customer connected to one replica
sees an agent reply sent through another.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import redis.asyncio as aioredis

Event = dict[str, Any]
AGENTS = "agents"
QUEUE_SIZE = 500
RESYNC: Event = {"type": "resync"}  # the subscriber fell behind: it should catch up again

logger = logging.getLogger(__name__)


def conversation_channel(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


class Subscription:
    """One subscriber's queue. A subscriber that falls behind gets ``RESYNC`` instead
    of a silent gap, and is expected to reconnect and catch up from storage."""

    def __init__(self, maxsize: int = QUEUE_SIZE) -> None:
        self._queue: asyncio.Queue[Event] = asyncio.Queue(maxsize)
        self.lost = False

    def offer(self, event: Event) -> None:
        if self.lost:
            return
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.lost = True
            while not self._queue.empty():
                self._queue.get_nowait()
            self._queue.put_nowait(RESYNC)

    async def get(self) -> Event:
        return await self._queue.get()


class LocalHub:
    """In-process fan-out (one API process, and the tests)."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = defaultdict(set)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def publish(self, channel: str, event: Event) -> None:
        self.deliver(channel, event)

    def deliver(self, channel: str, event: Event) -> None:
        for subscription in tuple(self._subscribers.get(channel, ())):
            subscription.offer(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        subscription = Subscription()
        self._subscribers[channel].add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers[channel].discard(subscription)
            if not self._subscribers[channel]:
                del self._subscribers[channel]

    def subscriber_count(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))


class RedisHub(LocalHub):
    """Fan-out across API replicas through Redis pub/sub (one pattern subscription
    per process; each event is delivered locally when Redis echoes it back)."""

    def __init__(self, url: str, prefix: str) -> None:
        super().__init__()
        self._redis = aioredis.from_url(url)
        self._prefix = prefix
        self._pubsub = self._redis.pubsub()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self._pubsub.psubscribe(f"{self._prefix}*")
        self._listener = asyncio.create_task(self._listen(), name="realtime-redis")

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._pubsub.aclose()
        await self._redis.aclose()

    async def publish(self, channel: str, event: Event) -> None:
        await self._redis.publish(self._prefix + channel, json.dumps(event))

    async def _listen(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=5)
            except aioredis.ConnectionError:
                logger.warning("realtime: Redis connection lost; retrying")
                await asyncio.sleep(1)
                continue
            if message and message.get("type") == "pmessage":
                self._on_message(message)

    def _on_message(self, message: dict[str, Any]) -> None:
        channel = _text(message["channel"]).removeprefix(self._prefix)
        try:
            event = json.loads(_text(message["data"]))
        except ValueError:
            logger.warning("realtime: ignoring a malformed event on %s", channel)
            return
        self.deliver(channel, event)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


Hub = LocalHub


def make_hub(redis_url: str | None, prefix: str) -> Hub:
    return RedisHub(redis_url, prefix) if redis_url else LocalHub()
