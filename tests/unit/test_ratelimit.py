"""Fixed-window limits: parsing, windows, and one budget shared through Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from pydantic import ValidationError

from api.config import DEFAULT_RATE_LIMITS, Settings
from api.services.ratelimit import Limit, MemoryLimiter, RedisLimiter

REDIS_URL = "redis://127.0.0.1:6379/0"
T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on a fresh loop in its own thread: Playwright's sync API (browser tests in the
    same session) keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "expected"),
    [("60/minute", Limit(60, 60)), (" 5 / second ", Limit(5, 1)), ("1000/day", Limit(1000, 86400))],
)
def test_limit_parses_count_and_period(text: str, expected: Limit) -> None:
    assert Limit.parse(text) == expected


@pytest.mark.parametrize("text", ["60", "sixty/minute", "60/fortnight", "-1/minute", ""])
def test_limit_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="60/minute"):
        Limit.parse(text)


def test_settings_refuse_a_malformed_limit_naming_it() -> None:
    with pytest.raises(ValidationError, match=r"RATE_LIMITS\[guard\]"):
        Settings(_env_file=None, rate_limits={"guard": "lots"})  # type: ignore[call-arg]


def test_settings_override_one_limit_and_keep_the_others() -> None:
    settings = Settings(_env_file=None, rate_limits={"guard": "5/minute"})  # type: ignore[call-arg]
    assert settings.rate_limits["guard"] == "5/minute"
    assert settings.rate_limits["login"] == DEFAULT_RATE_LIMITS["login"]


def test_memory_limiter_refuses_past_the_count_until_the_window_ends() -> None:
    clock = Clock(60 * 16_666 + 20.0)  # 20 s into a minute window
    limiter = MemoryLimiter(clock)
    limit = Limit(2, 60)

    async def hits() -> list[tuple[bool, int]]:
        out = []
        for _ in range(3):
            d = await limiter.hit("k", limit)
            out.append((d.allowed, d.retry_after))
        clock.now += 40  # the next window
        d = await limiter.hit("k", limit)
        out.append((d.allowed, d.remaining))
        return out

    assert run(hits()) == [(True, 40), (True, 40), (False, 40), (True, 1)]


def test_memory_limiter_keeps_keys_apart() -> None:
    limiter = MemoryLimiter(Clock(0.0))
    limit = Limit(1, 60)

    async def hits() -> list[bool]:
        return [(await limiter.hit(k, limit)).allowed for k in ("a", "b", "a")]

    assert run(hits()) == [True, True, False]


def test_redis_limiter_shares_one_budget_across_replicas() -> None:
    """Two limiters stand for two API replicas on the real Redis (unique prefix)."""
    prefix = f"cca-test:{uuid.uuid4().hex}:"

    async def hits() -> list[bool]:
        one, two = RedisLimiter(REDIS_URL, prefix), RedisLimiter(REDIS_URL, prefix)
        try:
            limit = Limit(3, 60)
            return [(await lim.hit("ip:1", limit)).allowed for lim in (one, two, one, two)]
        finally:
            await one.close()
            await two.close()

    assert run(hits()) == [True, True, True, False]


def test_redis_limiter_lets_requests_through_when_redis_is_down() -> None:
    async def hit() -> bool:
        limiter = RedisLimiter("redis://127.0.0.1:9/0", "x:")
        try:
            return (await limiter.hit("ip:1", Limit(0, 60))).allowed
        finally:
            await limiter.close()

    assert run(hit()) is True
