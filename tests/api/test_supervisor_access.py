"""Every supervisor endpoint: supervisors only (no login 401; the action service,
agents and customers' conversation tokens are refused)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Role
from tests.factories import bearer, make_conversation, make_staff, open_conversation, staff_headers
from tests.review_data import say

S = "/api/v1/supervisor"
ENDPOINTS = [
    ("GET", f"{S}/transcripts", None),
    ("GET", f"{S}/transcripts/{{conv}}", None),
    ("POST", f"{S}/transcripts/{{conv}}/tags", {"tag": "x"}),
    ("POST", f"{S}/transcripts/{{conv}}/notes", {"text": "x"}),
    ("PUT", f"{S}/transcripts/{{conv}}/review", None),
    ("GET", f"{S}/intents", None),
    ("PUT", f"{S}/messages/{{msg}}/intent", {"intent": "greet"}),
    ("GET", f"{S}/corrections", None),
    ("GET", f"{S}/dashboard", None),
    ("GET", f"{S}/exports/corrections.yml", None),
    ("GET", f"{S}/exports/corrections.csv", None),
    ("GET", f"{S}/exports/transcripts.csv", None),
    ("GET", f"{S}/exports/tickets.csv", None),
]
SUCCESS = {"GET": 200, "PUT": 200, "POST": 201}


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_only_supervisors_get_through(
    client: TestClient,
    session: Session,
    settings: Settings,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    conversation = make_conversation(session)
    message = say(session, conversation, "hi", intent="greet", confidence=0.4)
    url = path.format(conv=conversation.id, msg=message.id)
    customer = open_conversation(client)["token"]
    callers = {
        "nobody": ({}, 401),
        "customer": (bearer(customer), 401),
        "service": (bearer(settings.service_token), 403),
        "agent": (staff_headers(settings, make_staff(session, Role.AGENT)), 403),
        "supervisor": (
            staff_headers(settings, make_staff(session, Role.SUPERVISOR)),
            SUCCESS[method],
        ),
    }
    for who, (headers, expected) in callers.items():
        response = client.request(method, url, json=body, headers=headers)
        assert response.status_code == expected, (who, response.text)
