from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Conversation, Message
from api.models.enums import ConversationState, Sender
from tests.factories import bearer, open_conversation


def test_create_conversation_returns_id_and_token(client: TestClient, session: Session) -> None:
    created = open_conversation(client)
    assert created["token"] and created["id"]
    stored = session.get(Conversation, created["id"])
    assert stored is not None and stored.token_hash != created["token"]


def test_message_without_token_is_401(client: TestClient) -> None:
    conv = open_conversation(client)
    response = client.post(f"/api/v1/conversations/{conv['id']}/messages", json={"text": "hi"})
    assert response.status_code == 401


def test_token_of_another_conversation_is_403(client: TestClient, session: Session) -> None:
    mine, theirs = open_conversation(client), open_conversation(client)
    response = client.post(
        f"/api/v1/conversations/{theirs['id']}/messages",
        json={"text": "hello"},
        headers=bearer(mine["token"]),
    )
    assert response.status_code == 403
    assert session.scalars(select(Message)).all() == []


def test_empty_text_is_422_and_nothing_stored(client: TestClient, session: Session) -> None:
    conv = open_conversation(client)
    for text in ("", "   "):
        response = client.post(
            f"/api/v1/conversations/{conv['id']}/messages", json={"text": text},
            headers=bearer(conv["token"]),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.text"
    assert session.scalars(select(Message)).all() == []


def test_over_long_text_is_422(client: TestClient) -> None:
    conv = open_conversation(client)
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages", json={"text": "x" * 4001},
        headers=bearer(conv["token"]),
    )
    assert response.status_code == 422


def test_unknown_field_is_422(client: TestClient) -> None:
    conv = open_conversation(client)
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages", json={"text": "hi", "sender": "bot"},
        headers=bearer(conv["token"]),
    )
    assert response.status_code == 422


def test_rasa_down_keeps_the_message_and_queues_for_a_person(
    client: TestClient, session: Session
) -> None:
    conv = open_conversation(client)
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "My parcel is three days late"},
        headers=bearer(conv["token"]),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "waiting"
    assert len(body["replies"]) == 1 and body["replies"][0]["text"]
    messages = session.scalars(select(Message).order_by(Message.id)).all()
    assert [m.sender for m in messages] == [Sender.CUSTOMER, Sender.SYSTEM]
    assert messages[0].text == "My parcel is three days late"
    assert messages[0].delivery == "bot_unavailable"
    assert session.get(Conversation, conv["id"]).state is ConversationState.WAITING  # type: ignore[union-attr]


def test_customer_message_is_stored_with_language_and_anger(
    client: TestClient, session: Session
) -> None:
    conv = open_conversation(client)
    client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "我的快递三天了还没到！！气死我了"},
        headers=bearer(conv["token"]),
    )
    message = session.scalars(select(Message).where(Message.sender == Sender.CUSTOMER)).one()
    assert message.language == "zh"
    assert message.angry is True and message.anger is not None and message.anger > 0.5


def test_resent_message_with_same_client_id_is_stored_once(
    client: TestClient, session: Session
) -> None:
    conv = open_conversation(client)
    for _ in range(2):
        response = client.post(
            f"/api/v1/conversations/{conv['id']}/messages",
            json={"text": "hello", "client_id": "c-1"},
            headers=bearer(conv["token"]),
        )
        assert response.status_code == 200
    customer = session.scalars(select(Message).where(Message.sender == Sender.CUSTOMER)).all()
    assert len(customer) == 1
