"""Token patterns indexed by a word each of them needs, so a text runs only its candidates.

spaCy's Matcher tries every pattern at every token, so its cost grows with the
number of patterns. Most patterns contain a token that must be present with a
fixed value ({LEMMA: can}, {LOWER: {IN: [unable, able]}}); a text without any of
those values cannot match the pattern. ``IndexedMatcher`` keeps one small Matcher
per such value and, for a text, runs only the Matchers whose value occurs in it,
plus the patterns that have no such token. Results are the same as one big Matcher.

Each Matcher walks every token of the text it is given, so a long message costs a great
deal. A text can be cut into windows (``index_doc``; the guard's windows are two neighbouring
runs of whole sentences, see ``LanguageMatcher``, plus one token either side); a Matcher runs
only on the windows where its words occur, and only when every word one of its patterns needs
occurs in that same window. Patterns reach across one sentence end at most ("Fine. Anything
else?"), so the matches are the same (the guard's tests check this on every case text).

Within a window a Matcher need not walk every token either: a pattern whose other tokens
have bounded widths can only match within so many tokens before and after the word it is
filed under. Each trigger's Matcher knows the widest such reach of its patterns and runs only
on the stretches around the trigger word's occurrences (overlapping stretches merged); on
a side where some pattern is unbounded ("*", "+") the stretch goes to the window's edge.
spaCy's Matcher makes a Python object per token it walks, so this is most of its cost.

A long optional run ({IS_PUNCT: false, OP: "{0,10}"}) is compiled by spaCy into ten optional
tokens, and its matcher keeps every way of skipping some of them as a separate state (one
zh policy pattern took 0.8 ms on a 38-token text). Such a pattern is run with the run
unbounded ("{0,}", one state per start) and each match it finds is then confirmed, so the
matches are the same. Running the exact pattern again on the matched tokens costs what the
relaxing saved, and more on a long match (a "{0,22}" run took 650 ms on one message), so a
match is confirmed without the exact Matcher (``_Confirm``): one pass of every pattern
token's test over the matched tokens, then the operators walked over the results as bit sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from bot.guard.blacklist import TokenPattern

Trigger = tuple[str, str]  # (attribute, value), e.g. ("LEMMA", "can")
# a trigger as one int: the value's hash, flipped by this salt for LEMMA (LOWER as it is)
_LEMMA_SALT = 0x5BD1E9955BD1E995

_INDEXED_ATTRS = ("LOWER", "LEMMA")
# optional runs longer than this ("{0,4}" and up) are matched unbounded, then confirmed
_LONG_RUN = 3
_REQUIRED_OPS = (None, "+")
# Words found in nearly every message index badly; a pattern is filed under another
# required token when it has one.
# (The longer list, punctuation and the commonest particles added, made checks 3% faster.)
_COMMON = frozenset(
    {"i", "we", "you", "it", "that", "this", "the", "a", "an", "to", "be", "not", "have"}
    | {"do", "will", "can", "of", "and", ",", ".", "!", "?", "'s", "n't", "nt", "is", "are"}
    | {"was", "for", "on", "in", "at", "with", "my", "our", "your", "me", "us", "so", "but"}
    | {"just", "if", "no", "please", "sorry", "get"}
    | {"我", "我们", "你", "的", "是", "不", "在", "了", "都", "也", "没", "没有", "这", "这个"}
    | {"。", "就", "会", "能", "给", "吧", "吗", "呢", "啊", "有", "要", "去", "说", "把", "为"}
    | {"对", "和", "请", "再", "还", "很", "一下", "一个", "可以", "什么"}
)


def trigger_values(pattern: TokenPattern) -> set[Trigger] | None:
    """Values one of which a text must contain for ``pattern`` to match.

    Looks at the required tokens (no OP, or "+") that test LOWER or LEMMA against
    a word or an IN list, and picks the best: fewest common words, then fewest
    words, then the later one (patterns usually end in the telling word). None when
    there is no such token.
    """
    chosen = _trigger_token(pattern)
    return None if chosen is None else set(chosen[1])


def _trigger_token(pattern: TokenPattern) -> tuple[int, frozenset[Trigger]] | None:
    """The position in ``pattern`` of the token ``trigger_values`` picks, and its values."""
    best: tuple[int, int] | None = None
    chosen: tuple[int, frozenset[Trigger]] | None = None
    for at, need in _required(pattern):
        cost = (sum(value in _COMMON for _, value in need), len(need))
        if best is None or cost <= best:
            best, chosen = cost, (at, need)
    return chosen


def required_sets(pattern: TokenPattern) -> list[frozenset[Trigger]]:
    """For each required token with literal LOWER / LEMMA values, the values one of which
    the text must contain: every set must be met for ``pattern`` to have a chance."""
    return [need for _, need in _required(pattern)]


def _required(pattern: TokenPattern) -> list[tuple[int, frozenset[Trigger]]]:
    needs = []
    for at, token in enumerate(pattern):
        if token.get("OP") not in _REQUIRED_OPS:
            continue
        for attr in _INDEXED_ATTRS:
            values = _literal_values(token.get(attr))
            if values is not None:
                needs.append((at, frozenset((attr, value) for value in values)))
    return needs


def reach(pattern: TokenPattern, at: int) -> tuple[int | None, int | None]:
    """How many tokens a match of ``pattern`` can take before and after its token ``at``
    (None: no bound). A "+" on that token itself leaves both sides unbounded."""
    if _width(pattern[at]) != 1:
        return None, None
    return _widths(pattern[:at]), _widths(pattern[at + 1 :])


def _widths(tokens: TokenPattern) -> int | None:
    total = 0
    for token in tokens:
        width = _width(token)
        if width is None:
            return None
        total += width
    return total


def _width(token: Mapping[str, Any]) -> int | None:
    """The most tokens one pattern token can match (None: any number)."""
    op = token.get("OP")
    if op in (None, "!", "?", "1"):
        return 1
    bounds = _run_bounds(op)
    return None if bounds is None else bounds[1]  # "*", "+": None


def _run_bounds(op: Any) -> tuple[int, int | None] | None:
    """The least and most tokens of a "{n}", "{n,m}", "{n,}" or "{,m}" operator (most None:
    no bound); None for any other operator."""
    if not (isinstance(op, str) and op.startswith("{") and op.endswith("}")):
        return None
    parts = [part.strip() for part in op[1:-1].split(",")]
    return int(parts[0] or 0), (int(parts[-1]) if parts[-1] else None)


def _literal_values(spec: Any) -> list[str] | None:
    """The words a token spec accepts: "x" → ["x"], {IN: [...]} → [...]; else None."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, Mapping) and set(spec) == {"IN"}:
        return [str(value) for value in spec["IN"]]
    return None


