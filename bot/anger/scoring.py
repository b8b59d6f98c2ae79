"""Turn cue hits and surface features into anger and urgency scores."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc

from bot.anger.context import acts_on
from bot.anger.lexicon import CapsRule, LanguageLexicon, Lexicon
from bot.anger.matching import Hit


@dataclass(frozen=True)
class Contribution:
    """What one cue id adds to one score."""

    cue_id: str
    side: str  # "anger" | "urgency"
    weight: float


def cue_contributions(
    doc: Doc, hits: Iterable[Hit], language: LanguageLexicon, lexicon: Lexicon
) -> list[Contribution]:
    """Weigh each hit in its context. Negated hits and anger reported of someone else
    count for nothing; different words of one cue each count, the same word repeated
    counts once."""
    best: dict[tuple[str, str], Contribution] = {}
    text = doc.text
    for hit in hits:
        if hit.cue.negatable and acts_on(language.negation, doc, hit):
            continue
        if hit.cue.side == "anger" and acts_on(language.reported, doc, hit):
            continue
        if hit.cue.feeling and acts_on(language.kin, doc, hit):
            continue
        weight = _in_context(doc, hit, language, lexicon)
        key = (hit.cue.id, text[hit.start : hit.end].lower())
        if key not in best or best[key].weight < weight:
            best[key] = Contribution(hit.cue.id, hit.cue.side, weight)
    return list(best.values())


def _in_context(doc: Doc, hit: Hit, language: LanguageLexicon, lexicon: Lexicon) -> float:
    """The cue's weight, raised after an intensifier, lowered after a downtoner."""
    weight = hit.cue.weight
    if acts_on(language.intensifiers, doc, hit):
        weight = min(lexicon.max_weight, weight * lexicon.intensifier_boost)
    if acts_on(language.downtoners, doc, hit):
        weight *= lexicon.downtoner_factor
    return weight


def surface_contributions(doc: Doc, lexicon: Lexicon) -> list[Contribution]:
    """Shouting, repeated punctuation and angry emoji, whatever the language."""
    text = doc.text
    found = [
        Contribution(rule.id, "urgency" if rule.kind == "urgency" else "anger", rule.weight)
        for rule in lexicon.surface
        if rule.regex.search(text)
    ]
    caps = caps_weight(doc, lexicon.caps)
    return [*found, Contribution(lexicon.caps.id, "anger", caps)] if caps else found


def caps_weight(doc: Doc, rule: CapsRule) -> float:
    """Weight for words in capitals; acronyms and ids (SF123...) do not count."""
    shouted = [
        token
        for token in doc
        if token.is_alpha
        and token.is_upper
        and len(token) >= rule.min_length
        and token.lower_ not in rule.ignore
    ]
    return min(rule.max_weight, rule.weight_per_word * len(shouted))


def noisy_or(weights: Iterable[float]) -> float:
    """Combine independent pieces of evidence: 1 - prod(1 - w), in [0, 1]."""
    return 1.0 - math.prod(1.0 - min(1.0, max(0.0, w)) for w in weights)


def side_scores(contributions: Iterable[Contribution]) -> Mapping[str, float]:
    """Anger and urgency scores from all contributions."""
    items = list(contributions)
    return {
        side: noisy_or(c.weight for c in items if c.side == side) for side in ("anger", "urgency")
    }
