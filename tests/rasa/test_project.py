"""The Rasa project is consistent: data validates, every response has templates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from api.replies import ReplyRenderer

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venvs" / "rasa" / "bin" / "rasa"
UNUSED = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")
WARNING = re.compile(r"UserWarning: (.*)")


def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def uttered_by_actions() -> set[str]:
    """Responses that actions, forms (utter_ask_<slot>) and Rasa's default fallback use."""
    source = "\n".join(p.read_text() for p in (ROOT / "actions").glob("*.py"))
    form_asks = {
        f"utter_ask_{slot}"
        for form in domain()["forms"].values()
        for slot in form["required_slots"]
    }
    return set(re.findall(r'response="(utter_\w+)"', source)) | form_asks | {"utter_default"}


@pytest.mark.rasa
def test_rasa_data_validate_passes_with_only_action_uttered_responses_unused() -> None:
    result = subprocess.run(
        [str(RASA), "data", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = [w for w in WARNING.findall(output) if "Deprecat" not in w]
    unexplained = [
        w for w in warnings if not (m := UNUSED.search(w)) or m.group(1) not in uttered_by_actions()
    ]
    assert unexplained == []


def test_every_domain_response_has_a_template_in_every_language() -> None:
    names = set(domain()["responses"])
    renderer = ReplyRenderer(ROOT / "responses")
    assert names <= renderer.names()


def test_domain_responses_carry_no_text() -> None:
    """One voice: the API renders every utterance; the domain only names them."""
    for name, variations in domain()["responses"].items():
        assert all("text" not in v for v in variations), name


@pytest.mark.rasa
def test_conversation_tests_pass_under_rasa_test(tmp_path: Path) -> None:
    """tests/test_stories.yml (every complaint, both languages) passes `rasa test`."""
    model = ROOT / "models" / "complaint-assistant.tar.gz"
    result = subprocess.run(
        [
            str(RASA),
            "test",
            "core",
            "--stories",
            str(ROOT / "tests" / "test_stories.yml"),
            "--model",
            str(model),
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    failed = tmp_path / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else (result.stdout + result.stderr)[-3000:]
    assert result.returncode == 0, detail
