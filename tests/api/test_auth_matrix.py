"""Who reaches what: each principal against each endpoint, and staff sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import StaffUser
from api.models.enums import Role
from tests.factories import (
    bearer,
    make_customer,
    make_staff,
    make_ticket,
    open_conversation,
    staff_headers,
)

PRINCIPALS = ("none", "customer_a", "customer_b", "service", "agent", "supervisor")

# endpoint: (method, path, JSON body)
ENDPOINTS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "read_conversation_a": ("GET", "/api/v1/conversations/{conv_a}/messages", None),
    "read_conversation_b": ("GET", "/api/v1/conversations/{conv_b}/messages", None),
    "create_ticket": ("POST", "/api/v1/tickets", {"category": "billing"}),
    "read_ticket": ("GET", "/api/v1/tickets/{ref}", None),
    "list_tickets": ("GET", "/api/v1/tickets", None),
    "patch_ticket": ("PATCH", "/api/v1/tickets/{ref}", {"priority": "high"}),
    "add_note": ("POST", "/api/v1/tickets/{ref}/notes", {"text": "Called back."}),
    "resolve_ticket": ("POST", "/api/v1/tickets/{ref}/resolve", {"resolution": "Refunded."}),
    "read_events": ("GET", "/api/v1/tickets/{ref}/events", None),
    "overdue_list": ("GET", "/api/v1/tickets/overdue", None),
    "customer_profile": ("GET", "/api/v1/customers/{customer}", None),
    "create_customer": ("POST", "/api/v1/customers", {"name": "New Customer"}),
    "change_tier": ("PATCH", "/api/v1/customers/{customer}", {"tier": "A"}),
    "who_am_i": ("GET", "/api/v1/auth/me", None),
}

EXPECTED: dict[str, tuple[int, ...]] = {
    #                     none  cust A  cust B  service  agent  supervisor
    "read_conversation_a": (401, 200, 403, 403, 403, 403),
    "read_conversation_b": (401, 403, 200, 403, 403, 403),
    "create_ticket":       (401, 401, 401, 201, 201, 201),
    "read_ticket":         (401, 401, 401, 200, 200, 200),
    "list_tickets":        (401, 401, 401, 403, 200, 200),
    "patch_ticket":        (401, 401, 401, 403, 200, 200),
    "add_note":            (401, 401, 401, 403, 201, 201),
    "resolve_ticket":      (401, 401, 401, 403, 200, 200),
    "read_events":         (401, 401, 401, 403, 200, 200),
    "overdue_list":        (401, 401, 401, 403, 403, 200),
    "customer_profile":    (401, 401, 401, 403, 200, 200),
    "create_customer":     (401, 401, 401, 403, 201, 201),
    "change_tier":         (401, 401, 401, 403, 403, 200),
    "who_am_i":            (401, 401, 401, 401, 200, 200),
}  # fmt: skip

CASES = [
    pytest.param(endpoint, principal, expected, id=f"{endpoint}-{principal}")
    for endpoint, row in EXPECTED.items()
    for principal, expected in zip(PRINCIPALS, row, strict=True)
]


@dataclass(frozen=True)
class World:
    headers: dict[str, dict[str, str]]
    ids: dict[str, object]


@pytest.fixture
def world(client: TestClient, settings: Settings, session: Session) -> World:
    conv_a, conv_b = open_conversation(client), open_conversation(client)
    headers = {
        "none": {},
        "customer_a": bearer(conv_a["token"]),
        "customer_b": bearer(conv_b["token"]),
        "service": bearer(settings.service_token),
        "agent": staff_headers(settings, make_staff(session, Role.AGENT)),
        "supervisor": staff_headers(settings, make_staff(session, Role.SUPERVISOR)),
    }
    ids = {
        "conv_a": conv_a["id"],
        "conv_b": conv_b["id"],
        "ref": make_ticket(session).ref,
        "customer": make_customer(session).id,
    }
    return World(headers, ids)


def test_matrix_covers_every_endpoint() -> None:
    assert set(EXPECTED) == set(ENDPOINTS)


@pytest.mark.parametrize(("endpoint", "principal", "expected"), CASES)
def test_principal_reaches_exactly_what_it_should(
    client: TestClient, world: World, endpoint: str, principal: str, expected: int
) -> None:
    method, path, body = ENDPOINTS[endpoint]
    response = client.request(
        method, path.format(**world.ids), json=body, headers=world.headers[principal]
    )
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert isinstance(response.json()["detail"], str) and response.json()["detail"]
    if expected == 401:
        assert response.headers["WWW-Authenticate"] == "Bearer"


# --- staff sign-in ----------------------------------------------------------------


def login(client: TestClient, username: str, password: str = "pw-123456") -> Any:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


def test_login_returns_a_bearer_token_that_reaches_the_api(
    client: TestClient, session: Session
) -> None:
    agent = make_staff(session)
    response = login(client, agent.username)
    assert response.status_code == 200
    body = response.json()
    assert (body["token_type"], body["role"], body["display_name"]) == (
        "bearer",
        "agent",
        agent.display_name,
    )
    client.cookies.clear()  # prove the bearer token alone is enough
    me = client.get("/api/v1/auth/me", headers=bearer(body["access_token"]))
    assert me.json()["username"] == agent.username


def test_login_sets_an_httponly_samesite_lax_session_cookie(
    client: TestClient, session: Session
) -> None:
    response = login(client, make_staff(session).username)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"session={response.json()['access_token']};")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie


def test_session_cookie_alone_signs_the_browser_in(client: TestClient, session: Session) -> None:
    supervisor = make_staff(session, Role.SUPERVISOR)
    login(client, supervisor.username)
    assert client.get("/api/v1/auth/me").json()["role"] == "supervisor"
    assert client.get("/api/v1/tickets/overdue").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_401(
    client: TestClient, session: Session
) -> None:
    agent = make_staff(session)
    wrong_password, unknown_user = (
        login(client, agent.username, "nope-nope"),
        login(client, "nobody"),
    )
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json() == {"detail": "wrong username or password"}
    assert "set-cookie" not in wrong_password.headers


def test_inactive_staff_cannot_sign_in_or_use_an_old_token(
    client: TestClient, settings: Settings, session: Session
) -> None:
    agent = make_staff(session)
    old_headers = staff_headers(settings, agent)
    session.get_one(StaffUser, agent.id).active = False
    session.commit()
    assert login(client, agent.username).status_code == 401
    assert client.get("/api/v1/tickets", headers=old_headers).status_code == 401


def test_logout_clears_the_session_cookie(client: TestClient, session: Session) -> None:
    login(client, make_staff(session).username)
    response = client.post("/api/v1/auth/logout")
    assert response.status_code == 204
    assert (
        'session=""' in response.headers["set-cookie"]
        and "Max-Age=0" in response.headers["set-cookie"]
    )
    assert client.get("/api/v1/auth/me").status_code == 401


def test_tampered_token_is_401(client: TestClient, settings: Settings, session: Session) -> None:
    token = staff_headers(settings, make_staff(session))["Authorization"] + "x"
    response = client.get("/api/v1/tickets", headers={"Authorization": token})
    assert response.status_code == 401 and response.json()["detail"] == "invalid token"


def test_login_with_unknown_field_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/login", json={"username": "a", "password": "b", "role": "supervisor"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.role"
