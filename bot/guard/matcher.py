"""Compile the blacklist into spaCy matchers, once per language, and run them.

Each language gets a blank pipeline (English rules; Chinese segmented by jieba) with
a lookup lemmatizer fed from the blacklist's ``lemmas`` table, so patterns can say
``{LEMMA: be}`` or ``{LEMMA: 你}`` and cover "'re"/"was" or "您". The text is first
folded with the blacklist's character map (traditional to simplified Chinese, one
character for one). Three matchers run on the same Doc: token patterns (indexed by a
word each needs, see index.py), literal phrases (PhraseMatcher on LEMMA) and the
entry's exceptions, which cancel an overlapping hit of the same entry (its ``unless``
patterns cancel every hit of the entry in the sentence they end in or an earlier one: a
remedy told first does not excuse a refusal after it). Punctuation at the edges of a match
is left out. Overlapping hits of one entry merge into one span;
across entries the longest span wins.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise
from typing import Any, NamedTuple

import jieba
import numpy
import spacy
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bot.guard.blacklist import Blacklist, Entry
from bot.guard.classifier import sentence_spans
from bot.guard.index import DocIndex, IndexedMatcher, index_doc
from bot.guard.normalize import normalize

_INDEX = "guard_index"  # Doc.user_data key of the DocIndex
_CHUNK = 12  # tokens: shorter sentences are merged with the next before cutting into windows


class Hit(NamedTuple):
    """A kept match: the entry and its character span in the normalised text."""

    entry: Entry
    start: int
    end: int


class Candidate(NamedTuple):
    """A match before overlaps are resolved: entry id, severity rank, token span."""

    entry_id: str
    rank: int
    start: int
    end: int


class _DictionaryJieba:
    """jieba without the HMM guess for unknown words.

    With the HMM on, jieba glues unknown character runs into ad-hoc words that
    depend on the context ("这不归我管" → 这不归/我管, "得加钱" → 得加/钱), so the
    same phrase segments differently in different sentences. Dictionary-only
    segmentation is stable, which token patterns need. spaCy's jieba tokenizer
    calls ``jieba_seg.cut(text, cut_all=False)``; this object answers that call.
    """

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        return jieba.cut(text, cut_all=cut_all, HMM=False)


def make_pipeline(language: str, lemmas: Mapping[str, str]) -> Language:
    """Blank spaCy pipeline for ``language`` with a lookup lemmatizer from ``lemmas``."""
    if language == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        tokenizer: Any = nlp.tokenizer
        tokenizer.jieba_seg = _DictionaryJieba()
    else:
        nlp = spacy.blank(language)
    lookups = Lookups()
    lookups.add_table("lemma_lookup", dict(lemmas))
    lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize(lookups=lookups)
    return nlp


class LanguageMatcher:
    """All blacklist patterns of one language, compiled once."""

    def __init__(self, language: str, blacklist: Blacklist) -> None:
        self.language = language
        self.nlp = make_pipeline(language, blacklist.lemmas[language])
        self._fold = blacklist.folds.get(language, {})
        strings = self.nlp.vocab.strings
        self._lemma_of = {
            strings.add(word): strings.add(lemma)
            for word, lemma in blacklist.lemmas[language].items()
        }
        self._entries = {entry.id: entry for entry in blacklist.entries}
        self._patterns = IndexedMatcher(self.nlp.vocab)
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        # per entry, so a text runs only the exceptions of the entries that hit it; `unless`
        # sets shared between entries (*remedy_en, …) are compiled and run once per text
        self._exceptions: dict[str, IndexedMatcher] = {}
        self._unless_sets: dict[str, IndexedMatcher] = {}
        self._unless_of: dict[str, str] = {}
        for entry in blacklist.entries:
            self._add(entry)

    def _add(self, entry: Entry) -> None:
        lang = self.language
        if entry.patterns[lang]:
            self._patterns.add(entry.id, list(entry.patterns[lang]))
        if entry.phrases[lang]:
            texts = (
                self.fold(normalize(p, drop_spaces=lang == "zh").text) for p in entry.phrases[lang]
            )
            self._phrases.add(entry.id, list(self.nlp.pipe(texts)))
        if entry.exceptions[lang]:
            self._exceptions[entry.id] = IndexedMatcher(self.nlp.vocab)
            self._exceptions[entry.id].add(entry.id, list(entry.exceptions[lang]))
        if entry.unless.get(lang):
            key = repr(entry.unless[lang])
            if key not in self._unless_sets:
                self._unless_sets[key] = IndexedMatcher(self.nlp.vocab)
                self._unless_sets[key].add("unless", list(entry.unless[lang]))
            self._unless_of[entry.id] = key

    def unless_reach(self, text: str | Doc, entry: Entry) -> int | None:
        """Where the last match of ``entry``'s ``unless`` set ends in the (already normalised)
        ``text``, or the Doc ``analyse`` made of it, as a character offset (None: no match).

        For the classifier's entry, whose hits do not come from this matcher (a flagged
        sentence starting before that offset is answered by the remedy); the rules' own
        ``unless`` sets run inside ``find``.
        """
        key = self._unless_of.get(entry.id)
        if key is None:
            return None
        doc = self._doc(text)
        ends = [end for _, _, end in self._unless_sets[key](self._index(doc))]
        return _end_char(doc, max(ends)) if ends else None

    def fold(self, text: str) -> str:
        """Character variants folded (traditional to simplified Chinese); same length."""
        return text.translate(self._fold) if self._fold else text

    def analyse(self, text: str) -> Doc:
        """The (already normalised) ``text`` folded, tokenised and lemmatised: what ``find``
        and ``silenced`` match on, and whose words the sentence models can take as they are.

        The lemmas are the pipeline's lookup lemmatizer's (its table, else the word itself),
        set in one array write instead of one Python step per token."""
        doc = self.nlp.make_doc(self.fold(text))
        if len(doc):
            words = doc.to_array([ORTH]).tolist()
            lemmas = [self._lemma_of.get(word, word) for word in words]
            column: Any = numpy.array(lemmas, dtype="uint64")
            doc.from_array([LEMMA], column)
        return doc

    def _doc(self, text: str | Doc) -> Doc:
        return text if isinstance(text, Doc) else self.analyse(text)

    @staticmethod
    def _index(doc: Doc) -> DocIndex:
        """``doc`` cut into windows for the token patterns (built once per Doc): its
        sentences, merged into chunks of at least ``_CHUNK`` tokens, each window two
        neighbouring chunks, so a pattern may reach from one sentence into the next."""
        if _INDEX not in doc.user_data:
            chunks: list[list[int]] = []
            for start, end in _sentence_tokens(doc) or ():  # None: one window
                if chunks and chunks[-1][1] - chunks[-1][0] < _CHUNK:
                    chunks[-1][1] = end
                else:
                    chunks.append([start, end])
            if len(chunks) > 1 and chunks[-1][1] - chunks[-1][0] < _CHUNK:
                last = chunks.pop()
                chunks[-1][1] = last[1]
            # one chunk (or none): the whole doc is the only window
            windows = [(a[0], b[1]) for a, b in pairwise(chunks)]
            doc.user_data[_INDEX] = index_doc(doc, windows)
        index: DocIndex = doc.user_data[_INDEX]
        return index

    def find(self, text: str | Doc) -> list[Hit]:
        """Matches in the (already normalised) ``text`` (or its Doc from ``analyse``),
        longest first among overlaps."""
        doc = self._doc(text)
        index = self._index(doc)
        found = self._spans(doc, [*_run(self._patterns, index), *_run(self._phrases, doc)])
        # exceptions and `unless` only matter when something was found (most texts are clean)
        hit_ids = {span.entry_id for span in found}
        excepted = self._spans(
            doc, [m for i in hit_ids if i in self._exceptions for m in self._exceptions[i](index)]
        )
        # where each `unless` set that concerns a hit matches: the token its last match ends at
        unless_end: dict[str, int] = {}
        for key in {self._unless_of[i] for i in hit_ids if i in self._unless_of}:
            ends = [end for _, _, end in self._unless_sets[key](index)]
            if ends:
                unless_end[key] = max(ends)
        starts = _sentence_starts(doc) if unless_end else []
        kept = [
            span
            for span in found
            if not _cancelled(span, excepted)
            and not _silenced(span, unless_end.get(self._unless_of.get(span.entry_id, "")), starts)
        ]
        return [
            Hit(self._entries[span.entry_id], doc[span.start].idx, _end_char(doc, span.end))
            for span in keep_longest(merge_same_entry(kept))
        ]

    def _spans(self, doc: Doc, matches: Iterable[tuple[int, int, int]]) -> list[Candidate]:
        spans = set()
        for key, start, end in matches:
            name = doc.vocab.strings[key]
            spans.add(Candidate(name, self._entries[name].rank, *_trim(doc, start, end)))
        return list(spans)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Leave punctuation at either edge out of a match (patterns use it as context)."""
    while end - start > 1 and doc[end - 1].is_punct:
        end -= 1
    while end - start > 1 and doc[start].is_punct:
        start += 1
    return start, end


