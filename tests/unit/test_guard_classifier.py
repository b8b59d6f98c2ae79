"""The guard's learned sentence classifier (bot/guard/classifier.py) beside the rules:
what it flags, how its violations point into the text, and how it fails without a model."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.guard import PhraseGuard, get_guard
from bot.guard.blacklist import Blacklist, load_blacklist
from bot.guard.classifier import MODEL_DIR, ModelMissingError, sentence_spans, sentences
from bot.guard.normalize import normalize


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
    plain = PhraseGuard(_without_fix_detector(without), model_dir=None)
    assert [v.category for v in plain.check(text, lang).violations] == ["tone"]
    assert learned.unless[lang]


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("I've refunded the delivery fee. It'll get there when it gets there.", "en", "tone"),
        ("运费我已经给您退了。东西到了就到了，您再等等吧。", "zh", "tone"),
        ("I've refunded the delivery fee. We can't replace the lamp.", "en", "refusal"),
        ("运费已经给您退了。灯我们不能换。", "zh", "refusal"),
    ],
)
def test_a_remedy_told_first_does_not_excuse_what_follows_it(
    guard: PhraseGuard, text: str, lang: str, category: str
) -> None:
    """An `unless` match (the remedy) cancels the hits and flags of the sentence it ends in
    and of those before it, not a refusal or a brush-off in a later sentence."""
    assert [v.category for v in guard.check(text, lang).violations] == [category]
    first, second = sentences(normalize(text, drop_spaces=lang == "zh").text)
    swapped = f"{second}{' ' if lang == 'en' else ''}{first}"
    assert guard.check(swapped, lang).clean


def _without_fix_detector(blacklist: Blacklist) -> Blacklist:
    return replace(
        blacklist, entries=tuple(replace(e, unless_fix=False) for e in blacklist.entries)
    )


@pytest.mark.parametrize(
    ("text", "lang", "entry"),
    [
        (
            "We can't repair that model any more. A brand-new unit leaves our Leeds warehouse"
            " tomorrow morning, free of charge.",
            "en",
            "we_cannot",
        ),
        ("这款已经停产了，没办法再修。新机明早随第一班车给您送过去，不收钱。", "zh", "no_way"),
        ("原订单没法改了。新的一单今天下午就从仓库发出，差价不用您补。", "zh", "we_cannot"),
    ],
)
def test_the_fix_detector_lets_an_honest_limit_followed_by_a_fix_through(
    guard: PhraseGuard, text: str, lang: str, entry: str
) -> None:
    """No `unless` pattern names these fixes; the learned detector recognises them."""
    assert guard.check(text, lang).clean
    plain = PhraseGuard(_without_fix_detector(guard.blacklist))
    assert [v.entry_id for v in plain.check(text, lang).violations] == [entry]
    assert guard.blacklist.entry(entry).unless_fix


@pytest.mark.parametrize(
    ("text", "lang", "entry"),
    [
        (
            "A brand-new unit leaves our Leeds warehouse tomorrow morning, free of charge. We"
            " can't repair that model any more.",
            "en",
            "we_cannot",
        ),
        ("新机明早随第一班车给您送过去，不收钱。这款已经停产了，没办法再修。", "zh", "no_way"),
    ],
)
def test_a_refusal_after_the_fix_still_stands(
    guard: PhraseGuard, text: str, lang: str, entry: str
) -> None:
    (violation,) = guard.check(text, lang).violations
    assert violation.entry_id == entry
    assert guard.classifier is not None
    assert max(score for _, score in guard.classifier.fix_scores(lang, normalize(text).text)) >= (
        guard.classifier.fix_models[lang].threshold
    )


def test_the_fix_detector_does_not_cancel_company_policy(guard: PhraseGuard) -> None:
    text = "这是我们公司的政策。新机明早随第一班车给您送过去，不收钱。"
    assert [v.category for v in guard.check(text, "zh").violations] == ["worst_policy"]
    assert not guard.blacklist.entry("company_policy").unless_fix


def test_the_near_miss_model_drops_hits_but_never_an_always_entry() -> None:
    """With its threshold above every score, each hit with words of its own around it counts as
    a near-miss and is dropped, except company policy (``always``)."""
    strict = PhraseGuard()
    assert strict.classifier is not None
    text = "We can't do that. It's company policy."
    assert [v.entry_id for v in strict.check(text, "en").violations] == [
        "we_cannot",
        "company_policy",
    ]
    strict.classifier.near_miss_models["en"].threshold = 1.01
    assert [v.entry_id for v in strict.check(text, "en").violations] == ["company_policy"]
    # a hit that is the whole sentence has no words of its own to make it harmless
    assert [v.entry_id for v in strict.check("Calm down!", "en").violations] == ["dismissive"]
    assert strict.blacklist.entry("company_policy").always
    assert not [e.id for e in strict.blacklist.entries if e.always and e.id != "company_policy"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The courier was at fault, so I've claimed from them and refunded you in full already.",
            "en",
        ),
        ("延误的原因是我们仓库出了差错，很抱歉。我已经免费给您升级成次日达了。", "zh"),
    ],
)
def test_the_near_miss_model_clears_what_the_unless_patterns_would(text: str, lang: str) -> None:
    """The rules without their `unless` patterns hit these ok replies; the near-miss model,
    trained on such sentences, drops the hits by itself."""
    from scripts.train_guard import without_unless

    bare = without_unless(PhraseGuard(rules_only=True))
    assert not bare.check(text, lang).clean
    learned = PhraseGuard(bare.blacklist)
    assert learned.check(text, lang).clean


def test_missing_model_names_the_make_target(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="make train-guard"):
        PhraseGuard(model_dir=tmp_path / "guard")


def test_missing_fix_detector_names_the_make_target(tmp_path: Path) -> None:
    for lang in ("en", "zh"):
        shutil.copytree(MODEL_DIR / lang, tmp_path / lang)
    with pytest.raises(ModelMissingError, match=r"fix/en.*make train-guard"):
        PhraseGuard(model_dir=tmp_path)


def test_missing_near_miss_model_names_the_make_target(tmp_path: Path) -> None:
    for lang in ("en", "zh"):
        shutil.copytree(MODEL_DIR / lang, tmp_path / lang)
        shutil.copytree(MODEL_DIR / "fix" / lang, tmp_path / "fix" / lang)
    with pytest.raises(ModelMissingError, match=r"near_miss/en.*make train-guard"):
        PhraseGuard(model_dir=tmp_path)


def test_guard_with_the_classifier_needs_the_learned_entry(guard: PhraseGuard) -> None:
    blacklist = load_blacklist()
    without = replace(blacklist, entries=tuple(e for e in blacklist.entries if not e.learned))
    with pytest.raises(ValueError, match="learned: true"):
        PhraseGuard(without)


def test_sentences_split_after_stops_and_keep_offsets() -> None:
    text = "hi! it's late.  ok?\nfine。好的！嗯"
    assert sentences(text) == ["hi!", "it's late.", "ok?", "fine。", "好的！", "嗯"]
    assert sentence_spans("  a. b") == [(2, 4), (5, 6)]
