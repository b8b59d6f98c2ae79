"""When the bot steps aside, and which moves a conversation allows."""

from __future__ import annotations

import pytest

from api.models.enums import ConversationState as S
from api.services.handoff import InvalidMove, Move, Signal, handoff_reason, next_state

CALM = Signal(angry=False, intent="complain_late_delivery")
ANGRY = Signal(angry=True, intent="complain_late_delivery")
LOST = Signal(angry=False, intent="nlu_fallback")
UNREAD = Signal(angry=False, intent=None)  # the bot has not read it yet


def test_second_angry_message_in_a_row_hands_off() -> None:
    assert handoff_reason([CALM, ANGRY, ANGRY]) == "anger"


def test_single_angry_message_does_not_hand_off() -> None:
    assert handoff_reason([ANGRY]) is None
    assert handoff_reason([CALM, ANGRY]) is None


def test_angry_messages_with_a_calm_one_between_do_not_hand_off() -> None:
    assert handoff_reason([ANGRY, CALM, ANGRY][-2:]) is None


def test_two_misunderstandings_in_a_row_hand_off() -> None:
    assert handoff_reason([LOST, LOST]) == "misunderstood"


def test_one_misunderstanding_or_an_unread_message_does_not_hand_off() -> None:
    assert handoff_reason([CALM, LOST]) is None
    assert handoff_reason([LOST, UNREAD]) is None
    assert handoff_reason([]) is None


def test_anger_wins_when_both_apply() -> None:
    angry_and_lost = Signal(angry=True, intent="nlu_fallback")
    assert handoff_reason([angry_and_lost, angry_and_lost]) == "anger"


@pytest.mark.parametrize(
    ("current", "move", "target"),
    [
        (S.WAITING, Move.CLAIM, S.AGENT),
        (S.BOT, Move.CLAIM, S.AGENT),
        (S.AGENT, Move.HAND_BACK, S.BOT),
        (S.WAITING, Move.HAND_BACK, S.BOT),
        (S.AGENT, Move.CLOSE, S.CLOSED),
        (S.BOT, Move.CLOSE, S.CLOSED),
    ],
)
def test_allowed_moves(current: S, move: Move, target: S) -> None:
    assert next_state(current, move) is target


@pytest.mark.parametrize(
    ("current", "move"),
    [
        (S.CLOSED, Move.CLAIM),
        (S.CLOSED, Move.CLOSE),
        (S.BOT, Move.HAND_BACK),
        (S.CLOSED, Move.HAND_BACK),
    ],
)
def test_refused_moves_say_why(current: S, move: Move) -> None:
    with pytest.raises(InvalidMove, match=current.value):
        next_state(current, move)
