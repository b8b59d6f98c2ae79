"""Threshold choice of scripts/cv_guard.py (the cross-validation itself trains models: not here)."""

from __future__ import annotations

import pytest

from scripts.cv_guard import lowest_threshold, rates, threshold_sparing
from scripts.train_guard import near_miss_training_set

SCORES = {"flag": [0.95, 0.9, 0.7, 0.4], "ok": [0.92, 0.6, 0.3, 0.2] + [0.1] * 96}


def test_threshold_lets_through_at_most_the_allowed_share_of_ok_messages() -> None:
    threshold = lowest_threshold(SCORES, 0.015)  # 1 of 100 ok messages may score
    assert threshold == pytest.approx(0.6, abs=1e-3) and threshold > 0.6
    assert rates(SCORES, threshold) == (0.75, 0.01)


def test_no_allowance_puts_the_threshold_above_every_ok_message() -> None:
    threshold = lowest_threshold(SCORES, 0.0)
    assert threshold > 0.92
    assert rates(SCORES, threshold) == (0.25, 0.0)


def test_fix_threshold_spares_the_must_flag_cases_it_may_not_lose() -> None:
    lost = [0.0, 0.0, 0.48, 0.3, 0.91]  # the fix score at which each must_flag case is lost
    assert threshold_sparing(lost, 0) == pytest.approx(0.9101)
    assert threshold_sparing(lost, 1) == pytest.approx(0.4801)
    assert threshold_sparing(lost, 5) == pytest.approx(0.0001)


def test_near_miss_rows_leave_a_round_out_and_a_sentence_labelled_both_ways_stays_flag() -> None:
    rows = [
        ("A", [("we can't do that.", 1)]),
        ("B", [("we can't do that.", 0), ("i can't wait to help.", 0)]),
        (None, [("no way.", 1)]),
    ]
    assert near_miss_training_set(rows) == [
        ("we can't do that.", 1),
        ("i can't wait to help.", 0),
        ("no way.", 1),
    ]
    assert near_miss_training_set(rows, "A") == [
        ("we can't do that.", 0),
        ("i can't wait to help.", 0),
        ("no way.", 1),
    ]
