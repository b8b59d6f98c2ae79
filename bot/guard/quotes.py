"""Reported speech: a bad phrase inside quotation marks that gives someone else's words.

"You said 'it's impossible to reach anyone' — I'm sorry, that's on us", 您说“你们总拿公司政策压人”，
这句话我记下了: the agent answers the customer's words, or disowns what the customer was told,
and says nothing angering. A quotation counts as reported speech when the text right before
its opening mark matches one of the language's ``reported_speech`` patterns in blacklist.yml
(who said it: "you said", "you were told", 您说, 被告知, 没有什么…); the guard drops every hit
that lies inside it. A quotation with no such lead-in ("As I said, 'no refunds'") is the
agent's own words and is checked as usual. Works on the normalised text (curly quotes are
already straight; 「」 and 『』 stay as they are).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# opening mark -> closing marks; a straight quote closes only where a word does not go on
# ("can't" holds an apostrophe, not the end of "we can't help")
_PAIRS = {'"': '"', "'": "'", "「": "」", "『": "』"}
_LEAD = 40  # characters before the opening mark that a lead-in pattern may look at


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each quotation in ``text``, the marks included."""
    spans, at = [], 0
    while at < len(text):
        char = text[at]
        close = _PAIRS.get(char)
        if close is None or (char == "'" and at and text[at - 1].isalnum()):
            at += 1
            continue
        end = _closing(text, at + 1, close)
        if end is None:
            at += 1
            continue
        spans.append((at, end + 1))
        at = end + 1
    return spans


def _closing(text: str, start: int, close: str) -> int | None:
    for index in range(start, len(text)):
        if text[index] != close:
            continue
        follows = text[index + 1] if index + 1 < len(text) else ""
        if close == "'" and follows.isalpha():
            continue  # an apostrophe inside a word
        return index if index > start else None
    return None


def reported_spans(text: str, lead_ins: Sequence[re.Pattern[str]]) -> list[tuple[int, int]]:
    """The quotations of ``text`` introduced as someone else's words."""
    return [
        (start, end)
        for start, end in quoted_spans(text)
        if any(p.search(text[max(0, start - _LEAD) : start]) for p in lead_ins)
    ]


def inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether [start, end) lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)
