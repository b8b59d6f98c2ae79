"""The learning loop's second half: corrections as Rasa NLU training data, in the
format of ``data/nlu/`` (``version: "3.1"``, ``nlu:`` with one ``- intent:`` block
and ``examples: |`` list per intent), ready to add to the project and retrain.

Each example is one line: whitespace collapsed, characters YAML cannot carry
dropped, and text that Rasa would read as entity markup (``[x](y)``, ``[x]{y}``,
``[x][y]``) defused by turning its square brackets into round ones. Entities the
bot found are annotated the way the training data does: ``[SF1234567890](order_number)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Rasa's entity markup (rasa.shared.nlu.training_data.entities_parser).
ENTITY_MARKUP = re.compile(r"\[[^\]]+?\](\([^:)]+?(?::[^)]+)?\)|\{[^}]+?\}|\[.*?\])")
# What YAML may not contain even inside a block scalar (as PyYAML's reader checks).
NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
ENTITY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Example:
    intent: str
    text: str
    entities: Sequence[dict[str, Any]] = field(default_factory=tuple)


def defuse_markup(text: str) -> str:
    """Square brackets become round ones when the text contains entity markup
    (same length, so entity offsets still hold)."""
    if not ENTITY_MARKUP.search(text):
        return text
    return text.replace("[", "(").replace("]", ")")


def annotate(text: str, entities: Sequence[dict[str, Any]]) -> str:
    """``text`` with each found entity written as ``[value](entity)``. Entities whose
    offsets do not match the text, or that overlap an earlier one, are left out."""
    spans: list[tuple[int, int, str]] = []
    for entity in sorted(entities, key=lambda e: e.get("start") or 0):
        start, end, name = entity.get("start"), entity.get("end"), entity.get("entity")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            continue
        if not isinstance(name, str) or not ENTITY_NAME.match(name):
            continue
        if spans and start < spans[-1][1]:
            continue
        if text[start:end] != entity.get("value") or "]" in text[start:end]:
            continue
        spans.append((start, end, name))
    for start, end, name in reversed(spans):
        text = f"{text[:start]}[{text[start:end]}]({name}){text[end:]}"
    return text


def example_line(text: str, entities: Sequence[dict[str, Any]] = ()) -> str:
    """One training example on one line (empty when nothing is left)."""
    marked = annotate(defuse_markup(text), entities)
    return " ".join(NOT_PRINTABLE.sub("", marked).split())


def grouped(examples: Iterable[Example], intent_order: Sequence[str]) -> dict[str, list[str]]:
    """Lines per intent, intents in ``intent_order``; a text appears once, under
    the intent of its last occurrence (a later correction wins)."""
    latest: dict[str, str] = {}
    for example in examples:
        line = example_line(example.text, example.entities)
        if line:
            latest.pop(line, None)
            latest[line] = example.intent
    order = {name: i for i, name in enumerate(intent_order)}
    groups: dict[str, list[str]] = {}
    for line, intent in latest.items():
        groups.setdefault(intent, []).append(line)
    return dict(sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def nlu_yaml(examples: Iterable[Example], intent_order: Sequence[str] = ()) -> str:
    """Rasa NLU training data (YAML, format 3.1) for ``examples``."""
    groups = grouped(examples, intent_order)
    if not groups:
        return 'version: "3.1"\n\nnlu: []\n'
    parts = ['version: "3.1"\n\nnlu:\n']
    for intent, lines in groups.items():
        parts.append(f"- intent: {intent}\n  examples: |\n")
        parts.extend(f"    - {line}\n" for line in lines)
    return "".join(parts)
