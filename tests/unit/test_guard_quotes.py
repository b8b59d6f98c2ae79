"""Reported speech (bot/guard/quotes.py): a bad phrase quoted as someone else's words, to be
answered or disowned, is not the agent's; the agent's own quoted words still count."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.guard import PhraseGuard, get_guard
from bot.guard.blacklist import BLACKLIST_PATH, load_blacklist
from bot.guard.quotes import in_rejected_question, inside, quoted_spans


@pytest.fixture(scope="module")
def guard() -> PhraseGuard:
    return get_guard()


def _clean_only_thanks_to(guard: PhraseGuard, text: str, lang: str, **switched_off: Any) -> None:
    """``text`` is clean, and the rules alone flag it once the blacklist sections named in
    ``switched_off`` are emptied: the mechanism under test is what clears it."""
    assert guard.check(text, lang).clean, guard.check(text, lang).violations
    bare = replace(guard.blacklist, **switched_off)
    assert not PhraseGuard(bare, rules_only=True).check(text, lang).clean


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("you were told 'we can't help'. ok", [(14, 29)]),  # the apostrophe in can't is no end
        ('said "no" and "never"', [(5, 9), (14, 21)]),
        ("it's the customer's 'right'", [(20, 27)]),  # apostrophes inside words open nothing
        ("an 'unclosed quote", []),
        ("您说「这不归我管」，", [(2, 9)]),
        ('"" empty', []),
        ("您说'没办法'不对", [(2, 7)]),  # straight quotes beside Chinese characters
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
        ("Your instructor asked 'why didn't you tell us?' - he shouldn't have.", "en"),
        ("之前有人跟您說「超過七天就沒辦法了」，那是錯的。", "zh"),  # traditional characters
        (
            "船长那天说“我们没有时间等迟到的客人”，这样对您很不尊重，我向您道歉。",
            "zh",
        ),  # any person
    ],
)
def test_someone_elses_quoted_words_are_not_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    _clean_only_thanks_to(guard, text, lang, reported_speech={}, reported_clauses={})


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("As I said, 'it's company policy'.", "en"),
        ("As the sign at the till says, 'no exchanges on sale items'.", "en"),  # not a person
        ("Like you said, 'it's company policy', so there's nothing I can do.", "en"),
        ("I'll be honest: 'we can't refund it'.", "en"),
        ("正如您说的“这是公司政策”，我也没办法。", "zh"),
        ("我再说一遍：“这不归我管”。", "zh"),
        ("老实跟您说：“我们这周太忙了”。", "zh"),  # 跟您说: the agent speaking
        ("我的答复还是那句：“没办法”。", "zh"),
        ("官网上写着“超过七天不退不换”，所以没办法。", "zh"),  # a document, not a person
        ("系统提示“无法办理”，您明天再来吧。", "zh"),
    ],
)
def test_the_agents_own_or_agreed_quoted_words_are_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    assert not guard.check(text, lang).clean


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "'We've always done it this way' isn't a good enough reason. I'll refit it on Friday.",
            "en",
        ),
        (
            "'That's how we've always done it' is no reason to carry on. We've changed the rota.",
            "en",
        ),
        ("Honestly, 'it's not my department' should never have been said to you. I'm on it.", "en"),
        (
            "'There's nothing we can do' is no reason to leave you waiting; the £40 is back on your card.",
            "en",
        ),
        ("“这不归我管”不能成为借口，这件事我来跟进。", "zh"),
        ("“这不归我管”这种话不该从我们嘴里说出来，这件事我来跟进。", "zh"),
        ("“我们太忙了”根本不算一个答复，我今天就给您补发。", "zh"),
        ("是我们清洁不到位,'一直都是这样'不是理由。我们已经把清洁标准改严了。", "zh"),
    ],
)
def test_a_quotation_disowned_after_its_closing_mark_is_not_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    _clean_only_thanks_to(guard, text, lang, disowned_speech={})


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("'No refunds on hire' is our rule, I'm afraid.", "en"),  # a verdict on the case
        ("'We can't help with that' - that's the answer from the workshop.", "en"),
        ("'It's company policy' is not the whole story, but it is the reason.", "en"),
        ("“这不归我管”是我们的规定。", "zh"),
        ("“没办法”就是我们的答复。", "zh"),
    ],
)
def test_a_quotation_not_disowned_is_still_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    assert not guard.check(text, lang).clean


def _blacklist_with(tmp_path: Path, key: str, item: str) -> Path:
    """A copy of the blacklist with ``item`` first under ``key``'s English list."""
    head = f"{key}:\n  en:\n"
    text = BLACKLIST_PATH.read_text(encoding="utf-8").replace(head, f"{head}    - {item}\n", 1)
    (tmp_path / "guard").mkdir(parents=True)
    (tmp_path / "guard" / "blacklist.yml").write_text(text, encoding="utf-8")
    shutil.copy(BLACKLIST_PATH.parents[1] / "zh_traditional.txt", tmp_path)
    return tmp_path / "guard" / "blacklist.yml"


def test_a_bad_disowned_speech_pattern_is_named(tmp_path: Path) -> None:
    path = _blacklist_with(tmp_path, "disowned_speech", "'(unclosed'")
    with pytest.raises(ValueError, match=r"disowned_speech en: bad pattern '\(unclosed'"):
        load_blacklist(path)


