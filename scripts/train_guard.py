"""Train the phrase guard's sentence classifier and fix detector into models/guard.

    .venvs/app/bin/python -m scripts.train_guard [--out models/guard]

``make train-guard`` runs it when an input changed. Training data per language:
- ``bot/guard/classifier/written_{lang}.yml``: hand-written FLAG and OK sentences plus
  deterministic variants (a prefix, lower case without the final stop, a typo,
  traditional characters) and filled fact templates;
- ``tests/guard/cases_{lang}.yml``: every sentence of an ok case as OK; of a must_flag
  case, the sentences the rules flag (all its sentences when none is);
- every rendered reply template and button (``api.replies.catalogue.reply_texts``) as OK.
The fix detector (models/guard/fix/{en,zh}) learns only from ``classifier/fix_{lang}.yml``
(FIX and NOT sentences with the same kind of variants) and the written FLAG sentences as NOT,
so the tuned cases stay out of its sample (``scripts.cv_guard --fix`` chooses its threshold
on them).
Settings (n-gram size, epochs, batch, dropout, seed) come from ``classifier/settings.yml``;
with the seed and PYTHONHASHSEED=0 (set here when missing) the models are reproducible.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from bot.guard.classifier import (
    DATA_DIR,
    FIX_LABEL,
    FLAG_LABEL,
    MODEL_DIR,
    fix_dir,
    load_settings,
    make_blank,
    prepare,
)
from bot.language import SUPPORTED

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "guard"
Labelled = list[tuple[str, int]]  # (sentence, 1 = FLAG / 0 = OK)
BATCH = ("fix", "not_fix")  # fix_{lang}.yml keys: fix, fix_2, … / not_fix, not_fix_2, …


def variants(
    sentence: str, lang: str, rng: random.Random, prefixes: list[str], data: dict
) -> list[str]:
    """The sentence and, at random (seeded), a prefixed, a bare and a typo or traditional form."""
    out = [sentence]
    if rng.random() < 0.6:
        prefix = rng.choice(prefixes)
        out.append(prefix + (sentence if lang == "zh" else sentence[0].lower() + sentence[1:]))
    if lang == "zh":
        if rng.random() < 0.35:
            out.append("".join(data["to_traditional"].get(c, c) for c in sentence))
        if rng.random() < 0.25:
            out.append(sentence.rstrip("。！？"))
        return out
    if rng.random() < 0.35:
        out.append(sentence.lower().rstrip(".!"))
    if rng.random() < 0.3:
        old, new = rng.choice(data["typos"])
        typo = sentence.replace(old, new, 1)
        if typo != sentence:
            out.append(typo)
    return out


def written_data(lang: str) -> dict[str, Any]:
    """written_{lang}.yml, with the simplified-to-traditional map the variants use."""
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / f"written_{lang}.yml").read_text("utf-8"))
    data["to_traditional"] = _to_traditional() if lang == "zh" else {}
    return data


def written(lang: str, seed: int) -> tuple[list[str], list[str]]:
    """FLAG and OK texts from written_{lang}.yml with their variants."""
    data = written_data(lang)
    rng = random.Random(seed)
    flag = [v for s in data["flag"] for v in variants(s, lang, rng, data["flag_prefixes"], data)]
    ok_base = [s for group in data["ok"].values() for s in group]
    ok = [v for s in ok_base for v in variants(s, lang, rng, data["ok_prefixes"], data)]
    slots = data["fact_slots"]
    facts = [
        template.format(**{name: rng.choice(values) for name, values in slots.items()})
        for template in data["fact_templates"]
        for _ in range(12)
    ]
    for fact in dict.fromkeys(facts):
        ok += variants(fact, lang, rng, data["ok_prefixes"], data) if rng.random() < 0.3 else [fact]
    flag = list(dict.fromkeys(flag))
    flagged = set(flag)
    return flag, [s for s in dict.fromkeys(ok) if s not in flagged]


def fix_training_set(lang: str, seed: int) -> Labelled:
    """FIX (1: the ``fix*`` batches) and NOT (0: ``not_fix*``, ``courtesy``) sentences from
    fix_{lang}.yml with variants; from written_{lang}.yml the remedies as FIX, and as NOT the
    FLAG sentences (refusals, excuses), thanks, facts and the bare prefixes (greetings such as
    "Thanks for waiting.")."""
    tone = written_data(lang)
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / f"fix_{lang}.yml").read_text("utf-8"))
    rng, prefixes = random.Random(seed), tone["ok_prefixes"]
    batches = {
        kind: [s for k, v in data.items() if k.startswith(kind) for s in v] for kind in BATCH
    }
    plain = data["courtesy"] + tone["flag"] + tone["ok"]["thanks"] + tone["ok"]["facts"]
    plain += [p.strip(" ，") for p in tone["flag_prefixes"] + prefixes]
    fix = [
        v
        for s in batches["fix"] + tone["ok"]["remedy"]
        for v in variants(s, lang, rng, prefixes, tone)
    ]
    other = [v for s in batches["not_fix"] + plain for v in variants(s, lang, rng, prefixes, tone)]
    labelled = [(s, 1) for t in fix for s in prepare(t, lang)]
    labelled += [(s, 0) for t in other for s in prepare(t, lang)]
    fixes = {s for s, label in labelled if label}
    return [(s, y) for s, y in dict.fromkeys(labelled) if y or s not in fixes]


def _to_traditional() -> dict[str, str]:
    """Simplified to (the first listed) traditional character, the fold table reversed."""
    from bot.hanzi import traditional_table

    inverse: dict[str, str] = {}
    for source, target in traditional_table().items():
        inverse.setdefault(target, chr(source))
    return inverse


def load_cases(lang: str, leave_out: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The tuned case file, without the cases tagged ``round: leave_out`` if given."""
    cases = yaml.safe_load((CASES_DIR / f"cases_{lang}.yml").read_text("utf-8"))
    return {
        kind: [c for c in cases.get(kind) or [] if leave_out is None or c.get("round") != leave_out]
        for kind in ("must_flag", "ok")
    }


