"""Time the phrase guard per message over the case texts; print one markdown table row.

    .venvs/app/bin/python bench/bench_guard.py [--rounds 20] [--detect] [--header]

The guard is built and warmed up first (building is a one-off cost of about two
seconds: spaCy, jieba's dictionary, the matchers). Then every case text in
tests/guard/cases_{en,zh}.yml is checked ``--rounds`` times and each call is timed
on its own. ``--detect`` passes ``language=None`` so language detection is timed
too. Target: p95 <= 2 ms per message.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = sorted((ROOT / "tests" / "guard").glob("cases_*.yml"))
TARGET_P95_MS = 2.0


def load_texts() -> list[tuple[str, str]]:
    """(text, language) for every case, flagged and clean alike."""
    import yaml

    texts = []
    for path in CASE_FILES:
        language = path.stem.removeprefix("cases_")
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [(case["text"], language) for kind in cases.values() for case in kind]
    return texts


def measure(rounds: int, detect: bool) -> list[float]:
    """Per-call durations in milliseconds, after one untimed warm-up pass."""
    sys.path.insert(0, str(ROOT))
    from bot.guard import get_guard

    guard = get_guard()
    texts = load_texts()
    for text, language in texts:
        guard.check(text, language)
    durations = []
    for _ in range(rounds):
        for text, language in texts:
            start = time.perf_counter_ns()
            guard.check(text, None if detect else language)
            durations.append((time.perf_counter_ns() - start) / 1e6)
    return durations


def table_row(durations: list[float], detect: bool) -> str:
    """One markdown row: what was measured, how many calls, p50 / p95 / max in ms."""
    centiles = statistics.quantiles(durations, n=100)
    label = "phrase guard check (language detected)" if detect else "phrase guard check"
    p50, p95, worst = centiles[49], centiles[94], max(durations)
    verdict = "ok" if p95 <= TARGET_P95_MS else "over target"
    return (
        f"| {label} | {len(durations)} | {p50:.3f} | {p95:.3f} | {worst:.3f} "
        f"| p95 <= {TARGET_P95_MS:g} ms: {verdict} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over all case texts")
    parser.add_argument("--detect", action="store_true", help="time language detection too")
    parser.add_argument("--header", action="store_true", help="print the table header first")
    args = parser.parse_args()
    if args.header:
        print("| benchmark | calls | p50 ms | p95 ms | max ms | target |")
        print("|---|---:|---:|---:|---:|---|")
    print(table_row(measure(args.rounds, args.detect), args.detect))


if __name__ == "__main__":
    main()
