"""One transcript as a supervisor reads it: every message with what the system knew
about it, and everything attached to the conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import (
    CoachingNote,
    Conversation,
    ConversationReview,
    CsatRating,
    GuardIncident,
    IntentCorrection,
    Message,
    ReviewTag,
    StaffUser,
    Ticket,
)
from api.models.enums import Sender
from api.schemas.review import CoachingNotePublic, ReviewPublic, TagPublic
from api.schemas.transcript import (
    CsatBrief,
    IncidentPublic,
    MessageReview,
    TicketBrief,
    TranscriptDetail,
)
from api.services.review_search import WITH_A_PERSON, sunset_breached


class TranscriptNotFound(LookupError):
    pass


def get_conversation(session: Session, conversation_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise TranscriptNotFound(f"no conversation {conversation_id}")
    return conversation


def usernames(session: Session) -> dict[int, str]:
    """Staff id to username (a contact centre has tens of staff, not millions)."""
    return dict(session.execute(select(StaffUser.id, StaffUser.username)).tuples().all())


def read_transcript(
    session: Session, conversation: Conversation, now: datetime
) -> TranscriptDetail:
    names = usernames(session)
    cid = conversation.id
    messages = [message_review(m, c, names) for m, c in _messages(session, cid)]
    tickets = session.scalars(
        select(Ticket).where(Ticket.conversation_id == cid).order_by(Ticket.id)
    )
    rating = session.scalars(select(CsatRating).where(CsatRating.conversation_id == cid)).first()
    return TranscriptDetail(
        id=cid,
        created_at=conversation.created_at,
        language=conversation.language,
        state=conversation.state,
        channel=conversation.channel,
        customer=conversation.customer.name if conversation.customer else None,
        customer_id=conversation.customer_id,
        assigned_agent=names.get(conversation.assigned_agent_id or 0),
        handed_off=_handed_off(conversation, messages),
        messages=messages,
        tags=tags_of(session, cid, names),
        notes=notes_of(session, cid, names),
        review=review_of(session, cid, names),
        incidents=[incident_public(i, names) for i in _incidents(session, cid)],
        tickets=[ticket_brief(t, now) for t in tickets],
        csat=CsatBrief.model_validate(rating) if rating else None,
    )


def _handed_off(conversation: Conversation, messages: list[MessageReview]) -> bool:
    return (
        conversation.state in WITH_A_PERSON
        or conversation.handed_off_at is not None
        or any(m.sender is Sender.AGENT for m in messages)
    )


def _messages(session: Session, cid: str) -> list[tuple[Message, IntentCorrection | None]]:
    query = (
        select(Message, IntentCorrection)
        .outerjoin(IntentCorrection, IntentCorrection.message_id == Message.id)
        .where(Message.conversation_id == cid)
        .order_by(Message.id)
    )
    return list(session.execute(query).tuples())


def _incidents(session: Session, cid: str) -> list[GuardIncident]:
    query = select(GuardIncident).where(GuardIncident.conversation_id == cid)
    return list(session.scalars(query.order_by(GuardIncident.id)))


def message_review(
    message: Message, correction: IntentCorrection | None, names: dict[int, str]
) -> MessageReview:
    return MessageReview(
        id=message.id,
        sender=message.sender,
        created_at=message.created_at,
        text=message.text,
        language=message.language,
        agent=names.get(message.agent_id or 0),
        intent=message.intent,
        confidence=message.confidence,
        corrected_intent=correction.corrected_intent if correction else None,
        anger=message.anger,
        angry=message.angry,
        guard=message.guard,
        suggestion_use=message.suggestion_use,
        suggestion_text=message.suggestion_text,
        delivery=message.delivery,
    )


def incident_public(incident: GuardIncident, names: dict[int, str]) -> IncidentPublic:
    return IncidentPublic(
        id=incident.id,
        created_at=incident.created_at,
        source=incident.source,
        action=incident.action,
        agent=names.get(incident.agent_id or 0),
        response_name=incident.response_name,
        text=incident.text,
        violations=incident.violations,
    )


def ticket_brief(ticket: Ticket, now: datetime) -> TicketBrief:
    return TicketBrief(
        ref=ticket.ref,
        category=ticket.category,
        status=ticket.status.value,
        created_at=ticket.created_at,
        due_at=ticket.due_at,
        resolved_at=ticket.resolved_at,
        sunset_breach=sunset_breached(ticket, now),
    )


def tags_of(session: Session, cid: str, names: dict[int, str]) -> list[TagPublic]:
    query = select(ReviewTag).where(ReviewTag.conversation_id == cid).order_by(ReviewTag.id)
    return [tag_public(t, names) for t in session.scalars(query)]


def tag_public(tag: ReviewTag, names: dict[int, str]) -> TagPublic:
    return TagPublic(
        id=tag.id,
        tag=tag.tag,
        message_id=tag.message_id,
        author=names.get(tag.author_id, ""),
        created_at=tag.created_at,
    )


def notes_of(session: Session, cid: str, names: dict[int, str]) -> list[CoachingNotePublic]:
    query = select(CoachingNote).where(CoachingNote.conversation_id == cid)
    return [note_public(n, names) for n in session.scalars(query.order_by(CoachingNote.id))]


def note_public(note: CoachingNote, names: dict[int, str]) -> CoachingNotePublic:
    return CoachingNotePublic(
        id=note.id,
        text=note.text,
        message_id=note.message_id,
        author=names.get(note.author_id, ""),
        created_at=note.created_at,
    )


def review_of(session: Session, cid: str, names: dict[int, str]) -> ReviewPublic | None:
    query = select(ConversationReview).where(ConversationReview.conversation_id == cid)
    review = session.scalars(query).first()
    if review is None:
        return None
    return ReviewPublic(
        conversation_id=cid,
        reviewer=names.get(review.reviewer_id, ""),
        reviewed_at=review.reviewed_at,
    )
