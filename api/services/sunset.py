"""The sunset rule: a complaint is answered before close of business the same day,
or by the next business morning when it arrives after the cut-off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class BusinessHours:
    timezone: str
    close: time
    cutoff: time
    next_morning_by: time
    business_days: frozenset[int]  # Monday = 0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Due:
    at: datetime  # aware, in the business time zone
    today: bool  # answered the same business day


def due_for(received: datetime, hours: BusinessHours) -> Due:
    """When the customer must hear back about a complaint received at ``received``."""
    if received.tzinfo is None:
        raise ValueError("received must be timezone-aware")
    local = received.astimezone(hours.tz)
    if local.weekday() in hours.business_days and local.time() < hours.cutoff:
        return Due(at=_at(local.date(), hours.close, hours), today=True)
    day = _next_business_day(local.date(), hours)
    return Due(at=_at(day, hours.next_morning_by, hours), today=False)


def is_overdue(due_at: datetime, now: datetime) -> bool:
    return now > due_at


def _next_business_day(day: date, hours: BusinessHours) -> date:
    if not hours.business_days:
        raise ValueError("business_days must not be empty")
    day += timedelta(days=1)
    while day.weekday() not in hours.business_days:
        day += timedelta(days=1)
    return day


def _at(day: date, moment: time, hours: BusinessHours) -> datetime:
    return datetime.combine(day, moment, tzinfo=hours.tz)
