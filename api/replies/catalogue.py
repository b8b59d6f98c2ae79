"""Every text a customer can read from the bot, rendered over a fixed spread of contexts.

The reply tests check the complaint sandwiches built here, the guard's tests check that
every text passes the guard, and the guard's classifier learns them all as good replies
(``scripts/train_guard.py``). The clock and the references are fixed, so the texts are
the same on every run.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from itertools import product
from pathlib import Path
from typing import NamedTuple, get_args

from api.models.enums import Category
from api.replies.context import Language, ReplyContext, TicketSummary, Tier
from api.replies.renderer import ReplyRenderer

RESPONSES = Path(__file__).resolve().parents[2] / "responses"
TZ = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 10, 9, tzinfo=TZ)  # a Tuesday in March 2026
DUE = NOW.replace(hour=17, minute=30)
REF, ORDER = "CC-7K3Q9M2X", "SF1234567890"
COMPLAINTS = ("utter_complaint_filed", "utter_complaint_received", "utter_deescalate")
CATEGORIES = tuple(c.value for c in Category if c is not Category.OTHER)
LANGUAGES: tuple[Language, ...] = get_args(Language)
TIERS: tuple[Tier, ...] = get_args(Tier)


class Combo(NamedTuple):
    """One complaint reply: which response, for whom, in what mood."""

    name: str
    category: str
    language: Language
    tier: Tier
    angry: bool
    order_number: str | None

    def __str__(self) -> str:  # a test id, e.g. complaint_filed-refund-en-A-True-None
        return "-".join(map(str, self)).removeprefix("utter_")


AXES = (COMPLAINTS, CATEGORIES, LANGUAGES, TIERS, (False, True), (None, ORDER))
COMBOS = [Combo(*values) for values in product(*AXES)]


@cache
def renderer() -> ReplyRenderer:
    """The project's templates, with the clock stopped at ``NOW``."""
    return ReplyRenderer(RESPONSES, clock=lambda: NOW)


@cache
def render_combo(combo: Combo) -> str:
    fields = {k: v for k, v in combo._asdict().items() if k != "name"}
    ctx = ReplyContext(**fields, ticket_ref=REF, due_at=DUE)
    return renderer().render(combo.name, ctx).text


def many_contexts(lang: Language) -> list[ReplyContext]:
    """A bare context, then rich ones across tiers, moods and variants."""
    tickets = (
        TicketSummary(REF, "refund", "in_progress", DUE),
        TicketSummary("CC-AB12CD34", "billing", "resolved", None),
    )
    return [ReplyContext(lang)] + [
        ReplyContext(
            lang,
            "lost_parcel",
            tier,
            angry,
            variant=v,
            tickets=tickets[:v],
            ticket_ref=REF,
            ticket_status="waiting_customer",
            due_at=DUE,
            customer_name="Anna",
            attempts=2,
            wait_minutes=1,
        )
        for tier, angry, v in product(TIERS, (False, True), range(4))
    ]


def reply_texts(lang: Language) -> list[str]:
    """Every text and button a customer can read in ``lang``: the complaint combos, then
    every response in many contexts."""
    texts = [render_combo(c) for c in COMBOS if c.language == lang]
    for name in sorted(renderer().names()):
        for ctx in many_contexts(lang):
            reply = renderer().render(name, ctx)
            texts += [reply.text, *(button.title for button in reply.buttons)]
    return texts
