"""Fixed-window rate limits: in process, or shared by every replica through Redis.

A limit reads like ``"60/minute"``. Each request adds one hit to the current window
of its key (the client address, a conversation, a staff member); past the count the
request is refused until the window ends. With Redis down the limiter lets requests
through and logs it: a broken limiter must not take the chat down with it.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
PRUNE_AT = 10_000  # keys kept in memory before old windows are dropped


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """``"60/minute"`` → Limit(60, 60); raises ValueError on anything else."""
        count, _, period = text.strip().partition("/")
        if not count.strip().isdigit() or period.strip() not in PERIODS:
            raise ValueError(f"a rate limit reads like '60/minute', not {text!r}")
        return cls(int(count), PERIODS[period.strip()])


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window ends
    remaining: int


def decide(hits: int, limit: Limit, now: float) -> Decision:
    window_end = (math.floor(now / limit.seconds) + 1) * limit.seconds
    return Decision(
        allowed=hits <= limit.count,
        retry_after=max(1, math.ceil(window_end - now)),
        remaining=max(0, limit.count - hits),
    )


class Limiter(Protocol):
    async def hit(self, key: str, limit: Limit) -> Decision: ...

    async def close(self) -> None: ...


class MemoryLimiter:
    """One process's counters (the local default, and the tests)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._hits: dict[str, tuple[int, int]] = {}  # key -> (window, hits)

    async def hit(self, key: str, limit: Limit) -> Decision:
        now = self._clock()
        window = math.floor(now / limit.seconds)
        seen_window, hits = self._hits.get(key, (window, 0))
        hits = hits + 1 if seen_window == window else 1
        self._hits[key] = (window, hits)
        if len(self._hits) > PRUNE_AT:
            self._prune(now)
        return decide(hits, limit, now)

    def _prune(self, now: float) -> None:
        # windows are per limit; a key whose window is over by a day is surely stale
        stale = math.floor(now / PERIODS["day"]) - 1
        self._hits = {k: v for k, v in self._hits.items() if v[0] >= stale}
        if len(self._hits) > PRUNE_AT:
            self._hits.clear()

    async def close(self) -> None:
        self._hits.clear()


class RedisLimiter:
    """Counters in Redis, so that several API replicas share one budget per key."""

    def __init__(self, url: str, prefix: str, clock: Callable[[], float] = time.time) -> None:
        self._redis = aioredis.Redis.from_url(url)
        self._prefix = prefix
        self._clock = clock

    async def hit(self, key: str, limit: Limit) -> Decision:
        now = self._clock()
        window = math.floor(now / limit.seconds)
        name = f"{self._prefix}{key}:{limit.seconds}:{window}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(name)
                pipe.expire(name, limit.seconds + 1)
                hits, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            logger.warning("rate limiter: Redis unavailable (%s); letting the request through", exc)
            return Decision(allowed=True, retry_after=0, remaining=limit.count)
        return decide(int(hits), limit, now)

    async def close(self) -> None:
        await self._redis.aclose()


def make_limiter(redis_url: str | None, prefix: str) -> Limiter:
    return RedisLimiter(redis_url, prefix) if redis_url else MemoryLimiter()
