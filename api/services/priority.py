"""Ticket priority from category, customer tier and anger."""

from __future__ import annotations

from api.models.enums import Category, Priority, Tier

CATEGORY_WEIGHT: dict[Category, int] = {
    Category.LOST_PARCEL: 2,
    Category.DAMAGED_GOODS: 2,
    Category.BILLING: 2,
    Category.LATE_DELIVERY: 1,
    Category.WRONG_ITEM: 1,
    Category.PRODUCT_DEFECT: 1,
    Category.REFUND: 1,
    Category.STAFF_ATTITUDE: 1,
    Category.NO_RESPONSE: 1,
    Category.OTHER: 0,
}
TIER_WEIGHT: dict[Tier, int] = {Tier.A: 2, Tier.B: 1, Tier.C: 0}
ANGER_WEIGHT = 2
URGENT_WEIGHT = 1


def priority_for(category: Category, tier: Tier, angry: bool, urgent: bool = False) -> Priority:
    score = CATEGORY_WEIGHT[category] + TIER_WEIGHT[tier]
    score += ANGER_WEIGHT if angry else 0
    score += URGENT_WEIGHT if urgent else 0
    if score >= 5:
        return Priority.URGENT
    if score >= 3:
        return Priority.HIGH
    if score >= 1:
        return Priority.NORMAL
    return Priority.LOW
