"""Reply templates: every complaint reply is a sandwich, in both languages."""

from __future__ import annotations

import re
from datetime import datetime
from itertools import product
from pathlib import Path

import pytest
import yaml
from jinja2 import UndefinedError

from api.replies import ReplyContext, ReplyRenderer, UnknownResponseError
from api.replies.catalogue import (
    CATEGORIES,
    COMBOS,
    COMPLAINTS,
    DUE,
    LANGUAGES,
    NOW,
    ORDER,
    REF,
    RESPONSES,
    TZ,
    Combo,
    many_contexts,
    render_combo,
    renderer,
)
from api.replies.layout import tidy
from api.replies.when import TimeWords, describe_due

ROOT = Path(__file__).resolve().parents[2]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


# What a reader must find in each language: the test's own words, not the templates'.
EXPECT = yaml.safe_load("""
en: {will: "What I will do:", can: "What you can do:", due: "by 5:30 pm today",
     apology: [sorry, apologise], person: [a person, colleague], order_ask: number,
     proactive: [without waiting, I will personally follow up]}
zh: {will: "我要做的是：", can: "您可以做的是：", due: "今天17:30前",
     apology: [抱歉, 道歉], person: [人工, 同事], order_ask: 订单号,
     proactive: [不用等, 我会亲自跟进]}
""")
HERE = Path(__file__).parent
FORBIDDEN = yaml.safe_load((HERE / "forbidden_phrases.yml").read_text("utf-8"))
ANGRY = [c for c in COMBOS if c.angry or c.name == "utter_deescalate"]


def paragraph(text: str, start: str) -> str:
    return next(p for p in text.split("\n\n") if p.startswith(start))


def forbidden_in(text: str, lang: str) -> list[str]:
    """Forbidden phrases found; in Chinese the familiar 你 counts too (we say 您)."""
    lowered = text.lower().replace("\u2019", "'")
    found = [phrase for phrase in FORBIDDEN[lang] if phrase in lowered]
    return found + (["你"] if lang == "zh" and "你" in text else [])


def contract_responses() -> list[str]:
    text = (ROOT / "docs" / "CONTRACTS.md").read_text(encoding="utf-8")
    section = text.split("Responses the dialogue uses")[1]
    return sorted(set(re.findall(r"\butter_\w+", section)))


@pytest.mark.parametrize("combo", COMBOS, ids=str)
def test_sandwich_parts_are_present_and_filled(combo: Combo) -> None:
    text, words = render_combo(combo), EXPECT[combo.language]
    will, can = paragraph(text, words["will"]), paragraph(text, words["can"])
    assert len(will.removeprefix(words["will"]).strip()) > 10
    assert len(can.removeprefix(words["can"]).strip()) > 10
    assert text.index(words["will"]) < text.index(words["can"])


@pytest.mark.parametrize("combo", COMBOS, ids=str)
def test_ticket_ref_and_due_time_follow_the_sandwich(combo: Combo) -> None:
    text, words = render_combo(combo), EXPECT[combo.language]
    assert REF in text and words["due"] in text
    assert text.index(words["can"]) < text.index(REF)


@pytest.mark.parametrize("combo", ANGRY, ids=str)
def test_angry_reply_apologises_and_offers_a_person_before_the_sandwich(
    combo: Combo,
) -> None:
    text, words = render_combo(combo), EXPECT[combo.language]
    opening = text[: text.index(words["will"])].lower()
    assert any(word in opening for word in words["apology"])
    assert any(word in opening for word in words["person"])


@pytest.mark.parametrize("combo", COMBOS, ids=str)
def test_only_a_tier_gets_the_proactive_remedy(combo: Combo) -> None:
    will = paragraph(render_combo(combo), EXPECT[combo.language]["will"])
    found = [marker in will for marker in EXPECT[combo.language]["proactive"]]
    assert found == [combo.tier == "A"] * len(found)


@pytest.mark.parametrize("combo", COMBOS, ids=str)
def test_order_number_is_asked_for_only_when_missing(combo: Combo) -> None:
    text, words = render_combo(combo), EXPECT[combo.language]
    asks = words["order_ask"] in paragraph(text, words["can"])
    assert asks == (combo.order_number is None)
    assert (ORDER in text) == (combo.order_number is not None)


@pytest.mark.parametrize("combo", COMBOS, ids=str)
def test_complaint_reply_has_no_forbidden_phrase_and_is_tidy(combo: Combo) -> None:
    text = render_combo(combo)
    assert forbidden_in(text, combo.language) == []
    assert text == text.strip() and "  " not in text and "\n\n\n" not in text
    assert "None" not in text and "{" not in text


@pytest.mark.parametrize(("lang", "category"), list(product(LANGUAGES, CATEGORIES)))
def test_each_category_has_its_own_actions(lang: str, category: str) -> None:
    def will(cat: str | None) -> str:
        text = renderer().render("utter_complaint_filed", ReplyContext(lang, cat)).text
        return paragraph(text, EXPECT[lang]["will"])

    assert will(category) != will(None)
    assert will("not_a_category") == will(None)


