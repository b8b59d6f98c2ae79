"""Talking to the Rasa server over HTTP (its REST channel and status endpoint)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


class RasaUnavailable(RuntimeError):
    """Rasa did not answer, or answered with an error."""


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: tuple[dict[str, str], ...] = ()
    custom: dict[str, Any] | None = None


class RasaClient:
    def __init__(self, base_url: str, token: str, client: httpx.AsyncClient) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
        self._client = client

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[BotMessage]:
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            response = await self._client.post(f"{self._base}/webhooks/rest/webhook", json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc) or type(exc).__name__) from exc
        return [_bot_message(item) for item in response.json()]

    async def parse(self, text: str) -> dict[str, Any]:
        """Rasa's reading of ``text`` (intent, confidence, entities) without touching
        any conversation: for customer messages the bot does not answer."""
        try:
            response = await self._client.post(
                f"{self._base}/model/parse",
                params={"token": self._token},
                json={"text": text},
                timeout=5,
            )
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise RasaUnavailable(str(exc) or type(exc).__name__) from exc
        return dict(response.json())

    async def status(self) -> dict[str, Any]:
        response = await self._client.get(
            f"{self._base}/status", params={"token": self._token}, timeout=3
        )
        response.raise_for_status()
        return dict(response.json())

    async def tracker_slots(self, sender: str) -> dict[str, Any]:
        response = await self._client.get(
            f"{self._base}/conversations/{sender}/tracker",
            params={"token": self._token, "include_events": "NONE"},
        )
        response.raise_for_status()
        return dict(response.json().get("slots", {}))


def _bot_message(item: dict[str, Any]) -> BotMessage:
    buttons = tuple(
        {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
        for b in item.get("buttons") or ()
    )
    return BotMessage(text=str(item.get("text") or ""), buttons=buttons, custom=item.get("custom"))