def _key(trigger: Trigger, vocab: Vocab) -> int:
    attr, value = trigger
    hashed = vocab.strings.add(value)
    return hashed ^ _LEMMA_SALT if attr == "LEMMA" else hashed


class Window(NamedTuple):
    """Tokens [start, end) of a Doc and the trigger keys of the words in them."""

    start: int
    end: int
    present: frozenset[int]


class DocIndex(NamedTuple):
    """A Doc cut into windows; built once per text and shared by every IndexedMatcher.
    ``lowers`` and ``lemmas`` are the trigger keys of its tokens, position by position."""

    doc: Doc
    windows: tuple[Window, ...]
    lowers: list[int]
    lemmas: list[int]


def index_doc(doc: Doc, bounds: Sequence[tuple[int, int]] = ()) -> DocIndex:
    """``doc`` cut at the token ranges ``bounds`` (none: the whole doc), each
    widened by one token either side so a pattern may look at the punctuation around it."""
    table: Any = doc.to_array([LOWER, LEMMA])
    lowers = table[:, 0].tolist()
    lemmas = (table[:, 1] ^ numpy.uint64(_LEMMA_SALT)).tolist()
    windows = []
    for start, end in bounds or [(0, len(doc))]:
        start, end = max(0, start - 1), min(len(doc), end + 1)
        windows.append(Window(start, end, frozenset(lowers[start:end] + lemmas[start:end])))
    return DocIndex(doc, tuple(windows), lowers, lemmas)


