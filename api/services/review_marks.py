"""What a supervisor adds to a transcript: tags, coaching notes, the reviewed mark."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models import CoachingNote, Conversation, ConversationReview, Message, ReviewTag
from api.models.base import utcnow


class NotInConversation(ValueError):
    """The message named does not belong to this conversation."""


class MarkNotFound(LookupError):
    """No such tag or note on this conversation."""


def check_message(session: Session, conversation: Conversation, message_id: int | None) -> None:
    if message_id is None:
        return
    message = session.get(Message, message_id)
    if message is None or message.conversation_id != conversation.id:
        raise NotInConversation(f"message {message_id} is not part of this conversation")


def add_tag(
    session: Session, conversation: Conversation, tag: str, message_id: int | None, author_id: int
) -> tuple[ReviewTag, bool]:
    """Tag the conversation (or one message); returns (tag, created). The same tag
    on the same target is not added twice."""
    check_message(session, conversation, message_id)
    query = select(ReviewTag).where(
        ReviewTag.conversation_id == conversation.id,
        ReviewTag.message_id.is_(None)
        if message_id is None
        else ReviewTag.message_id == message_id,
        ReviewTag.tag == tag,
    )
    if existing := session.scalars(query).first():
        return existing, False
    created = ReviewTag(
        conversation_id=conversation.id, message_id=message_id, tag=tag, author_id=author_id
    )
    session.add(created)
    session.commit()
    return created, True


def add_note(
    session: Session, conversation: Conversation, text: str, message_id: int | None, author_id: int
) -> CoachingNote:
    check_message(session, conversation, message_id)
    note = CoachingNote(
        conversation_id=conversation.id, message_id=message_id, text=text, author_id=author_id
    )
    session.add(note)
    session.commit()
    return note


def remove_tag(session: Session, conversation: Conversation, tag_id: int) -> None:
    _remove(session, conversation, session.get(ReviewTag, tag_id), f"no tag {tag_id} here")


def remove_note(session: Session, conversation: Conversation, note_id: int) -> None:
    _remove(session, conversation, session.get(CoachingNote, note_id), f"no note {note_id} here")


def _remove(
    session: Session,
    conversation: Conversation,
    mark: ReviewTag | CoachingNote | None,
    problem: str,
) -> None:
    if mark is None or mark.conversation_id != conversation.id:
        raise MarkNotFound(problem)
    session.delete(mark)
    session.commit()


def mark_reviewed(
    session: Session, conversation: Conversation, reviewer_id: int, now: datetime | None = None
) -> ConversationReview:
    """Mark as reviewed by ``reviewer_id`` now (marking again records the latest review)."""
    query = select(ConversationReview).where(ConversationReview.conversation_id == conversation.id)
    review = session.scalars(query).first()
    if review is None:
        review = ConversationReview(conversation_id=conversation.id)
        session.add(review)
    review.reviewer_id = reviewer_id
    review.reviewed_at = now or utcnow()
    try:
        session.commit()
    except IntegrityError:  # marked a moment ago by someone else: theirs stands
        session.rollback()
        review = session.scalars(query).one()
    return review


def unmark_reviewed(session: Session, conversation: Conversation) -> bool:
    """Remove the reviewed mark; False when there was none."""
    query = select(ConversationReview).where(ConversationReview.conversation_id == conversation.id)
    review = session.scalars(query).first()
    if review is None:
        return False
    session.delete(review)
    session.commit()
    return True
