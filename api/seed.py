"""Demo accounts and customers for a local run (idempotent)."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import Customer, StaffUser
from api.models.enums import Language, Role, Tier
from api.security import hash_password
from api.seed_transcripts import seed_transcripts

DEMO_FILE = Path(__file__).with_name("data") / "demo.yml"
_DEMO = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
DEMO_LOGINS: list[tuple[str, str, str]] = [
    (s["username"], s["password"], s["role"]) for s in _DEMO["staff"]
]


def seed_demo(session: Session) -> int:
    created = 0
    for staff in _DEMO["staff"]:
        if session.scalars(
            select(StaffUser).where(StaffUser.username == staff["username"])
        ).first():
            continue
        session.add(
            StaffUser(
                username=staff["username"],
                display_name=staff["display_name"],
                role=Role(staff["role"]),
                password_hash=hash_password(staff["password"]),
            )
        )
        created += 1
    for customer in _DEMO["customers"]:
        if session.scalars(
            select(Customer).where(Customer.external_id == customer["external_id"])
        ).first():
            continue
        session.add(
            Customer(
                external_id=customer["external_id"],
                name=customer["name"],
                email=customer["email"],
                tier=Tier(customer["tier"]),
                preferred_language=Language(customer["preferred_language"]),
            )
        )
        created += 1
    session.commit()
    return created + seed_transcripts(session)  # after the staff and customers it names
