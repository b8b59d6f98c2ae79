"""Public endpoints are rate limited and size limited, with clear errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.main import create_app
from api.models import Message
from api.models.enums import Role
from tests.factories import bearer, make_staff, open_conversation, staff_headers

# Day-long windows, so that a test never straddles the start of a new window.
LOW = {
    "guard": "3/day",
    "guard_staff": "5/day",
    "conversation_create": "2/day",
    "customer_message": "2/day",
    "login": "2/day",
}


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    low = settings.model_copy(
        update={"rate_limits": {**settings.rate_limits, **LOW}, "max_body_bytes": 2048}
    )
    with TestClient(create_app(low)) as test_client:
        yield test_client


def check(client: TestClient, **headers: str) -> int:
    body = {"text": "We will look into it today.", "language": "en"}
    return client.post("/api/v1/guard/check", json=body, headers=headers).status_code


def say(client: TestClient, conv: dict[str, str], text: str = "hello") -> int:
    url = f"/api/v1/conversations/{conv['id']}/messages"
    return client.post(url, json={"text": text}, headers=bearer(conv["token"])).status_code


def test_guard_check_answers_429_with_retry_after_past_the_limit(limited: TestClient) -> None:
    assert [check(limited) for _ in range(3)] == [200, 200, 200]
    response = limited.post("/api/v1/guard/check", json={"text": "hi"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 86400
    assert response.json()["detail"].startswith("too many requests")


def test_signed_in_staff_have_their_own_larger_guard_budget(
    limited: TestClient, session: Session, settings: Settings
) -> None:
    headers = staff_headers(settings, make_staff(session, Role.AGENT))
    assert [check(limited) for _ in range(4)] == [200, 200, 200, 429]
    assert [check(limited, **headers) for _ in range(6)] == [200] * 5 + [429]


def test_customer_messages_are_limited_per_conversation(
    limited: TestClient, session: Session
) -> None:
    mine, other = open_conversation(limited), open_conversation(limited)
    assert [say(limited, mine, f"message {n}") for n in range(3)] == [200, 200, 429]
    assert say(limited, other) == 200
    stored = session.scalars(select(Message.text).where(Message.conversation_id == mine["id"]))
    assert "message 2" not in set(stored)


def test_a_wrong_token_does_not_spend_the_customers_budget(limited: TestClient) -> None:
    conv = open_conversation(limited)
    for _ in range(5):
        response = limited.post(
            f"/api/v1/conversations/{conv['id']}/messages",
            json={"text": "spam"},
            headers=bearer("not-the-token"),
        )
        assert response.status_code in (401, 403)
    assert say(limited, conv) == 200


def test_opening_conversations_is_limited_per_client(limited: TestClient) -> None:
    codes = [limited.post("/api/v1/conversations").status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_login_is_limited_even_with_the_right_password(
    limited: TestClient, session: Session
) -> None:
    user = make_staff(session, Role.AGENT, password="right-password")
    body = {"username": user.username, "password": "wrong"}
    assert limited.post("/api/v1/auth/login", json=body).status_code == 401
    assert limited.post("/api/v1/auth/login", json=body).status_code == 401
    body["password"] = "right-password"
    assert limited.post("/api/v1/auth/login", json=body).status_code == 429


def test_declared_oversized_body_is_413(limited: TestClient) -> None:
    response = limited.post("/api/v1/guard/check", json={"text": "x" * 3000})
    assert response.status_code == 413
    assert "2048 bytes" in response.json()["detail"]


def test_streamed_oversized_body_is_413(limited: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    response = limited.post(
        "/api/v1/guard/check", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_socket_messages_share_the_per_conversation_limit(
    limited: TestClient, session: Session
) -> None:
    conv = open_conversation(limited)
    url = f"/api/v1/conversations/{conv['id']}/ws?token={conv['token']}"
    with limited.websocket_connect(url) as ws:
        while ws.receive_json()["type"] != "ready":
            pass
        answers = []
        for n in range(3):
            ws.send_json({"type": "message", "text": f"socket {n}", "client_id": f"c{n}"})
            event = ws.receive_json()
            while event["type"] not in ("ack", "error"):
                event = ws.receive_json()
            answers.append(event)
    assert [a["type"] for a in answers] == ["ack", "ack", "error"]
    assert answers[2]["client_id"] == "c2" and answers[2]["retry_after"] >= 1
    texts = set(session.scalars(select(Message.text)))
    assert "socket 2" not in texts and "socket 1" in texts
