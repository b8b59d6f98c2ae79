"""Reported speech (bot/guard/quotes.py): a bad phrase quoted as someone else's words, to be
answered or disowned, is not the agent's; the agent's own quoted words still count."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.guard import PhraseGuard, get_guard
from bot.guard.blacklist import BLACKLIST_PATH, load_blacklist
from bot.guard.quotes import inside, quoted_spans


@pytest.fixture(scope="module")
def guard() -> PhraseGuard:
    return get_guard()


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("you were told 'we can't help'. ok", [(14, 29)]),  # the apostrophe in can't is no end
        ('said "no" and "never"', [(5, 9), (14, 21)]),
        ("it's the customer's 'right'", [(20, 27)]),  # apostrophes inside words open nothing
        ("an 'unclosed quote", []),
        ("您说「这不归我管」，", [(2, 9)]),
        ('"" empty', []),
    ],
)
def test_quoted_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert quoted_spans(text) == spans
    assert all(inside(start, end, spans) for start, end in spans)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("You said the last agent told you 'that's not my department'. It is mine now.", "en"),
        ("You wrote that we 'always blame the courier'. Fair: this one is our mistake.", "en"),
        ("I hear you were told 'calm down' on the phone. Nobody should say that to you.", "en"),
        ("No more 'company policy' answers: tell me what went wrong and I'll sort it.", "en"),
        ("您在留言里说“你们就会说没办法”，这次我给您办：明天上午补发。", "zh"),
        ("之前客服回复您“这不归我管”，这是我们的错。", "zh"),
        ("之前有人跟您说“超过七天就没办法了”，那是错的。", "zh"),
        ("没有什么“按公司规定不能退”，这单我直接给您退。", "zh"),
    ],
)
def test_someone_elses_quoted_words_are_not_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    assert guard.check(text, lang).clean, guard.check(text, lang).violations
    bare = replace(guard.blacklist, reported_speech={})
    assert not PhraseGuard(bare, rules_only=True).check(text, lang).clean


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("As I said, 'it's company policy'.", "en"),
        ("Like you said, 'it's company policy', so there's nothing I can do.", "en"),
        ("I'll be honest: 'we can't refund it'.", "en"),
        ("正如您说的“这是公司政策”，我也没办法。", "zh"),
        ("我再说一遍：“这不归我管”。", "zh"),
    ],
)
def test_the_agents_own_or_agreed_quoted_words_are_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    assert not guard.check(text, lang).clean


def test_a_bad_reported_speech_pattern_is_named(tmp_path: Path) -> None:
    text = BLACKLIST_PATH.read_text(encoding="utf-8").replace(
        "reported_speech:\n  en:\n", "reported_speech:\n  en:\n    - '(unclosed'\n", 1
    )
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "blacklist.yml").write_text(text, encoding="utf-8")
    shutil.copy(BLACKLIST_PATH.parents[1] / "zh_traditional.txt", tmp_path)
    with pytest.raises(ValueError, match=r"reported_speech en: bad pattern '\(unclosed'"):
        load_blacklist(tmp_path / "guard" / "blacklist.yml")
