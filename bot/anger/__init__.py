"""Anger and urgency in a customer message, separate from the complaint category.

A customer can be furious about a late parcel or calmly report a broken item; the
API stores this signal with every message and the bot de-escalates angry customers
first. Rules are data (bot/anger/lexicon.yml) run on spaCy blank pipelines.

    >>> get_detector().detect("This is a scam!!!").angry
    True

Importing this package is cheap: spaCy and the lexicon load on the first
`get_detector()` call, and each language's pipeline on its first message.

No statistical model: a spaCy textcat trained on the labelled cases scored well on
held-out cases by the same author, but on plain probes it called "Thanks so much,
you've been great!" angry (0.80) and "you absolute clowns" calm (0.35) - it had
learned the author's style, not anger. Revisit with real, varied customer messages.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.anger.detector import AngerDetector

__all__ = ["AngerResult", "get_detector"]


@dataclass(frozen=True)
class AngerResult:
    """How angry (score in [0, 1]) and how urgent one message is, and why."""

    score: float
    angry: bool
    urgent: bool
    cues: tuple[str, ...]  # ids of the cues that counted, anger cues first


_detector: AngerDetector | None = None
_lock = threading.Lock()


def get_detector() -> AngerDetector:
    """The shared detector, built once on first use."""
    global _detector
    with _lock:
        if _detector is None:
            from bot.anger.detector import AngerDetector

            _detector = AngerDetector.from_file()
        return _detector
