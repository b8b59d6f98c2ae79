"""Rate-limit dependencies for the public endpoints.

``Depends(rate_limit("guard", by_staff_or_client))`` spends one hit of the limit
named ``guard`` (``Settings.rate_limits``) for the caller's key, and answers 429
with ``Retry-After`` once the window's budget is spent. Signed-in staff are keyed by
their account and get the ``<name>_staff`` limit where one is configured.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from starlette.requests import HTTPConnection

from api.config import Settings
from api.deps import SettingsDep
from api.security import read_staff_token
from api.services.ratelimit import Decision, Limit, Limiter

KeyFn = Callable[[HTTPConnection, Settings], tuple[str, str]]  # -> (limit name suffix, key)


def client_address(conn: HTTPConnection) -> str:
    return conn.client.host if conn.client else "unknown"


def by_client(conn: HTTPConnection, settings: Settings) -> tuple[str, str]:
    return "", f"ip:{client_address(conn)}"


def by_conversation(conn: HTTPConnection, settings: Settings) -> tuple[str, str]:
    return "", f"conversation:{conn.path_params.get('conversation_id', '')}"


def by_staff_or_client(conn: HTTPConnection, settings: Settings) -> tuple[str, str]:
    authorization = conn.headers.get("authorization", "")
    scheme, _, bearer = authorization.partition(" ")
    raw = bearer.strip() if scheme.lower() == "bearer" else conn.cookies.get("session", "")
    uid = read_staff_token(settings.secret_key, raw) if raw else None
    return ("_staff", f"staff:{uid}") if uid is not None else by_client(conn, settings)


def get_limiter(conn: HTTPConnection) -> Limiter:
    return conn.app.state.limiter  # type: ignore[no-any-return]


async def spend(conn: HTTPConnection, settings: Settings, name: str, key_fn: KeyFn) -> Decision:
    """One hit for this caller under limit ``name``; the decision, not yet enforced."""
    suffix, key = key_fn(conn, settings)
    spec = settings.rate_limits.get(name + suffix) or settings.rate_limits.get(name)
    if spec is None or not settings.rate_limit_enabled:
        return Decision(allowed=True, retry_after=0, remaining=-1)
    return await get_limiter(conn).hit(f"{name}{suffix}:{key}", Limit.parse(spec))


def rate_limit(name: str, key_fn: KeyFn) -> Callable[[Request, Settings], Awaitable[None]]:
    async def check(request: Request, settings: SettingsDep) -> None:
        decision = await spend(request, settings, name, key_fn)
        if not decision.allowed:
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"too many requests: try again in {decision.retry_after} s",
                headers={"Retry-After": str(decision.retry_after)},
            )

    return check


# Declare these after the parameters that authenticate the caller, so that a caller
# without a valid token cannot spend somebody else's budget.
GuardLimit = Annotated[None, Depends(rate_limit("guard", by_staff_or_client))]
ConversationCreateLimit = Annotated[None, Depends(rate_limit("conversation_create", by_client))]
CustomerMessageLimit = Annotated[None, Depends(rate_limit("customer_message", by_conversation))]
CsatLimit = Annotated[None, Depends(rate_limit("csat", by_conversation))]
LoginLimit = Annotated[None, Depends(rate_limit("login", by_client))]
