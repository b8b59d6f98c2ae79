"""The agent queue's order: anger, tier, waiting time, ticket due time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.models.enums import Tier
from api.services.queue import QueueFacts, priority_score, rank

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def facts(
    name: str,
    *,
    angry: bool = False,
    anger: float = 0.0,
    tier: Tier = Tier.C,
    waited: int = 0,
    due_in: int | None = None,
) -> QueueFacts:
    return QueueFacts(
        conversation_id=name,
        angry=angry,
        anger=anger,
        tier=tier,
        waiting_since=NOW - timedelta(minutes=waited),
        ticket_due_at=NOW + timedelta(minutes=due_in) if due_in is not None else None,
    )


def order(*entries: QueueFacts) -> list[str]:
    return [f.conversation_id for f in rank(entries, NOW)]


def test_an_angry_customer_comes_before_a_calm_one() -> None:
    assert order(facts("calm"), facts("angry", angry=True, anger=0.8)) == ["angry", "calm"]


def test_higher_tier_comes_first_when_all_else_is_equal() -> None:
    assert order(facts("c"), facts("a", tier=Tier.A), facts("b", tier=Tier.B)) == ["a", "b", "c"]


def test_anger_outweighs_tier() -> None:
    assert order(facts("tier-a", tier=Tier.A), facts("angry-c", angry=True)) == [
        "angry-c",
        "tier-a",
    ]


def test_a_long_wait_eventually_outranks_fresh_anger() -> None:
    assert order(facts("fresh-angry", angry=True), facts("waited-30", waited=30)) == [
        "waited-30",
        "fresh-angry",
    ]


def test_waiting_points_stop_growing_after_half_an_hour() -> None:
    assert priority_score(facts("x", waited=30), NOW) == priority_score(facts("y", waited=300), NOW)


def test_an_overdue_ticket_comes_before_one_due_soon_before_one_due_later() -> None:
    ranked = order(facts("later", due_in=600), facts("soon", due_in=30), facts("late", due_in=-5))
    assert ranked == ["late", "soon", "later"]


def test_ties_go_to_the_longer_wait_then_the_earlier_due_time() -> None:
    assert order(facts("new", waited=1), facts("old", waited=4)) == ["old", "new"]
    assert order(facts("d2", due_in=500), facts("d1", due_in=400)) == ["d1", "d2"]


def test_score_adds_every_factor() -> None:
    everything = facts("x", angry=True, tier=Tier.A, waited=12, due_in=-1)
    assert priority_score(everything, NOW) == 3 + 2 + 2 + 2


def test_no_wait_recorded_counts_as_no_waiting_time() -> None:
    mine = QueueFacts("mine", False, 0.0, Tier.B, None, None)
    assert priority_score(mine, NOW) == 1
