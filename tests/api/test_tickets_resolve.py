"""Resolving, reopening, notes, and the ticket's history."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import TicketStatus
from tests.factories import events_of, make_staff, make_ticket, reloaded, staff_headers


def test_resolve_sets_resolution_resolved_at_and_follow_up(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, status=TicketStatus.IN_PROGRESS)
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/resolve",
        json={"resolution": "Refund issued."},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["resolution"]) == ("resolved", "Refund issued.")
    stored = reloaded(session, ticket)
    assert stored.resolved_at is not None and stored.follow_up_at is not None
    assert stored.follow_up_at - stored.resolved_at == timedelta(
        hours=settings.follow_up_after_hours
    )
    [event] = events_of(session, ticket)
    assert event.kind == "resolved"
    assert event.changes == {
        "status": ["in_progress", "resolved"],
        "resolution": [None, "Refund issued."],
    }


def test_resolve_without_resolution_text_is_422(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    for body in ({}, {"resolution": "   "}):
        response = client.post(
            f"/api/v1/tickets/{ticket.ref}/resolve",
            json=body,
            headers=staff_headers(settings, agent),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.resolution"
    assert reloaded(session, ticket).status is TicketStatus.NEW


def test_resolving_a_closed_ticket_is_409(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, status=TicketStatus.CLOSED)
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/resolve",
        json={"resolution": "Done."},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 409 and "closed" in response.json()["detail"]
    assert reloaded(session, ticket).resolution is None


def test_reopen_clears_resolved_at_and_sets_a_new_due_time(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, due_in=timedelta(hours=-30))
    headers, first_due = staff_headers(settings, agent), ticket.due_at
    client.post(
        f"/api/v1/tickets/{ticket.ref}/resolve", json={"resolution": "Sent again."}, headers=headers
    )
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/reopen",
        json={"reason": "Still not arrived."},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "reopened" and response.json()["overdue"] is False
    stored = reloaded(session, ticket)
    assert stored.resolved_at is None and stored.follow_up_at is None
    assert stored.due_at > first_due
    reopened = events_of(session, ticket)[-1]
    assert (reopened.kind, reopened.note) == ("reopened", "Still not arrived.")
    assert reopened.changes["status"] == ["resolved", "reopened"]


def test_reopening_an_open_ticket_is_409(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, status=TicketStatus.IN_PROGRESS)
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/reopen", headers=staff_headers(settings, agent)
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("a in_progress ticket cannot become reopened")


def test_closed_ticket_can_be_reopened_without_a_reason(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, status=TicketStatus.CLOSED)
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/reopen", headers=staff_headers(settings, agent)
    )
    assert response.status_code == 200 and response.json()["status"] == "reopened"


def test_note_is_added_to_the_history(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/notes",
        json={"text": "Courier says it is at the depot."},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 201
    assert response.json()["note"] == "Courier says it is at the depot."
    [event] = events_of(session, ticket)
    assert (event.kind, event.note, event.actor) == (
        "note",
        "Courier says it is at the depot.",
        f"agent:{agent.username}",
    )


def test_note_over_4000_characters_is_422_and_not_stored(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.post(
        f"/api/v1/tickets/{ticket.ref}/notes",
        json={"text": "x" * 4001},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.text"
    assert events_of(session, ticket) == []


def test_events_list_the_whole_history_oldest_first(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent = make_staff(session)
    headers = staff_headers(settings, agent)
    ref = client.post("/api/v1/tickets", json={"category": "billing"}, headers=headers).json()[
        "ref"
    ]
    client.patch(
        f"/api/v1/tickets/{ref}", json={"status": "in_progress", "assignee": "me"}, headers=headers
    )
    client.post(f"/api/v1/tickets/{ref}/notes", json={"text": "Called the bank."}, headers=headers)
    client.post(
        f"/api/v1/tickets/{ref}/resolve", json={"resolution": "Charge reversed."}, headers=headers
    )
    response = client.get(f"/api/v1/tickets/{ref}/events", headers=headers)
    assert [e["kind"] for e in response.json()] == [
        "created",
        "status",
        "assignee",
        "note",
        "resolved",
    ]
    assert {e["actor"] for e in response.json()} == {f"agent:{agent.username}"}
