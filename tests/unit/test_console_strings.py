"""The staff consoles' words: every key the pages use exists in every language."""

from __future__ import annotations

import re

import pytest
import yaml

from api.models.enums import Category, ConversationState, Priority, Sender, TicketStatus
from api.services.console_text import LANGUAGES, console_strings
from api.services.suggestion_choice import Why
from tests.db import ROOT

STATIC = ROOT / "api" / "static" / "console"
TEMPLATES = ROOT / "api" / "templates" / "console"
SECTIONS = ("console_common", "console_agent")
T_CALL = re.compile(r"\bt\(\s*\"([a-z0-9_]+)\"")
TEMPLATE_KEY = re.compile(r"\bs(?:trings)?\.([a-z0-9_]+)")


def section(lang: str, name: str) -> dict[str, str]:
    return dict(yaml.safe_load((ROOT / "responses" / lang / f"{name}.yml").read_text("utf-8")))


@pytest.mark.parametrize("name", SECTIONS)
def test_every_language_has_the_same_keys(name: str) -> None:
    keys = {lang: set(section(lang, name)) for lang in LANGUAGES}
    assert keys["zh"] == keys["en"]


def used_keys() -> set[str]:
    used: set[str] = set()
    for path in STATIC.glob("*.js"):
        used |= set(T_CALL.findall(path.read_text("utf-8")))
    for path in TEMPLATES.glob("*.html"):
        used |= set(TEMPLATE_KEY.findall(path.read_text("utf-8")))
    enumerated = [
        *(f"category_{c.value}" for c in Category),
        *(f"status_{s.value}" for s in TicketStatus),
        *(f"priority_{p.value}" for p in Priority),
        *(f"state_{s.value}" for s in ConversationState),
        *(f"sender_{s.value}" for s in Sender),
        *(f"why_{w.value}" for w in Why),
        *(f"language_{lang}" for lang in LANGUAGES),
        "role_agent",
        "role_supervisor",
    ]
    return used | set(enumerated)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_the_pages_use_is_defined(lang: str) -> None:
    pages = sorted(p.stem for p in (ROOT / "responses" / "en").glob("console_*.yml"))
    strings = console_strings(ROOT / "responses", lang, tuple(pages))
    assert sorted(used_keys() - set(strings)) == []


def test_a_missing_translation_falls_back_to_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for lang, text in (("en", "a: A\nb: B\n"), ("zh", "a: 甲\n")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "console_common.yml").write_text(text, encoding="utf-8")
    assert console_strings(tmp_path, "zh", ()) == {"a": "甲", "b": "B"}
