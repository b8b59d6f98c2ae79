"""Customer satisfaction: one rating (1-5, optional comment) per conversation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import Conversation, CsatRating


class AlreadyRated(ValueError):
    """The conversation has a rating already."""


def record_rating(
    session: Session, conversation: Conversation, score: int, comment: str | None
) -> CsatRating:
    if not 1 <= score <= 5:
        raise ValueError("score must be 1 to 5")
    if session.scalar(select(CsatRating.id).where(CsatRating.conversation_id == conversation.id)):
        raise AlreadyRated("this conversation has been rated already")
    rating = CsatRating(
        conversation_id=conversation.id,
        customer_id=conversation.customer_id,
        score=score,
        comment=comment or None,
    )
    session.add(rating)
    try:
        session.commit()
    except IntegrityError as exc:  # rated a moment ago by another request
        session.rollback()
        raise AlreadyRated("this conversation has been rated already") from exc
    return rating
