"""Detect whether a message is written in English or Chinese."""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "zh"]
SUPPORTED: tuple[Language, ...] = ("en", "zh")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str, default: Language = "en") -> Language:
    """Return "zh" when Chinese characters carry the message, else "en".

    A message counts as Chinese when it has at least one CJK character and the CJK
    characters outnumber the Latin words (order numbers such as SF1234567890 do not
    make a Chinese message English). Text with neither returns ``default``.
    """
    cjk = len(_CJK.findall(text))
    latin = len([w for w in _LATIN_WORD.findall(text) if not _looks_like_code(w, text)])
    if cjk == 0 and latin == 0:
        return default
    return "zh" if cjk >= max(1, latin) else "en"


def _looks_like_code(word: str, text: str) -> bool:
    """Letters that are the prefix of an id (SF123..., JD00...) are not words."""
    return bool(re.search(re.escape(word) + r"-?\d", text)) and word.isupper()
