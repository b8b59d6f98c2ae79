"""Traditional Chinese folded to simplified, one character for one.

The phrase guard's patterns and the anger cues are written in simplified characters;
customers from Hong Kong and Taiwan write 你們、規定、騙子. One table
(`bot/zh_traditional.txt`, data) serves both. One character for one keeps every
offset, so a hit still points into the caller's text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TRADITIONAL_TABLE = Path(__file__).with_name("zh_traditional.txt")


def load_fold(path: Path) -> dict[int, str]:
    """A one-for-one character map (``str.translate`` table) from "from to" lines.

    One character for one keeps offsets exact, so a violation still points into the
    caller's text; a longer value is rejected.
    """
    table: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        source, target = line.split()
        if len(source) != 1 or len(target) != 1:
            raise ValueError(f"{path.name}:{number}: expected one character for one")
        table[ord(source)] = target
    return table


@cache
def traditional_table() -> dict[int, str]:
    """The shared table as a ``str.translate`` map (read once)."""
    return load_fold(TRADITIONAL_TABLE)
