"""The customer's WebSocket, the agents channel and the realtime hub."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from api.config import Settings
from api.models import Message
from api.models.enums import Sender
from api.security import issue_staff_token
from api.services.realtime import LocalHub, RedisHub, Subscription
from tests.factories import bearer, make_staff, open_conversation

REDIS_URL = "redis://127.0.0.1:6379/0"


def socket_url(conv: dict[str, str], after: int = 0, token: str | None = None) -> str:
    return f"/api/v1/conversations/{conv['id']}/ws?token={token or conv['token']}&after={after}"


def receive_until(ws: WebSocketTestSession, kind: str) -> list[dict[str, Any]]:
    """Every event up to and including the first of type ``kind``."""
    events = [ws.receive_json()]
    while events[-1]["type"] != kind:
        events.append(ws.receive_json())
    return events


def messages_in(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e["message"] for e in events if e["type"] == "message"]


def say(
    client: TestClient, conv: dict[str, str], text: str, client_id: str | None = None
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": text, "client_id": client_id},
        headers=bearer(conv["token"]),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def staff_token(session: Session, settings: Settings) -> str:
    return issue_staff_token(settings.secret_key, make_staff(session).id)


def test_socket_with_a_wrong_token_is_refused(client: TestClient) -> None:
    mine, theirs = open_conversation(client), open_conversation(client)
    url = socket_url(theirs, token=mine["token"])
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect(url):
        pass
    assert refused.value.code == 1008


def test_socket_catches_up_with_messages_after_the_given_id(client: TestClient) -> None:
    conv = open_conversation(client)
    first = say(client, conv, "My parcel is three days late")  # Rasa is down: + a notice
    say(client, conv, "Are you there?")
    with client.websocket_connect(socket_url(conv, after=first["message_id"])) as ws:
        events = receive_until(ws, "ready")
    texts = [m["text"] for m in messages_in(events)]
    assert "My parcel is three days late" not in texts
    assert texts[0] == first["replies"][0]["text"] and texts[-1] == "Are you there?"
    assert [e["state"] for e in events if e["type"] == "state"] == ["waiting"]
    assert events[-1]["last_id"] == messages_in(events)[-1]["id"]


def test_agent_message_is_delivered_to_the_customer_socket(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    token = staff_token(session, settings)
    with client.websocket_connect(socket_url(conv)) as ws:
        receive_until(ws, "ready")
        response = client.post(
            f"/api/v1/agent/conversations/{conv['id']}/messages",
            json={"text": "Hello, I'm looking into your order right now."},
            headers=bearer(token),
        )
        assert response.status_code == 201, response.text
        events = receive_until(ws, "message")
    assert {"type": "state", "state": "agent"}.items() <= events[0].items()
    message = events[-1]["message"]
    assert message["sender"] == "agent" and message["id"] == response.json()["id"]
    assert message["text"] == "Hello, I'm looking into your order right now."


def test_resent_client_id_over_the_socket_is_stored_once(
    client: TestClient, session: Session
) -> None:
    conv = open_conversation(client)
    with client.websocket_connect(socket_url(conv)) as ws:
        receive_until(ws, "ready")
        ws.send_json({"type": "message", "text": "hello", "client_id": "c-42"})
        first = receive_until(ws, "ack")
    with client.websocket_connect(socket_url(conv)) as ws:  # reconnect, resend
        receive_until(ws, "ready")
        ws.send_json({"type": "message", "text": "hello", "client_id": "c-42"})
        second = receive_until(ws, "ack")
    assert messages_in(first)[0]["client_id"] == "c-42"
    assert second[-1]["duplicate"] is True
    assert second[-1]["message_id"] == first[-1]["message_id"]
    stored = session.scalars(select(Message).where(Message.sender == Sender.CUSTOMER)).all()
    assert [m.client_id for m in stored] == ["c-42"]


def test_invalid_socket_message_gets_an_error_not_a_disconnect(client: TestClient) -> None:
    conv = open_conversation(client)
    with client.websocket_connect(socket_url(conv)) as ws:
        receive_until(ws, "ready")
        ws.send_json({"type": "message", "text": "   ", "client_id": "c-1"})
        error = ws.receive_json()
        ws.send_text("not json")
        assert ws.receive_json()["type"] == "error"
    assert error["type"] == "error" and error["client_id"] == "c-1"
    assert error["errors"][0]["field"] == "text"


def test_handoff_is_announced_to_the_customer_and_the_agents(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    agents_url = f"/api/v1/agent/ws?token={staff_token(session, settings)}"
    with (
        client.websocket_connect(agents_url) as agents,
        client.websocket_connect(socket_url(conv)) as ws,
    ):
        receive_until(ws, "ready")
        response = client.post(
            f"/api/v1/service/conversations/{conv['id']}/handoff",
            json={"reason": "request_human"},
            headers=bearer(settings.service_token),
        )
        assert response.status_code == 200
        state = ws.receive_json()
        handoff = agents.receive_json()
    assert state["state"] == "waiting" and state["wait_minutes"] == response.json()["wait_minutes"]
    assert handoff == {
        "type": "handoff",
        "conversation_id": conv["id"],
        "reason": "request_human",
        "wait_minutes": state["wait_minutes"],
        "language": "en",
    }


def test_agents_socket_refuses_a_customer_token(client: TestClient) -> None:
    conv = open_conversation(client)
    url = f"/api/v1/agent/ws?token={conv['token']}"
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect(url):
        pass
    assert refused.value.code == 1008


def test_local_hub_delivers_only_to_the_channel_subscribers() -> None:
    async def scenario() -> tuple[dict[str, Any], bool]:
        hub = LocalHub()
        async with hub.subscribe("a") as a, hub.subscribe("b") as b:
            await hub.publish("a", {"type": "typing"})
            return await a.get(), b._queue.empty()

    event, b_empty = asyncio.run(scenario())
    assert event == {"type": "typing"} and b_empty


def test_slow_subscriber_is_told_to_resync_instead_of_missing_events() -> None:
    subscription = Subscription(maxsize=2)
    for n in range(3):
        subscription.offer({"type": "message", "n": n})
    assert asyncio.run(subscription.get()) == {"type": "resync"}
    assert subscription.lost


def test_redis_hub_delivers_across_replicas() -> None:
    """Two hubs stand for two API replicas: a publish on one reaches the other's
    subscriber through the real Redis (unique prefix, so runs do not interfere)."""
    prefix = f"cca-test:{uuid.uuid4().hex}:"

    async def scenario() -> dict[str, Any]:
        one, two = RedisHub(REDIS_URL, prefix), RedisHub(REDIS_URL, prefix)
        await one.start()
        await two.start()
        try:
            async with two.subscribe("conversation:x") as events:
                await one.publish("conversation:x", {"type": "state", "state": "agent"})
                return await asyncio.wait_for(events.get(), timeout=5)
        finally:
            await one.stop()
            await two.stop()

    assert asyncio.run(scenario()) == {"type": "state", "state": "agent"}
