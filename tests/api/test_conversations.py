from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Conversation, Message
from api.models.enums import ConversationState, Sender
from tests.api.fakes import FakeRasa
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
            f"/api/v1/conversations/{conv['id']}/messages",
            json={"text": text},
            headers=bearer(conv["token"]),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.text"
    assert session.scalars(select(Message)).all() == []


def test_over_long_text_is_422(client: TestClient) -> None:
    conv = open_conversation(client)
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "x" * 4001},
        headers=bearer(conv["token"]),
    )
    assert response.status_code == 422


def test_unknown_field_is_422(client: TestClient) -> None:
    conv = open_conversation(client)
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "hi", "sender": "bot"},
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


def say(client: TestClient, conv: dict[str, str], text: str) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": text},
        headers=bearer(conv["token"]),
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def fake_rasa(client: TestClient, **kwargs: str) -> FakeRasa:
    app = client.app
    fake = FakeRasa(app.state.session_factory, **kwargs)  # type: ignore[attr-defined]
    app.state.rasa = fake  # type: ignore[attr-defined]
    return fake


def test_reply_carries_the_language_the_customer_wrote_in(client: TestClient) -> None:
    conv = open_conversation(client)
    assert say(client, conv, "我的快递三天了还没到")["language"] == "zh"
    assert say(client, conv, "Where is my parcel?")["language"] == "en"


def test_second_angry_message_in_a_row_goes_to_a_person_without_the_bot(
    client: TestClient, session: Session
) -> None:
    conv = open_conversation(client)
    bot = fake_rasa(client, text="I'm so sorry.")
    first = say(client, conv, "This is ridiculous!!! I am furious, where is my parcel?!")
    second = say(client, conv, "Absolutely unacceptable, this is the worst service ever!!!")
    assert first["state"] == "bot" and [r["text"] for r in first["replies"]] == ["I'm so sorry."]
    assert second["state"] == "waiting" and second["wait_minutes"] >= 2
    assert "bringing in a colleague" in second["replies"][0]["text"]
    assert len(bot.seen) == 1  # the second angry message went to people, not to the bot
    assert session.get(Conversation, conv["id"]).state is ConversationState.WAITING  # type: ignore[union-attr]


def test_two_misunderstandings_in_a_row_go_to_a_person(client: TestClient) -> None:
    conv = open_conversation(client)
    fake_rasa(client, intent="nlu_fallback", text="Could you put that another way?")
    assert say(client, conv, "asdf qwerty")["state"] == "bot"
    second = say(client, conv, "zxcv uiop")
    assert second["state"] == "waiting"
    texts = [r["text"] for r in second["replies"]]
    assert texts[0] == "Could you put that another way?" and "colleague" in texts[1]


def test_messages_after_an_id_returns_only_newer_ones_with_client_ids(client: TestClient) -> None:
    conv = open_conversation(client)
    client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "hello", "client_id": "c-9"},
        headers=bearer(conv["token"]),
    )
    everything = client.get(
        f"/api/v1/conversations/{conv['id']}/messages", headers=bearer(conv["token"])
    ).json()
    later = client.get(
        f"/api/v1/conversations/{conv['id']}/messages?after={everything[0]['id']}",
        headers=bearer(conv["token"]),
    ).json()
    assert everything[0]["client_id"] == "c-9"
    assert [m["id"] for m in later] == [m["id"] for m in everything[1:]] and later


def test_long_poll_waits_for_the_next_message(client: TestClient) -> None:
    conv = open_conversation(client)
    url = f"/api/v1/conversations/{conv['id']}/messages?after=0&wait=10"
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(client.get, url, headers=bearer(conv["token"]))
        time.sleep(0.3)
        assert not waiting.done()
        say(client, conv, "anyone there?")
        rows = waiting.result(timeout=10).json()
    assert rows[0]["text"] == "anyone there?"


def test_long_poll_with_nothing_new_returns_empty_after_the_wait(client: TestClient) -> None:
    conv = open_conversation(client)
    started = time.monotonic()
    rows = client.get(
        f"/api/v1/conversations/{conv['id']}/messages?after=0&wait=1", headers=bearer(conv["token"])
    ).json()
    assert rows == [] and time.monotonic() - started >= 0.9


def test_read_conversation_reports_state_language_and_wait(client: TestClient) -> None:
    conv = open_conversation(client)
    say(client, conv, "我的快递三天了还没到")  # Rasa is down: queued for a person
    body = client.get(f"/api/v1/conversations/{conv['id']}", headers=bearer(conv["token"])).json()
    assert body == {
        "id": conv["id"],
        "state": "waiting",
        "language": "zh",
        "wait_minutes": body["wait_minutes"],
        "ticket_ref": None,
    }
    assert body["wait_minutes"] >= 2
