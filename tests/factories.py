"""Test data factories: each test makes exactly what it needs."""

from __future__ import annotations

import itertools

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.models import Customer, StaffUser
from api.models.enums import Language, Role, Tier
from api.security import hash_password

_counter = itertools.count(1)


def make_customer(session: Session, tier: Tier = Tier.C, **fields: object) -> Customer:
    n = next(_counter)
    customer = Customer(
        external_id=f"cust-{n}", name=f"Customer {n}", email=f"c{n}@example.com", tier=tier,
        preferred_language=Language.EN, **fields,
    )
    session.add(customer)
    session.commit()
    return customer


def make_staff(session: Session, role: Role = Role.AGENT, password: str = "pw-123456") -> StaffUser:
    n = next(_counter)
    user = StaffUser(
        username=f"{role.value}{n}", display_name=f"Staff {n}", role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.commit()
    return user


def open_conversation(client: TestClient, **body: object) -> dict[str, str]:
    response = client.post("/api/v1/conversations", json=body or None)
    assert response.status_code == 201, response.text
    return dict(response.json())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
