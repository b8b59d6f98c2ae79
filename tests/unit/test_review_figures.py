"""Dashboard figures from hand-built facts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from api.schemas.dashboard import PoorlyUnderstood
from api.services import review_figures as f

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
DAYS = f.days_between(date(2026, 11, 22), date(2026, 11, 24))


def ticket(
    category: str = "billing",
    created: datetime = T0,
    due_in: float = 6,
    resolved_after: float | None = None,
    is_open: bool = True,
) -> f.TicketFact:
    resolved = created + timedelta(hours=resolved_after) if resolved_after is not None else None
    return f.TicketFact(category, created, created + timedelta(hours=due_in), resolved, is_open)


def test_days_between_is_inclusive() -> None:
    assert f.days_between(date(2026, 11, 22), date(2026, 11, 24)) == [
        date(2026, 11, 22),
        date(2026, 11, 23),
        date(2026, 11, 24),
    ]


def test_complaints_are_counted_per_category_per_business_day() -> None:
    late_evening_utc = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)  # 01:00 on the 23rd in Shanghai
    tickets = [
        ticket("billing"),
        ticket("billing", created=late_evening_utc),
        ticket("refund", created=T0 + timedelta(days=1)),
        ticket("refund", created=T0 + timedelta(days=30)),  # outside the days
    ]
    figure = f.complaints_per_day(tickets, DAYS, SHANGHAI)
    assert figure.series == {"billing": [0, 2, 0], "refund": [0, 0, 1]}


def test_handoff_rate_per_day_and_overall() -> None:
    conversations = [
        f.ConversationFact(T0, T0, None),
        f.ConversationFact(T0, None, None),
        f.ConversationFact(T0, None, None),
        f.ConversationFact(T0 + timedelta(days=1), T0 + timedelta(days=1), None),
    ]
    figure = f.handoff_rate(conversations, DAYS, SHANGHAI)
    assert (figure.conversations, figure.handed_off, figure.rate) == (4, 2, 0.5)
    assert [(d.conversations, d.handed_off) for d in figure.per_day] == [(0, 0), (3, 1), (1, 1)]


def test_handoff_rate_without_conversations_is_none() -> None:
    assert f.handoff_rate([], DAYS, SHANGHAI).rate is None


def test_first_response_counts_only_answered_handoffs() -> None:
    minutes = (2, 4, 30)
    conversations = [f.ConversationFact(T0, T0, T0 + timedelta(minutes=m)) for m in minutes]
    conversations += [f.ConversationFact(T0, T0, None), f.ConversationFact(T0, None, None)]
    figure = f.first_response(conversations)
    assert (figure.count, figure.median_minutes, figure.mean_minutes) == (3, 4, 12)
    assert figure.p90_minutes == 30


def test_first_response_without_data_is_empty() -> None:
    figure = f.first_response([])
    assert figure.count == 0 and figure.median_minutes is None


def test_nearest_rank_percentile() -> None:
    assert f.nearest_rank(list(range(1, 11)), 0.9) == 9
    assert f.nearest_rank([5.0], 0.9) == 5.0


def test_resolution_time_and_share_within_the_sunset_rule() -> None:
    now = T0 + timedelta(days=2)
    tickets = [
        ticket(resolved_after=2, is_open=False),  # on time
        ticket(resolved_after=10, is_open=False),  # after its due time (6 h)
        ticket(),  # open, past due: missed
        ticket(created=now - timedelta(hours=1)),  # open, not due yet: not counted
    ]
    figure = f.resolution(tickets, now)
    assert (figure.resolved, figure.median_hours, figure.mean_hours) == (2, 6, 6)
    assert (figure.within_sunset, figure.due_passed) == (1, 3)
    assert figure.share_within_sunset == pytest.approx(1 / 3, abs=1e-4)


def test_csat_average_and_distribution() -> None:
    figure = f.csat([5, 4, 4, 1])
    assert figure.average == 3.5 and figure.count == 4
    assert figure.distribution == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    assert f.csat([]).average is None


def test_incidents_per_agent_most_first_and_bot_apart() -> None:
    figure = f.incidents_per_agent(["li", None, "tom", "li", None, "ann"])
    assert [(a.agent, a.count) for a in figure.per_agent] == [("li", 2), ("ann", 1), ("tom", 1)]
    assert figure.bot == 2


def message(mid: int, intent: str | None, confidence: float | None) -> PoorlyUnderstood:
    return PoorlyUnderstood(
        message_id=mid, conversation_id="c", created_at=T0, text=f"m{mid}",
        language="en", intent=intent, confidence=confidence, corrected_intent=None,
    )  # fmt: skip


def test_worst_understood_puts_fallbacks_first_then_low_confidence() -> None:
    messages = [
        message(1, "greet", 0.9),
        message(2, "deny", 0.3),
        message(3, "nlu_fallback", 0.45),
        message(4, "inform", None),
        message(5, "affirm", 0.5),
    ]
    assert [m.message_id for m in f.worst_understood(messages, 3)] == [3, 2, 5]
