"""The guard's learned sentence classifier (bot/guard/classifier.py) beside the rules:
what it flags, how its violations point into the text, and how it fails without a model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.guard import PhraseGuard, get_guard
from bot.guard.blacklist import load_blacklist
from bot.guard.classifier import ModelMissingError, sentence_spans, sentences


@pytest.fixture(scope="module")
def guard() -> PhraseGuard:
    return get_guard()


@pytest.fixture(scope="module")
def rules_only(guard: PhraseGuard) -> PhraseGuard:
    return PhraseGuard(guard.blacklist, rules_only=True)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("It'll get there when it gets there.", "en"), ("东西到了就到了，您再等等吧。", "zh")],
)
def test_classifier_flags_an_angering_sentence_no_rule_names(
    guard: PhraseGuard, rules_only: PhraseGuard, text: str, lang: str
) -> None:
    assert rules_only.check(text, lang).clean
    (violation,) = guard.check(text, lang).violations
    assert (violation.category, violation.phrase) == ("tone", text)
    assert violation.suggestion == guard.blacklist.entry("learned_tone").suggestions[lang]


@pytest.mark.parametrize(("text", "lang"), [("The courier is DHL.", "en"), ("快递是顺丰。", "zh")])
def test_neutral_fact_is_not_flagged(guard: PhraseGuard, text: str, lang: str) -> None:
    assert guard.check(text, lang).clean


def test_tone_violation_is_the_sentence_in_the_original_full_width_text(
    guard: PhraseGuard,
) -> None:
    text = "Ｈｉ！  It’ll get there when it gets there.  Thanks!"
    (violation,) = guard.check(text, "en").violations
    assert text[violation.start : violation.end] == violation.phrase
    assert violation.phrase == "It’ll get there when it gets there."


def test_tone_violation_points_into_traditional_chinese_with_full_width_punctuation(
    guard: PhraseGuard,
) -> None:
    text = "您好！東西到了就到了，您再等等吧。"
    (violation,) = guard.check(text, "zh").violations
    assert violation.category == "tone"
    assert (
        text[violation.start : violation.end] == violation.phrase == "東西到了就到了，您再等等吧。"
    )


def test_sentence_with_a_rule_hit_gets_no_tone_violation(guard: PhraseGuard) -> None:
    result = guard.check("I'm afraid it's company policy. Other customers manage fine.", "en")
    assert "tone" not in {v.category for v in result.violations}
    assert len(result.violations) == 2


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("It'll get there when it gets there. I've refunded the delivery fee.", "en"),
        ("东西到了就到了，您再等等吧。运费我已经给您退了。", "zh"),
    ],
)
def test_a_fix_already_done_cancels_the_classifiers_flag(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    """The learned entry's `unless` (the same remedies that cancel a refusal) applies too."""
    assert guard.check(text, lang).clean
    learned = guard.blacklist.entry("learned_tone")
    without = replace(
        guard.blacklist,
        entries=tuple(replace(e, unless={}) if e.learned else e for e in guard.blacklist.entries),
    )
    plain = PhraseGuard(without, model_dir=None)
    assert [v.category for v in plain.check(text, lang).violations] == ["tone"]
    assert learned.unless[lang]


def test_missing_model_names_the_make_target(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="make train-guard"):
        PhraseGuard(model_dir=tmp_path / "guard")


def test_guard_with_the_classifier_needs_the_learned_entry(guard: PhraseGuard) -> None:
    blacklist = load_blacklist()
    without = replace(blacklist, entries=tuple(e for e in blacklist.entries if not e.learned))
    with pytest.raises(ValueError, match="learned: true"):
        PhraseGuard(without)


def test_sentences_split_after_stops_and_keep_offsets() -> None:
    text = "hi! it's late.  ok?\nfine。好的！嗯"
    assert sentences(text) == ["hi!", "it's late.", "ok?", "fine。", "好的！", "嗯"]
    assert sentence_spans("  a. b") == [(2, 4), (5, 6)]
