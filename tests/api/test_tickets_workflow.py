"""Changing tickets: valid transitions only, assignee and priority, each change
leaving an audit event."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Priority, Role, TicketStatus
from tests.factories import events_of, make_staff, make_ticket, reloaded, staff_headers


def test_agent_moves_new_ticket_to_in_progress_and_it_is_recorded(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"status": "in_progress"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "in_progress"
    assert reloaded(session, ticket).status is TicketStatus.IN_PROGRESS
    [event] = events_of(session, ticket)
    assert (event.actor, event.kind) == (f"agent:{agent.username}", "status")
    assert event.changes == {"status": ["new", "in_progress"]}


def test_invalid_transition_is_409_with_the_reason_and_nothing_changes(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, status=TicketStatus.CLOSED)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"status": "in_progress"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 409
    assert (
        response.json()["detail"]
        == "a closed ticket cannot become in_progress; it can become: reopened"
    )
    assert reloaded(session, ticket).status is TicketStatus.CLOSED
    assert events_of(session, ticket) == []


def test_patch_to_resolved_is_refused_because_a_resolution_is_needed(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"status": "resolved"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 422
    assert "resolution" in response.json()["errors"][0]["problem"]
    assert reloaded(session, ticket).status is TicketStatus.NEW


def test_assign_to_me_sets_the_caller_as_assignee(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"assignee": "me"},
        headers=staff_headers(settings, agent),
    )
    assert response.json()["assignee"] == agent.username
    assert reloaded(session, ticket).assignee_id == agent.id
    assert events_of(session, ticket)[0].changes == {"assignee": [None, agent.username]}


def test_assign_by_username_then_unassign_with_null(
    client: TestClient, settings: Settings, session: Session
) -> None:
    supervisor, agent = make_staff(session, Role.SUPERVISOR), make_staff(session)
    ticket, headers = make_ticket(session), staff_headers(settings, supervisor)
    client.patch(
        f"/api/v1/tickets/{ticket.ref}", json={"assignee": agent.username}, headers=headers
    )
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}", json={"assignee": None}, headers=headers
    )
    assert response.json()["assignee"] is None
    assert [e.changes["assignee"] for e in events_of(session, ticket)] == [
        [None, agent.username],
        [agent.username, None],
    ]


def test_unknown_assignee_is_422_and_nothing_is_written(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"status": "in_progress", "assignee": "nobody.here"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 422
    assert "nobody.here" in response.json()["detail"]
    stored = reloaded(session, ticket)
    assert (stored.status, stored.assignee_id) == (TicketStatus.NEW, None)
    assert events_of(session, ticket) == []


def test_priority_change_is_recorded_with_old_and_new(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, priority=Priority.NORMAL)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"priority": "urgent"},
        headers=staff_headers(settings, agent),
    )
    assert response.json()["priority"] == "urgent"
    assert events_of(session, ticket)[0].changes == {"priority": ["normal", "urgent"]}


def test_unchanged_priority_leaves_no_event(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session, priority=Priority.HIGH)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"priority": "high"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 200 and events_of(session, ticket) == []


def test_empty_patch_is_422(client: TestClient, settings: Settings, session: Session) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}", json={}, headers=staff_headers(settings, agent)
    )
    assert response.status_code == 422
    assert "at least one" in response.json()["errors"][0]["problem"]


def test_patch_unknown_ticket_is_404(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.patch(
        "/api/v1/tickets/CC-00000000",
        json={"priority": "low"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 404 and response.json()["detail"] == "no ticket CC-00000000"


def test_assign_by_numeric_id(client: TestClient, settings: Settings, session: Session) -> None:
    agent, other, ticket = make_staff(session), make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"assignee": other.id},
        headers=staff_headers(settings, agent),
    )
    assert response.json()["assignee"] == other.username


def test_assignee_of_the_wrong_type_is_422(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"assignee": True},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 422
    assert reloaded(session, ticket).assignee_id is None
