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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from bot.guard.blacklist import TokenPattern

Trigger = tuple[str, str]  # (attribute, value), e.g. ("LEMMA", "can")
# a trigger as one int: the value's hash, flipped by this salt for LEMMA (LOWER as it is)
_LEMMA_SALT = 0x5BD1E9955BD1E995

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
    """A Doc cut into windows; built once per text and shared by every IndexedMatcher."""

    doc: Doc
    windows: tuple[Window, ...]


def index_doc(doc: Doc, bounds: Sequence[tuple[int, int]] = ()) -> DocIndex:
    """``doc`` cut at the token ranges ``bounds`` (none: the whole doc), each
    widened by one token either side so a pattern may look at the punctuation around it."""
    table = doc.to_array([LOWER, LEMMA])
    windows = []
    for start, end in bounds or [(0, len(doc))]:
        start, end = max(0, start - 1), min(len(doc), end + 1)
        lowers = table[start:end, 0].tolist()
        lemmas = [value ^ _LEMMA_SALT for value in table[start:end, 1].tolist()]
        windows.append(Window(start, end, frozenset(lowers + lemmas)))
    return DocIndex(doc, tuple(windows))


class IndexedMatcher:
    """A Matcher split by trigger word; called on a Doc like a Matcher."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._always = Matcher(vocab, validate=True)
        self._by_trigger: dict[int, Matcher] = {}
        # per trigger, the required sets of each of its patterns: a Matcher runs only when
        # one of its patterns has every required word in the window (most would find nothing)
        self._needs: dict[int, list[list[frozenset[int]]]] = {}

    def add(self, key: str, patterns: Iterable[TokenPattern]) -> None:
        for pattern in patterns:
            triggers = trigger_values(pattern)
            if triggers is None:
                self._always.add(key, [pattern])
                continue
            needs = [
                frozenset(_key(t, self.vocab) for t in need) for need in required_sets(pattern)
            ]
            for trigger in triggers:
                at = _key(trigger, self.vocab)
                if at not in self._by_trigger:
                    self._by_trigger[at] = Matcher(self.vocab, validate=True)
                    self._needs[at] = []
                self._by_trigger[at].add(key, [pattern])
                self._needs[at].append(needs)

    def __len__(self) -> int:
        return len(self._always) + len(self._by_trigger)

    def __call__(self, doc: Doc | DocIndex) -> list[tuple[int, int, int]]:
        """(key, start, end) for every match in a Doc (or its windows, from ``index_doc``);
        a match found twice is listed once."""
        index = doc if isinstance(doc, DocIndex) else index_doc(doc)
        found = set(self._always(index.doc)) if len(self._always) else set()
        for window in index.windows:
            present = window.present
            for trigger in present & self._by_trigger.keys():
                if any(all(need & present for need in needs) for needs in self._needs[trigger]):
                    whole = window.start == 0 and window.end == len(index.doc)
                    span = index.doc if whole else index.doc[window.start : window.end]
                    found.update(
                        (key, window.start + start, window.start + end)
                        for key, start, end in self._by_trigger[trigger](span)
                    )
        return sorted(found)
