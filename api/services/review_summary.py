"""One line per conversation in the transcript list: a few grouped queries for the
whole page instead of several per conversation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from api.models import (
    Conversation,
    ConversationReview,
    CsatRating,
    GuardIncident,
    Message,
    ReviewTag,
    StaffUser,
    Ticket,
)
from api.models.enums import Category, Sender
from api.schemas.transcript import TranscriptSummary
from api.services.review_search import WITH_A_PERSON, sunset_breached

PREVIEW_CHARS = 140


def summarise(session: Session, ids: Sequence[str], now: datetime) -> list[TranscriptSummary]:
    """Summaries of the conversations ``ids``, in that order."""
    if not ids:
        return []
    query = (
        select(Conversation)
        .where(Conversation.id.in_(ids))
        .options(selectinload(Conversation.customer), selectinload(Conversation.assigned_agent))
    )
    conversations = {c.id: c for c in session.scalars(query)}
    facts = PageFacts.load(session, ids, now)
    return [facts.summary(conversations[i]) for i in ids if i in conversations]


class PageFacts:
    """What the list shows about each conversation of a page, keyed by its id."""

    def __init__(self) -> None:
        self.stats: dict[str, Any] = {}
        self.previews: dict[str, str] = {}
        self.agents: dict[str, set[str]] = defaultdict(set)
        self.incidents: dict[str, int] = {}
        self.categories: dict[str, set[Category]] = defaultdict(set)
        self.breaches: set[str] = set()
        self.csat: dict[str, int] = {}
        self.reviewed: set[str] = set()
        self.tags: dict[str, set[str]] = defaultdict(set)

    @classmethod
    def load(cls, session: Session, ids: Sequence[str], now: datetime) -> PageFacts:
        facts = cls()
        facts.stats = {row.conversation_id: row for row in session.execute(_stats(ids))}
        facts.previews = dict(session.execute(_previews(ids)).tuples().all())
        for cid, username in session.execute(_writers(ids)).tuples():
            facts.agents[cid].add(username)
        incidents = _count_by_conversation(GuardIncident, ids)
        facts.incidents = dict(session.execute(incidents).tuples().all())
        for ticket in session.scalars(select(Ticket).where(Ticket.conversation_id.in_(ids))):
            cid = str(ticket.conversation_id)
            facts.categories[cid].add(ticket.category)
            if sunset_breached(ticket, now):
                facts.breaches.add(cid)
        ratings = select(CsatRating.conversation_id, CsatRating.score)
        facts.csat = dict(
            session.execute(ratings.where(CsatRating.conversation_id.in_(ids))).tuples().all()
        )
        reviews = select(ConversationReview.conversation_id)
        facts.reviewed = set(
            session.scalars(reviews.where(ConversationReview.conversation_id.in_(ids)))
        )
        tags = select(ReviewTag.conversation_id, ReviewTag.tag).where(
            ReviewTag.conversation_id.in_(ids)
        )
        for cid, tag in session.execute(tags).tuples():
            facts.tags[cid].add(tag)
        return facts

    def summary(self, conversation: Conversation) -> TranscriptSummary:
        cid = conversation.id
        stats = self.stats.get(cid)
        agents = set(self.agents[cid])
        if conversation.assigned_agent is not None:
            agents.add(conversation.assigned_agent.username)
        handed_off = bool(
            agents or conversation.state in WITH_A_PERSON or conversation.handed_off_at is not None
        )
        return TranscriptSummary(
            id=cid,
            created_at=conversation.created_at,
            last_message_at=stats.last_at if stats else None,
            language=conversation.language,
            state=conversation.state,
            customer=conversation.customer.name if conversation.customer else None,
            agents=sorted(agents),
            message_count=stats.count if stats else 0,
            preview=_shorten(self.previews.get(cid)),
            categories=sorted(self.categories[cid]),
            handed_off=handed_off,
            angry=bool(stats and stats.angry),
            max_anger=stats.max_anger if stats else None,
            min_confidence=stats.min_confidence if stats else None,
            guard_incidents=self.incidents.get(cid, 0),
            sunset_breach=cid in self.breaches,
            csat=self.csat.get(cid),
            reviewed=cid in self.reviewed,
            tags=sorted(self.tags[cid]),
        )


def _shorten(text: str | None) -> str | None:
    if text is None or len(text) <= PREVIEW_CHARS:
        return text
    return text[: PREVIEW_CHARS - 1] + "…"


def _customer(column: Any) -> Any:
    return case((Message.sender == Sender.CUSTOMER, column))


def _stats(ids: Sequence[str]) -> Any:
    angry = case((Message.angry.is_(True), 1), else_=0)
    return (
        select(
            Message.conversation_id,
            func.count(Message.id).label("count"),
            func.max(Message.created_at).label("last_at"),
            func.max(_customer(Message.anger)).label("max_anger"),
            func.min(_customer(Message.confidence)).label("min_confidence"),
            func.max(_customer(angry)).label("angry"),
        )
        .where(Message.conversation_id.in_(ids))
        .group_by(Message.conversation_id)
    )


def _previews(ids: Sequence[str]) -> Any:
    first = (
        select(func.min(Message.id))
        .where(Message.conversation_id.in_(ids), Message.sender == Sender.CUSTOMER)
        .group_by(Message.conversation_id)
    )
    return select(Message.conversation_id, Message.text).where(Message.id.in_(first))


def _writers(ids: Sequence[str]) -> Any:
    return (
        select(Message.conversation_id, StaffUser.username)
        .join(StaffUser, StaffUser.id == Message.agent_id)
        .where(Message.conversation_id.in_(ids))
        .distinct()
    )


def _count_by_conversation(model: Any, ids: Sequence[str]) -> Any:
    return (
        select(model.conversation_id, func.count(model.id))
        .where(model.conversation_id.in_(ids))
        .group_by(model.conversation_id)
    )
