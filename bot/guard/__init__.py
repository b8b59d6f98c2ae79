"""Phrase guard: find phrases that anger customers in any outgoing text.

Every text the customer may read (bot replies, agent messages, reply suggestions)
goes through ``get_guard().check(text)``. The blacklist and its suggestions live in
``blacklist.yml``; this package only matches. Beside the rules, a learned sentence
classifier (``classifier.py``, models built by ``make train-guard``) flags a sentence no
rule caught as ``tone``, a learned fix detector cancels the entries marked
``unless_fix`` when the message states a fix done or owned by us, and a learned near-miss
model drops a hit whose sentence it judges harmless (never one of an ``always`` entry).
Someone else's words, answered or disowned, are not the agent's: a hit inside a quotation
introduced as reported speech, or in a clause opened by a reporting lead-in ("you were told",
"the driver said", 您问…), is dropped (quotes.py).
Importing the package is cheap: spaCy, jieba, the YAML and the models are loaded the first
time ``get_guard()`` (or ``PhraseGuard()``) runs.

    >>> result = get_guard().check("I'm afraid it's company policy.")
    >>> result.clean, result.violations[0].category
    (False, 'worst_policy')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.guard.classifier import fix_follows, fold, sentence_at, sentence_spans
from bot.guard.normalize import Normalized, normalize
from bot.guard.quotes import in_rejected_question, in_reported_clause, inside, reported_spans
from bot.language import SUPPORTED, detect_language

if TYPE_CHECKING:
    from pathlib import Path

    from bot.guard.blacklist import Blacklist, Entry
    from bot.guard.classifier import SentenceClassifier
    from bot.guard.matcher import LanguageMatcher

__all__ = ["GuardResult", "PhraseGuard", "Violation", "get_guard"]


@dataclass(frozen=True)
class Violation:
    """One blacklisted phrase found in a text.

    ``start``/``end`` are character offsets into the text given to ``check``, so
    ``text[start:end] == phrase`` even when the text used full-width characters,
    curly quotes or odd spacing.
    """

    phrase: str
    start: int
    end: int
    category: str
    suggestion: str
    entry_id: str  # the blacklist entry (or the learned one) that found it


@dataclass(frozen=True)
class GuardResult:
    """Outcome of a check: ``clean`` is True when there are no violations."""

    clean: bool
    language: str
    violations: tuple[Violation, ...]


class PhraseGuard:
    """Blacklist matchers and the sentence classifier for every supported language.

    ``rules_only`` leaves the classifier out (to measure the rules alone); otherwise the
    models in ``model_dir`` (default ``models/guard``) must exist and ``blacklist`` must
    have the ``learned: true`` entry that names the classifier's category and suggestions.
    """

    def __init__(
        self,
        blacklist: Blacklist | None = None,
        *,
        rules_only: bool = False,
        model_dir: Path | None = None,
    ) -> None:
        from bot.guard.blacklist import load_blacklist
        from bot.guard.classifier import MODEL_DIR, SentenceClassifier
        from bot.guard.matcher import LanguageMatcher

        self.blacklist = blacklist or load_blacklist()
        self._learned = None if rules_only else _learned_entry(self.blacklist)
        self._classifier = None if rules_only else SentenceClassifier(model_dir or MODEL_DIR)
        self._matchers: dict[str, LanguageMatcher] = {
            lang: LanguageMatcher(lang, self.blacklist) for lang in SUPPORTED
        }

    def check(self, text: str, language: str | None = None) -> GuardResult:
        """Check ``text`` in ``language`` ("en" or "zh"); None detects it from the text."""
        lang = language or detect_language(text)
        if lang not in self._matchers:
            raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED}")
        norm = normalize(text, drop_spaces=lang == "zh")
        if not norm.text:
            return GuardResult(clean=True, language=lang, violations=())
        matcher = self._matchers[lang]
        doc = matcher.analyse(norm.text)  # one tokenisation for the rules and the models
        hits = matcher.find(doc)
        found = [(hit.start, hit.end, hit.entry) for hit in hits]
        if self._classifier and self._learned:
            skip = [(h.start, h.end) for h in hits]
            spans = self._classifier.flagged(lang, norm.text, skip, doc)
            if spans:  # the learned entry's `unless` (a fix done or owned) answers what it follows
                reach = matcher.unless_reach(doc, self._learned)
                spans = [span for span in spans if reach is None or span[0] >= reach]
            found += [(start, end, self._learned) for start, end in spans]
            found.sort(key=lambda item: item[0])
            if any(entry.unless_fix for *_, entry in found):
                # an honest limit, then the fix done or owned, in words no `unless` names
                fixes = self._classifier.fix_spans(lang, norm.text, doc)
                found = [f for f in found if not (f[2].unless_fix and fix_follows(f[0], fixes))]
            open_to = [i for i, (*_, entry) in enumerate(found) if not entry.always]
            if open_to:  # a harmless near-miss the `unless` patterns do not name yet
                at = [(found[i][0], found[i][1]) for i in open_to]
                misses = self._classifier.near_misses(lang, norm.text, at, doc)
                dropped = {i for i, miss in zip(open_to, misses, strict=True) if miss}
                found = [f for i, f in enumerate(found) if i not in dropped]
        speech = self.blacklist.reported_speech.get(lang) or ()
        disowned = self.blacklist.disowned_speech.get(lang) or ()
        folds = self.blacklist.folds.get(lang)  # 說 as 说, as the matchers read it
        plain = norm.text.translate(folds) if found and folds else norm.text
        if found and (speech or disowned):  # someone else's words, quoted to answer or disown
            quoted = reported_spans(plain, speech, disowned)
            found = [item for item in found if not inside(item[0], item[1], quoted)]
        clauses = self.blacklist.reported_clauses.get(lang)
        if found and clauses:  # the same without quotation marks (company policy stays)
            found = [
                (start, end, entry)
                for start, end, entry in found
                if entry.always or not in_reported_clause(plain, start, end, clauses)
            ]
        answers = self.blacklist.rejected_questions.get(lang)
        if found and answers:  # echoed as a question and rejected (company policy stays)
            found = [
                (start, end, entry)
                for start, end, entry in found
                if entry.always or not in_rejected_question(plain, start, end, answers)
            ]
        violations = tuple(_violation(text, norm, span, lang) for span in found)
        return GuardResult(clean=not violations, language=lang, violations=violations)

    @property
    def classifier(self) -> SentenceClassifier | None:
        """The learned models (None with ``rules_only``), for the evaluation scripts."""
        return self._classifier

    def hit_sentences(self, text: str, language: str) -> list[str]:
        """The sentences of ``text`` (normalised and folded, as the models see them) holding a
        hit of the rules, ``always`` entries left out: what the near-miss model is trained on."""
        norm = normalize(text, drop_spaces=language == "zh")
        starts = [h.start for h in self._matchers[language].find(norm.text) if not h.entry.always]
        spans = sentence_spans(norm.text)
        held = {sentence_at(spans, at) for at in starts}
        return [fold(norm.text[a:b], language) for a, b in spans if (a, b) in held]

    def learned_reach(self, text: str, language: str) -> int | None:
        """Where in normalised ``text`` the ``unless`` of the ``learned: true`` entry (a fix done
        or owned) last ends: the classifier's flags on sentences starting before it are
        cancelled. Used to score held-out rounds."""
        norm = normalize(text, drop_spaces=language == "zh")
        return self._matchers[language].unless_reach(norm.text, _learned_entry(self.blacklist))


def _learned_entry(blacklist: Blacklist) -> Entry:
    """The entry whose category and suggestions the classifier's violations carry."""
    learned = [entry for entry in blacklist.entries if entry.learned]
    if len(learned) != 1:
        raise ValueError(
            f"the blacklist needs exactly one `learned: true` entry, found {len(learned)}"
            " (or build the guard with rules_only=True)"
        )
    return learned[0]


def _violation(text: str, norm: Normalized, found: tuple[int, int, Entry], lang: str) -> Violation:
    """Turn a span of the normalised text into a violation on the original text."""
    start, end = norm.original_span(found[0], found[1])
    entry = found[2]
    return Violation(
        phrase=text[start:end],
        start=start,
        end=end,
        category=entry.category,
        suggestion=entry.suggestions[lang],
        entry_id=entry.id,
    )


@lru_cache(maxsize=1)
def get_guard() -> PhraseGuard:
    """The process-wide guard, built on first use."""
    return PhraseGuard()
