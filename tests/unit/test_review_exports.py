"""Corrections as Rasa NLU training data, and spreadsheet-safe CSV cells."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from api.models.enums import Sender
from api.services.review_csv import csv_text, safe_cell
from api.services.review_intents import UnknownIntent, check_intent, domain_intents
from api.services.review_nlu_export import Example, annotate, example_line, nlu_yaml

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
ORDER = {"entity": "order_number", "value": "SF1234567890", "start": 9, "end": 21}
EXAMPLES = [
    Example("complain_lost_parcel", "where is SF1234567890 ??", [ORDER]),
    Example("complain_lost_parcel", "  包裹\n丢了  "),
    Example("deny", "no [thanks](x) - really"),
    Example("greet", "#1 fan: hi: there | > ok"),
    Example("request_refund", "\x07refund\u2028please"),
    Example("greet", "\t"),
]


def test_example_is_one_clean_line() -> None:
    assert example_line("  包裹\n丢了  ") == "包裹 丢了"
    assert example_line("\x07refund\u2028please") == "refund please"
    assert example_line("\t") == ""


def test_entity_markup_in_customer_text_is_defused() -> None:
    assert example_line("no [thanks](x) - really") == "no (thanks)(x) - really"
    assert example_line("[urgent] parcel late") == "[urgent] parcel late"  # not markup


def test_entities_found_by_the_bot_are_annotated() -> None:
    assert (
        annotate("where is SF1234567890 ??", [ORDER]) == "where is [SF1234567890](order_number) ??"
    )


def test_entities_that_do_not_match_the_text_are_left_out() -> None:
    wrong = {**ORDER, "start": 0, "end": 5}
    bad_name = {**ORDER, "entity": "order number]("}
    assert annotate("where is SF1234567890 ??", [wrong, bad_name]) == "where is SF1234567890 ??"


def test_nlu_yaml_has_the_data_nlu_layout() -> None:
    text = nlu_yaml(EXAMPLES, ("complain_lost_parcel", "request_refund", "greet", "deny"))
    assert text == (
        'version: "3.1"\n\nnlu:\n'
        "- intent: complain_lost_parcel\n  examples: |\n"
        "    - where is [SF1234567890](order_number) ??\n"
        "    - 包裹 丢了\n"
        "- intent: request_refund\n  examples: |\n    - refund please\n"
        "- intent: greet\n  examples: |\n    - #1 fan: hi: there | > ok\n"
        "- intent: deny\n  examples: |\n    - no (thanks)(x) - really\n"
    )
    blocks = yaml.safe_load(text)["nlu"]
    assert blocks[2] == {"intent": "greet", "examples": "- #1 fan: hi: there | > ok\n"}


def test_a_text_relabelled_twice_appears_once_under_the_latest_intent() -> None:
    text = nlu_yaml([Example("greet", "hello"), Example("thank", "hello")], ("greet", "thank"))
    assert yaml.safe_load(text)["nlu"] == [{"intent": "thank", "examples": "- hello\n"}]


def test_no_corrections_is_still_valid_training_data() -> None:
    assert yaml.safe_load(nlu_yaml([])) == {"version": "3.1", "nlu": []}


@pytest.mark.rasa
def test_rasa_reads_the_export_as_training_data(tmp_path: Path) -> None:
    if not RASA_PYTHON.exists():
        pytest.fail("no Rasa environment: run `make setup`")
    path = tmp_path / "corrections.yml"
    path.write_text(nlu_yaml(EXAMPLES, domain_intents()), encoding="utf-8")
    script = (
        "import json, sys\n"
        "from rasa.shared.nlu.training_data.loading import load_data\n"
        "data = load_data(sys.argv[1])\n"
        "print(json.dumps([[m.get('intent'), m.get('text'),"
        " [(e['entity'], e['value']) for e in m.get('entities') or []]]"
        " for m in data.intent_examples], ensure_ascii=False))\n"
    )
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script, str(path)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert sorted((intent, text) for intent, text, _ in loaded) == [
        ("complain_lost_parcel", "where is SF1234567890 ??"),
        ("complain_lost_parcel", "包裹 丢了"),
        ("deny", "no (thanks)(x) - really"),
        ("greet", "#1 fan: hi: there | > ok"),
        ("request_refund", "refund please"),
    ]
    entities = {text: found for _, text, found in loaded}
    assert entities["where is SF1234567890 ??"] == [["order_number", "SF1234567890"]]
    assert entities["no (thanks)(x) - really"] == []


def test_csv_cells_that_could_be_formulas_are_quoted() -> None:
    for risky in ("=1+1", "+44 20", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(risky) == "'" + risky
    assert safe_cell("fine =1") == "fine =1"
    assert safe_cell(-0.5) == -0.5  # numbers stay numbers
    assert safe_cell(None) == "" and safe_cell(True) == "true"
    assert safe_cell(Sender.AGENT) == "agent"
    assert safe_cell({"b": 1, "a": "中"}) == '{"a": "中", "b": 1}'
    assert safe_cell(datetime(2026, 1, 2, tzinfo=UTC)) == "2026-01-02T00:00:00+00:00"


def test_csv_starts_with_a_byte_order_mark() -> None:
    text = csv_text(("a", "b"), [("中文", "=x")])
    assert text == "\ufeffa,b\r\n中文,'=x\r\n"


def test_relabel_targets_are_the_domain_intents() -> None:
    intents = domain_intents()
    assert check_intent("complain_billing", intents) == "complain_billing"
    with pytest.raises(UnknownIntent):
        check_intent("nlu_fallback", intents)
