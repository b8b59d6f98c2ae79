"""Turn raw template output into a tidy chat message.

Templates are written for people, not for whitespace: inside a paragraph, lines
are joined (with a space, or with nothing next to Chinese text); a blank line
starts a new paragraph; a line starting with a bullet ("• ") keeps its own line.
Runs of spaces and blank lines collapse to one.
"""

from __future__ import annotations

import re

_WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_WIDE_CHAR = re.compile(f"[{_WIDE}]")
_SPACE_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}]) +(?=[{_WIDE}])")
_SPACE_BEFORE_STOP = re.compile(r" +(?=[,.;!?])")
_SPACES = re.compile(r"[ \t\u00a0]+")
BULLET = "• "


def tidy(text: str) -> str:
    """Collapse stray whitespace and join each paragraph's lines."""
    return "\n\n".join(_join(block) for block in _paragraphs(text))


def _paragraphs(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _join(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        text += _separator(text, line) + line
    text = _SPACE_BETWEEN_WIDE.sub("", text)
    return _SPACE_BEFORE_STOP.sub("", text)


def _separator(before: str, after: str) -> str:
    if after.startswith(BULLET):
        return "\n"
    if _WIDE_CHAR.match(before[-1]) or _WIDE_CHAR.match(after[0]):
        return ""
    return " "
