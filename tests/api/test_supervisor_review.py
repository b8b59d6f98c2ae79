"""Supervisors tag transcripts, write coaching notes and mark them reviewed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Sender
from tests.factories import make_conversation
from tests.review_data import agent, say, supervisor

URL = "/api/v1/supervisor/transcripts"


def test_tag_a_conversation_and_one_message(
    client: TestClient, session: Session, settings: Settings
) -> None:
    boss, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    message = say(session, conversation, "That's policy", Sender.AGENT)
    whole = client.post(f"{URL}/{conversation.id}/tags", json={"tag": "  tone  "}, headers=headers)
    one = client.post(
        f"{URL}/{conversation.id}/tags",
        json={"tag": "guard", "message_id": message.id},
        headers=headers,
    )
    assert (whole.status_code, one.status_code) == (201, 201)
    assert whole.json()["tag"] == "tone" and whole.json()["author"] == boss.username
    tags = client.get(f"{URL}/{conversation.id}", headers=headers).json()["tags"]
    assert [(t["tag"], t["message_id"]) for t in tags] == [("tone", None), ("guard", message.id)]


def test_the_same_tag_twice_is_kept_once(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    first = client.post(f"{URL}/{conversation.id}/tags", json={"tag": "tone"}, headers=headers)
    again = client.post(f"{URL}/{conversation.id}/tags", json={"tag": "tone"}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]


def test_remove_a_tag(client: TestClient, session: Session, settings: Settings) -> None:
    _, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    tag = client.post(f"{URL}/{conversation.id}/tags", json={"tag": "x"}, headers=headers).json()
    assert (
        client.delete(f"{URL}/{conversation.id}/tags/{tag['id']}", headers=headers).status_code
        == 204
    )
    assert client.get(f"{URL}/{conversation.id}", headers=headers).json()["tags"] == []
    again = client.delete(f"{URL}/{conversation.id}/tags/{tag['id']}", headers=headers)
    assert again.status_code == 404


def test_a_message_of_another_conversation_is_422(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    mine, other = make_conversation(session), make_conversation(session)
    elsewhere = say(session, other, "hi")
    for kind, body in (("tags", {"tag": "x"}), ("notes", {"text": "y"})):
        response = client.post(
            f"{URL}/{mine.id}/{kind}", json={**body, "message_id": elsewhere.id}, headers=headers
        )
        assert response.status_code == 422
        assert "not part of this conversation" in response.json()["detail"]


def test_blank_or_overlong_input_is_422(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    for kind, body in (
        ("tags", {"tag": "   "}),
        ("tags", {"tag": "x" * 65}),
        ("notes", {"text": ""}),
        ("notes", {"text": "ok", "extra": 1}),
    ):
        assert (
            client.post(f"{URL}/{conversation.id}/{kind}", json=body, headers=headers).status_code
            == 422
        )


def test_coaching_notes_on_conversation_and_message(
    client: TestClient, session: Session, settings: Settings
) -> None:
    boss, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    message = say(session, conversation, "That's policy", Sender.AGENT)
    client.post(f"{URL}/{conversation.id}/notes", json={"text": "Good recovery"}, headers=headers)
    client.post(
        f"{URL}/{conversation.id}/notes",
        json={"text": "Say what you will do instead", "message_id": message.id},
        headers=headers,
    )
    notes = client.get(f"{URL}/{conversation.id}", headers=headers).json()["notes"]
    assert [(n["text"], n["message_id"], n["author"]) for n in notes] == [
        ("Good recovery", None, boss.username),
        ("Say what you will do instead", message.id, boss.username),
    ]
    gone = client.delete(f"{URL}/{conversation.id}/notes/{notes[0]['id']}", headers=headers)
    assert gone.status_code == 204
    left = client.get(f"{URL}/{conversation.id}", headers=headers).json()["notes"]
    assert [n["text"] for n in left] == ["Say what you will do instead"]


def test_mark_reviewed_and_unmark(client: TestClient, session: Session, settings: Settings) -> None:
    boss, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    marked = client.put(f"{URL}/{conversation.id}/review", headers=headers)
    assert marked.status_code == 200 and marked.json()["reviewer"] == boss.username
    listed = client.get(URL, params={"reviewed": True}, headers=headers).json()["items"]
    assert [i["id"] for i in listed] == [conversation.id]
    assert client.delete(f"{URL}/{conversation.id}/review", headers=headers).status_code == 204
    assert client.get(f"{URL}/{conversation.id}", headers=headers).json()["review"] is None
    assert client.delete(f"{URL}/{conversation.id}/review", headers=headers).status_code == 404


def test_agents_may_not_tag_note_or_review(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = agent(session, settings)
    conversation = make_conversation(session)
    assert (
        client.post(f"{URL}/{conversation.id}/tags", json={"tag": "x"}, headers=headers).status_code
        == 403
    )
    assert (
        client.post(
            f"{URL}/{conversation.id}/notes", json={"text": "x"}, headers=headers
        ).status_code
        == 403
    )
    assert client.put(f"{URL}/{conversation.id}/review", headers=headers).status_code == 403


def test_unknown_conversation_is_404(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    response = client.post(f"{URL}/nope/tags", json={"tag": "x"}, headers=headers)
    assert response.status_code == 404
