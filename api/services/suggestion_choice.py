"""Which replies to suggest to an agent, and how the agent used them (pure).

``choose`` offers the sandwich for the latest message's category first, then one
or two alternatives: a de-escalation when the customer is angry, a request for
details when the bot was unsure, the ticket's or an earlier complaint's category
when they differ, else an apology-first version. ``suggestion_use`` says whether
a sent reply was a suggestion as is, an edited one, or the agent's own words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from api.models.enums import Category, SuggestionUse

LOW_CONFIDENCE = 0.6
MAX_ALTERNATIVES = 2
FALLBACK_INTENT = "nlu_fallback"
SANDWICH, DEESCALATE, DETAILS = "suggest_sandwich", "suggest_deescalate", "suggest_details"
COMPLAINT_INTENTS: dict[str, str] = {
    ("request_refund" if c is Category.REFUND else f"complain_{c.value}"): c.value
    for c in Category
    if c is not Category.OTHER
}


class Why(enum.StrEnum):
    """Why a reply is suggested (the console words each in console_agent.yml)."""

    CATEGORY = "category"  # the category of the latest message
    NO_CATEGORY = "no_category"  # no complaint recognised yet
    TICKET_CATEGORY = "ticket_category"
    EARLIER_CATEGORY = "earlier_category"
    ANGRY = "angry"
    LOW_CONFIDENCE = "low_confidence"
    APOLOGY_FIRST = "apology_first"


@dataclass(frozen=True)
class Reading:
    """What is known about the latest customer message and its conversation."""

    intent: str | None
    confidence: float | None
    angry: bool
    ticket_category: str | None = None
    earlier_categories: tuple[str, ...] = ()  # of earlier messages, newest first


@dataclass(frozen=True)
class Choice:
    response: str
    category: str | None
    why: Why


def category_of(intent: str | None) -> str | None:
    return COMPLAINT_INTENTS.get(intent or "")


def unsure(reading: Reading) -> bool:
    low = reading.confidence is not None and reading.confidence < LOW_CONFIDENCE
    return low or reading.intent in (None, FALLBACK_INTENT)


def primary_choice(reading: Reading) -> Choice:
    if category := category_of(reading.intent):
        return Choice(SANDWICH, category, Why.CATEGORY)
    if reading.ticket_category:
        return Choice(SANDWICH, reading.ticket_category, Why.TICKET_CATEGORY)
    if reading.earlier_categories:
        return Choice(SANDWICH, reading.earlier_categories[0], Why.EARLIER_CATEGORY)
    return Choice(DETAILS, None, Why.LOW_CONFIDENCE if unsure(reading) else Why.NO_CATEGORY)


def alternative_choices(reading: Reading, primary: Choice) -> list[Choice]:
    candidates: list[Choice] = []
    if reading.angry:
        candidates.append(Choice(DEESCALATE, primary.category, Why.ANGRY))
    if unsure(reading):
        candidates.append(Choice(DETAILS, None, Why.LOW_CONFIDENCE))
    for category, why in (
        (reading.ticket_category, Why.TICKET_CATEGORY),
        *((c, Why.EARLIER_CATEGORY) for c in reading.earlier_categories),
    ):
        if category:
            candidates.append(Choice(SANDWICH, category, why))
    if not reading.angry:
        candidates.append(Choice(DEESCALATE, primary.category, Why.APOLOGY_FIRST))
    return candidates


def choose(reading: Reading) -> list[Choice]:
    """The primary choice, then up to ``MAX_ALTERNATIVES`` different alternatives."""
    primary = primary_choice(reading)
    chosen = [primary]
    seen = {(primary.response, primary.category)}
    for choice in alternative_choices(reading, primary):
        if len(chosen) == 1 + MAX_ALTERNATIVES:
            break
        if (choice.response, choice.category) not in seen:
            seen.add((choice.response, choice.category))
            chosen.append(choice)
    return chosen


def suggestion_use(
    sent: str, inserted: str | None, shown: str | None
) -> tuple[SuggestionUse | None, str | None]:
    """How the agent used the suggestion: sent ``inserted`` unchanged (as is),
    changed it (edited), or wrote their own while ``shown`` was offered (rejected).
    Returns the use and the suggestion text to keep with the message."""
    if inserted:
        same = " ".join(sent.split()) == " ".join(inserted.split())
        return (SuggestionUse.AS_IS if same else SuggestionUse.EDITED), inserted
    if shown:
        return SuggestionUse.REJECTED, shown
    return None, None
