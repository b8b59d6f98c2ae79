"""Ticket priority from category × tier × anger (and urgency)."""

from __future__ import annotations

import pytest

from api.models.enums import Category, Priority, Tier
from api.services.priority import priority_for


@pytest.mark.parametrize(
    ("category", "tier", "angry", "urgent", "expected"),
    [
        (Category.OTHER, Tier.C, False, False, Priority.LOW),
        (Category.LATE_DELIVERY, Tier.C, False, False, Priority.NORMAL),
        (Category.LOST_PARCEL, Tier.C, False, False, Priority.NORMAL),
        (Category.LATE_DELIVERY, Tier.B, False, False, Priority.NORMAL),
        (Category.LATE_DELIVERY, Tier.A, False, False, Priority.HIGH),
        (Category.LOST_PARCEL, Tier.B, False, False, Priority.HIGH),
        (Category.LATE_DELIVERY, Tier.C, True, False, Priority.HIGH),
        (Category.LOST_PARCEL, Tier.A, True, False, Priority.URGENT),
        (Category.LATE_DELIVERY, Tier.A, True, False, Priority.URGENT),
        (Category.OTHER, Tier.C, False, True, Priority.NORMAL),
        (Category.BILLING, Tier.B, True, False, Priority.URGENT),
    ],
)
def test_priority_table(
    category: Category, tier: Tier, angry: bool, urgent: bool, expected: Priority
) -> None:
    assert priority_for(category, tier, angry, urgent) is expected


def test_every_category_has_a_priority() -> None:
    for category in Category:
        assert priority_for(category, Tier.C, angry=False) in Priority


@pytest.mark.parametrize("tier", list(Tier))
def test_anger_never_lowers_priority(tier: Tier) -> None:
    order = list(Priority)
    for category in Category:
        calm, angry = priority_for(category, tier, False), priority_for(category, tier, True)
        assert order.index(angry) >= order.index(calm)


def test_better_tier_never_lowers_priority() -> None:
    order = list(Priority)
    for category in Category:
        ranks = [order.index(priority_for(category, t, False)) for t in (Tier.C, Tier.B, Tier.A)]
        assert ranks == sorted(ranks)
