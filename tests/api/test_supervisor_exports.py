"""Transcripts and tickets as CSV: what the search finds, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Category, Language, Sender, SuggestionUse, TicketStatus
from tests.factories import make_conversation, make_ticket
from tests.review_data import agent, flag, say, supervisor

EXPORTS = "/api/v1/supervisor/exports"


def rows_of(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel then reads UTF-8
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_transcripts_csv_has_a_row_per_message_of_the_filtered_conversations(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    worker, _ = agent(session, settings)
    flagged = make_conversation(session, language=Language.ZH)
    say(session, flagged, "快递三天没到", intent="complain_late_delivery", confidence=0.87)
    say(
        session, flagged, "@SUM(A1) 很抱歉", Sender.AGENT, agent_id=worker.id,
        suggestion_use=SuggestionUse.AS_IS, guard={"clean": True},
    )  # fmt: skip
    flag(session, flagged, worker)
    say(session, make_conversation(session), "not in the export")
    rows = rows_of(
        client.get(f"{EXPORTS}/transcripts.csv", params={"guard_incident": True}, headers=headers)
    )
    assert [r["text"] for r in rows] == ["快递三天没到", "'@SUM(A1) 很抱歉"]
    first, second = rows
    assert (first["conversation_id"], first["sender"], first["intent"]) == (
        flagged.id, "customer", "complain_late_delivery",
    )  # fmt: skip
    assert first["confidence"] == "0.87" and first["conversation_language"] == "zh"
    assert (second["agent"], second["suggestion_use"]) == (worker.username, "as_is")
    assert second["guard"] == '{"clean": true}'


def test_transcripts_csv_takes_the_search_filters(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    response = client.get(f"{EXPORTS}/transcripts.csv", params={"page": 2}, headers=headers)
    assert response.status_code == 422  # the export has no pages: every match
    assert (
        client.get(
            f"{EXPORTS}/transcripts.csv", params={"agent": "ghost"}, headers=headers
        ).status_code
        == 422
    )


def test_tickets_csv_says_whether_the_sunset_rule_was_kept(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    on_time = make_ticket(session, category=Category.BILLING, status=TicketStatus.RESOLVED,
                          description="+1 charged twice")  # fmt: skip
    on_time.resolved_at = on_time.created_at + timedelta(hours=1)
    late = make_ticket(session, category=Category.BILLING, due_in=-timedelta(hours=2))
    make_ticket(session, category=Category.REFUND)
    session.commit()
    rows = rows_of(
        client.get(f"{EXPORTS}/tickets.csv", params={"category": "billing"}, headers=headers)
    )
    by_ref = {r["ref"]: r for r in rows}
    assert set(by_ref) == {on_time.ref, late.ref}
    assert (by_ref[on_time.ref]["sunset_breach"], by_ref[late.ref]["sunset_breach"]) == (
        "false",
        "true",
    )
    assert by_ref[late.ref]["overdue"] == "true"
    assert by_ref[on_time.ref]["description"] == "'+1 charged twice"
    assert by_ref[on_time.ref]["status"] == "resolved"


def test_tickets_csv_rejects_unknown_filters(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    response = client.get(f"{EXPORTS}/tickets.csv", params={"category": "weather"}, headers=headers)
    assert response.status_code == 422


def test_agents_may_not_export(client: TestClient, session: Session, settings: Settings) -> None:
    _, headers = agent(session, settings)
    for name in ("transcripts.csv", "tickets.csv", "corrections.csv", "corrections.yml"):
        assert client.get(f"{EXPORTS}/{name}", headers=headers).status_code == 403
