"""The dashboard endpoint: figures from the database for a period of days."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.base import utcnow
from api.models.enums import Category, Sender, TicketStatus
from tests.factories import make_conversation, make_rating, make_ticket
from tests.review_data import agent, flag, say, supervisor

URL = "/api/v1/supervisor/dashboard"


def test_dashboard_figures_come_from_the_period(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    worker, _ = agent(session, settings)
    now = utcnow()
    handed = make_conversation(session, handed_off_at=now - timedelta(minutes=10))
    say(session, handed, "still there?", intent="nlu_fallback", confidence=0.45)
    reply = say(session, handed, "Yes, here", Sender.AGENT, agent_id=worker.id)
    reply.created_at = now - timedelta(minutes=6)
    bot_only = make_conversation(session)
    say(session, bot_only, "late order", intent="complain_late_delivery", confidence=0.62)
    make_conversation(session, created_at=now - timedelta(days=40))  # outside the period
    done = make_ticket(session, category=Category.BILLING, status=TicketStatus.RESOLVED)
    done.resolved_at = done.created_at + timedelta(hours=2)
    make_ticket(session, category=Category.BILLING, due_in=-timedelta(hours=1))
    make_rating(session, handed, 2)
    make_rating(session, bot_only, 5)
    flag(session, handed, worker)
    flag(session, bot_only)
    session.commit()
    body = client.get(URL, headers=headers).json()
    assert len(body["complaints_per_day"]["days"]) == 14
    assert sum(body["complaints_per_day"]["series"]["billing"]) == 2
    assert (body["handoff"]["conversations"], body["handoff"]["handed_off"]) == (2, 1)
    assert body["first_response"]["count"] == 1
    assert abs(body["first_response"]["median_minutes"] - 4) < 0.1
    assert body["resolution"]["resolved"] == 1 and body["resolution"]["median_hours"] == 2
    assert (body["resolution"]["within_sunset"], body["resolution"]["due_passed"]) == (1, 2)
    assert body["csat"]["average"] == 3.5
    assert body["csat"]["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}
    assert body["guard_incidents"] == {
        "per_agent": [{"agent": worker.username, "count": 1}],
        "bot": 1,
    }
    assert [m["text"] for m in body["worst_understood"]] == ["still there?", "late order"]


def test_period_is_checked(client: TestClient, session: Session, settings: Settings) -> None:
    _, headers = supervisor(session, settings)
    backwards = client.get(
        URL, params={"date_from": "2026-02-01", "date_to": "2026-01-01"}, headers=headers
    )
    assert backwards.status_code == 422 and "after" in backwards.json()["detail"]
    too_long = client.get(
        URL, params={"date_from": "2024-01-01", "date_to": "2026-01-01"}, headers=headers
    )
    assert too_long.status_code == 422
    one_day = client.get(
        URL, params={"date_from": "2026-01-05", "date_to": "2026-01-05"}, headers=headers
    )
    assert one_day.json()["complaints_per_day"]["days"] == ["2026-01-05"]


def test_agents_may_not_see_the_dashboard(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = agent(session, settings)
    assert client.get(URL, headers=headers).status_code == 403
