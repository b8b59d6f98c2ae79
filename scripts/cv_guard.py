"""Choose the guard classifier's thresholds by leave-one-round-out cross-validation.

    .venvs/app/bin/python -m scripts.cv_guard [--rounds I J ... Q] [--max-fpr 0.01]
        [--language en]

For each blind round in ``--rounds`` the classifier is trained as ``make train-guard``
trains it, but without that round's cases, and scores the round's messages as the
guard would: the highest score over a message's sentences, or nothing when the
``learned_tone`` entry's ``unless`` (a fix done or owned) matches the message. Pooled
over the rounds, it prints the classifier's recall on must_flag messages and its
false-positive rate on ok messages at the threshold in ``classifier/settings.yml``, and
the lowest threshold whose pooled false-positive rate is at most ``--max-fpr`` (the
value to write into settings.yml). The rules are not counted: tuned on every round,
they would score 1.0 / 0.0 here. About 30 s per round and language on 2 CPUs.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Any

from bot.guard.classifier import LanguageModel, load_settings, prepare
from bot.language import SUPPORTED
from scripts.train_guard import load_cases, train, training_set

Scores = dict[str, list[float]]  # "flag" / "ok" -> one score per held-out message


def held_out_scores(lang: str, rounds: list[str], settings: dict[str, Any]) -> Scores:
    from bot.guard import PhraseGuard

    rules = PhraseGuard(rules_only=True)
    scores: Scores = {"flag": [], "ok": []}
    held = load_cases(lang)
    for name in rounds:
        model = LanguageModel(
            train(lang, training_set(lang, settings["seed"], rules, name), settings), 0.5
        )
        for kind, key in (("must_flag", "flag"), ("ok", "ok")):
            for case in (c for c in held[kind] if c.get("round") == name):
                silenced = rules.learned_silenced(case["text"], lang)
                sentences = prepare(case["text"], lang)
                scores[key].append(0.0 if silenced else max(model.scores(sentences) or [0.0]))
        print(f"[{lang}] round {name} held out", file=sys.stderr, flush=True)
    return scores


def rates(scores: Scores, threshold: float) -> tuple[float, float]:
    recall = sum(s >= threshold for s in scores["flag"]) / len(scores["flag"])
    fpr = sum(s >= threshold for s in scores["ok"]) / len(scores["ok"])
    return recall, fpr


def lowest_threshold(scores: Scores, max_fpr: float) -> float:
    """The lowest threshold (to 4 places) at which at most ``max_fpr`` of ok messages score."""
    allowed = int(max_fpr * len(scores["ok"]))
    ranked = sorted(scores["ok"], reverse=True)
    above = ranked[allowed] if allowed < len(ranked) else 0.0
    return (math.floor(above * 10_000) + 1) / 10_000  # just above the first ok message to spare


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", nargs="+", default=list("IJKLMNOPQ"))
    parser.add_argument("--max-fpr", type=float, default=0.01)
    parser.add_argument("--language", choices=SUPPORTED, action="append")
    args = parser.parse_args(argv)
    settings = load_settings()
    for lang in args.language or SUPPORTED:
        scores = held_out_scores(lang, args.rounds, settings)
        current = float(settings["languages"][lang]["threshold"])
        chosen = lowest_threshold(scores, args.max_fpr)
        print(
            f"[{lang}] {len(scores['flag'])} must_flag / {len(scores['ok'])} ok held out "
            f"(rounds {' '.join(args.rounds)})"
        )
        for label, threshold in (("settings.yml", current), (f"FPR <= {args.max_fpr}", chosen)):
            recall, fpr = rates(scores, threshold)
            print(
                f"[{lang}] threshold {threshold:.4f} ({label}): recall {recall:.3f}, FPR {fpr:.3f}"
            )


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":  # as scripts.train_guard: reproducible models
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-m", "scripts.cv_guard", *sys.argv[1:]])
    main()
