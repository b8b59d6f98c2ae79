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

    .venvs/app/bin/python -m scripts.cv_guard --fix [--max-lost 0] [--language zh]

``--fix`` chooses the fix detector's threshold instead. The detector never sees the tuned
case file (it learns from ``classifier/fix_{lang}.yml``), so the cases are out of its sample:
a must_flag case is lost when every violation of its category comes from an ``unless_fix``
entry and a sentence scores at least the threshold; the threshold chosen is the lowest at
which at most ``--max-lost`` cases are lost. Its benefit is shown on the ok cases that the
rules flag once the ``unless`` patterns of those entries are taken away (the fixes the
rules had to be taught one wording at a time): the share the detector recognises.

    .venvs/app/bin/python -m scripts.cv_guard --near-miss [--rounds G ... W] [--max-lost 0]

``--near-miss`` chooses the near-miss model's threshold: for each round it is trained without
the round's cases and scores the round's messages that the rules hit once their ``unless``
patterns are taken away (the rules as they might stand before a round is tuned on). A message
stays flagged while one of its hit sentences scores at least the threshold (or an ``always``
entry hits); the threshold chosen is the highest at which at most ``--max-lost`` held-out
must_flag messages are lost, and it prints the share of the held-out ok messages it clears.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Any

from bot.guard.classifier import (
    NEAR_MISS,
    LanguageModel,
    fold,
    load_settings,
    prepare,
    sentence_spans,
)
from bot.guard.normalize import normalize
from bot.language import SUPPORTED
from scripts.train_guard import (
    load_cases,
    near_miss_rows,
    near_miss_training_set,
    train,
    training_set,
    without_unless,
)

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
                # a sentence the learned entry's `unless` (a fix) ends after is not scored
                reach = rules.learned_reach(case["text"], lang)
                norm = fold(normalize(case["text"], drop_spaces=lang == "zh").text, lang)
                sentences = [
                    norm[start:end]
                    for start, end in sentence_spans(norm)
                    if reach is None or start >= reach
                ]
                scores[key].append(max(model.scores(sentences) or [0.0]))
        print(f"[{lang}] round {name} held out", file=sys.stderr, flush=True)
    return scores


def rates(scores: Scores, threshold: float) -> tuple[float, float]:
    recall = sum(s >= threshold for s in scores["flag"]) / len(scores["flag"])
    fpr = sum(s >= threshold for s in scores["ok"]) / len(scores["ok"])
    return recall, fpr


def lowest_threshold(scores: Scores, max_fpr: float) -> float:
    """The lowest threshold (to 4 places) at which at most ``max_fpr`` of ok messages score."""
    return threshold_sparing(scores["ok"], int(max_fpr * len(scores["ok"])))


def threshold_sparing(scores: list[float], allowed: int) -> float:
    """The lowest threshold (to 4 places) that at most ``allowed`` of ``scores`` reach."""
    ranked = sorted(scores, reverse=True)
    above = ranked[allowed] if allowed < len(ranked) else 0.0
    return (math.floor(above * 10_000) + 1) / 10_000  # just above the first one to spare


def fix_scores(lang: str) -> Scores:
    """Per case, the fix score at which it would change: "lost" for must_flag cases whose
    category only ``unless_fix`` entries catch (0.0 for the others), "needed" for ok cases
    that only the ``unless`` of those entries keeps clean. A violation is cancelled by a fix
    sentence that ends after it starts, so a case changes at the lowest, over its violations,
    of the best such sentence's score."""
    from dataclasses import replace

    from bot.guard import PhraseGuard, get_guard

    guard = get_guard()
    entries = guard.blacklist.entries
    before = PhraseGuard(  # the guard as it was without the fix detector
        replace(guard.blacklist, entries=tuple(replace(e, unless_fix=False) for e in entries))
    )
    bare = PhraseGuard(  # the rules without the `unless` the fix detector stands in for
        replace(
            guard.blacklist,
            entries=tuple(replace(e, unless={}) if e.unless_fix else e for e in entries),
        ),
        rules_only=True,
    )
    cancellable = {e.id for e in entries if e.unless_fix}
    cases = load_cases(lang)
    scores: Scores = {"lost": [], "needed": []}
    for case in cases["must_flag"]:
        found = before.check(case["text"], lang).violations
        if case["category"] in {v.category for v in found if v.entry_id not in cancellable}:
            scores["lost"].append(0.0)
            continue
        at_risk = [v for v in found if v.category == case["category"]]
        scores["lost"].append(_change_score(guard, case["text"], lang, at_risk) if at_risk else 0.0)
    for case in cases["ok"]:
        found = list(bare.check(case["text"], lang).violations)
        if found and all(v.entry_id in cancellable for v in found):
            scores["needed"].append(_change_score(guard, case["text"], lang, found))
    return scores


