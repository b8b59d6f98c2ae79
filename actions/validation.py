"""Pure checks the actions use (no Rasa types, easy to test)."""

from __future__ import annotations

import re
from typing import Optional

ORDER_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])("
    r"(?:SF|JD|YT|ZT|STO|YD|JT)\d{10,15}"
    r"|\d{3}-\d{7}-\d{7}"
    r"|#\d{5,10}"
    r"|ORD-\d{4}-\d{4,8}"
    r"|\d{8,14}"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
MAX_ATTEMPTS_BEFORE_PERSON = 2


def find_order_number(text: Optional[str]) -> Optional[str]:
    """The first order or waybill number in ``text``, normalised to upper case."""
    match = ORDER_NUMBER.search(text or "")
    return match.group(1).upper() if match else None


_WORD = re.compile(r"[A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ENOUGH_WORDS = 4
ENOUGH_CJK_CHARS = 6


def says_enough(text: Optional[str]) -> bool:
    """Whether a complaint message describes the problem (or is too vague to file)."""
    rest = ORDER_NUMBER.sub(" ", text or "")
    return len(_WORD.findall(rest)) >= ENOUGH_WORDS or len(_CJK.findall(rest)) >= ENOUGH_CJK_CHARS


def usable_description(text: Optional[str]) -> Optional[str]:
    cleaned = (text or "").strip()
    return cleaned if len(cleaned) >= 2 and not cleaned.startswith("/") else None
