"""The dashboard's figures as pure functions of plain facts (no database), so each
can be checked with hand-built data. Days are days in the business time zone."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from api.schemas.dashboard import (
    AgentCount,
    CsatFigure,
    DailySeries,
    DurationFigure,
    HandoffDay,
    HandoffFigure,
    IncidentsFigure,
    PoorlyUnderstood,
    ResolutionFigure,
)
from api.services.review_intents import FALLBACK_INTENT

SCORES = range(1, 6)


@dataclass(frozen=True)
class TicketFact:
    category: str
    created_at: datetime
    due_at: datetime
    resolved_at: datetime | None
    is_open: bool


@dataclass(frozen=True)
class ConversationFact:
    created_at: datetime
    handed_off_at: datetime | None
    first_agent_reply_at: datetime | None  # the first agent message after the hand-off


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def complaints_per_day(
    tickets: Iterable[TicketFact], days: Sequence[date], tz: tzinfo
) -> DailySeries:
    """Tickets filed per category per day; only categories with tickets appear."""
    index = {day: i for i, day in enumerate(days)}
    series: dict[str, list[int]] = {}
    for ticket in tickets:
        i = index.get(ticket.created_at.astimezone(tz).date())
        if i is not None:
            series.setdefault(ticket.category, [0] * len(days))[i] += 1
    return DailySeries(days=list(days), series=dict(sorted(series.items())))


def handoff_rate(
    conversations: Iterable[ConversationFact], days: Sequence[date], tz: tzinfo
) -> HandoffFigure:
    """Share of the conversations started in the period that went to a person."""
    started: Counter[date] = Counter()
    handed: Counter[date] = Counter()
    for conversation in conversations:
        day = conversation.created_at.astimezone(tz).date()
        started[day] += 1
        handed[day] += conversation.handed_off_at is not None
    total, off = sum(started[d] for d in days), sum(handed[d] for d in days)
    return HandoffFigure(
        conversations=total,
        handed_off=off,
        rate=ratio(off, total),
        per_day=[HandoffDay(day=d, conversations=started[d], handed_off=handed[d]) for d in days],
    )


def first_response(conversations: Iterable[ConversationFact]) -> DurationFigure:
    """Minutes from the hand-off to the first agent message, where there was one."""
    minutes = [
        (c.first_agent_reply_at - c.handed_off_at).total_seconds() / 60
        for c in conversations
        if c.handed_off_at is not None and c.first_agent_reply_at is not None
    ]
    return duration_figure(minutes)


def duration_figure(minutes: Sequence[float]) -> DurationFigure:
    if not minutes:
        return DurationFigure(count=0, mean_minutes=None, median_minutes=None, p90_minutes=None)
    return DurationFigure(
        count=len(minutes),
        mean_minutes=round(statistics.fmean(minutes), 2),
        median_minutes=round(statistics.median(minutes), 2),
        p90_minutes=round(nearest_rank(minutes, 0.9), 2),
    )


def nearest_rank(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def resolution(tickets: Iterable[TicketFact], now: datetime) -> ResolutionFigure:
    """Resolution time of resolved tickets, and how many tickets whose due time
    has come were resolved by it (open tickets past due count as missed)."""
    hours: list[float] = []
    due_passed = within = 0
    for ticket in tickets:
        if ticket.resolved_at is not None:
            hours.append((ticket.resolved_at - ticket.created_at).total_seconds() / 3600)
            due_passed += 1
            within += ticket.resolved_at <= ticket.due_at
        elif ticket.is_open and ticket.due_at < now:
            due_passed += 1
    return ResolutionFigure(
        resolved=len(hours),
        mean_hours=round(statistics.fmean(hours), 2) if hours else None,
        median_hours=round(statistics.median(hours), 2) if hours else None,
        due_passed=due_passed,
        within_sunset=within,
        share_within_sunset=ratio(within, due_passed),
    )


def csat(scores: Iterable[int]) -> CsatFigure:
    counts = Counter(scores)
    total = sum(counts[s] for s in SCORES)
    mean = sum(s * counts[s] for s in SCORES) / total if total else None
    return CsatFigure(
        count=total,
        average=round(mean, 2) if mean is not None else None,
        distribution={s: counts[s] for s in SCORES},
    )


def incidents_per_agent(agents: Iterable[str | None]) -> IncidentsFigure:
    """One entry per flagged text: the agent's username, or None for the bot."""
    counts = Counter(agents)
    bot = counts.pop(None, 0)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return IncidentsFigure(
        per_agent=[AgentCount(agent=str(a), count=n) for a, n in ranked], bot=bot
    )


def understanding_rank(intent: str | None, confidence: float | None) -> tuple[int, float]:
    """Sort key, worst first: fallbacks, then by confidence (unknown last)."""
    return (0 if intent == FALLBACK_INTENT else 1, 2.0 if confidence is None else confidence)


def worst_understood(messages: Iterable[PoorlyUnderstood], limit: int) -> list[PoorlyUnderstood]:
    ranked = sorted(
        messages, key=lambda m: (*understanding_rank(m.intent, m.confidence), m.message_id)
    )
    return ranked[:limit]


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
