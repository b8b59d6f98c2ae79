"""Phrase guard (bot/guard): case files, metrics, offsets, the blacklist data, the
pattern index, the evaluation script and our own reply templates."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.matcher import Matcher

from api.replies.catalogue import reply_texts
from bot.guard import GuardResult, PhraseGuard, get_guard
from bot.guard.blacklist import BLACKLIST_PATH, load_blacklist, load_fold
from bot.guard.index import (
    IndexedMatcher,
    _Confirm,
    _relaxed,
    reach,
    required_sets,
    trigger_values,
)
from bot.guard.matcher import Candidate, keep_longest, make_pipeline, merge_same_entry
from bot.guard.normalize import _normalize_chars, normalize
from bot.hanzi import TRADITIONAL_TABLE
from scripts.eval_guard import evaluate

CASES_DIR = Path(__file__).resolve().parents[1] / "guard"
LANGUAGES = ("en", "zh")
MIN_RECALL = 0.97
MAX_FALSE_POSITIVE_RATE = 0.03


def _cases(lang: str) -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load((CASES_DIR / f"cases_{lang}.yml").read_text(encoding="utf-8"))


def _params(kind: str) -> list[Any]:
    return [
        pytest.param(lang, case, id=f"{lang}-{kind}-{i:03d}")
        for lang in LANGUAGES
        for i, case in enumerate(_cases(lang)[kind])
    ]


@pytest.fixture(scope="module")
def guard() -> PhraseGuard:
    return get_guard()


def _categories(result: GuardResult) -> list[str]:
    return [v.category for v in result.violations]


@pytest.mark.parametrize(("lang", "case"), _params("must_flag"))
def test_must_flag_case_is_flagged_with_its_category(
    guard: PhraseGuard, lang: str, case: dict
) -> None:
    result = guard.check(case["text"], lang)
    assert case["category"] in _categories(result), result


@pytest.mark.parametrize(("lang", "case"), _params("ok"))
def test_ok_case_is_clean(guard: PhraseGuard, lang: str, case: dict) -> None:
    result = guard.check(case["text"], lang)
    assert result.clean, result.violations


@pytest.mark.parametrize("lang", LANGUAGES)
def test_recall_and_false_positive_rate(
    guard: PhraseGuard, lang: str, record_property: Any
) -> None:
    cases = _cases(lang)
    hits = sum(
        c["category"] in _categories(guard.check(c["text"], lang)) for c in cases["must_flag"]
    )
    false_positives = sum(not guard.check(c["text"], lang).clean for c in cases["ok"])
    recall = hits / len(cases["must_flag"])
    fpr = false_positives / len(cases["ok"])
    record_property(f"recall_{lang}", round(recall, 4))
    record_property(f"fpr_{lang}", round(fpr, 4))
    assert recall >= MIN_RECALL, f"{lang} recall {recall:.3f}"
    assert fpr <= MAX_FALSE_POSITIVE_RATE, f"{lang} false-positive rate {fpr:.3f}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_case_file_is_balanced_and_mostly_near_misses(lang: str) -> None:
    cases = _cases(lang)
    flag, ok = len(cases["must_flag"]), len(cases["ok"])
    assert flag + ok >= 110
    assert 0.4 <= flag / (flag + ok) <= 0.6
    assert sum(c["near_miss"] for c in cases["ok"]) >= ok / 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_category_has_a_must_flag_case(lang: str) -> None:
    categories = {entry.category for entry in load_blacklist().entries if not entry.learned}
    covered = {c["category"] for c in _cases(lang)["must_flag"]}
    assert categories <= covered, categories - covered


def test_offsets_point_into_original_text_with_full_width_characters(guard: PhraseGuard) -> None:
    text = "Sorry！ＷＥ　ＣＡＮ’Ｔ refund it."
    (violation,) = guard.check(text, "en").violations
    assert text[violation.start : violation.end] == violation.phrase == "ＷＥ　ＣＡＮ’Ｔ"
    assert violation.category == "refusal"


def test_offsets_survive_mixed_spacing_in_english(guard: PhraseGuard) -> None:
    text = "  Sorry,\u200b  our   Policy \t is no refunds."
    found = {v.category: v for v in guard.check(text, "en").violations}
    violation = found["policy"]
    assert text[violation.start : violation.end] == violation.phrase == "our   Policy \t is"
    assert found["refusal"].phrase == "no refunds"


def test_offsets_survive_full_width_punctuation_and_spaces_in_chinese(guard: PhraseGuard) -> None:
    text = "您好！根据 公司 规定，我们　不能 退款。"
    found = {v.category: text[v.start : v.end] for v in guard.check(text, "zh").violations}
    assert found == {"worst_policy": "根据 公司 规定", "refusal": "我们　不能 退款"}


def test_overlapping_matches_keep_the_longest(guard: PhraseGuard) -> None:
    text = "I'm afraid it's company policy."
    (violation,) = guard.check(text, "en").violations
    assert (violation.phrase, violation.category) == ("it's company policy", "worst_policy")


def test_overlapping_matches_of_one_entry_merge_into_their_union(guard: PhraseGuard) -> None:
    assert merge_same_entry([Candidate("a", 1, 0, 2), Candidate("a", 1, 1, 4)]) == [
        Candidate("a", 1, 0, 4)
    ]
    (violation,) = guard.check("我们 不能 给您退款！", "zh").violations
    assert violation.phrase == "我们 不能 给您退款"


def test_overlap_of_equal_length_goes_to_the_more_severe_entry() -> None:
    spans = [Candidate("mild", 2, 0, 3), Candidate("worst", 4, 1, 4), Candidate("apart", 1, 5, 6)]
    assert [c.entry_id for c in keep_longest(spans)] == ["worst", "apart"]


@pytest.mark.parametrize(
    ("text", "lang"), [("We're unable to refund it.", "en"), ("这要额外加钱。", "zh")]
)
def test_violation_carries_category_and_suggestion_of_its_language(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    (violation,) = guard.check(text, lang).violations
    entries = guard.blacklist.entries
    expected = {e.suggestions[lang] for e in entries if e.category == violation.category}
    assert violation.suggestion in expected
    has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in violation.suggestion)
    assert has_cjk == (lang == "zh")


@pytest.mark.parametrize(
    ("text", "lang"),
    [("根据公司规定，我们不能退款。", "zh"), ("We can't refund SF1234567890.", "en")],
)
def test_language_none_detects_the_language(guard: PhraseGuard, text: str, lang: str) -> None:
    result = guard.check(text)
    assert result.language == lang
    assert not result.clean


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "\n\t"])
def test_empty_text_is_clean(guard: PhraseGuard, text: str) -> None:
    result = guard.check(text, "en")
    assert result.clean
    assert result.violations == ()


def test_unsupported_language_is_rejected(guard: PhraseGuard) -> None:
    with pytest.raises(ValueError, match="unsupported language"):
        guard.check("Bonjour", "fr")


def test_get_guard_builds_once() -> None:
    assert get_guard() is get_guard()


def test_every_entry_has_suggestions_and_patterns_in_both_languages() -> None:
    raw = yaml.safe_load(BLACKLIST_PATH.read_text(encoding="utf-8"))
    assert raw["entries"]
    for entry in raw["entries"]:
        for lang in LANGUAGES:
            assert str(entry.get(f"suggestion_{lang}") or "").strip(), (entry["id"], lang)
            # the learned entry has no patterns: the sentence classifier finds it
            assert entry.get("learned") or entry["patterns"][lang], (entry["id"], lang)


def test_every_blacklist_phrase_is_flagged_with_its_category(guard: PhraseGuard) -> None:
    missed = [
        (entry.id, phrase)
        for entry in guard.blacklist.entries
        for lang in LANGUAGES
        for phrase in entry.phrases[lang]
        if entry.category not in _categories(guard.check(phrase, lang))
    ]
    assert missed == []


def test_loader_rejects_an_entry_without_a_chinese_suggestion(tmp_path: Path) -> None:
    raw = yaml.safe_load(BLACKLIST_PATH.read_text(encoding="utf-8"))
    raw["entries"][0]["suggestion_zh"] = " "
    broken = tmp_path / "blacklist.yml"
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="suggestion_zh"):
        load_blacklist(broken)


def test_chinese_segmentation_is_dictionary_only() -> None:
    nlp = make_pipeline("zh", {"您": "你"})
    doc = nlp("这不归我管，您得加钱")
    assert [t.text for t in doc] == ["这", "不", "归", "我", "管", "，", "您", "得", "加", "钱"]
    assert doc[6].lemma_ == "你"


def test_normalize_maps_every_character_back_to_the_original() -> None:
    norm = normalize("Ａ\u3000 Ｂ’s", drop_spaces=False)
    assert norm.text == "a b's"
    assert norm.original_span(2, 5) == (3, 6)
    assert normalize("我们 的\u3000政策", drop_spaces=True).text == "我们的政策"


@pytest.mark.parametrize("drop_spaces", [False, True])
def test_plain_ascii_is_normalised_as_one_character_at_a_time_would(drop_spaces: bool) -> None:
    rng = random.Random(7)
    alphabet = "aB. ,'`\"!?\t\n\r\x0b\x0c\x1c-"
    texts = ["", " ", "  a  b  ", "\n\nHello   World \t", "it`s"]
    texts += ["".join(rng.choices(alphabet, k=rng.randint(0, 24))) for _ in range(3000)]
    for text in texts:
        assert normalize(text, drop_spaces) == _normalize_chars(text, drop_spaces), repr(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_token_patterns_find_in_windows_what_they_find_in_the_whole_text(
    guard: PhraseGuard, lang: str
) -> None:
    """The matchers run on windows of a text (index.py); a pattern that reached across
    more than two neighbouring sentences would be lost there. Every case text is checked."""
    matcher = guard._matchers[lang]
    rule_sets = [matcher._patterns, *matcher._exceptions.values(), *matcher._unless_sets.values()]
    texts = [case["text"] for kind in _cases(lang).values() for case in kind]
    texts += ["Fine. Anything else?", "OK. Sure. Whatever. Anything else?", "退!款!要!三!天!"]
    for text in texts:
        doc = matcher.analyse(normalize(text, drop_spaces=lang == "zh").text)
        windows = matcher._index(doc)
        if len(windows.windows) < 2:
            continue  # one window: the whole text
        for rules in rule_sets:
            assert rules(windows) == rules(doc), text


def test_importing_the_guard_does_not_load_spacy() -> None:
    code = "import sys, bot.guard; sys.exit('spacy' in sys.modules or 'jieba' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_traditional_chinese_is_folded_and_offsets_point_into_the_original(
    guard: PhraseGuard,
) -> None:
    text = "抱歉，我們沒辦法幫您處理。"
    found = {v.category: v for v in guard.check(text, "zh").violations}
    violation = found["refusal"]
    assert text[violation.start : violation.end] == violation.phrase
    assert "沒辦法" in violation.phrase


@pytest.mark.parametrize("text", ["We cant refund it.", "i wont be able to change that"])
def test_contractions_typed_without_apostrophes_are_caught(guard: PhraseGuard, text: str) -> None:
    assert "refusal" in _categories(guard.check(text, "en"))


def test_edge_punctuation_is_left_out_of_a_violation(guard: PhraseGuard) -> None:
    (violation,) = guard.check("Sorry, no refunds.", "en").violations
    assert violation.phrase == "no refunds"


def test_fold_table_must_map_one_character_to_one(tmp_path: Path) -> None:
    path = tmp_path / "fold.txt"
    path.write_text("# comment\n們 们\n後 之后\n", encoding="utf-8")
    with pytest.raises(ValueError, match="one character for one"):
        load_fold(path)


def test_inflections_become_lemmas_but_explicit_lemmas_win(tmp_path: Path) -> None:
    lemmas = load_blacklist().lemmas["en"]
    assert [lemmas[w] for w in ("refunding", "sent", "authorized")] == [
        "refund",
        "send",
        "authorise",
    ]
    raw = yaml.safe_load(BLACKLIST_PATH.read_text(encoding="utf-8"))
    raw["inflections"]["en"]["go"] = ["goes", "going"]
    raw["lemmas"]["en"]["going"] = "going"
    raw["fold"]["zh"] = str(TRADITIONAL_TABLE)  # the copy lives elsewhere
    changed = tmp_path / "blacklist.yml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    lemmas = load_blacklist(changed).lemmas["en"]
    assert (lemmas["goes"], lemmas["going"]) == ("go", "going")


def test_pattern_is_indexed_under_its_rarest_required_word() -> None:
    unable = [{"LOWER": {"IN": ["we", "i"]}}, {"LOWER": "so", "OP": "*"}]
    unable += [{"LEMMA": "be"}, {"LOWER": {"IN": ["unable", "unwilling"]}}, {"LOWER": "to"}]
    assert trigger_values(unable) == {("LOWER", "unable"), ("LOWER", "unwilling")}
    assert trigger_values([{"LOWER": {"REGEX": "ly$"}}, {"LOWER": "x", "OP": "?"}]) is None
    assert required_sets(unable) == [
        frozenset({("LOWER", "we"), ("LOWER", "i")}),
        frozenset({("LEMMA", "be")}),
        frozenset({("LOWER", "unable"), ("LOWER", "unwilling")}),
        frozenset({("LOWER", "to")}),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_indexed_matcher_finds_what_one_plain_matcher_finds(guard: PhraseGuard, lang: str) -> None:
    language_matcher = guard._matchers[lang]
    plain = Matcher(language_matcher.nlp.vocab)
    for entry in guard.blacklist.entries:
        if entry.patterns[lang]:
            plain.add(entry.id, list(entry.patterns[lang]))
    cases = _cases(lang)
    for case in cases["must_flag"] + cases["ok"]:
        doc = language_matcher.nlp(normalize(case["text"], drop_spaces=lang == "zh").text)
        assert language_matcher._patterns(doc) == sorted(set(plain(doc))), case["text"]


def test_eval_guard_counts_hits_misses_and_false_positives(
    tmp_path: Path, guard: PhraseGuard
) -> None:
    cases = {
        "must_flag": [
            {"round": "X", "category": "refusal", "text": "We can't refund it."},
            {"round": "X", "category": "refusal", "text": "Your parcel is on its way."},
            {"round": "Y", "category": "excuse", "text": "We can't refund it."},
        ],
        "ok": [
            {"round": "X", "near_miss": True, "text": "I can't wait to help."},
            {"round": "X", "near_miss": True, "text": "It's company policy."},
        ],
    }
    path = tmp_path / "cases_en.yml"
    path.write_text(yaml.safe_dump(cases), encoding="utf-8")
    result = evaluate(path, guard)
    assert (result.flagged, result.must_flag, result.false_positive_count) == (1, 3, 1)
    assert [m.split("]")[0] for m in result.misses] == ["[refusal", "[excuse"]
    assert result.false_positives[0].startswith("It's company policy.")
    only_x = evaluate(path, guard, round_name="X")
    assert (only_x.recall, only_x.false_positive_rate) == (0.5, 0.5)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_reply_template_passes_the_guard(guard: PhraseGuard, lang: str) -> None:
    flagged = {
        (v.category, v.phrase, text)
        for text in reply_texts(lang)
        for v in guard.check(text, lang).violations
    }
    assert flagged == set()


def test_a_pattern_reaches_only_as_far_as_its_widest_tokens_allow() -> None:
    pattern = [{"LOWER": "we"}, {"LOWER": "so", "OP": "?"}, {"LOWER": "can"}]
    pattern += [{"IS_PUNCT": False, "OP": "{0,6}"}, {"LOWER": "refund"}]
    assert reach(pattern, 2) == (2, 7)
    assert reach([{"LOWER": "x", "OP": "*"}, {"LOWER": "y"}, {"LOWER": "z"}], 1) == (None, 1)
    assert reach([{"LOWER": "y", "OP": "+"}, {"LOWER": "z"}], 0) == (None, None)


def test_a_long_optional_run_is_matched_unbounded_then_confirmed_exactly() -> None:
    """spaCy compiles "{0,6}" into six optional tokens and keeps every way of skipping some
    of them; the index runs such a run as "{0,}" and confirms each match with the exact
    pattern, so a run one word too long is still no match."""
    long_run = [{"LOWER": "no"}, {"IS_PUNCT": False, "OP": "{0,6}"}, {"LOWER": "refund"}]
    assert _relaxed(long_run) == [long_run[0], {"IS_PUNCT": False, "OP": "{0,}"}, long_run[2]]
    assert _relaxed([{"LOWER": "no"}, {"IS_PUNCT": False, "OP": "{0,2}"}]) is None
    nlp = make_pipeline("en", {})
    indexed = IndexedMatcher(nlp.vocab)
    indexed.add("no_refund", [long_run])
    six = nlp("sorry, no way we could give you a refund")
    seven = nlp("sorry, no way we could ever give you a refund")
    assert [(nlp.vocab.strings[k], s, e) for k, s, e in indexed(six)] == [("no_refund", 2, 10)]
    assert indexed(seven) == []


def test_a_relaxed_match_is_confirmed_without_the_exact_matcher() -> None:
    """Confirming by running the exact pattern again cost 650 ms on one message; each
    pattern token's test is run once and the operators are walked over the results."""
    nlp = make_pipeline("en", {})
    exact = [{"LOWER": "no"}, {"IS_PUNCT": False, "OP": "{0,4}"}, {"LOWER": "refund"}]
    confirm = _Confirm(nlp.vocab, exact)
    four, five = nlp("no a b c d refund"), nlp("no a b c d e refund")
    assert (confirm(four[:]), confirm(five[:])) == (True, False)
    # an optional word after the run can take one of its words
    exact = [*exact[:2], {"IS_PUNCT": False, "OP": "?"}, *exact[2:]]
    confirm = _Confirm(nlp.vocab, exact)
    six = nlp("no a b c d e f refund")
    assert (confirm(four[:]), confirm(five[:]), confirm(six[:])) == (True, True, False)
    # a "*" elsewhere takes what the run cannot, but only words its own test accepts
    exact = [{"LOWER": "no"}, {"LOWER": "x", "OP": "*"}, {"IS_PUNCT": False, "OP": "{0,4}"}]
    confirm = _Confirm(nlp.vocab, [*exact, {"LOWER": "refund"}])
    assert confirm(nlp("no x x x a b c d refund")[:]) is True
    assert confirm(nlp("no a x x b c d e refund")[:]) is False
    # "!" takes one word its test rejects
    confirm = _Confirm(nlp.vocab, [{"LOWER": "no"}, {"LOWER": "way", "OP": "!"}])
    assert (confirm(nlp("no refund")[:]), confirm(nlp("no way")[:])) == (True, False)


def test_the_confirmation_agrees_with_spacys_matcher_on_random_patterns() -> None:
    """Every operator, in random patterns over a small vocabulary, against the exact
    Matcher's answer for the whole text."""
    nlp = make_pipeline("en", {})
    rng = random.Random(7)
    ops = [None, "?", "*", "+", "!", "{2}", "{0,3}", "{1,4}", "{2,}", "{,2}"]
    words = ["a", "b", "c"]
    for trial in range(400):
        pattern: list[dict[str, Any]] = []
        for _ in range(rng.randint(1, 4)):
            token = (
                {}
                if rng.random() < 0.15
                else {"LOWER": {"IN": rng.sample(words, rng.randint(1, 2))}}
            )
            if (op := rng.choice(ops)) is not None:
                token["OP"] = op
            pattern.append(token)
        doc = nlp(" ".join(rng.choice(words) for _ in range(rng.randint(1, 7))))
        matcher = Matcher(nlp.vocab)
        matcher.add("exact", [pattern])
        expected = any(s == 0 and e == len(doc) for _, s, e in matcher(doc))
        assert _Confirm(nlp.vocab, pattern)(doc[:]) is expected, (trial, pattern, doc.text)