def _run(matcher: Any, doc: Doc | DocIndex) -> list[tuple[int, int, int]]:
    """Matches as (key, start, end); an empty matcher is skipped (spaCy warns on it)."""
    return list(matcher(doc)) if len(matcher) else []


def _end_char(doc: Doc, end: int) -> int:
    """Character offset just after token ``end - 1``."""
    last = doc[end - 1]
    return last.idx + len(last)


def _sentence_tokens(doc: Doc) -> list[tuple[int, int]] | None:
    """The tokens [start, end) of each sentence of ``doc``; None when a sentence does not
    align with the tokens (cannot happen with these tokenizers)."""
    spans = []
    for start, end in sentence_spans(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        spans.append((span.start, span.end))
    return spans


def _sentence_starts(doc: Doc) -> list[int]:
    """The token each sentence of ``doc`` starts at (none known: the doc is one sentence)."""
    return [start for start, _ in _sentence_tokens(doc) or ()]


def _silenced(span: Candidate, unless_end: int | None, starts: list[int]) -> bool:
    """Whether the entry's ``unless`` matched (the last match ending at ``unless_end``) after
    the start of the sentence the hit is in: the remedy or alternative told in that sentence
    or later answers the limit; one told in an earlier sentence does not excuse a refusal
    after it ("the clock was posted on time. The repair report we will not issue.")."""
    if unless_end is None:
        return False
    sentence = starts[max(0, bisect_right(starts, span.start) - 1)] if starts else 0
    return unless_end > sentence


def _cancelled(span: Candidate, exceptions: Iterable[Candidate]) -> bool:
    """True when an exception of the same entry overlaps ``span``."""
    return any(
        other.entry_id == span.entry_id and other.start < span.end and span.start < other.end
        for other in exceptions
    )


def merge_same_entry(spans: Iterable[Candidate]) -> list[Candidate]:
    """Overlapping matches of one entry become one span, their union."""
    merged: list[Candidate] = []
    for span in sorted(spans, key=lambda s: (s.entry_id, s.start, -s.end)):
        last = merged[-1] if merged else None
        if last and last.entry_id == span.entry_id and span.start < last.end:
            merged[-1] = last._replace(end=max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def keep_longest(spans: Iterable[Candidate]) -> list[Candidate]:
    """Resolve overlaps: longest span wins, then the more severe entry, then the earlier."""
    ordered = sorted(spans, key=lambda s: (s.start - s.end, -s.rank, s.start, s.entry_id))
    kept: list[Candidate] = []
    for span in ordered:
        if all(span.end <= other.start or other.end <= span.start for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
