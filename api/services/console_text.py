"""The staff consoles' own words: ``responses/<lang>/console_<section>.yml``.

Every page loads ``console_common`` (chrome: navigation, sign-in, errors) plus its
own section (``console_agent``, ``console_supervisor``, ...). A key missing in one
language falls back to English. The staff member's language is ``?lang=`` or the
browser's ``Accept-Language``, English by default.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
COMMON = "console_common"


def pick_language(requested: str | None, accept_language: str | None) -> str:
    """``requested`` when supported, else the first supported language the browser
    lists (by its order, ignoring q-weights of zero), else English."""
    if requested in LANGUAGES:
        return str(requested)
    for item in (accept_language or "").split(","):
        tag, _, params = item.strip().partition(";")
        if params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


@cache
def _section(responses_dir: Path, language: str, section: str) -> dict[str, str]:
    path = responses_dir / language / f"{section}.yml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


def console_strings(
    responses_dir: Path, language: str, sections: tuple[str, ...]
) -> dict[str, str]:
    """The strings of ``console_common`` and ``sections``, English filling the gaps."""
    strings: dict[str, str] = {}
    for section in (COMMON, *sections):
        strings |= _section(responses_dir, DEFAULT_LANGUAGE, section)
        strings |= _section(responses_dir, language, section)
    return strings