def case_sentences(
    lang: str, rules: Any, leave_out: str | None = None
) -> tuple[Labelled, Labelled]:
    """(must_flag, ok) sentences of the tuned case file, labelled."""
    cases = load_cases(lang, leave_out)
    flag: Labelled = []
    for case in cases["must_flag"]:
        sents = prepare(case["text"], lang)
        hit = [s for s in sents if len(sents) > 1 and not rules.check(s, lang).clean]
        flag += [(s, 1) for s in (hit or sents)]
    ok = [(s, 0) for case in cases["ok"] for s in prepare(case["text"], lang)]
    return flag, ok


def training_set(lang: str, seed: int, rules: Any, leave_out: str | None = None) -> Labelled:
    """Written data, templates, then the cases (without round ``leave_out``), as
    (sentence, label) without duplicates."""
    from api.replies.catalogue import reply_texts

    flag_texts, ok_texts = written(lang, seed)
    data = [(s, 1) for t in flag_texts for s in prepare(t, lang)]
    data += [(s, 0) for t in ok_texts for s in prepare(t, lang)]
    data += [(s, 0) for t in sorted(set(reply_texts(lang))) for s in prepare(t, lang)]
    flag, ok = case_sentences(lang, rules, leave_out)
    return list(dict.fromkeys(data + flag + ok))


def train(lang: str, data: Labelled, settings: dict[str, Any], label: str = FLAG_LABEL) -> Any:
    """A blank pipeline with a TextCatBOW textcat trained on ``data`` (1 = ``label``, 0 = OK),
    with the n-gram size of ``settings["languages"]`` (FLAG) or ``settings["fix"]`` (FIX)."""
    import spacy
    from spacy.training import Example

    spacy.util.fix_random_seed(settings["seed"])
    nlp = make_blank(lang)
    model = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": settings["languages" if label == FLAG_LABEL else "fix"][lang]["ngram_size"],
        "no_output_layer": False,
        "length": 262144,
    }
    nlp.add_pipe("textcat", config={"model": model, "threshold": 0.5})
    examples = [
        Example.from_dict(nlp.make_doc(s), {"cats": {label: float(y), "OK": 1.0 - y}})
        for s, y in data
    ]
    nlp.initialize(lambda: examples)
    rng, batch = random.Random(settings["seed"]), settings["batch_size"]
    for _ in range(settings["epochs"]):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for i in range(0, len(examples), batch):
            nlp.update(examples[i : i + batch], drop=settings["dropout"], losses=losses)
    return nlp


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="model directory")
    args = parser.parse_args(argv)
    from bot.guard import PhraseGuard

    started = time.perf_counter()
    settings = load_settings()
    rules = PhraseGuard(rules_only=True)
    for lang in SUPPORTED:
        data = training_set(lang, settings["seed"], rules)
        nlp = train(lang, data, settings)
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out / lang)
        flags = sum(label for _, label in data)
        print(f"[{lang}] {len(data)} sentences ({flags} FLAG) -> {args.out / lang}")
        fix_data = fix_training_set(lang, settings["seed"])
        fix_dir(args.out).mkdir(exist_ok=True)
        train(lang, fix_data, settings, FIX_LABEL).to_disk(fix_dir(args.out) / lang)
        fixes = sum(label for _, label in fix_data)
        print(f"[{lang}] {len(fix_data)} sentences ({fixes} FIX) -> {fix_dir(args.out) / lang}")
    print(f"guard classifier trained in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":  # string hashing must not vary between runs
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-m", "scripts.train_guard", *sys.argv[1:]])
    main()
