"""Token patterns indexed by a word each of them needs, so a text runs only its candidates.

spaCy's Matcher tries every pattern at every token, so its cost grows with the
number of patterns. Most patterns contain a token that must be present with a
fixed value ({LEMMA: can}, {LOWER: {IN: [unable, able]}}); a text without any of
those values cannot match the pattern. ``IndexedMatcher`` keeps one small Matcher
per such value and, for a text, runs only the Matchers whose value occurs in it,
plus the patterns that have no such token. Results are the same as one big Matcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.guard.blacklist import TokenPattern

Trigger = tuple[str, str]  # (attribute, value), e.g. ("LEMMA", "can")

_INDEXED_ATTRS = ("LOWER", "LEMMA")
_REQUIRED_OPS = (None, "+")
# Words found in nearly every message index badly; a pattern is filed under another
# required token when it has one.
_COMMON = frozenset(
    {"i", "we", "you", "it", "that", "this", "the", "a", "an", "to", "be", "not", "have"}
    | {"do", "will", "can", "of", "and", ",", "."}
    | {"我", "我们", "你", "的", "是", "不", "在", "了", "都", "也", "没", "没有", "这", "这个"}
)


def trigger_values(pattern: TokenPattern) -> set[Trigger] | None:
    """Values one of which a text must contain for ``pattern`` to match.

    Looks at the required tokens (no OP, or "+") that test LOWER or LEMMA against
    a word or an IN list, and picks the best: fewest common words, then fewest
    words, then the later one (patterns usually end in the telling word). None when
    there is no such token.
    """
    best: tuple[int, int] | None = None
    chosen: set[Trigger] | None = None
    for need in required_sets(pattern):
        cost = (sum(value in _COMMON for _, value in need), len(need))
        if best is None or cost <= best:
            best, chosen = cost, set(need)
    return chosen


def required_sets(pattern: TokenPattern) -> list[frozenset[Trigger]]:
    """For each required token with literal LOWER / LEMMA values, the values one of which
    the text must contain: every set must be met for ``pattern`` to have a chance."""
    needs = []
    for token in pattern:
        if token.get("OP") not in _REQUIRED_OPS:
            continue
        for attr in _INDEXED_ATTRS:
            values = _literal_values(token.get(attr))
            if values is not None:
                needs.append(frozenset((attr, value) for value in values))
    return needs


def _literal_values(spec: Any) -> list[str] | None:
    """The words a token spec accepts: "x" → ["x"], {IN: [...]} → [...]; else None."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, Mapping) and set(spec) == {"IN"}:
        return [str(value) for value in spec["IN"]]
    return None


class IndexedMatcher:
    """A Matcher split by trigger word; called on a Doc like a Matcher."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._always = Matcher(vocab, validate=True)
        self._by_trigger: dict[Trigger, Matcher] = {}
        # per trigger, the required sets of each of its patterns: a Matcher runs only when
        # one of its patterns has every required word in the text (most would find nothing)
        self._needs: dict[Trigger, list[list[frozenset[Trigger]]]] = {}

    def add(self, key: str, patterns: Iterable[TokenPattern]) -> None:
        for pattern in patterns:
            triggers = trigger_values(pattern)
            if triggers is None:
                self._always.add(key, [pattern])
                continue
            for trigger in triggers:
                if trigger not in self._by_trigger:
                    self._by_trigger[trigger] = Matcher(self.vocab, validate=True)
                    self._needs[trigger] = []
                self._by_trigger[trigger].add(key, [pattern])
                self._needs[trigger].append(required_sets(pattern))

    def __len__(self) -> int:
        return len(self._always) + len(self._by_trigger)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key, start, end) for every match; a match found twice is listed once."""
        present = {("LOWER", token.lower_) for token in doc}
        present |= {("LEMMA", token.lemma_) for token in doc}
        matchers = [
            self._by_trigger[t]
            for t in present
            if t in self._by_trigger
            and any(all(need & present for need in needs) for needs in self._needs[t])
        ]
        if len(self._always):
            matchers.append(self._always)
        return sorted({match for matcher in matchers for match in matcher(doc)})
