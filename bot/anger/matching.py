"""Find lexicon cues in a spaCy Doc, as character spans.

English is matched on tokens (spaCy PhraseMatcher on LOWER, plus Matcher token
patterns). Chinese is matched on the text: jieba segments by context ("气死" is a
token alone but part of the single token "气死我了"), so token matching would miss
cues; the hits still map back to jieba tokens for negation and intensifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from bot.anger.lexicon import Cue


@dataclass(frozen=True)
class Hit:
    """A cue found in the text, from character `start` to `end`."""

    cue: Cue
    start: int
    end: int

    def overlaps(self, other: Hit) -> bool:
        return self.start < other.end and other.start < self.end


class CueMatcher(Protocol):
    def __call__(self, doc: Doc) -> list[Hit]: ...


class TokenCueMatcher:
    """Phrases and token patterns matched on spaCy tokens, case-insensitively."""

    def __init__(self, nlp: Language, cues: Sequence[Cue]) -> None:
        self._cues = {cue.id: cue for cue in cues}
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._patterns = Matcher(nlp.vocab, validate=True)
        for cue in cues:
            if cue.phrases:
                self._phrases.add(cue.id, [nlp.make_doc(phrase) for phrase in cue.phrases])
            if cue.patterns:
                self._patterns.add(cue.id, [[dict(token) for token in p] for p in cue.patterns])

    def __call__(self, doc: Doc) -> list[Hit]:
        matches = [*self._phrases(doc), *self._patterns(doc)]
        return [
            Hit(
                self._cues[doc.vocab.strings[key]],
                doc[start:end].start_char,
                doc[start:end].end_char,
            )
            for key, start, end in matches
        ]


class TextCueMatcher:
    """Phrases and regular expressions matched on the text, case-insensitively."""

    def __init__(self, cues: Sequence[Cue]) -> None:
        self._compiled = [(cue, _cue_regex(cue)) for cue in cues]

    def __call__(self, doc: Doc) -> list[Hit]:
        text = doc.text  # built anew on every access
        return [
            Hit(cue, found.start(), found.end())
            for cue, regex in self._compiled
            for found in regex.finditer(text)
        ]


def _cue_regex(cue: Cue) -> re.Pattern[str]:
    phrases = sorted(cue.phrases, key=len, reverse=True)
    alternatives = [re.escape(phrase) for phrase in phrases] + list(cue.regex)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def resolve_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Drop hits inside calm phrases, then keep the longest of overlapping hits per side."""
    hits = list(hits)
    calm = [hit for hit in hits if hit.cue.side == "ignore"]
    kept = [
        hit for hit in hits if hit.cue.side != "ignore" and not any(hit.overlaps(c) for c in calm)
    ]
    return [
        hit
        for side in ("anger", "urgency")
        for hit in _longest_first([h for h in kept if h.cue.side == side])
    ]


def _longest_first(hits: list[Hit]) -> list[Hit]:
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if not any(hit.overlaps(other) for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)
