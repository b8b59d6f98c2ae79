"""Load and check the phrase blacklist (bot/guard/blacklist.yml).

The YAML is the single source of truth: categories, severities, spaCy patterns and
the suggested alternatives all live there. This module only turns it into typed,
validated objects; it never adds words of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from bot.hanzi import load_fold
from bot.language import SUPPORTED

BLACKLIST_PATH = Path(__file__).with_name("blacklist.yml")
SEVERITY_RANK: Mapping[str, int] = {"low": 1, "medium": 2, "high": 3, "critical": 4}

TokenPattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    """One blacklisted phrase with its variants per language."""

    id: str
    category: str
    severity: str
    seed: str
    suggestions: Mapping[str, str]
    phrases: Mapping[str, tuple[str, ...]]
    patterns: Mapping[str, tuple[TokenPattern, ...]]
    exceptions: Mapping[str, tuple[TokenPattern, ...]]
    # patterns that, found anywhere in the same text, cancel every hit of this entry
    # (a remedy already done: "I've refunded …", "已经给您…")
    unless: Mapping[str, tuple[TokenPattern, ...]] = field(default_factory=dict)
    # no phrases or patterns: the sentence classifier (bot/guard/classifier.py) finds it
    learned: bool = False
    # a sentence the learned fix detector recognises (a fix done or owned by us, in any
    # wording) cancels every hit of this entry too, like a pattern under ``unless``
    unless_fix: bool = False
    # no learned model cancels a hit of this entry (the near-miss model skips it): company policy
    always: bool = False

    @property
    def rank(self) -> int:
        """Numeric severity, higher is worse (used to break ties between matches)."""
        return SEVERITY_RANK[self.severity]


class ClauseLead(NamedTuple):
    """A ``reported_clause`` item: ``lead`` must match the clause up to the hit; ``then``,
    when set, must match somewhere after it (the words disowned or answered)."""

    lead: re.Pattern[str]
    then: re.Pattern[str] | None


@dataclass(frozen=True)
class Blacklist:
    """All entries plus the per-language lemma lookup used by the matchers."""

    entries: tuple[Entry, ...]
    lemmas: Mapping[str, Mapping[str, str]]  # per language: token text -> lemma
    folds: Mapping[str, Mapping[int, str]] = field(default_factory=dict)  # per language: char map
    # per language: lead-ins that make a quotation someone else's words (bot/guard/quotes.py)
    reported_speech: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    # per language: judgements that, right after a quotation's closing mark, disown its words
    disowned_speech: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    # per language: lead-ins that make the rest of a clause someone else's words, with no
    # quotation marks, each with what must follow the hit (or None)
    reported_clauses: Mapping[str, tuple[ClauseLead, ...]] = field(default_factory=dict)
    # per language: answers that, right after a question holding a hit, reject it (round AQ)
    rejected_questions: Mapping[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with this id (KeyError when unknown)."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)


def load_blacklist(path: Path = BLACKLIST_PATH) -> Blacklist:
    """Read, validate and return the blacklist file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = tuple(_entry(item) for item in raw["entries"])
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate blacklist ids: {duplicates}")
    lemmas: dict[str, Mapping[str, str]] = {lang: _lemma_table(raw, lang) for lang in SUPPORTED}
    folds = {lang: load_fold(path.parent / name) for lang, name in (raw.get("fold") or {}).items()}
    reported = raw.get("reported_speech") or {}
    disowned = raw.get("disowned_speech") or {}
    clauses = raw.get("reported_clause") or {}
    words = raw.get("reported_words") or {}
    rejected = raw.get("rejected_question") or {}
    return Blacklist(
        entries=entries,
        lemmas=lemmas,
        folds=folds,
        reported_speech={
            lang: _regexes(reported.get(lang) or (), lang, words=words.get(lang) or {})
            for lang in SUPPORTED
        },
        disowned_speech={
            lang: _regexes(disowned.get(lang) or (), lang, "disowned_speech") for lang in SUPPORTED
        },
        reported_clauses={
            lang: _clause_leads(clauses.get(lang) or (), lang, words.get(lang) or {})
            for lang in SUPPORTED
        },
        rejected_questions={
            lang: _regexes(rejected.get(lang) or (), lang, "rejected_question")
            for lang in SUPPORTED
        },
    )


