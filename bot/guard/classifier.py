"""Learned sentence classifier beside the phrase guard's rules.

The rules catch phrases; the classifier catches sentences whose tone angers customers
when no rule names the phrase ("It'll get there when it gets there."). One spaCy
``textcat`` model per language (TextCatBOW, trained by ``scripts/train_guard.py`` into
``models/guard/{en,zh}``; settings and frozen thresholds in ``classifier/settings.yml``)
scores each sentence. A second model per language, the fix detector
(``models/guard/fix/{en,zh}``, trained on ``classifier/fix_{en,zh}.yml``), recognises a
sentence that states a fix done or firmly owned by us in any wording; it cancels the hits
of entries marked ``unless_fix``, as an honest limit followed by the fix is not a refusal.
A third, the near-miss model (``models/guard/near_miss/{en,zh}``, trained on the sentences of
the tuned cases and written data where a rule fires once its ``unless`` patterns are taken
away), scores whether such a sentence is a real violation or a harmless near-miss ("I'm not
going to tell you to calm down"); a hit in a sentence it scores below its threshold is
dropped, except for the entries marked ``always`` (company policy). Text goes through the
guard's own ``normalize()``; Chinese is folded traditional to simplified (one character for
one) and segmented by the same dictionary-only jieba as the matchers, so offsets still point
into the caller's text. spaCy is imported only when a classifier is built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.guard.normalize import normalize
from bot.hanzi import traditional_table
from bot.language import SUPPORTED

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

DATA_DIR = Path(__file__).with_name("classifier")
SETTINGS_PATH = DATA_DIR / "settings.yml"
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "guard"
FLAG_LABEL = "FLAG"
FIX_LABEL = "FIX"
NEAR_MISS = "near_miss"  # settings key and model sub-directory of the near-miss model

# a sentence ends at . ! ? followed by space, right after 。！？ (or ! ? in Chinese,
# where the normaliser leaves no space), and at a line break
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？!?])|\n+")


class ModelMissingError(RuntimeError):
    """The trained classifier is not on disk (``make train-guard`` builds it)."""


def load_settings(path: Path = SETTINGS_PATH) -> dict[str, Any]:
    """Training settings and per-language thresholds (classifier/settings.yml)."""
    settings: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return settings


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of (normalised) ``text``, outer spaces left out."""
    cuts = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    bounds = zip(
        [0, *(end for _, end in cuts)], [*(start for start, _ in cuts), len(text)], strict=True
    )
    spans = []
    for start, end in bounds:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(piece.strip())))
    return spans


