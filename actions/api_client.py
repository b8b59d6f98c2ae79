"""The action server's only way to the system of record: the API, over HTTP."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

import aiohttp


class ApiError(RuntimeError):
    """The API refused the request or could not be reached."""


class ApiClient:
    def __init__(self, base_url: Optional[str] = None, token: Optional[str] = None) -> None:
        self.base_url = (base_url or os.environ.get("API_URL", "http://127.0.0.1:8000")).rstrip("/")
        self.token = token or os.environ.get("SERVICE_TOKEN", "")

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: Optional[Dict[str, str]] = None,
        params: Optional[Dict[str, str]] = None,
    ) -> Any:
        all_headers = {"Authorization": f"Bearer {self.token}", **(headers or {})}
        timeout = aiohttp.ClientTimeout(total=10)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.request(
                    method, self.base_url + path, json=json, headers=all_headers, params=params
                ) as response,
            ):
                body = await response.json(content_type=None)
                if response.status >= 400:
                    raise ApiError(f"{method} {path} -> {response.status}: {body}")
                return body
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise ApiError(f"{method} {path} failed: {exc}") from exc

    async def create_ticket(self, payload: Dict[str, Any], idempotency_key: str) -> Dict[str, Any]:
        return await self.request(
            "POST", "/api/v1/tickets", json=payload, headers={"Idempotency-Key": idempotency_key}
        )

    async def conversation_tickets(self, conversation_id: str) -> Dict[str, Any]:
        return await self.request("GET", f"/api/v1/service/conversations/{conversation_id}/tickets")

    async def hand_off(self, conversation_id: str, reason: str) -> Dict[str, Any]:
        return await self.request(
            "POST",
            f"/api/v1/service/conversations/{conversation_id}/handoff",
            json={"reason": reason},
        )