def _positions(index: DocIndex, key: int, window: Window) -> list[int]:
    """Where in ``window`` a token carries the trigger ``key`` (as its LOWER or LEMMA)."""
    found = []
    for keys in (index.lowers, index.lemmas):
        at = window.start
        while True:
            try:
                at = keys.index(key, at, window.end)
            except ValueError:
                break
            found.append(at)
            at += 1
    return found


class IndexedMatcher:
    """A Matcher split by trigger word; called on a Doc like a Matcher."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._always = Matcher(vocab, validate=True)
        self._by_trigger: dict[int, Matcher] = {}
        # per trigger, the required sets of each of its patterns: a Matcher runs only when
        # one of its patterns has every required word in the window (most would find nothing)
        # (the trigger's own set left out: it is met; an empty tuple means always met)
        self._needs: dict[int, set[tuple[frozenset[int], ...]]] = {}
        # per trigger, the most tokens its patterns reach before and after it (None: any)
        self._reach: dict[int, tuple[int | None, int | None]] = {}
        # a pattern with a long optional run is added relaxed under a key of its own; the key
        # maps to the entry's key and the check that confirms a match
        self._confirm: dict[int, tuple[int, _Confirm]] = {}

    def add(self, key: str, patterns: Iterable[TokenPattern]) -> None:
        for exact in patterns:
            pattern, key_used = exact, key
            relaxed = _relaxed(exact)
            if relaxed is not None:
                pattern, key_used = relaxed, f"{key}\x1f{len(self._confirm)}"
                self._confirm[self.vocab.strings.add(key_used)] = (
                    self.vocab.strings.add(key),
                    _Confirm(self.vocab, exact),
                )
            self._add(key_used, pattern, exact)

    def _add(self, key: str, pattern: TokenPattern, exact: TokenPattern) -> None:
        """File ``pattern`` (``exact`` or its relaxed form) by its trigger words; the stretch
        it is run on is ``exact``'s reach."""
        chosen = _trigger_token(exact)
        if chosen is None:
            self._always.add(key, [pattern])
            return
        position, triggers = chosen
        needs = tuple(
            frozenset(_key(t, self.vocab) for t in need)
            for need in required_sets(exact)
            if need != triggers
        )
        before, after = reach(exact, position)
        for trigger in triggers:
            at = _key(trigger, self.vocab)
            if at not in self._by_trigger:
                self._by_trigger[at] = Matcher(self.vocab, validate=True)
                self._needs[at] = set()
                self._reach[at] = (0, 0)
            self._by_trigger[at].add(key, [pattern])
            self._needs[at].add(needs)
            self._reach[at] = _wider(self._reach[at], (before, after))

    def __len__(self) -> int:
        return len(self._always) + len(self._by_trigger)

    def __call__(self, doc: Doc | DocIndex) -> list[tuple[int, int, int]]:
        """(key, start, end) for every match in a Doc (or its windows, from ``index_doc``);
        a match found twice is listed once."""
        index = doc if isinstance(doc, DocIndex) else index_doc(doc)
        found = set(self._always(index.doc)) if len(self._always) else set()
        stretches: dict[int, list[tuple[int, int]]] = {}
        for window in index.windows:
            present = window.present
            for trigger in present & self._by_trigger.keys():
                needs = self._needs[trigger]
                if () in needs or any(
                    all(not need.isdisjoint(present) for need in each) for each in needs
                ):
                    stretches.setdefault(trigger, []).extend(
                        _around(index, trigger, window, *self._reach[trigger])
                    )
        for trigger, spans in stretches.items():
            for start, end in _merged(spans):
                span = index.doc if start == 0 and end == len(index.doc) else index.doc[start:end]
                found.update(
                    (key, start + first, start + last)
                    for key, first, last in self._by_trigger[trigger](span)
                )
        if self._confirm:
            confirmed = (self._confirmed(index.doc, match) for match in found)
            found = {match for match in confirmed if match is not None}
        return sorted(found)

    def _confirmed(self, doc: Doc, match: tuple[int, int, int]) -> tuple[int, int, int] | None:
        """``match`` as it is, or, found by a relaxed pattern, under the entry's key when the
        exact pattern matches the same tokens (None when it does not)."""
        key, start, end = match
        if key not in self._confirm:
            return match
        entry, confirm = self._confirm[key]
        return (entry, start, end) if confirm(doc[start:end]) else None