@pytest.mark.parametrize(("lang", "angry"), list(product(LANGUAGES, (False, True))))
def test_variant_changes_the_acknowledgement(lang: str, angry: bool) -> None:
    def opening(variant: int) -> str:
        ctx = ReplyContext(lang, "billing", angry=angry, variant=variant)
        return renderer().render("utter_complaint_filed", ctx).text.split("\n\n")[0]

    assert len({opening(v) for v in range(4)}) >= 3


def test_contract_responses_exist_in_every_language() -> None:
    names = contract_responses()
    assert len(names) >= 20, "could not read the response list from CONTRACTS.md"
    assert set(names) <= renderer().names()
    assert renderer().languages() >= set(LANGUAGES)


@pytest.mark.parametrize(("name", "lang"), list(product(contract_responses(), LANGUAGES)))
def test_every_response_renders_cleanly_in_many_contexts(name: str, lang: str) -> None:
    for ctx in many_contexts(lang):
        reply = renderer().render(name, ctx)
        assert reply.text and "None" not in reply.text and "  " not in reply.text
        shown = reply.text + " ".join(b.title for b in reply.buttons)
        assert forbidden_in(shown, lang) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_buttons_come_from_the_data_file(lang: str) -> None:
    offer = renderer().render("utter_offer_human", ReplyContext(lang))
    csat = renderer().render("utter_csat_question", ReplyContext(lang))
    assert [b.payload for b in offer.buttons] == ["/request_human", "/deny"]
    scores = [f'/rate{{"score": {n}}}' for n in range(1, 6)]
    assert [b.payload for b in csat.buttons] == scores
    data = yaml.safe_load((RESPONSES / lang / "buttons.yml").read_text("utf-8"))
    assert set(data) <= renderer().names()


@pytest.mark.parametrize(
    ("lang", "name"), product(LANGUAGES, (*COMPLAINTS[:2], "utter_ask_order_number"))
)
def test_a_person_button_comes_with_the_reply_only_when_the_customer_is_angry(
    lang: str, name: str
) -> None:
    ctx = {"category": "late_delivery", "ticket_ref": REF, "due_at": DUE, "due_today": True}
    calm = renderer().render(name, ReplyContext(lang, angry=False, **ctx))  # type: ignore[arg-type]
    angry = renderer().render(name, ReplyContext(lang, angry=True, **ctx))  # type: ignore[arg-type]
    assert "/request_human" not in [b.payload for b in calm.buttons]
    assert [b.payload for b in angry.buttons] == ["/request_human"]


def test_a_button_condition_must_name_a_reply_context_field(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "utter_x.j2").write_text("Hello", encoding="utf-8")
    (tmp_path / "en" / "buttons.yml").write_text(
        'utter_x:\n  - {title: "Hi", payload: "/greet", when: furious}\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="furious"):
        ReplyRenderer(tmp_path).render("utter_x", ReplyContext("en"))


@pytest.mark.parametrize(
    ("name", "lang"),
    [("utter_nope", "en"), ("../en/_parts", "en"), ("utter_greet", "fr")],
)
def test_unknown_response_or_language_raises_key_error(name: str, lang: str) -> None:
    with pytest.raises(KeyError) as raised:
        renderer().render(name, ReplyContext(lang))
    assert raised.type is UnknownResponseError
    assert repr(lang if lang == "fr" else name) in str(raised.value)


def test_missing_variable_raises(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "utter_x.j2").write_text("Hi {{ ctx.nickname }}", "utf-8")
    with pytest.raises(UndefinedError):
        ReplyRenderer(tmp_path).render("utter_x", ReplyContext("en"))


@pytest.mark.parametrize(
    ("lang", "due", "due_today", "expected"),
    [
        ("en", DUE, True, "by 5:30 pm today"),
        ("zh", DUE, True, "今天17:30前"),
        ("en", at(11, 10), False, "tomorrow morning by 10:00"),
        ("zh", at(11, 10), False, "明天上午10:00前"),
        ("en", at(13, 10), False, "on Friday morning by 10:00"),
        ("zh", at(13, 10), False, "周五上午10:00前"),
        ("en", at(20, 15), None, "by 3:00 pm on 20 March"),
        ("zh", at(20, 15), None, "3月20日15:00前"),
        ("en", at(10, 8), False, "by 8:00 this morning"),
        ("en", None, True, "within one working day"),
        ("zh", None, True, "一个工作日内"),
    ],
)
def test_due_time_is_said_in_the_customers_language(
    lang: str, due: datetime | None, due_today: bool | None, expected: str
) -> None:
    words = TimeWords.load(RESPONSES / lang / "time.yml")
    assert describe_due(due, due_today, NOW.date(), words) == expected


def test_layout_joins_lines_and_collapses_blank_lines() -> None:
    raw = "  我要做的是：\n查清原因。\n\n\n\nWhat  I will do:\ncheck it.\n• one\n"
    assert tidy(raw) == "我要做的是：查清原因。\n\nWhat I will do: check it.\n• one"
