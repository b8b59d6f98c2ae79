"""The customer's rating at the end of a conversation."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import CsatRating
from tests.factories import bearer, open_conversation


def rate(
    client: TestClient, conv: dict[str, str], body: dict[str, object], token: str | None = None
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/conversations/{conv['id']}/csat",
        json=body,
        headers=bearer(token or conv["token"]),
    )


def test_rating_is_stored_with_its_comment(client: TestClient, session: Session) -> None:
    conv = open_conversation(client)
    response = rate(client, conv, {"score": 4, "comment": "Quick and kind."})
    assert response.status_code == 201
    assert response.json() == {
        "conversation_id": conv["id"],
        "score": 4,
        "comment": "Quick and kind.",
    }
    stored = session.scalars(select(CsatRating)).one()
    assert (stored.conversation_id, stored.score, stored.comment) == (
        conv["id"],
        4,
        "Quick and kind.",
    )


def test_second_rating_of_a_conversation_is_409_and_the_first_stays(
    client: TestClient, session: Session
) -> None:
    conv = open_conversation(client)
    assert rate(client, conv, {"score": 5}).status_code == 201
    second = rate(client, conv, {"score": 1, "comment": "changed my mind"})
    assert second.status_code == 409
    assert [r.score for r in session.scalars(select(CsatRating))] == [5]


def test_score_outside_one_to_five_is_422(client: TestClient, session: Session) -> None:
    conv = open_conversation(client)
    for score in (0, 6):
        response = rate(client, conv, {"score": score})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.score"
    assert session.scalars(select(CsatRating)).all() == []


def test_comment_over_1000_characters_is_422(client: TestClient) -> None:
    conv = open_conversation(client)
    assert rate(client, conv, {"score": 3, "comment": "x" * 1001}).status_code == 422


def test_rating_another_conversation_is_403(client: TestClient, session: Session) -> None:
    mine, theirs = open_conversation(client), open_conversation(client)
    assert rate(client, theirs, {"score": 1}, token=mine["token"]).status_code == 403
    assert session.scalars(select(CsatRating)).all() == []
