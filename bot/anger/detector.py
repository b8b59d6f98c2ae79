"""The anger and urgency detector: spaCy blank pipelines plus the cue lexicon."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from bot.anger import AngerResult
from bot.anger.lexicon import LEXICON_PATH, LanguageLexicon, Lexicon, load_lexicon
from bot.anger.matching import CueMatcher, TextCueMatcher, TokenCueMatcher, resolve_hits
from bot.anger.scoring import Contribution, cue_contributions, side_scores, surface_contributions
from bot.hanzi import traditional_table
from bot.language import SUPPORTED, detect_language

# Blank pipelines only: they work offline and load in well under a second.
PIPELINE_CONFIG: dict[str, dict[str, Any]] = {
    "zh": {"nlp": {"tokenizer": {"segmenter": "jieba"}}},
}


@dataclass(frozen=True)
class _Engine:
    nlp: Language
    matcher: CueMatcher
    lexicon: LanguageLexicon
    fold: dict[int, str]  # zh: traditional to simplified, one character for one
    # One message at a time per pipeline: a memory zone swaps shared vocab state.
    lock: threading.Lock = field(default_factory=threading.Lock)


class AngerDetector:
    """Scores one message at a time; each language's pipeline is built on first use."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._engines: dict[str, _Engine] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, path: Path = LEXICON_PATH) -> AngerDetector:
        return cls(load_lexicon(path))

    def detect(self, text: str, language: str | None = None) -> AngerResult:
        """Score `text`; `language` is "en" or "zh", or None to detect it."""
        if not text.strip():
            return AngerResult(score=0.0, angry=False, urgent=False, cues=())
        language = language if language in SUPPORTED else detect_language(text)
        engine = self._engine(language)
        if engine.fold:  # the cues are simplified; 你們 must match 你们
            text = text.translate(engine.fold)
        # The memory zone frees the strings each message adds to the vocab, so a
        # long-running API does not grow; nothing spaCy-owned leaves the block.
        with engine.lock, engine.nlp.memory_zone():
            doc = engine.nlp(text)
            hits = resolve_hits(engine.matcher(doc))
            found = cue_contributions(doc, hits, engine.lexicon, self._lexicon)
            found += surface_contributions(doc, self._lexicon)
        return self._result(found)

    def _result(self, found: list[Contribution]) -> AngerResult:
        scores = side_scores(found)
        ranked = sorted(found, key=lambda c: (c.side != "anger", -c.weight, c.cue_id))
        return AngerResult(
            score=round(scores["anger"], 3),
            angry=scores["anger"] >= self._lexicon.angry_threshold,
            urgent=scores["urgency"] >= self._lexicon.urgent_threshold,
            cues=tuple(dict.fromkeys(c.cue_id for c in ranked)),
        )

    def _engine(self, language: str) -> _Engine:
        """The language's pipeline and matchers, built on first use."""
        with self._lock:
            if language not in self._engines:
                self._engines[language] = self._build(language)
            return self._engines[language]

    def _build(self, language: str) -> _Engine:
        spec = self._lexicon.languages[language]
        nlp = spacy.blank(language, config=PIPELINE_CONFIG.get(language, {}))
        matcher: CueMatcher = (
            TokenCueMatcher(nlp, spec.cues)
            if spec.match_on == "tokens"
            else TextCueMatcher(spec.cues)
        )
        fold = {**traditional_table(), **spec.fold} if language == "zh" else dict(spec.fold)
        return _Engine(nlp=nlp, matcher=matcher, lexicon=spec, fold=fold)
