"""Say when the customer will hear back, in the customer's language.

The words (weekday and month names, "today", "tomorrow morning", the clock format)
live in ``responses/<lang>/time.yml``; this module only picks which phrase applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

PHRASE_KEYS = ("none", "today", "tomorrow", "weekday", "date")


@dataclass(frozen=True)
class TimeWords:
    clock: str  # format of a time of day, e.g. "{h12}:{mm} {ampm}"
    am: str
    pm: str
    weekdays: tuple[str, ...]  # Monday first
    months: tuple[str, ...]  # January first
    phrases: Mapping[str, str]  # PHRASE_KEYS, optionally "<key>_morning"

    @classmethod
    def load(cls, path: Path) -> TimeWords:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        words = cls(
            clock=data["clock"],
            am=data["am"],
            pm=data["pm"],
            weekdays=tuple(data["weekdays"]),
            months=tuple(data["months"]),
            phrases=dict(data["phrases"]),
        )
        missing = [key for key in PHRASE_KEYS if key not in words.phrases]
        if missing or len(words.weekdays) != 7 or len(words.months) != 12:
            raise ValueError(f"{path}: incomplete time words (missing {missing})")
        return words


def day_key(due: datetime, due_today: bool | None, today: date) -> str:
    """Which day phrase fits: ``due_today=True`` is trusted (the API decided it when
    the complaint came in); otherwise the day is worked out against ``today``."""
    if due_today:
        return "today"
    days = (due.date() - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return "weekday" if 1 < days < 7 else "date"


def describe_due(
    due: datetime | None, due_today: bool | None, today: date, words: TimeWords
) -> str:
    """E.g. "by 5:30 pm today", "tomorrow morning by 10:00", "今天17:30前"."""
    if due is None:
        return words.phrases["none"]
    key = day_key(due, due_today, today)
    if due.hour < 12 and f"{key}_morning" in words.phrases:
        key = f"{key}_morning"
    return words.phrases[key].format(**_fields(due, words))


def _fields(due: datetime, words: TimeWords) -> dict[str, object]:
    fields: dict[str, object] = {
        "h12": due.hour % 12 or 12,
        "h24": due.hour,
        "mm": f"{due.minute:02d}",
        "ampm": words.pm if due.hour >= 12 else words.am,
        "weekday": words.weekdays[due.weekday()],
        "day": due.day,
        "month": words.months[due.month - 1],
    }
    fields["time"] = words.clock.format(**fields)
    return fields