def sentence_at(spans: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The span of ``spans`` (from ``sentence_spans``) holding offset ``at``; None if none."""
    return next((span for span in spans if span[0] <= at < span[1]), None)


def sentences(text: str) -> list[str]:
    """The sentences of normalised ``text`` (what the model is trained and run on)."""
    return [text[start:end] for start, end in sentence_spans(text)]


def fold(text: str, language: str) -> str:
    """Chinese traditional characters folded to simplified (same length); others as is."""
    return text.translate(traditional_table()) if language == "zh" else text


def prepare(text: str, language: str) -> list[str]:
    """Raw text to the sentences the model sees: normalised, folded, split."""
    norm = normalize(text, drop_spaces=language == "zh").text
    return sentences(fold(norm, language))


def make_blank(language: str) -> Any:
    """Blank pipeline with the guard's tokenizer (zh: dictionary-only jieba)."""
    import spacy

    if language != "zh":
        return spacy.blank(language)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    _use_dictionary_jieba(nlp)
    return nlp


def _use_dictionary_jieba(nlp: Any) -> None:
    from bot.guard.matcher import _DictionaryJieba

    nlp.tokenizer.jieba_seg = _DictionaryJieba()


class LanguageModel:
    """One language's pipeline, its textcat and the frozen threshold."""

    def __init__(self, nlp: Any, threshold: float, label: str = FLAG_LABEL) -> None:
        self.nlp, self.threshold = nlp, threshold
        self._model = nlp.get_pipe("textcat").model
        self._column = list(nlp.get_pipe("textcat").labels).index(label)

    def scores(self, texts: Sequence[str | Span]) -> list[float]:
        """Score (FLAG or FIX) of each (normalised, folded) sentence, one predict call.

        A sentence given as a Span of the rules' Doc keeps the words the rules' tokenizer
        cut (the same tokenizer as this pipeline's, on the same text), so it is not cut again.
        """
        if not texts:
            return []
        docs = [self._doc(text) for text in texts]
        predicted = self._model.predict(docs)
        return [float(row[self._column]) for row in self._model.ops.to_numpy(predicted)]

    def _doc(self, text: str | Span) -> Doc:
        if isinstance(text, str):
            return self.nlp.make_doc(text)
        from spacy.tokens import Doc

        spaces = [bool(token.whitespace_) for token in text]
        spaces[-1] = False
        return Doc(self.nlp.vocab, words=[token.text for token in text], spaces=spaces)


def fix_dir(model_dir: Path) -> Path:
    """Where the fix detector's models live inside the guard's model directory."""
    return model_dir / "fix"


def near_miss_dir(model_dir: Path) -> Path:
    """Where the near-miss models live inside the guard's model directory."""
    return model_dir / NEAR_MISS


class SentenceClassifier:
    """Both languages' tone models, fix detectors and near-miss models, loaded once from
    ``model_dir``."""

    def __init__(self, model_dir: Path = MODEL_DIR, settings_path: Path = SETTINGS_PATH) -> None:
        settings = load_settings(settings_path)
        dirs = (model_dir, fix_dir(model_dir), near_miss_dir(model_dir))
        wanted = [d / lang for d in dirs for lang in SUPPORTED]
        missing = [str(path) for path in wanted if not (path / "meta.json").is_file()]
        if missing:
            raise ModelMissingError(
                f"the guard's sentence classifier is missing ({', '.join(missing)});"
                " run `make train-guard` to build it"
            )
        tone, fix = settings["languages"], settings["fix"]
        self.models: dict[str, LanguageModel] = {
            lang: LanguageModel(_load(model_dir / lang, lang), float(tone[lang]["threshold"]))
            for lang in SUPPORTED
        }
        self.fix_models: dict[str, LanguageModel] = {
            lang: LanguageModel(
                _load(fix_dir(model_dir) / lang, lang), float(fix[lang]["threshold"]), FIX_LABEL
            )
            for lang in SUPPORTED
        }
        near = settings[NEAR_MISS]
        self.near_miss_models: dict[str, LanguageModel] = {
            lang: LanguageModel(
                _load(near_miss_dir(model_dir) / lang, lang), float(near[lang]["threshold"])
            )
            for lang in SUPPORTED
        }

    def near_misses(
        self, language: str, text: str, hits: list[tuple[int, int]], doc: Doc | None = None
    ) -> list[bool]:
        """For each hit [start, end) in normalised ``text``, whether the sentence holding it is
        a harmless near-miss: it has words of its own besides the hit (a bare "No way." is
        never one) and scores below the threshold under the near-miss model. ``doc``: the
        rules' Doc of ``text`` (``LanguageMatcher.analyse``), whose words are reused."""
        spans = sentence_spans(text)
        holding = [sentence_at(spans, start) for start, _ in hits]
        wanted = list(dict.fromkeys(span for span in holding if span is not None))
        model = self.near_miss_models[language]
        scores = dict(
            zip(wanted, model.scores(_sentences(text, wanted, language, doc)), strict=True)
        )
        return [
            span is not None
            and _has_words(text[span[0] : start] + " " + text[end : span[1]])
            and scores[span] < model.threshold
            for span, (start, end) in zip(holding, hits, strict=True)
        ]

    def fix_spans(self, language: str, text: str, doc: Doc | None = None) -> list[tuple[int, int]]:
        """Spans of the sentences of normalised ``text`` that state a fix done or owned by us."""
        threshold = self.fix_models[language].threshold
        return [span for span, score in self.fix_scores(language, text, doc) if score >= threshold]

    def fix_scores(
        self, language: str, text: str, doc: Doc | None = None
    ) -> list[tuple[tuple[int, int], float]]:
        """Each sentence span of normalised ``text`` with the fix detector's score."""
        spans = sentence_spans(text)
        scores = self.fix_models[language].scores(_sentences(text, spans, language, doc))
        return list(zip(spans, scores, strict=True))

    def flagged(
        self,
        language: str,
        text: str,
        skip: Iterable[tuple[int, int]] = (),
        doc: Doc | None = None,
    ) -> list[tuple[int, int]]:
        """Spans of the sentences of normalised ``text`` the model flags.

        Sentences overlapping a span in ``skip`` (the rules' hits) are not scored.
        """
        taken = list(skip)
        spans = [
            (start, end)
            for start, end in sentence_spans(text)
            if all(end <= other_start or other_end <= start for other_start, other_end in taken)
        ]
        model = self.models[language]
        scores = model.scores(_sentences(text, spans, language, doc))
        return [span for span, score in zip(spans, scores, strict=True) if score >= model.threshold]


def _sentences(
    text: str, spans: Iterable[tuple[int, int]], language: str, doc: Doc | None
) -> list[str | Span]:
    """The sentences at ``spans`` of normalised ``text`` as the models take them: a Span of
    ``doc`` (the rules' Doc of the folded text) where its tokens fit the sentence, else the
    folded sentence text to tokenise."""
    out: list[str | Span] = []
    for start, end in spans:
        span = doc.char_span(start, end) if doc is not None else None
        out.append(span if span is not None and len(span) else fold(text[start:end], language))
    return out


def fix_follows(start: int, fixes: Iterable[tuple[int, int]]) -> bool:
    """Whether a fix sentence ends after ``start``: the limit found there is followed by the
    fix (or shares its sentence). A fix followed by a refusal leaves the refusal standing."""
    return any(end > start for _, end in fixes)


def _has_words(text: str) -> bool:
    """Whether ``text`` holds a letter, digit or Chinese character (not only punctuation)."""
    return any(char.isalnum() for char in text)


def _load(path: Path, language: str) -> Any:
    """A trained pipeline from disk, with the guard's Chinese segmenter put back."""
    import spacy

    nlp = spacy.load(path)
    if language == "zh":
        _use_dictionary_jieba(nlp)
    return nlp
