from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Ticket, TicketEvent
from tests.factories import bearer, open_conversation


def service(settings: Settings) -> dict[str, str]:
    return bearer(settings.service_token)


def test_service_creates_ticket_with_reference_and_due_time(
    client: TestClient, settings: Settings, session: Session
) -> None:
    conv = open_conversation(client)
    response = client.post(
        "/api/v1/tickets",
        json={
            "category": "late_delivery",
            "conversation_id": conv["id"],
            "order_number": "SF1234567890",
        },
        headers=service(settings),
    )
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert re.fullmatch(r"CC-[0-9A-HJKMNP-TV-Z]{8}", ticket["ref"])
    assert ticket["status"] == "new" and ticket["due_at"]
    stored = session.scalars(select(Ticket)).one()
    assert stored.ref == ticket["ref"] and stored.conversation_id == conv["id"]
    events = session.scalars(select(TicketEvent)).all()
    assert [(e.kind, e.actor) for e in events] == [("created", "service:actions")]


def test_same_idempotency_key_returns_the_same_ticket(
    client: TestClient, settings: Settings, session: Session
) -> None:
    headers = {**service(settings), "Idempotency-Key": "conv-1:msg-1"}
    first = client.post("/api/v1/tickets", json={"category": "billing"}, headers=headers)
    again = client.post("/api/v1/tickets", json={"category": "billing"}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["ref"] == again.json()["ref"]
    assert len(session.scalars(select(Ticket)).all()) == 1


def test_ticket_without_credentials_is_401(client: TestClient) -> None:
    assert client.post("/api/v1/tickets", json={"category": "billing"}).status_code == 401
    headers = bearer("not-the-service-token")
    assert (
        client.post("/api/v1/tickets", json={"category": "billing"}, headers=headers).status_code
        == 401
    )


def test_ticket_for_unknown_conversation_is_422_and_nothing_written(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/tickets",
        json={"category": "billing", "conversation_id": "no-such-conversation"},
        headers=service(settings),
    )
    assert response.status_code == 422
    assert "no-such-conversation" in response.json()["detail"]
    assert session.scalars(select(Ticket)).all() == []


def test_invalid_category_is_422(client: TestClient, settings: Settings) -> None:
    response = client.post(
        "/api/v1/tickets", json={"category": "weather"}, headers=service(settings)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.category"


def test_read_ticket_by_reference(client: TestClient, settings: Settings) -> None:
    created = client.post(
        "/api/v1/tickets", json={"category": "refund"}, headers=service(settings)
    ).json()
    response = client.get(f"/api/v1/tickets/{created['ref']}", headers=service(settings))
    assert response.status_code == 200 and response.json()["category"] == "refund"
    assert client.get("/api/v1/tickets/CC-00000000", headers=service(settings)).status_code == 404
