"""Measure the phrase guard on case files: recall, false-positive rate and the misses.

    .venvs/app/bin/python -m scripts.eval_guard FILE... [--round A] [--quiet] [--blacklist PATH]
        [--any-category] [--rules-only]

A case file has the shape of tests/guard/cases_{en,zh}.yml: ``must_flag`` cases
(``text`` + the ``category`` one violation must carry) and ``ok`` cases (``text``,
``near_miss``). The language is the file name's last ``_xx`` part (cases_en.yml →
en). ``--round`` keeps only the cases tagged with that ``round`` (fresh rounds
written to test generalisation). A must_flag case flagged under another category
counts as a miss, as in tests/unit/test_guard.py; with ``--any-category`` it counts
as caught (for blind rounds whose writer used their own category names). The guard is
the rules plus the learned sentence classifier (models/guard, ``make train-guard``);
``--rules-only`` scores the rules alone. Exits 1 when a file misses the
targets (recall >= 0.97, false-positive rate <= 0.03).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.guard import PhraseGuard

MIN_RECALL = 0.97
MAX_FALSE_POSITIVE_RATE = 0.03


@dataclass
class Evaluation:
    """Figures for one case file; ``misses`` and ``false_positives`` explain them."""

    path: Path
    language: str
    flagged: int = 0
    must_flag: int = 0
    false_positive_count: int = 0
    ok: int = 0
    misses: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.flagged / self.must_flag if self.must_flag else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positive_count / self.ok if self.ok else 0.0

    @property
    def meets_targets(self) -> bool:
        return self.recall >= MIN_RECALL and self.false_positive_rate <= MAX_FALSE_POSITIVE_RATE


def language_of(path: Path) -> str:
    """cases_en.yml → "en"; the language is the last underscore-separated part."""
    return path.stem.rsplit("_", 1)[-1]


def load_cases(path: Path, round_name: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The file's must_flag and ok lists, optionally only one round's cases."""
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    keep = (lambda c: str(c.get("round")) == round_name) if round_name else (lambda c: True)
    return {kind: [c for c in raw.get(kind) or [] if keep(c)] for kind in ("must_flag", "ok")}


def evaluate(
    path: Path, guard: PhraseGuard, round_name: str | None = None, any_category: bool = False
) -> Evaluation:
    """Check every case of ``path`` and count hits, misses and false positives.

    ``any_category``: a must_flag case is caught when flagged at all, whatever category.
    """
    cases = load_cases(path, round_name)
    result = Evaluation(path=path, language=language_of(path))
    for case in cases["must_flag"]:
        found = guard.check(case["text"], result.language).violations
        result.must_flag += 1
        if (any_category and found) or case["category"] in {v.category for v in found}:
            result.flagged += 1
        else:
            got = ", ".join(f"{v.category}: {v.phrase!r}" for v in found) or "clean"
            result.misses.append(f"[{case['category']}] {case['text']}  (got {got})")
    for case in cases["ok"]:
        found = guard.check(case["text"], result.language).violations
        result.ok += 1
        if found:
            result.false_positive_count += 1
            got = ", ".join(f"{v.category}: {v.phrase!r}" for v in found)
            result.false_positives.append(f"{case['text']}  ({got})")
    return result


def describe(result: Evaluation, quiet: bool = False) -> str:
    """A short text report: the figures, then each miss and false positive."""
    lines = [
        f"{result.path} [{result.language}]: recall {result.recall:.3f} "
        f"({result.flagged}/{result.must_flag}), false-positive rate "
        f"{result.false_positive_rate:.3f} ({result.false_positive_count}/{result.ok})"
    ]
    if not quiet:
        lines += [f"  miss: {line}" for line in result.misses]
        lines += [f"  false positive: {line}" for line in result.false_positives]
    return "\n".join(lines)


def make_guard(blacklist: Path | None, rules_only: bool = False) -> PhraseGuard:
    """The process-wide guard, or one built from another blacklist file or rules only."""
    from bot.guard import PhraseGuard, get_guard
    from bot.guard.blacklist import load_blacklist

    if not blacklist and not rules_only:
        return get_guard()
    return PhraseGuard(load_blacklist(blacklist) if blacklist else None, rules_only=rules_only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="case files (cases_en.yml, ...)")
    parser.add_argument("--round", dest="round_name", help="only cases tagged with this round")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses listed")
    parser.add_argument("--blacklist", type=Path, help="another blacklist file (an experiment)")
    parser.add_argument(
        "--any-category",
        action="store_true",
        help="a must_flag case counts as caught when flagged under any category",
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="the blacklist alone, without the classifier"
    )
    args = parser.parse_args(argv)
    guard = make_guard(args.blacklist, args.rules_only)
    results = [evaluate(path, guard, args.round_name, args.any_category) for path in args.files]
    for result in results:
        print(describe(result, args.quiet))
    return 0 if all(r.meets_targets for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
