"""NLU evaluation: held-out sets per language, and 5-fold cross-validation.

Runs in the Rasa environment: ``python -m scripts.eval_nlu [--no-cv] [--model PATH]``.
Writes reports/nlu/report.md and reports/nlu/heldout.json (reports/nlu/cv/ for the
cross-validation); exits 1 when a language misses the macro-F1 target on its
held-out set. ``--model`` evaluates another model (an experiment) without
touching the shared one in models/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "complaint-assistant.tar.gz"
REPORTS = ROOT / "reports" / "nlu"
LANGUAGES = ("en", "zh")
TARGET_MACRO_F1 = 0.90


def load_examples(path: Path) -> List[Dict[str, Any]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        {
            "text": m.get("text"),
            "intent": m.get("intent"),
            "entities": [(e["entity"], e["value"]) for e in m.get("entities") or []],
        }
        for m in data.intent_examples
    ]


async def predict(examples: List[Dict[str, Any]], model: Path) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no debug line per held-out message
    agent = Agent.load(str(model))
    results = []
    for example in examples:
        parsed = await agent.parse_message(example["text"])
        results.append(
            {
                **example,
                "predicted": parsed["intent"]["name"],
                "confidence": parsed["intent"]["confidence"],
                "predicted_entities": [(e["entity"], e["value"]) for e in parsed["entities"]],
                "ranking": [
                    (r["name"], round(r["confidence"], 3))
                    for r in parsed.get("intent_ranking", [])[:3]
                ],
            }
        )
    return results


def scores(results: List[Dict[str, Any]]) -> Dict[str, Any]:
    from sklearn.metrics import precision_recall_fscore_support

    gold = [r["intent"] for r in results]
    pred = [r["predicted"] for r in results]
    labels = sorted(set(gold))
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per_intent = {
        label: {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(n[i])}
        for i, label in enumerate(labels)
    }
    confusions = Counter((g, q) for g, q in zip(gold, pred, strict=False) if g != q)
    return {
        "macro_f1": sum(f) / len(f),
        "accuracy": sum(g == q for g, q in zip(gold, pred, strict=False)) / len(gold),
        "per_intent": per_intent,
        "confusions": [[g, q, c] for (g, q), c in confusions.most_common()],
        "entities": entity_scores(results),
        "errors": [r for r in results if r["intent"] != r["predicted"]],
    }


def entity_scores(results: List[Dict[str, Any]]) -> Dict[str, float]:
    gold = Counter(e for r in results for e in r["entities"])
    pred = Counter(e for r in results for e in r["predicted_entities"])
    hit = sum((gold & pred).values())
    return {
        "precision": hit / max(1, sum(pred.values())),
        "recall": hit / max(1, sum(gold.values())),
        "gold": sum(gold.values()),
    }


def cross_validate(folds: int) -> Dict[str, Any]:
    """Rasa's k-fold cross-validation on data/nlu, scored overall and per language
    (every training example is predicted once, by the model of the fold it was left out of)."""
    out = REPORTS / "cv"
    command = [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", str(ROOT / "data" / "nlu")]
    command += ["--config", str(ROOT / "config.yml"), "--cross-validation", "--folds", str(folds)]
    command += ["--out", str(out), "--successes"]
    subprocess.run(command, check=True, cwd=ROOT)
    report = json.loads((out / "intent_report.json").read_text())
    predicted = [
        item
        for name in ("intent_successes.json", "intent_errors.json")
        if (out / name).exists()
        for item in json.loads((out / name).read_text())
    ]
    (out / "intent_successes.json").unlink(missing_ok=True)  # every training text: too big to keep
    return {
        "out": str(out.relative_to(ROOT)),
        "folds": folds,
        "macro_f1": float(report["macro avg"]["f1-score"]),
        "per_language": cv_per_language(predicted),
    }


def cv_per_language(predicted: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    """Split the cross-validation predictions by the language folder each text came from."""
    language_of = {
        example["text"]: lang
        for lang in LANGUAGES
        for example in load_examples(ROOT / "data" / "nlu" / lang)
    }
    per_language: Dict[str, Dict[str, Any]] = {}
    for lang in LANGUAGES:
        results = [
            {
                "text": item["text"],
                "intent": item["intent"],
                "predicted": (item.get("intent_prediction") or {}).get("name"),
                "entities": [],
                "predicted_entities": [],
            }
            for item in predicted
            if language_of.get(item["text"]) == lang
        ]
        per_language[lang] = {**scores(results), "n": len(results)} if results else {}
    return per_language


def markdown(per_language: Dict[str, Dict[str, Any]], cv: Dict[str, Any] | None) -> str:
    lines = [
        "# NLU evaluation",
        "",
        "| language | examples | accuracy | macro-F1 | target | entity P | entity R |",
        "|---|---|---|---|---|---|---|",
    ]
    for lang, s in per_language.items():
        e = s["entities"]
        ok = "met" if s["macro_f1"] >= TARGET_MACRO_F1 else "MISSED"
        lines.append(
            f"| {lang} | {s['n']} | {s['accuracy']:.3f} | {s['macro_f1']:.3f} | {ok} (≥{TARGET_MACRO_F1}) "
            f"| {e['precision']:.3f} | {e['recall']:.3f} |"
        )
    if cv:
        lines += cv_lines(cv)
    for lang, s in per_language.items():
        lines += [
            "",
            f"## {lang}: per intent (held-out)",
            "",
            "| intent | precision | recall | F1 | n |",
            "|---|---|---|---|---|",
        ]
        for intent, m in s["per_intent"].items():
            lines.append(
                f"| {intent} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['support']} |"
            )
        lines += ["", f"### {lang}: confusions (gold → predicted)", ""]
        lines += [f"- {g} → {q}: {c}" for g, q, c in s["confusions"]] or ["- none"]
    return "\n".join(lines) + "\n"


def cv_lines(cv: Dict[str, Any]) -> List[str]:
    lines = [
        "",
        f"## {cv['folds']}-fold cross-validation on the training data (details in {cv['out']})",
        "",
        f"Both languages: intent macro-F1 {cv['macro_f1']:.3f}.",
        "",
        "| language | examples | accuracy | macro-F1 | weakest intents (F1) |",
        "|---|---|---|---|---|",
    ]
    for lang, s in cv["per_language"].items():
        if not s:
            continue
        weakest = sorted(s["per_intent"].items(), key=lambda item: item[1]["f1"])[:3]
        names = ", ".join(f"{intent} {m['f1']:.2f}" for intent, m in weakest)
        lines.append(f"| {lang} | {s['n']} | {s['accuracy']:.3f} | {s['macro_f1']:.3f} | {names} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(prog="scripts.eval_nlu")
    parser.add_argument("--no-cv", action="store_true", help="skip the 5-fold cross-validation")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model", type=Path, default=MODEL, help="model to evaluate")
    args = parser.parse_args()
    REPORTS.mkdir(parents=True, exist_ok=True)
    per_language = {}
    for lang in LANGUAGES:
        examples = load_examples(ROOT / "tests" / "nlu" / f"{lang}.yml")
        results = asyncio.run(predict(examples, args.model))
        per_language[lang] = {**scores(results), "n": len(results)}
    (REPORTS / "heldout.json").write_text(
        json.dumps(per_language, indent=1, ensure_ascii=False, default=float)
    )
    cv = None if args.no_cv else cross_validate(args.folds)
    if cv:
        (REPORTS / "cv.json").write_text(
            json.dumps(cv, indent=1, ensure_ascii=False, default=float)
        )
    (REPORTS / "report.md").write_text(markdown(per_language, cv))
    print(markdown(per_language, cv))
    return 0 if all(s["macro_f1"] >= TARGET_MACRO_F1 for s in per_language.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