def _change_score(guard: Any, text: str, lang: str, violations: list[Any]) -> float:
    """The fix threshold at or below which every one of ``violations`` is cancelled."""
    from bot.guard.normalize import normalize

    norm = normalize(text, drop_spaces=lang == "zh")
    sentences = [
        (norm.original_span(start, end)[1], score)
        for (start, end), score in guard.classifier.fix_scores(lang, norm.text)
    ]
    return min(
        max((score for end, score in sentences if end > v.start), default=0.0) for v in violations
    )


def choose_fix(langs: list[str], max_lost: int) -> None:
    settings = load_settings()["fix"]
    for lang in langs:
        scores = fix_scores(lang)
        chosen = threshold_sparing(scores["lost"], max_lost)
        print(f"[{lang}] {len(scores['needed'])} ok cases need a fix recognised")
        for label, threshold in (
            ("settings.yml", float(settings[lang]["threshold"])),
            (f"lost <= {max_lost}", chosen),
        ):
            n_lost = sum(s >= threshold for s in scores["lost"])
            seen = sum(s >= threshold for s in scores["needed"]) / max(len(scores["needed"]), 1)
            print(
                f"[{lang}] fix threshold {threshold:.4f} ({label}): must_flag cases lost {n_lost}"
                f", fixes recognised {seen:.3f}"
            )


def near_miss_scores(lang: str, rounds: list[str], settings: dict[str, Any]) -> Scores:
    """Leave one round out: per held-out message with a hit of the rules without their
    ``unless`` patterns, the near-miss threshold at or above which its hits are all dropped
    (its best sentence score; 1.0 with a hit of an ``always`` entry), "flag" for must_flag
    messages, "ok" for ok ones. Messages those rules do not hit are left out."""
    from bot.guard import PhraseGuard

    rules = PhraseGuard(rules_only=True)
    bare = without_unless(rules)
    rows = near_miss_rows(lang, rules, bare)  # the cases' rows, then the written sentences'
    cases = load_cases(lang)
    texts = [(kind, c) for kind in ("must_flag", "ok") for c in cases[kind]]
    scores: Scores = {"flag": [], "ok": []}
    for name in rounds:
        data = near_miss_training_set(rows, name)
        model = LanguageModel(train(lang, data, settings, section=NEAR_MISS), 0.5)
        for (kind, case), (round_name, labelled) in zip(texts, rows[: len(texts)], strict=True):
            if round_name != name:
                continue
            found = bare.check(case["text"], lang).violations
            if not found:
                continue
            key = "flag" if kind == "must_flag" else "ok"
            if any(bare.blacklist.entry(v.entry_id).always for v in found):
                scores[key].append(1.0)
                continue
            sentences = [s for s, _ in labelled] or prepare(case["text"], lang)
            scores[key].append(max(model.scores(sentences)))
        print(f"[{lang}] round {name} held out", file=sys.stderr, flush=True)
    return scores


def choose_near_miss(langs: list[str], rounds: list[str], max_lost: int) -> None:
    settings = load_settings()
    for lang in langs:
        scores = near_miss_scores(lang, rounds, settings)
        ranked = sorted(scores["flag"])
        chosen = math.floor(ranked[max_lost] * 10_000) / 10_000 if max_lost < len(ranked) else 0.0
        print(
            f"[{lang}] {len(scores['flag'])} must_flag / {len(scores['ok'])} ok held out with a hit"
            f" of the rules without `unless` (rounds {' '.join(rounds)})"
        )
        current = float(settings[NEAR_MISS][lang]["threshold"])
        for label, threshold in (("settings.yml", current), (f"lost <= {max_lost}", chosen)):
            lost = sum(s < threshold for s in scores["flag"])
            cleared = sum(s < threshold for s in scores["ok"]) / max(len(scores["ok"]), 1)
            print(
                f"[{lang}] near-miss threshold {threshold:.4f} ({label}): must_flag lost {lost},"
                f" ok messages cleared {cleared:.3f}"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", nargs="+", default=list("IJKLMNOPQ"))
    parser.add_argument("--max-fpr", type=float, default=0.01)
    parser.add_argument("--language", choices=SUPPORTED, action="append")
    parser.add_argument("--fix", action="store_true", help="the fix detector's threshold")
    parser.add_argument("--near-miss", action="store_true", help="the near-miss model's threshold")
    parser.add_argument(
        "--max-lost", type=int, default=0, help="with --fix / --near-miss: cases allowed lost"
    )
    args = parser.parse_args(argv)
    if args.fix:
        choose_fix(args.language or list(SUPPORTED), args.max_lost)
        return
    if args.near_miss:
        choose_near_miss(args.language or list(SUPPORTED), args.rounds, args.max_lost)
        return
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
