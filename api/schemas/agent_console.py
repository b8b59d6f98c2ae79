"""What the agent console reads: the queue, a conversation in full, suggestions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from api.models.enums import ConversationState, Language, Sender, SuggestionUse, Tier
from api.schemas.base import Out
from api.schemas.customer import CustomerProfile
from api.schemas.ticket import TicketPublic


class QueueItem(Out):
    conversation_id: str
    state: ConversationState
    language: Language
    customer_id: int | None
    customer_name: str | None
    tier: Tier
    angry: bool = Field(description="One of the customer's last messages was angry.")
    anger: float = Field(description="Highest anger score of the last messages, 0..1.")
    waiting_since: datetime | None = Field(description="Start of the current wait; null if none.")
    handed_off_at: datetime | None = Field(description="First time it went to a person.")
    ticket_ref: str | None
    ticket_due_at: datetime | None = Field(description="Due time of the open ticket, if any.")
    last_message: str | None = Field(description="The customer's latest message (shortened).")
    score: int = Field(description="Queue priority: anger, tier, waiting time, ticket due time.")


class QueuePublic(Out):
    waiting: list[QueueItem] = Field(description="Waiting for a person, best first.")
    mine: list[QueueItem] = Field(description="With me (state agent), best first.")
    my_tickets: list[TicketPublic] = Field(description="Open tickets assigned to me, soonest due.")


class TranscriptMessage(Out):
    id: int
    sender: Sender
    text: str
    language: Language | None
    created_at: datetime
    intent: str | None = None
    confidence: float | None = None
    anger: float | None = None
    angry: bool | None = None
    entities: list[dict[str, Any]] | None = None
    agent: str | None = Field(default=None, description="Username of the agent who wrote it.")
    suggestion_use: SuggestionUse | None = None
    guard: dict[str, Any] | None = None


class ConversationDetail(Out):
    id: str
    state: ConversationState
    language: Language
    channel: str
    created_at: datetime
    handed_off_at: datetime | None
    waiting_since: datetime | None
    assigned_agent: str | None = Field(description="Username of the agent handling it.")
    transcript: list[TranscriptMessage]
    customer: CustomerProfile | None = Field(description="Profile with past tickets and CSAT.")
    ticket: TicketPublic | None = Field(description="The conversation's latest ticket.")


class SuggestionReason(Out):
    intent: str | None = Field(description="Intent of the customer's latest message.")
    confidence: float | None
    why: str = Field(
        examples=["category"],
        description="category | no_category | ticket_category | earlier_category | "
        "angry | low_confidence | apology_first",
    )


class SuggestionPublic(Out):
    kind: str = Field(examples=["primary"], description="primary | alternative")
    response: str = Field(examples=["suggest_sandwich"], description="Template it came from.")
    category: str | None
    text: str
    reason: SuggestionReason


class SuggestionsPublic(Out):
    message_id: int | None = Field(description="The customer message they answer.")
    language: Language
    suggestions: list[SuggestionPublic]
