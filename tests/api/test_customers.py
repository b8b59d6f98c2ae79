"""Customers: known across contacts, with their whole history."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Customer
from api.models.enums import Role, TicketStatus, Tier
from tests.factories import (
    make_conversation,
    make_customer,
    make_rating,
    make_staff,
    make_ticket,
    staff_headers,
)

NEW_CUSTOMER = {
    "external_id": "shop-1",
    "name": "Wang Fang",
    "email": "wang@example.com",
    "preferred_language": "zh",
}


def customer_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Customer)) or 0


def test_profile_lists_tickets_conversations_and_csat(
    client: TestClient, settings: Settings, session: Session
) -> None:
    customer = make_customer(session, tier=Tier.B)
    first, second = (
        make_conversation(session, customer, messages=3),
        make_conversation(session, customer),
    )
    ticket = make_ticket(session, customer=customer, status=TicketStatus.RESOLVED)
    make_rating(session, first, 5, "Quick and kind")
    make_rating(session, second, 2)
    make_ticket(session, customer=make_customer(session))  # someone else's
    response = client.get(
        f"/api/v1/customers/{customer.id}", headers=staff_headers(settings, make_staff(session))
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["tier"]) == (customer.name, "B")
    assert [t["ref"] for t in body["tickets"]] == [ticket.ref]
    counts = {c["id"]: c["message_count"] for c in body["conversations"]}
    assert counts == {first.id: 3, second.id: 0}
    assert (
        body["conversations"][0]["state"] == "bot" and body["conversations"][0]["language"] == "en"
    )
    assert body["csat"]["count"] == 2 and body["csat"]["average"] == 3.5
    assert {r["comment"] for r in body["csat"]["ratings"]} == {"Quick and kind", None}


def test_profile_of_customer_without_history_is_empty_not_missing(
    client: TestClient, settings: Settings, session: Session
) -> None:
    customer = make_customer(session)
    body = client.get(
        f"/api/v1/customers/{customer.id}", headers=staff_headers(settings, make_staff(session))
    ).json()
    assert (body["tickets"], body["conversations"]) == ([], [])
    assert body["csat"] == {"ratings": [], "count": 0, "average": None}


def test_unknown_customer_is_404(client: TestClient, settings: Settings, session: Session) -> None:
    response = client.get(
        "/api/v1/customers/424242", headers=staff_headers(settings, make_staff(session))
    )
    assert response.status_code == 404 and response.json()["detail"] == "no customer 424242"


def test_agent_creates_a_customer_with_tier_c(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/customers", json=NEW_CUSTOMER, headers=staff_headers(settings, make_staff(session))
    )
    assert response.status_code == 201, response.text
    assert (response.json()["tier"], response.json()["preferred_language"]) == ("C", "zh")
    assert session.get_one(Customer, response.json()["id"]).email == "wang@example.com"


def test_agent_may_not_create_a_tier_a_customer(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/customers",
        json={**NEW_CUSTOMER, "tier": "A"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 403 and "supervisor" in response.json()["detail"]
    assert customer_count(session) == 0


def test_duplicate_external_id_is_409(
    client: TestClient, settings: Settings, session: Session
) -> None:
    headers = staff_headers(settings, make_staff(session))
    assert client.post("/api/v1/customers", json=NEW_CUSTOMER, headers=headers).status_code == 201
    response = client.post("/api/v1/customers", json=NEW_CUSTOMER, headers=headers)
    assert response.status_code == 409 and "shop-1" in response.json()["detail"]
    assert customer_count(session) == 1


def test_invalid_email_is_422(client: TestClient, settings: Settings, session: Session) -> None:
    response = client.post(
        "/api/v1/customers",
        json={**NEW_CUSTOMER, "email": "not-an-email"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.email"
    assert customer_count(session) == 0


def test_supervisor_changes_the_tier(
    client: TestClient, settings: Settings, session: Session
) -> None:
    customer = make_customer(session)
    response = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"tier": "A"},
        headers=staff_headers(settings, make_staff(session, Role.SUPERVISOR)),
    )
    assert response.status_code == 200 and response.json()["tier"] == "A"
    session.expire_all()
    assert session.get_one(Customer, customer.id).tier is Tier.A


def test_agent_cannot_change_the_tier_and_nothing_changes(
    client: TestClient, settings: Settings, session: Session
) -> None:
    customer = make_customer(session)
    response = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"tier": "A", "phone": "+86 138 0000 0000"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 403
    session.expire_all()
    stored = session.get_one(Customer, customer.id)
    assert (stored.tier, stored.phone) == (Tier.C, None)


def test_agent_updates_contact_details(
    client: TestClient, settings: Settings, session: Session
) -> None:
    customer = make_customer(session)
    response = client.patch(
        f"/api/v1/customers/{customer.id}",
        json={"phone": "+86 138 0000 0000"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 200 and response.json()["phone"] == "+86 138 0000 0000"
    assert response.json()["name"] == customer.name


def test_customer_with_nothing_to_identify_them_is_422(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.post(
        "/api/v1/customers",
        json={"tier": "C"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert response.status_code == 422 and "at least one" in response.json()["errors"][0]["problem"]
    assert customer_count(session) == 0
