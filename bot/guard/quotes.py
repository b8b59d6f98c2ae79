"""Reported speech: a bad phrase inside quotation marks that gives someone else's words.

"You said 'it's impossible to reach anyone' — I'm sorry, that's on us", 您说“你们总拿公司政策压人”，
这句话我记下了: the agent answers the customer's words, or disowns what the customer was told,
and says nothing angering. A quotation counts as reported speech when the text right before
its opening mark matches one of the language's ``reported_speech`` patterns in blacklist.yml
(who said it: "you said", "you were told", 您说, 被告知, 没有什么…); the guard drops every hit
that lies inside it. A quotation with no such lead-in ("As I said, 'no refunds'") is the
agent's own words and is checked as usual, unless what follows its closing mark judges the
words as nobody's to say, one of the language's ``disowned_speech`` patterns ("'We've always
done it this way' isn't a good enough reason", “一直都是这样”不是理由). Works on the normalised
text (curly quotes are already straight; 「」 and 『』 stay as they are), Chinese folded to
simplified characters (the same length), so one pattern reads 跟您說 and 跟您说 alike.

Without quotation marks ("I understand the driver told you to calm down. That should never have
been said", 我不会跟您说这是快递的问题) the blacklist's ``reported_clause`` lead-ins decide: the hit
must sit in the clause a lead-in opens, and most lead-ins also need the rest of the message to
disown or answer the words; company policy (``always`` entries) is never let off this way.

A bad phrase echoed as a question and rejected by the next words ("Too busy? Not for this.",
"Your fault? No, ours") is not the agent's either: the blacklist's ``rejected_question``
patterns, matched right after the question mark that ends the hit's sentence, decide
(round AQ); company policy is never let off this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.guard.blacklist import ClauseLead

# opening mark -> closing marks; a straight quote closes only where a word does not go on
# ("can't" holds an apostrophe, not the end of "we can't help")
_PAIRS = {'"': '"', "'": "'", "「": "」", "『": "』"}
_LEAD = 40  # characters before the opening mark that a lead-in pattern may look at
_TAIL = 60  # characters after the closing mark that a `disowned_speech` judgement may look at


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each quotation in ``text``, the marks included."""
    spans, at = [], 0
    while at < len(text):
        char = text[at]
        close = _PAIRS.get(char)
        if close is None or (char == "'" and at and _in_word(text[at - 1])):
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
        if close == "'" and _in_word(follows):
            continue  # an apostrophe inside a word
        return index if index > start else None
    return None


def _in_word(char: str) -> bool:
    """Whether an apostrophe beside ``char`` sits inside a word ("can't", "o'clock"): a Latin
    letter or digit. A Chinese character is not (您说'没办法'不对: both marks are quotes)."""
    return char.isascii() and char.isalnum()


def reported_spans(
    text: str,
    lead_ins: Sequence[re.Pattern[str]],
    disowned_by: Sequence[re.Pattern[str]] = (),
) -> list[tuple[int, int]]:
    """The quotations of ``text`` introduced as someone else's words, or judged right after
    their closing mark as words nobody should say ("'That's how we've always done it' is no
    reason", “一直都是这样”不是理由)."""
    return [
        (start, end)
        for start, end in quoted_spans(text)
        if any(p.search(text[max(0, start - _LEAD) : start]) for p in lead_ins)
        or any(p.match(text[end : end + _TAIL]) for p in disowned_by)
    ]


_CLAUSE_LEAD = 80  # characters before a hit that a `reported_clause` lead-in may look at
_CLAUSE_THEN = 200  # characters after it where its `then` (the words disowned) must be
_SENTENCE_START = re.compile(r"[.!?。！？\n][^.!?。！？\n]*$")


def in_reported_clause(text: str, start: int, end: int, leads: Iterable[ClauseLead]) -> bool:
    """Whether the hit [start, end) of ``text`` lies in a clause that gives someone else's
    words without quotation marks: a lead-in ("you were told", "the driver said", "nobody
    here will tell you", "I won't blame", 您问, 同事告诉您…) starts in the hit's sentence
    before the hit and reaches it, and, where the lead-in asks for it, what follows the hit
    answers or disowns the words ("that was wrong", 那是他弄错了)."""
    before = text[max(0, start - _CLAUSE_LEAD) : start]
    cut = _SENTENCE_START.search(before)
    if cut:
        before = before[cut.start() + 1 :]
    clause, after = before + text[start:end], text[end : end + _CLAUSE_THEN]
    for lead in leads:
        found = lead.lead.search(clause)
        reaches = found is not None and found.start() < len(before) < found.end()
        if reaches and (lead.then is None or lead.then.search(after)):
            return True
    return False


_QUESTION_REACH = 80  # characters after a hit where the question mark ending its sentence may be
_SENTENCE_END = re.compile(r"[.!?。！？\n]")


def in_rejected_question(
    text: str, start: int, end: int, answers: Sequence[re.Pattern[str]]
) -> bool:
    """Whether the hit [start, end) of ``text`` lies in a question (its sentence ends in "?"
    or "？" within ``_QUESTION_REACH`` characters) that the words right after the question
    mark reject, one of ``answers`` ("Too busy? Not for this.", 没时间？不存在的): the bad phrase
    is the customer's thought echoed and answered, not the agent's word (round AQ)."""
    if not answers:
        return False
    stop = _SENTENCE_END.search(text, end, end + _QUESTION_REACH)
    if stop is None or stop.group() not in "?？":
        return False
    after = text[stop.end() : stop.end() + _TAIL]
    return any(p.match(after) for p in answers)


def inside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether [start, end) lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)
