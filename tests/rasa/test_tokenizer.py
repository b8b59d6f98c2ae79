"""The mixed English/Chinese tokenizer (bot/rasa_components), run in the Rasa environment."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
SPLIT = (
    "import json, sys\n"
    "from bot.rasa_components.mixed_tokenizer import split_mixed\n"
    "tokens = split_mixed(sys.argv[1])\n"
    "print(json.dumps([[t.text, t.start] for t in tokens], ensure_ascii=False))\n"
)


def split(text: str) -> list[list]:
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", SPLIT, text],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.rasa
def test_shop_words_stay_whole_and_ids_and_punctuation_are_kept() -> None:
    tokens = split("我还没收到货，钱也没到账 SF1234567890!!")
    texts = [text for text, _ in tokens]
    assert "没收到货" in texts  # jieba alone: 没收 ("confiscate") + 到货
    assert "没到账" in texts  # jieba alone: 没到 + 账
    assert "SF1234567890" in texts
    assert texts.count("!") == 2
    assert "，" not in texts
    assert all(
        text == "我还没收到货，钱也没到账 SF1234567890!!"[start:][: len(text)]
        for text, start in tokens
    )
