"""The demo seed gives the supervisor console something to show, once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation
from api.seed import seed_demo
from api.seed_transcripts import seed_transcripts
from tests.review_data import supervisor

D002 = "00000000-0000-4000-8000-00000000d002"


def test_demo_transcripts_are_seeded_once_and_searchable(
    client: TestClient, session: Session, settings: Settings
) -> None:
    seed_demo(session)
    count = session.scalar(select(func.count()).select_from(Conversation))
    assert count == 4
    assert seed_transcripts(session) == 0
    _, headers = supervisor(session, settings)
    found = client.get(
        "/api/v1/supervisor/transcripts", params={"guard_incident": True}, headers=headers
    ).json()
    assert [item["id"] for item in found["items"]] == [D002]
    assert found["items"][0]["agents"] == ["agent2"] and found["items"][0]["csat"] == 2
    dashboard = client.get("/api/v1/supervisor/dashboard", headers=headers).json()
    assert dashboard["handoff"]["handed_off"] == 2
    assert dashboard["guard_incidents"]["per_agent"] == [{"agent": "agent2", "count": 1}]