class _Confirm:
    """Whether a pattern's exact form matches all of a span its relaxed form matched.

    Each pattern token's test (its attributes, without its operator) is run once over the
    span by a Matcher of one-token patterns, which gives, per pattern token, the set of span
    tokens it accepts as a bit mask. The operators are then walked over those masks: the
    positions reachable after each pattern token, as bits, with every run taken at every
    length its bounds allow. The exact pattern matches the span when its end is reachable.
    This is the exact Matcher's answer without its states: spaCy compiles "{0,22}" into 22
    optional tokens and keeps every way of skipping some of them.
    """

    def __init__(self, vocab: Vocab, exact: TokenPattern) -> None:
        self._tests = Matcher(vocab, validate=True)
        self._position: dict[int, int] = {}
        # per pattern token: the fewest and most tokens it takes (None: any), and whether
        # it takes a token its test rejects ("!")
        self._steps: list[tuple[int, int | None, bool]] = []
        for at, token in enumerate(exact):
            key = f"\x1f{at}"
            self._position[vocab.strings.add(key)] = at
            test = {name: value for name, value in token.items() if name != "OP"}
            self._tests.add(key, [[test]])
            self._steps.append(_step(token.get("OP")))

    def __call__(self, span: Doc | Span) -> bool:
        whole = len(span)
        every = (1 << whole) - 1
        accepts = [0] * len(self._steps)
        for key, at, _ in self._tests(span):
            accepts[self._position[key]] |= 1 << at
        reached = 1  # bit i: the pattern so far can end before token i
        for (least, most, negated), mask in zip(self._steps, accepts, strict=True):
            if negated:
                mask = ~mask & every
            for _ in range(least):
                reached = (reached & mask) << 1
            frontier, more = reached, most if most is None else most - least
            while frontier and more != 0:
                # a position reached again later has less of the run left: only new ones
                frontier = ((frontier & mask) << 1) & ~reached
                reached |= frontier
                more = None if more is None else more - 1
            if not reached:
                return False
        return bool(reached >> whole & 1)


def _step(op: Any) -> tuple[int, int | None, bool]:
    """The fewest and most tokens a pattern token with operator ``op`` takes, and whether
    it is negated ("!")."""
    if op in (None, "1", "!"):
        return 1, 1, op == "!"
    if op in ("?", "*", "+"):
        return int(op == "+"), 1 if op == "?" else None, False
    bounds = _run_bounds(op)
    if bounds is None:
        raise ValueError(f"unknown pattern operator {op!r}")
    return bounds[0], bounds[1], False


def _relaxed(pattern: TokenPattern) -> TokenPattern | None:
    """``pattern`` with every optional run longer than ``_LONG_RUN`` ("{n,m}") left
    unbounded ("{n,}"); None when it has no such run."""
    out = []
    for token in pattern:
        bounds = _run_bounds(token.get("OP"))
        if bounds and bounds[1] is not None and bounds[1] - bounds[0] > _LONG_RUN:
            token = {**token, "OP": f"{{{bounds[0]},}}"}
        out.append(token)
    return out if out != list(pattern) else None


def _wider(
    one: tuple[int | None, int | None], other: tuple[int | None, int | None]
) -> tuple[int | None, int | None]:
    """The larger reach on each side (None, no bound, is the largest)."""
    before = None if one[0] is None or other[0] is None else max(one[0], other[0])
    after = None if one[1] is None or other[1] is None else max(one[1], other[1])
    return before, after


def _around(
    index: DocIndex, trigger: int, window: Window, before: int | None, after: int | None
) -> list[tuple[int, int]]:
    """The stretches of ``window`` a pattern filed under ``trigger`` can match in, given
    how far its patterns reach before and after that word."""
    if before is None and after is None:
        return [(window.start, window.end)]
    return [
        (
            window.start if before is None else max(window.start, at - before),
            window.end if after is None else min(window.end, at + after + 1),
        )
        for at in _positions(index, trigger, window)
    ]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping stretches joined, so no token is walked twice by one Matcher."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
