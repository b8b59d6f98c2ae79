"""Transcripts as supervisors search and read them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.models.enums import Category, ConversationState, Language, Sender, SuggestionUse
from api.schemas.base import Out
from api.schemas.review import CoachingNotePublic, ReviewPublic, TagPublic


class TranscriptSort(enum.StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    RECENT_ACTIVITY = "recent_activity"
    LOWEST_CONFIDENCE = "lowest_confidence"
    ANGRIEST = "angriest"
    LOWEST_CSAT = "lowest_csat"
    MOST_INCIDENTS = "most_incidents"


class TranscriptQuery(BaseModel):
    """Filters and sort of the transcript search and export (unknown parameters are
    an error). A true/false filter keeps the conversations that do / do not have
    the property."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    q: str | None = Field(
        default=None, max_length=200, description="Text in any message (case-insensitive)."
    )
    date_from: AwareDatetime | date | None = Field(
        default=None, description="Started at or after; a date means that day (business time zone)."
    )
    date_to: AwareDatetime | date | None = Field(
        default=None, description="Started at or before; a date means up to the end of that day."
    )
    category: Category | None = Field(
        default=None,
        description="A ticket of this category, or a customer message with its intent.",
    )
    language: Language | None = None
    agent: str | None = Field(
        default=None, max_length=64, description="Username or id of an agent who took part."
    )
    handed_off: bool | None = Field(default=None, description="Handed to a person.")
    angry: bool | None = Field(default=None, description="The customer was angry at least once.")
    guard_incident: bool | None = Field(
        default=None, description="The phrase guard flagged a text."
    )
    sunset_breach: bool | None = Field(
        default=None, description="A ticket resolved after its due time, or still open past it."
    )
    low_csat: bool | None = Field(default=None, description="Rated 2 or lower.")
    low_confidence: bool | None = Field(
        default=None,
        description="A customer message read with confidence below `confidence_below` or not understood.",
    )
    confidence_below: float = Field(default=0.6, gt=0, le=1)
    reviewed: bool | None = None
    tag: str | None = Field(default=None, max_length=64)
    sort: TranscriptSort = TranscriptSort.NEWEST


class TranscriptFilters(TranscriptQuery):
    """The search's query parameters: filters, sort and the page."""

    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=100)


class TranscriptSummary(Out):
    id: str
    created_at: datetime
    last_message_at: datetime | None
    language: Language
    state: ConversationState
    customer: str | None = Field(description="The customer's name.")
    agents: list[str] = Field(description="Usernames of the agents who took part.")
    message_count: int
    preview: str | None = Field(description="The customer's first message (shortened).")
    categories: list[Category]
    handed_off: bool
    angry: bool
    max_anger: float | None
    min_confidence: float | None
    guard_incidents: int
    sunset_breach: bool
    csat: int | None
    reviewed: bool
    tags: list[str]


class TranscriptPage(BaseModel):
    items: list[TranscriptSummary]
    total: int = Field(description="Conversations matching the filters, over all pages.")
    page: int
    page_size: int


class MessageReview(Out):
    id: int
    sender: Sender
    created_at: datetime
    text: str
    language: Language | None
    agent: str | None = Field(description="Username of the agent who wrote it.")
    intent: str | None = Field(description="The bot's prediction, as recorded.")
    confidence: float | None
    corrected_intent: str | None = Field(description="A supervisor's correction, if any.")
    anger: float | None
    angry: bool | None
    guard: dict[str, Any] | None = Field(description="The phrase guard's result for this text.")
    suggestion_use: SuggestionUse | None = Field(
        description="For agent messages: the suggestion was sent as is, edited or rejected."
    )
    suggestion_text: str | None
    delivery: str


class IncidentPublic(Out):
    id: int
    created_at: datetime
    source: str
    action: str
    agent: str | None
    response_name: str | None
    text: str
    violations: list[dict[str, Any]]


class TicketBrief(Out):
    ref: str
    category: Category
    status: str
    created_at: datetime
    due_at: datetime
    resolved_at: datetime | None
    sunset_breach: bool


class CsatBrief(Out):
    score: int
    comment: str | None


class TranscriptDetail(Out):
    id: str
    created_at: datetime
    language: Language
    state: ConversationState
    channel: str
    customer: str | None
    customer_id: int | None
    assigned_agent: str | None
    handed_off: bool
    messages: list[MessageReview]
    tags: list[TagPublic]
    notes: list[CoachingNotePublic]
    review: ReviewPublic | None
    incidents: list[IncidentPublic]
    tickets: list[TicketBrief]
    csat: CsatBrief | None
