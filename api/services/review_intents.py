"""The intents a supervisor may relabel a message with: the Rasa domain's list
(``domain.yml``), read once. Also which intent names a complaint category."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from api.config import ROOT
from api.models.enums import Category

DOMAIN_FILE = ROOT / "domain.yml"
FALLBACK_INTENT = "nlu_fallback"


class UnknownIntent(ValueError):
    """The name is not one of the domain's intents."""


@cache
def domain_intents(domain_file: Path = DOMAIN_FILE) -> tuple[str, ...]:
    """The intents in ``domain.yml``, in its order (an entry may be a name or a
    one-key mapping with options)."""
    data = yaml.safe_load(domain_file.read_text(encoding="utf-8")) or {}
    names: list[str] = []
    for entry in data.get("intents") or ():
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        names.append(str(name))
    return tuple(names)


def check_intent(name: str, intents: tuple[str, ...]) -> str:
    """``name`` when it is one of ``intents``; raises ``UnknownIntent`` otherwise."""
    if name not in intents:
        raise UnknownIntent(f"{name!r} is not an intent of the domain")
    return name


def intent_for_category(category: Category) -> str | None:
    """The complaint intent of a ticket category (docs/CONTRACTS.md); None for "other"."""
    if category is Category.OTHER:
        return None
    if category is Category.REFUND:
        return "request_refund"
    return f"complain_{category.value}"
