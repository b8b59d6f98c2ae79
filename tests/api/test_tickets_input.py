"""Bad input gets a clear 4xx and writes nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Customer, Ticket, TicketEvent
from api.models.enums import TicketStatus, Tier
from tests.factories import bearer, make_customer, make_staff, make_ticket, staff_headers


def counts(session: Session) -> tuple[int, int, int]:
    session.expire_all()
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Ticket, TicketEvent, Customer)
    )


def test_invalid_json_is_422_with_the_usual_error_shape(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/tickets",
        content=b'{"category": "billing",',
        headers={**bearer(settings.service_token), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "invalid request"
    assert body["errors"][0]["field"].startswith("body") and "JSON" in body["errors"][0]["problem"]
    assert counts(session) == (0, 0, 0)


def test_unknown_field_on_create_is_422_naming_it(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/tickets",
        json={"category": "billing", "status": "closed"},
        headers=bearer(settings.service_token),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.status", "problem": "Extra inputs are not permitted"}
    ]
    assert counts(session) == (0, 0, 0)


def test_description_over_4000_characters_is_422(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/tickets",
        json={"category": "billing", "description": "x" * 4001},
        headers=bearer(settings.service_token),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.description"
    assert counts(session) == (0, 0, 0)


def test_unknown_customer_is_422_and_nothing_written(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/tickets",
        json={"category": "billing", "customer_id": 999999},
        headers=bearer(settings.service_token),
    )
    assert (
        response.status_code == 422
        and response.json()["detail"] == "customer 999999 does not exist"
    )
    assert counts(session) == (0, 0, 0)


def test_unknown_field_on_patch_is_422_and_ticket_unchanged(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"status": "in_progress", "resolution": "sneaky"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.resolution"
    session.expire_all()
    assert session.get_one(Ticket, ticket.id).status is TicketStatus.NEW
    assert counts(session) == (1, 0, 0)


def test_invalid_enum_on_patch_is_422_listing_the_choices(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent, ticket = make_staff(session), make_ticket(session)
    response = client.patch(
        f"/api/v1/tickets/{ticket.ref}",
        json={"priority": "whenever"},
        headers=staff_headers(settings, agent),
    )
    assert response.status_code == 422
    problem = response.json()["errors"][0]
    assert problem["field"] == "body.priority" and "'urgent'" in problem["problem"]


def test_staff_created_ticket_takes_priority_from_the_customer_tier(
    client: TestClient, settings: Settings, session: Session
) -> None:
    customer = make_customer(session, tier=Tier.A)
    response = client.post(
        "/api/v1/tickets",
        json={"category": "lost_parcel", "customer_id": customer.id},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 201
    assert (response.json()["priority"], response.json()["customer_id"]) == ("high", customer.id)


def test_reference_lookup_ignores_case(
    client: TestClient, settings: Settings, session: Session
) -> None:
    ticket = make_ticket(session)
    response = client.get(
        f"/api/v1/tickets/{ticket.ref.lower()}", headers=bearer(settings.service_token)
    )
    assert response.status_code == 200 and response.json()["ref"] == ticket.ref
