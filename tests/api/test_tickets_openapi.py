"""The OpenAPI document: every route is there and documented, schemas have examples."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

DOCUMENTED_TAGS = {"tickets", "customers", "auth"}
SCHEMAS_WITH_EXAMPLES = (
    "TicketCreate",
    "TicketUpdate",
    "TicketPublic",
    "TicketPage",
    "TicketEventPublic",
    "NoteCreate",
    "TicketResolve",
    "TicketReopen",
    "CustomerCreate",
    "CustomerUpdate",
    "CustomerPublic",
    "LoginRequest",
    "LoginResult",
    "StaffPublic",
    "Problem",
)


@pytest.fixture
def spec(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def test_every_route_is_listed(client: TestClient, spec: dict[str, Any]) -> None:
    routes = {
        (r.path, m.lower())
        for r in client.app.routes  # type: ignore[attr-defined]
        if isinstance(r, APIRoute) and r.include_in_schema
        for m in r.methods
    }
    listed = {(path, method) for path, method, _ in operations(spec)}
    assert routes <= listed


def test_every_operation_documents_at_least_one_response(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        assert op.get("responses"), f"{method.upper()} {path} documents no response"


def test_ticket_customer_and_auth_routes_have_summary_and_description(spec: dict[str, Any]) -> None:
    ours = [
        (p, m, op) for p, m, op in operations(spec) if DOCUMENTED_TAGS & set(op.get("tags", []))
    ]
    assert len(ours) >= 15
    for path, method, op in ours:
        assert op.get("summary") and op.get("description"), f"{method.upper()} {path}"


def test_ticket_routes_document_their_error_responses(spec: dict[str, Any]) -> None:
    patch = spec["paths"]["/api/v1/tickets/{ref}"]["patch"]["responses"]
    assert {"200", "401", "403", "404", "409", "422"} <= set(patch)
    assert patch["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationProblem"
    )


@pytest.mark.parametrize("name", SCHEMAS_WITH_EXAMPLES)
def test_schema_carries_examples(spec: dict[str, Any], name: str) -> None:
    assert spec["components"]["schemas"][name].get("examples"), name


def test_ticket_public_example_has_every_required_field_and_no_unknown_one(
    spec: dict[str, Any],
) -> None:
    schema = spec["components"]["schemas"]["TicketPublic"]
    example = set(schema["examples"][0])  # (null values are left out of the document)
    assert set(schema["required"]) <= example <= set(schema["properties"])
