"""Phrase guard: find phrases that anger customers in any outgoing text.

Every text the customer may read (bot replies, agent messages, reply suggestions)
goes through ``get_guard().check(text)``. The blacklist and its suggestions live in
``blacklist.yml``; this package only matches. Importing it is cheap: spaCy, jieba
and the YAML are loaded the first time ``get_guard()`` (or ``PhraseGuard()``) runs.

    >>> result = get_guard().check("I'm afraid it's company policy.")
    >>> result.clean, result.violations[0].category
    (False, 'worst_policy')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.guard.normalize import Normalized, normalize
from bot.language import SUPPORTED, detect_language

if TYPE_CHECKING:
    from bot.guard.blacklist import Blacklist
    from bot.guard.matcher import Hit, LanguageMatcher

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


@dataclass(frozen=True)
class GuardResult:
    """Outcome of a check: ``clean`` is True when there are no violations."""

    clean: bool
    language: str
    violations: tuple[Violation, ...]


class PhraseGuard:
    """Blacklist matchers for every supported language, compiled once."""

    def __init__(self, blacklist: Blacklist | None = None) -> None:
        from bot.guard.blacklist import load_blacklist
        from bot.guard.matcher import LanguageMatcher

        self.blacklist = blacklist or load_blacklist()
        self._matchers: dict[str, LanguageMatcher] = {
            lang: LanguageMatcher(lang, self.blacklist) for lang in SUPPORTED
        }

    def check(self, text: str, language: str | None = None) -> GuardResult:
        """Check ``text`` in ``language`` ("en" or "zh"); None detects it from the text."""
        lang = language or detect_language(text)
        if lang not in self._matchers:
            raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED}")
        norm = normalize(text, drop_spaces=lang == "zh")
        hits = self._matchers[lang].find(norm.text) if norm.text else []
        violations = tuple(_violation(text, norm, hit, lang) for hit in hits)
        return GuardResult(clean=not violations, language=lang, violations=violations)


def _violation(text: str, norm: Normalized, hit: Hit, lang: str) -> Violation:
    """Turn a match in the normalised text into a violation on the original text."""
    start, end = norm.original_span(hit.start, hit.end)
    return Violation(
        phrase=text[start:end],
        start=start,
        end=end,
        category=hit.entry.category,
        suggestion=hit.entry.suggestions[lang],
    )


@lru_cache(maxsize=1)
def get_guard() -> PhraseGuard:
    """The process-wide guard, built on first use."""
    return PhraseGuard()