def test_a_bad_reported_speech_pattern_is_named(tmp_path: Path) -> None:
    path = _blacklist_with(tmp_path, "reported_speech", "'(unclosed'")
    with pytest.raises(ValueError, match=r"reported_speech en: bad pattern '\(unclosed'"):
        load_blacklist(path)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "I understand the driver told you to calm down. That should never have been said,"
            " and I've raised it with his manager.",
            "en",
        ),
        ("You were told to call back later, and I'm sorry about that. I've booked it now.", "en"),
        ("I won't blame the courier: we sent it to the wrong branch, and that's on us.", "en"),
        ("No one here will say that's not our department. I'm handling it myself.", "en"),
        (
            "I'm sorry the lifeguard on duty told you to calm down. You had every right to be"
            " upset, and I've spoken to him about it.",
            "en",
        ),
        ("One of our fitters told you it was your fault. That was wrong of him.", "en"),
        ("The cashier telling you it was no big deal was unacceptable. We'll repair it.", "en"),
        (
            "My colleague told you we don't have time for exchanges. He was wrong, and I'm sorry.",
            "en",
        ),
        ("我不会跟您说这是快递的问题。相册是我们寄出的，新的一本明天重新寄出。", "zh"),
        ("您问我们为什么不早点通知，这个问题问得对，我们确实通知晚了。", "zh"),
        ("师傅之前跟您说这不归他管，那是他不应该说的，我向您道歉，这件事我来跟进。", "zh"),
    ],
)
def test_someone_elses_words_in_a_reported_clause_are_not_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    _clean_only_thanks_to(guard, text, lang, reported_clauses={})


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The driver told you to calm down.", "en"),  # relayed, not disowned
        ("You said it's urgent, but there's nothing we can do. Sorry.", "en"),  # a new clause
        ("You were told it's company policy, and I'm sorry, but it is.", "en"),  # always flagged
        ("You mentioned someone told you it was your own fault. They were right, sorry.", "en"),
        ("I know the driver told you to calm down. That was right.", "en"),  # agreement
        ("The driver told you to calm down, which was fair.", "en"),
        ("Sorry the manager says we can't refund it.", "en"),  # a bare sorry, relayed
        ("Our returns policy says we can't refund it. Sorry about that.", "en"),  # a rule
        ("I'm sorry the website said we can't refund it.", "en"),  # a system, not a person
        ("The cashier telling you it was no big deal was right.", "en"),
        ("My colleague told you we don't have time for exchanges. He was right, I'm afraid.", "en"),
        ("我不想说没办法，可事实就是没有办法。", "zh"),
        ("您说门店店员告诉您这不归他管，他说得没错，您得打热线。", "zh"),
        ("您说有人告诉您只能怪您自己没买保险，话是难听了点，但确实没法赔。", "zh"),
    ],
)
def test_the_agents_own_words_after_a_reporting_verb_are_flagged(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    assert not guard.check(text, lang).clean


def test_a_bad_reported_clause_item_is_named(tmp_path: Path) -> None:
    path = _blacklist_with(tmp_path, "reported_clause", "{then: 'x'}")
    with pytest.raises(
        ValueError, match=r"reported_clause en: expected a pattern or \{lead, then\}"
    ):
        load_blacklist(path)
    path = _blacklist_with(tmp_path / "two", "reported_clause", "{lead: '(unclosed'}")
    with pytest.raises(ValueError, match=r"reported_clause en: bad pattern '\(unclosed'"):
        load_blacklist(path)
    path = _blacklist_with(tmp_path / "three", "reported_clause", "'<<nobody>> said'")
    with pytest.raises(ValueError, match=r"reported_clause en: unknown word <<nobody>>"):
        load_blacklist(path)


# round AQ (en): a bad phrase echoed as a question and rejected by the next words
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Too busy? Not for this. I'll be at yours at 8am to look at the brakes.", "en"),
        ("Too busy? Not on your wedding day. The caterers are confirmed for 5pm.", "en"),
        ("Your fault? Not at all - the blind was cut to the wrong width by us.", "en"),
        ("Your mistake? No - our label was wrong. The right suit is back tomorrow.", "en"),
    ],
)
def test_a_hit_in_a_question_the_next_words_reject_is_not_flagged_en(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    _clean_only_thanks_to(guard, text, lang, rejected_questions={})


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Too busy? Honestly, yes, this week we are.", "en"),  # the answer agrees
        ("Did you even read our email? No, clearly not.", "en"),  # a no that agrees
        # company policy (`always`) is never let off
        ("Company policy? Not for this one, I'm afraid: no refunds on sale frames.", "en"),
        ("We're too busy. Not for long, though.", "en"),  # no question
    ],
)
def test_a_question_not_rejected_is_still_flagged_en(
    guard: PhraseGuard, text: str, lang: str
) -> None:
    assert not guard.check(text, lang).clean


def test_in_rejected_question_reads_only_the_words_after_the_question_mark_en() -> None:
    answers = load_blacklist().rejected_questions["en"]
    text = "too busy? not for this. i'll be there at 8."
    assert in_rejected_question(text, 0, 8, answers)
    assert not in_rejected_question("too busy. not for this.", 0, 8, answers)  # no question
    assert not in_rejected_question("too busy? yes, sorry.", 0, 8, answers)
    assert not in_rejected_question(text, 0, 8, ())  # no answers listed (zh may leave it empty)


def test_a_bad_rejected_question_pattern_is_named_en(tmp_path: Path) -> None:
    path = _blacklist_with(tmp_path, "rejected_question", "'(unclosed'")
    with pytest.raises(ValueError, match=r"rejected_question en: bad pattern '\(unclosed'"):
        load_blacklist(path)
