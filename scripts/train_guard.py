"""Train the phrase guard's sentence classifier, fix detector and near-miss model.

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
on them). The near-miss model (models/guard/near_miss/{en,zh}) learns from the sentences of the
tuned cases and the written sentences where a rule fires once the ``unless`` patterns are
taken away: violations against sentences whose own words make the hit harmless
(``near_miss_rows``; ``scripts.cv_guard --near-miss`` chooses its threshold by leaving one
round out).
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
    NEAR_MISS,
    fix_dir,
    load_settings,
    make_blank,
    near_miss_dir,
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


def without_unless(rules: Any) -> Any:
    """The rules (a rules-only PhraseGuard) with every entry's ``unless`` patterns taken away."""
    from dataclasses import replace

    from bot.guard import PhraseGuard

    entries = tuple(replace(e, unless={}) for e in rules.blacklist.entries)
    return PhraseGuard(replace(rules.blacklist, entries=entries), rules_only=True)


def near_miss_rows(lang: str, rules: Any, bare: Any) -> list[tuple[str | None, Labelled]]:
    """Per tuned case, its round and its sentences where the rules fire once their ``unless``
    patterns are taken away (``bare``): FLAG (1) when the full ``rules`` flag the sentence in
    its message or on its own, near-miss (0) when its own words make the hit harmless ("I'm not
    going to tell you to calm down"). A refusal cancelled only by a fix in another sentence
    stays FLAG: the sentence is not harmless, the message is (``unless`` and the fix detector
    judge that). Then, in no round, the written sentences of ``written_{lang}.yml`` where those
    rules fire, labelled as written, and every blacklist phrase as FLAG. Entries marked
    ``always`` are left out."""
    cases = load_cases(lang)
    rows: list[tuple[str | None, Labelled]] = []
    for kind in ("must_flag", "ok"):
        for case in cases[kind]:
            real = set(rules.hit_sentences(case["text"], lang))
            labelled = [
                (s, int(s in real or not rules.check(s, lang).clean))
                for s in bare.hit_sentences(case["text"], lang)
            ]
            rows.append((case.get("round"), labelled))
    written = written_data(lang)
    sentences = [(t, 1) for t in written["flag"]]
    sentences += [(t, 0) for group in written["ok"].values() for t in group]
    sentences += [(p, 1) for e in rules.blacklist.entries if not e.always for p in e.phrases[lang]]
    for text, label in sentences:
        rows.append((None, [(s, label) for s in bare.hit_sentences(text, lang)]))
    return rows


def near_miss_training_set(
    rows: list[tuple[str | None, Labelled]], leave_out: str | None = None
) -> Labelled:
    """The near-miss model's sentences from ``near_miss_rows`` (without round ``leave_out``),
    without duplicates; a sentence labelled both ways stays FLAG."""
    data = [
        item
        for name, labelled in rows
        if leave_out is None or name != leave_out
        for item in labelled
    ]
    flags = {s for s, label in data if label}
    return [(s, y) for s, y in dict.fromkeys(data) if y or s not in flags]


def train(
    lang: str,
    data: Labelled,
    settings: dict[str, Any],
    label: str = FLAG_LABEL,
    section: str = "languages",
) -> Any:
    """A blank pipeline with a TextCatBOW textcat trained on ``data`` (1 = ``label``, 0 = OK),
    with the n-gram size of ``settings[section]`` ("languages": the tone classifier, "fix",
    "near_miss")."""
    import spacy
    from spacy.training import Example

    spacy.util.fix_random_seed(settings["seed"])
    nlp = make_blank(lang)
    model = {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": settings[section][lang]["ngram_size"],
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
    bare = without_unless(rules)
    for lang in SUPPORTED:
        data = training_set(lang, settings["seed"], rules)
        nlp = train(lang, data, settings)
        args.out.mkdir(parents=True, exist_ok=True)
        nlp.to_disk(args.out / lang)
        flags = sum(label for _, label in data)
        print(f"[{lang}] {len(data)} sentences ({flags} FLAG) -> {args.out / lang}")
        fix_data = fix_training_set(lang, settings["seed"])
        fix_dir(args.out).mkdir(exist_ok=True)
        train(lang, fix_data, settings, FIX_LABEL, "fix").to_disk(fix_dir(args.out) / lang)
        fixes = sum(label for _, label in fix_data)
        print(f"[{lang}] {len(fix_data)} sentences ({fixes} FIX) -> {fix_dir(args.out) / lang}")
        near_data = near_miss_training_set(near_miss_rows(lang, rules, bare))
        near_miss_dir(args.out).mkdir(exist_ok=True)
        train(lang, near_data, settings, section=NEAR_MISS).to_disk(near_miss_dir(args.out) / lang)
        real = sum(label for _, label in near_data)
        print(
            f"[{lang}] {len(near_data)} sentences ({real} FLAG, {len(near_data) - real} near-miss)"
            f" -> {near_miss_dir(args.out) / lang}"
        )
    print(f"guard classifier trained in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0":  # string hashing must not vary between runs
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-m", "scripts.train_guard", *sys.argv[1:]])
    main()
