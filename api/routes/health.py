from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import SessionFactoryDep, SettingsDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def read_health(
    request: Request, settings: SettingsDep, factory: SessionFactoryDep
) -> JSONResponse:
    """200 when Rasa, the action server and the database all answer; 503 naming the
    part that does not."""
    client: httpx.AsyncClient = request.app.state.http
    rasa, actions = await asyncio.gather(
        _probe(client, f"{settings.rasa_url}/status", {"token": settings.rasa_token}),
        _probe(client, f"{settings.action_server_url}/health", {}),
    )
    parts = {"database": _database(factory), "rasa": rasa, "action_server": actions}
    healthy = all(p["status"] == "ok" for p in parts.values())
    body: dict[str, object] = {"status": "ok" if healthy else "unavailable", "parts": parts}
    if not healthy:
        body["failing"] = [name for name, p in parts.items() if p["status"] != "ok"]
    return JSONResponse(body, status_code=200 if healthy else 503)


async def _probe(client: httpx.AsyncClient, url: str, params: dict[str, str]) -> dict[str, str]:
    try:
        response = await client.get(url, params=params, timeout=2.0)
    except httpx.HTTPError as exc:
        return {"status": "down", "error": type(exc).__name__}
    if response.status_code != 200:
        return {"status": "down", "error": f"HTTP {response.status_code}"}
    return {"status": "ok"}


def _database(factory) -> dict[str, str]:  # type: ignore[no-untyped-def]
    try:
        with factory() as session:
            session.execute(text("SELECT 1"))
    except Exception as exc:
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok"}
