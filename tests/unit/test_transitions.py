"""The ticket lifecycle table: every allowed move passes, everything else says why not."""

from __future__ import annotations

from itertools import product

import pytest

from api.models.enums import TicketStatus as S
from api.services.transitions import (
    ALLOWED,
    OPEN,
    InvalidTransition,
    allowed_targets,
    check_transition,
)

EXPECTED_MOVES = {
    (S.NEW, S.IN_PROGRESS),
    (S.NEW, S.WAITING_CUSTOMER),
    (S.NEW, S.RESOLVED),
    (S.IN_PROGRESS, S.WAITING_CUSTOMER),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.WAITING_CUSTOMER, S.IN_PROGRESS),
    (S.WAITING_CUSTOMER, S.RESOLVED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.REOPENED),
    (S.CLOSED, S.REOPENED),
    (S.REOPENED, S.IN_PROGRESS),
    (S.REOPENED, S.WAITING_CUSTOMER),
    (S.REOPENED, S.RESOLVED),
}
REFUSED_MOVES = sorted(set(product(S, S)) - EXPECTED_MOVES)


def test_table_covers_every_status() -> None:
    assert set(ALLOWED) == set(S)


def test_table_allows_exactly_the_lifecycle() -> None:
    assert {(a, b) for a, targets in ALLOWED.items() for b in targets} == EXPECTED_MOVES


@pytest.mark.parametrize(("current", "target"), sorted(EXPECTED_MOVES))
def test_allowed_move_passes(current: S, target: S) -> None:
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), REFUSED_MOVES)
def test_refused_move_raises(current: S, target: S) -> None:
    with pytest.raises(InvalidTransition):
        check_transition(current, target)


def test_reason_names_both_statuses_and_the_options() -> None:
    with pytest.raises(InvalidTransition) as refused:
        check_transition(S.CLOSED, S.IN_PROGRESS)
    assert (
        str(refused.value) == "a closed ticket cannot become in_progress; it can become: reopened"
    )


def test_moving_to_the_same_status_says_it_is_already_there() -> None:
    with pytest.raises(InvalidTransition, match="already resolved"):
        check_transition(S.RESOLVED, S.RESOLVED)


def test_closed_ticket_can_only_be_reopened() -> None:
    assert allowed_targets(S.CLOSED) == {S.REOPENED}


def test_open_statuses_are_those_the_customer_still_waits_on() -> None:
    assert {S.RESOLVED, S.CLOSED}.isdisjoint(OPEN)
    assert OPEN | {S.RESOLVED, S.CLOSED} == set(S)
