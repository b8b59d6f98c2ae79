"""What a reply may depend on: the values the API gathers before rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Language = Literal["en", "zh"]
Tier = Literal["A", "B", "C"]


@dataclass(frozen=True)
class TicketSummary:
    ref: str
    category: str
    status: str  # new|in_progress|waiting_customer|resolved|closed|reopened
    due_at: datetime | None  # aware, in the business time zone


@dataclass(frozen=True)
class ReplyContext:
    language: Language
    category: str | None = None  # category key (see docs/CONTRACTS.md), None when unknown
    tier: Tier = "C"
    angry: bool = False
    urgent: bool = False
    order_number: str | None = None
    description: str | None = None
    ticket_ref: str | None = None
    ticket_status: str | None = None
    due_at: datetime | None = None  # when the customer hears back (sunset rule)
    due_today: bool = True  # False when the complaint came after the cut-off
    customer_name: str | None = None
    tickets: tuple[TicketSummary, ...] = ()
    attempts: int = 0  # failed validation attempts so far
    wait_minutes: int | None = None  # rough wait for a person (hand-off)
    variant: int = 0  # varies wording so the bot does not repeat itself
