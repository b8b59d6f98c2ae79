"""The learning loop's first half: relabel a misread customer message.

A correction sits beside the message: ``Message.intent`` and ``confidence`` keep
the bot's prediction, the correction copies them once (``original_*``) and holds
the supervisor's intent. Every change is written to ``IntentCorrectionEvent``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import IntentCorrection, IntentCorrectionEvent, Message
from api.models.enums import Language, Sender
from api.services.review_intents import check_intent


class MessageNotFound(LookupError):
    pass


class NotACustomerMessage(ValueError):
    """Only what customers write is read by the NLU, so only that can be relabelled."""


class CorrectionNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Corrected:
    correction: IntentCorrection
    message: Message


def customer_message(session: Session, message_id: int) -> Message:
    message = session.get(Message, message_id)
    if message is None:
        raise MessageNotFound(f"no message {message_id}")
    if message.sender is not Sender.CUSTOMER:
        raise NotACustomerMessage(
            f"message {message_id} was written by the {message.sender.value}, not the customer"
        )
    return message


def find_correction(session: Session, message_id: int) -> IntentCorrection | None:
    query = select(IntentCorrection).where(IntentCorrection.message_id == message_id)
    return session.scalars(query.with_for_update()).first()


def relabel(
    session: Session, message_id: int, intent: str, *, actor_id: int, intents: tuple[str, ...]
) -> IntentCorrection:
    """Give the customer message ``message_id`` the right intent. Raises
    ``UnknownIntent``, ``MessageNotFound`` or ``NotACustomerMessage``."""
    check_intent(intent, intents)
    message = customer_message(session, message_id)
    try:
        return _relabel(session, message, intent, actor_id)
    except IntegrityError:  # another supervisor corrected it first: update theirs
        session.rollback()
        return _relabel(session, message, intent, actor_id)


def _relabel(session: Session, message: Message, intent: str, actor_id: int) -> IntentCorrection:
    correction = find_correction(session, message.id)
    previous = correction.corrected_intent if correction else None
    if correction is None:
        correction = IntentCorrection(
            message_id=message.id,
            original_intent=message.intent,
            original_confidence=message.confidence,
        )
        session.add(correction)
    if previous != intent:
        correction.corrected_intent = intent
        correction.corrected_by_id = actor_id
        session.add(_event(message.id, previous, intent, actor_id))
    session.commit()
    return correction


def remove_correction(session: Session, message_id: int, *, actor_id: int) -> None:
    """Drop the correction (the prediction stands again); the history keeps it."""
    correction = find_correction(session, message_id)
    if correction is None:
        raise CorrectionNotFound(f"message {message_id} has no correction")
    session.add(_event(message_id, correction.corrected_intent, None, actor_id))
    session.delete(correction)
    session.commit()


def _event(
    message_id: int, old: str | None, new: str | None, actor_id: int
) -> IntentCorrectionEvent:
    return IntentCorrectionEvent(
        message_id=message_id, from_intent=old, to_intent=new, actor_id=actor_id
    )


def history(session: Session, message_ids: Sequence[int]) -> dict[int, list[IntentCorrectionEvent]]:
    """Each message's correction events, oldest first."""
    found: dict[int, list[IntentCorrectionEvent]] = {i: [] for i in message_ids}
    query = select(IntentCorrectionEvent).where(IntentCorrectionEvent.message_id.in_(message_ids))
    for event in session.scalars(query.order_by(IntentCorrectionEvent.id)):
        found[event.message_id].append(event)
    return found


def list_corrections(session: Session, language: Language | None = None) -> list[Corrected]:
    """Every current correction with its message, oldest message first."""
    query = select(IntentCorrection, Message).join(
        Message, Message.id == IntentCorrection.message_id
    )
    if language is not None:
        query = query.where(Message.language == language)
    rows = session.execute(query.order_by(Message.id)).tuples()
    return [Corrected(correction, message) for correction, message in rows]
