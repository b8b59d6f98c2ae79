"""Finding tickets: filters, pagination, and the supervisors' overdue queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Category, Priority, Role, TicketStatus
from tests.factories import make_customer, make_staff, make_ticket, staff_headers

LIST = "/api/v1/tickets"


def refs(response_json: dict[str, object]) -> list[str]:
    return [t["ref"] for t in response_json["items"]]  # type: ignore[attr-defined]


def test_list_is_newest_first_with_total(
    client: TestClient, settings: Settings, session: Session
) -> None:
    now = datetime.now(UTC)
    old, new = (
        make_ticket(session, created_at=now - timedelta(days=1)),
        make_ticket(session, created_at=now),
    )
    body = client.get(LIST, headers=staff_headers(settings, make_staff(session))).json()
    assert refs(body) == [new.ref, old.ref]
    assert (body["total"], body["page"], body["page_size"]) == (2, 1, 20)


def test_pages_split_the_list_and_keep_the_total(
    client: TestClient, settings: Settings, session: Session
) -> None:
    start = datetime.now(UTC)
    made = [make_ticket(session, created_at=start - timedelta(minutes=i)) for i in range(5)]
    headers = staff_headers(settings, make_staff(session))
    pages = [
        client.get(LIST, params={"page": p, "page_size": 2}, headers=headers).json()
        for p in (1, 2, 3)
    ]
    assert [refs(p) for p in pages] == [
        [t.ref for t in made[0:2]],
        [t.ref for t in made[2:4]],
        [made[4].ref],
    ]
    assert {p["total"] for p in pages} == {5}


def test_filter_by_status_accepts_several(
    client: TestClient, settings: Settings, session: Session
) -> None:
    new = make_ticket(session)
    waiting = make_ticket(session, status=TicketStatus.WAITING_CUSTOMER)
    make_ticket(session, status=TicketStatus.CLOSED)
    response = client.get(
        f"{LIST}?status=new&status=waiting_customer",
        headers=staff_headers(settings, make_staff(session)),
    )
    assert set(refs(response.json())) == {new.ref, waiting.ref}


def test_filter_by_category_and_priority(
    client: TestClient, settings: Settings, session: Session
) -> None:
    wanted = make_ticket(session, category=Category.BILLING, priority=Priority.URGENT)
    make_ticket(session, category=Category.BILLING, priority=Priority.LOW)
    make_ticket(session, category=Category.REFUND, priority=Priority.URGENT)
    response = client.get(
        LIST,
        params={"category": "billing", "priority": "urgent"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert refs(response.json()) == [wanted.ref]


def test_filter_by_customer(client: TestClient, settings: Settings, session: Session) -> None:
    customer = make_customer(session)
    theirs = make_ticket(session, customer=customer)
    make_ticket(session, customer=make_customer(session))
    response = client.get(
        LIST,
        params={"customer_id": customer.id},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert refs(response.json()) == [theirs.ref]


def test_filter_by_assignee_me_username_and_id(
    client: TestClient, settings: Settings, session: Session
) -> None:
    me, other = make_staff(session), make_staff(session)
    mine = make_ticket(session, assignee_id=me.id)
    make_ticket(session, assignee_id=other.id)
    make_ticket(session)
    headers = staff_headers(settings, me)
    for who in ("me", me.username, str(me.id)):
        response = client.get(LIST, params={"assignee": who}, headers=headers)
        assert refs(response.json()) == [mine.ref], who
        assert response.json()["items"][0]["assignee"] == me.username


def test_unknown_assignee_filter_is_422(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.get(
        LIST, params={"assignee": "ghost"}, headers=staff_headers(settings, make_staff(session))
    )
    assert response.status_code == 422 and "ghost" in response.json()["detail"]


def test_overdue_filter_means_past_due_and_still_open(
    client: TestClient, settings: Settings, session: Session
) -> None:
    late = make_ticket(session, due_in=timedelta(hours=-1))
    make_ticket(session, due_in=timedelta(hours=-1), status=TicketStatus.RESOLVED)
    on_time = make_ticket(session, due_in=timedelta(hours=1))
    headers = staff_headers(settings, make_staff(session))
    overdue = client.get(LIST, params={"overdue": "true"}, headers=headers).json()
    assert refs(overdue) == [late.ref] and overdue["items"][0]["overdue"] is True
    not_overdue = client.get(
        LIST, params={"overdue": "false", "status": "new"}, headers=headers
    ).json()
    assert refs(not_overdue) == [on_time.ref]


def test_created_window_with_dates_covers_whole_days_in_business_time(
    client: TestClient, settings: Settings, session: Session
) -> None:
    # 2026-11-23 in Shanghai runs from 2026-11-22T16:00Z to 2026-11-23T16:00Z.
    inside = make_ticket(session, created_at=datetime(2026, 11, 22, 16, 30, tzinfo=UTC))
    make_ticket(session, created_at=datetime(2026, 11, 22, 15, 59, tzinfo=UTC))
    make_ticket(session, created_at=datetime(2026, 11, 23, 16, 0, tzinfo=UTC))
    response = client.get(
        LIST,
        params={"created_from": "2026-11-23", "created_to": "2026-11-23"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert refs(response.json()) == [inside.ref]


def test_created_window_with_aware_datetimes(
    client: TestClient, settings: Settings, session: Session
) -> None:
    inside = make_ticket(session, created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    make_ticket(session, created_at=datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    response = client.get(
        LIST,
        params={"created_from": "2026-11-23T09:00:00Z", "created_to": "2026-11-23T19:00:00+08:00"},
        headers=staff_headers(settings, make_staff(session)),
    )
    assert refs(response.json()) == [inside.ref]


def test_unknown_filter_and_bad_values_are_422(
    client: TestClient, settings: Settings, session: Session
) -> None:
    headers = staff_headers(settings, make_staff(session))
    for params, field in (
        ({"colour": "red"}, "query.colour"),
        ({"status": "lost"}, "query.status.0"),
        ({"page_size": "1000"}, "query.page_size"),
    ):
        response = client.get(LIST, params=params, headers=headers)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field


def test_supervisor_overdue_queue_is_most_overdue_first(
    client: TestClient, settings: Settings, session: Session
) -> None:
    later = make_ticket(session, due_in=timedelta(hours=-1))
    earliest = make_ticket(session, due_in=timedelta(hours=-5))
    make_ticket(session, due_in=timedelta(hours=2))
    make_ticket(session, due_in=timedelta(hours=-9), status=TicketStatus.CLOSED)
    response = client.get(
        f"{LIST}/overdue", headers=staff_headers(settings, make_staff(session, Role.SUPERVISOR))
    )
    assert response.status_code == 200
    assert refs(response.json()) == [earliest.ref, later.ref] and response.json()["total"] == 2


def test_agent_cannot_see_the_overdue_queue(
    client: TestClient, settings: Settings, session: Session
) -> None:
    response = client.get(f"{LIST}/overdue", headers=staff_headers(settings, make_staff(session)))
    assert response.status_code == 403 and response.json()["detail"] == "your role may not do this"
