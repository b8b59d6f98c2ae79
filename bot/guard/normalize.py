"""Normalise text for matching while keeping a map back to the original offsets.

Matching runs on a lower-cased NFKC form (full-width letters and punctuation become
half-width, curly quotes become straight ones, invisible format characters vanish,
runs of spaces shrink to one, or vanish entirely in Chinese; in English a space is
added after full-width punctuation, which is written without one). Every character of
the normalised text remembers the index of the original character it came from, so
a match can be reported with offsets into the text the caller gave us.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00b4": "'",
        "`": "'",
    }
)


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, per character, the index of its source character."""

    text: str
    origin: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if start >= end:
            raise ValueError(f"empty span {start}:{end}")
        return self.origin[start], self.origin[end - 1] + 1


def normalize(text: str, drop_spaces: bool = False) -> Normalized:
    """Return the matching form of ``text``.

    ``drop_spaces`` removes all whitespace (Chinese does not separate words, so
    "我们 的 政策" and "我们的政策" must read the same); otherwise a run of
    whitespace becomes a single space.
    """
    if text.isascii():
        return _normalize_ascii(text, drop_spaces)
    return _normalize_chars(text, drop_spaces)


def _normalize_chars(text: str, drop_spaces: bool) -> Normalized:
    """``normalize`` one character at a time (any text)."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold(char)
        if not drop_spaces and _is_wide_punctuation(char, folded):
            folded += " "  # "Sorry！We" has no space after "！"; the tokenizer needs one
        for out in folded:
            if out.isspace():
                if drop_spaces or (chars and chars[-1] == " ") or not chars:
                    continue
                out = " "
            chars.append(out)
            origin.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Normalized("".join(chars), tuple(origin))


_SPACES = re.compile(r"\s+")
_ASCII_QUOTES = str.maketrans({"`": "'"})


def _normalize_ascii(text: str, drop_spaces: bool) -> Normalized:
    """``normalize`` for plain ASCII (most English text), which NFKC leaves as it is: lower
    case, backquotes straight, each run of whitespace one space (none at the edges, or
    none at all with ``drop_spaces``); the same result, without a step per character."""
    folded = text.lower().translate(_ASCII_QUOTES)
    chars: list[str] = []
    origin: list[int] = []
    at = 0
    for run in _SPACES.finditer(folded):
        chars.append(folded[at : run.start()])
        origin.extend(range(at, run.start()))
        if not drop_spaces and chars[-1] and run.end() < len(folded):
            chars.append(" ")
            origin.append(run.start())
        at = run.end()
    chars.append(folded[at:])
    origin.extend(range(at, len(folded)))
    return Normalized("".join(chars), tuple(origin))


@lru_cache(maxsize=8192)
def _fold(char: str) -> str:
    """NFKC, straight quotes and lower case for one character; '' for format chars."""
    if unicodedata.category(char) == "Cf":
        return ""
    return unicodedata.normalize("NFKC", char).translate(_QUOTES).lower()


def _is_wide_punctuation(char: str, folded: str) -> bool:
    """Full-width or CJK punctuation ("！", "，", "。", "…"), which is written without a space."""
    if ord(char) <= 0x7F or not folded or folded[-1] in "'\"":
        return False
    return unicodedata.category(folded[-1]) in {"Po", "Pe"}