_WORD = re.compile(r"<<(\w+)>>")


def _clause_leads(items: Any, lang: str, words: Mapping[str, str]) -> tuple[ClauseLead, ...]:
    """``reported_clause`` items: a pattern, or ``{lead: pattern, then: pattern}``."""
    leads = []
    for item in items:
        if isinstance(item, str):
            item = {"lead": item}
        if not isinstance(item, Mapping) or set(item) - {"lead", "then"} or "lead" not in item:
            raise ValueError(
                f"reported_clause {lang}: expected a pattern or {{lead, then}}: {item!r}"
            )
        patterns = [item["lead"], *([item["then"]] if "then" in item else [])]
        lead, *then = _regexes(patterns, lang, "reported_clause", words)
        leads.append(ClauseLead(lead, then[0] if then else None))
    return tuple(leads)


def _regexes(
    items: Any, lang: str, key: str = "reported_speech", words: Mapping[str, str] | None = None
) -> tuple[re.Pattern[str], ...]:
    """Compile ``reported_speech`` / ``disowned_speech`` / ``reported_clause`` patterns,
    naming the bad one. A ``<<name>>`` stands for the language's ``reported_words`` entry of
    that name (a group several lead-ins share, such as who may be the speaker)."""
    known = words or {}

    def word(found: re.Match[str]) -> str:
        if found[1] not in known:
            raise ValueError(f"{key} {lang}: unknown word <<{found[1]}>> in {found.string!r}")
        return f"(?:{known[found[1]]})"

    compiled = []
    for item in items:
        try:
            compiled.append(re.compile(_WORD.sub(word, item)))
        except re.error as exc:
            raise ValueError(f"{key} {lang}: bad pattern {item!r}: {exc}") from exc
    return tuple(compiled)


def _lemma_table(raw: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Token text -> lemma: the ``inflections`` (lemma: [forms]), then ``lemmas``, which win."""
    table = {
        str(form): str(lemma)
        for lemma, forms in ((raw.get("inflections") or {}).get(lang) or {}).items()
        for form in forms
    }
    table.update({str(k): str(v) for k, v in ((raw.get("lemmas") or {}).get(lang) or {}).items()})
    return table


def _entry(item: Mapping[str, Any]) -> Entry:
    """Build one entry, failing loudly on missing languages or bad severity."""
    entry_id = item["id"]
    if item["severity"] not in SEVERITY_RANK:
        raise ValueError(f"{entry_id}: unknown severity {item['severity']!r}")
    entry = Entry(
        id=entry_id,
        category=item["category"],
        severity=item["severity"],
        seed=item["seed"],
        suggestions={lang: item[f"suggestion_{lang}"] for lang in SUPPORTED},
        phrases=_per_language(item.get("phrases"), tuple),
        patterns=_per_language(item.get("patterns"), _patterns),
        exceptions=_per_language(item.get("except"), _patterns),
        unless=_per_language(item.get("unless"), _patterns),
        learned=bool(item.get("learned")),
        unless_fix=bool(item.get("unless_fix")),
        always=bool(item.get("always")),
    )
    for lang in SUPPORTED:
        if not entry.suggestions[lang].strip():
            raise ValueError(f"{entry_id}: empty suggestion_{lang}")
        if not entry.phrases[lang] and not entry.patterns[lang] and not entry.learned:
            raise ValueError(f"{entry_id}: no phrase or pattern for {lang}")
    return entry


def _per_language(block: Mapping[str, Any] | None, convert: Any) -> dict[str, Any]:
    """Split a {en: [...], zh: [...]} block, with an empty tuple for a missing language."""
    block = block or {}
    return {lang: convert(block.get(lang) or ()) for lang in SUPPORTED}


def _patterns(items: Any) -> tuple[TokenPattern, ...]:
    """Copy token patterns so YAML anchors shared between patterns stay independent.

    An item that is itself a list of patterns (a shared set referenced with a YAML alias,
    e.g. ``unless: {en: [*remedy_en, *handover_en]}``) is spliced in, so shared sets combine.
    """
    flat: list[Any] = []
    for item in items:
        if item and isinstance(item[0], list):
            flat.extend(item)
        else:
            flat.append(item)
    return tuple([dict(token) for token in pattern] for pattern in flat)
