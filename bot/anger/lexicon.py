"""Load and check the cue lexicon (bot/anger/lexicon.yml) into typed, frozen records."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yml")

CueKind = Literal["anger", "threat", "chase", "urgency", "ignore"]
MatchOn = Literal["tokens", "text"]
ANGER_KINDS: frozenset[str] = frozenset({"anger", "threat", "chase"})
TokenPattern = tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class Cue:
    """One cue: words or patterns that signal anger or urgency, and how much."""

    id: str
    kind: CueKind
    weight: float
    phrases: tuple[str, ...] = ()
    patterns: tuple[TokenPattern, ...] = ()  # spaCy Matcher token patterns ("tokens")
    regex: tuple[str, ...] = ()  # regular expressions on the text ("text")
    negatable: bool = True  # False when the cue carries its own negation ("no clue")
    # names a feeling (angry, 生气): a relative's feeling is theirs, not the writer's
    feeling: bool = False

    @property
    def side(self) -> Literal["anger", "urgency", "ignore"]:
        """Which score the cue feeds."""
        if self.kind in ANGER_KINDS:
            return "anger"
        return "urgency" if self.kind == "urgency" else "ignore"


@dataclass(frozen=True)
class WordWindow:
    """Words (negators, intensifiers) that act on a cue up to `window` tokens after them."""

    window: int
    words: frozenset[str]


@dataclass(frozen=True)
class LanguageLexicon:
    match_on: MatchOn
    negation: WordWindow
    intensifiers: WordWindow
    downtoners: WordWindow  # "a bit", 有点: soften the cue after them
    reported: WordWindow  # "my son is furious", 朋友说…骗子: someone else's anger, not the writer's
    kin: WordWindow  # 我妈…生气: drops only `feeling` cues (儿子的生日被毁了 stays the writer's anger)
    cues: tuple[Cue, ...]
    fold: Mapping[int, str] = field(default_factory=dict)  # character variants, one for one


@dataclass(frozen=True)
class CapsRule:
    id: str
    weight_per_word: float
    max_weight: float
    min_length: int
    ignore: frozenset[str]


@dataclass(frozen=True)
class SurfacePattern:
    id: str
    kind: CueKind
    weight: float
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    angry_threshold: float
    urgent_threshold: float
    intensifier_boost: float
    downtoner_factor: float
    max_weight: float
    caps: CapsRule
    surface: tuple[SurfacePattern, ...]
    languages: Mapping[str, LanguageLexicon]


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read the lexicon file; raise ValueError when it is malformed."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    surface = raw["surface"]
    return Lexicon(
        angry_threshold=_unit(raw["angry_threshold"], "angry_threshold"),
        urgent_threshold=_unit(raw["urgent_threshold"], "urgent_threshold"),
        intensifier_boost=float(raw["intensifier_boost"]),
        downtoner_factor=_unit(raw["downtoner_factor"], "downtoner_factor"),
        max_weight=_unit(raw["max_weight"], "max_weight"),
        caps=_caps_rule(surface["caps"]),
        surface=tuple(_surface_pattern(item) for item in surface["patterns"]),
        languages={lang: _language(lang, spec) for lang, spec in raw["languages"].items()},
    )


def _language(lang: str, spec: Mapping[str, Any]) -> LanguageLexicon:
    match_on = spec["match_on"]
    if match_on not in get_args(MatchOn):
        raise ValueError(f"{lang}: match_on must be one of {get_args(MatchOn)}, not {match_on!r}")
    cues = tuple(_cue(lang, item, cast(MatchOn, match_on)) for item in spec["cues"])
    _reject_duplicates(lang, "cue ids", [cue.id for cue in cues])
    _reject_duplicates(lang, "phrases", [phrase.lower() for cue in cues for phrase in cue.phrases])
    return LanguageLexicon(
        match_on=cast(MatchOn, match_on),
        negation=_word_window(spec["negation"]),
        intensifiers=_word_window(spec["intensifiers"]),
        downtoners=_word_window(spec["downtoners"]),
        reported=_word_window(spec["reported"]),
        kin=_word_window(spec.get("kin", {"window": 0, "words": []})),
        cues=cues,
        fold=_fold(lang, spec.get("fold") or {}),
    )


def _fold(lang: str, pairs: Mapping[str, str]) -> dict[int, str]:
    if any(len(str(a)) != 1 or len(str(b)) != 1 for a, b in pairs.items()):
        raise ValueError(f"{lang}: fold maps one character to one")
    return {ord(str(a)): str(b) for a, b in pairs.items()}


def _reject_duplicates(lang: str, what: str, values: list[str]) -> None:
    duplicates = sorted(value for value, count in Counter(values).items() if count > 1)
    if duplicates:
        raise ValueError(f"{lang}: duplicate {what} {duplicates}")


def _cue(lang: str, item: Mapping[str, Any], match_on: MatchOn) -> Cue:
    cue = Cue(
        id=str(item["id"]),
        kind=_kind(item["kind"], f"{lang}.{item['id']}"),
        weight=_unit(item["weight"], f"{lang}.{item['id']}.weight"),
        phrases=tuple(str(phrase) for phrase in item.get("phrases", ())),
        patterns=tuple(tuple(pattern) for pattern in item.get("patterns", ())),
        regex=tuple(item.get("regex", ())),
        negatable=bool(item.get("negatable", True)),
        feeling=bool(item.get("feeling", False)),
    )
    unused = "regex" if match_on == "tokens" else "patterns"
    if getattr(cue, unused):
        raise ValueError(f"{lang}.{cue.id}: {match_on} matching takes no {unused}")
    if not (cue.phrases or cue.patterns or cue.regex):
        raise ValueError(f"{lang}.{cue.id}: a cue needs phrases, patterns or regex")
    for expression in cue.regex:
        re.compile(expression)
    return cue


def _surface_pattern(item: Mapping[str, Any]) -> SurfacePattern:
    pattern = SurfacePattern(
        id=str(item["id"]),
        kind=_kind(item["kind"], str(item["id"])),
        weight=_unit(item["weight"], f"{item['id']}.weight"),
        regex=re.compile(item["regex"]),
    )
    if pattern.kind == "ignore":
        raise ValueError(f"{pattern.id}: a surface pattern cannot be of kind ignore")
    return pattern


def _caps_rule(item: Mapping[str, Any]) -> CapsRule:
    return CapsRule(
        id=str(item["id"]),
        weight_per_word=_unit(item["weight_per_word"], "caps.weight_per_word"),
        max_weight=_unit(item["max_weight"], "caps.max_weight"),
        min_length=int(item["min_length"]),
        ignore=frozenset(str(word).lower() for word in item["ignore"]),
    )


def _word_window(item: Mapping[str, Any]) -> WordWindow:
    return WordWindow(
        window=int(item["window"]), words=frozenset(str(w).lower() for w in item["words"])
    )


def _kind(value: object, where: str) -> CueKind:
    if value not in get_args(CueKind):
        raise ValueError(f"{where}: kind must be one of {get_args(CueKind)}, not {value!r}")
    return cast(CueKind, value)


def _unit(value: object, where: str) -> float:
    number = float(cast(float, value))
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{where}: {number} is not in [0, 1]")
    return number
