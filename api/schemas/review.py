"""Tags, coaching notes, the reviewed marker and intent corrections."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field

from api.models.enums import Language
from api.schemas.base import Out, StrictIn

MAX_NOTE = 4000


def _one_line(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValueError("must not be blank")
    return text


TagText = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_one_line)]


class TagCreate(StrictIn):
    """A tag on the conversation, or on one of its messages when ``message_id`` is given."""

    tag: TagText = Field(examples=["escalation-handled-well"])
    message_id: int | None = Field(default=None, examples=[412])


class TagPublic(Out):
    id: int
    tag: str
    message_id: int | None
    author: str = Field(description="Username of the supervisor who added it.")
    created_at: datetime


class CoachingNoteCreate(StrictIn):
    """A coaching note on the conversation, or on one of its messages."""

    text: str = Field(
        min_length=1, max_length=MAX_NOTE, examples=["Good apology; offer the refund sooner."]
    )
    message_id: int | None = Field(default=None, examples=[412])


class CoachingNotePublic(Out):
    id: int
    text: str
    message_id: int | None
    author: str
    created_at: datetime


class ReviewPublic(Out):
    conversation_id: str
    reviewer: str
    reviewed_at: datetime


class RelabelRequest(StrictIn):
    intent: str = Field(
        min_length=1,
        max_length=64,
        examples=["complain_lost_parcel"],
        description="One of the domain's intents (GET /api/v1/supervisor/intents).",
    )


class CorrectionEventPublic(Out):
    from_intent: str | None = Field(description="None: the first correction.")
    to_intent: str | None = Field(description="None: the correction was removed.")
    actor: str
    created_at: datetime


class CorrectionPublic(Out):
    message_id: int
    conversation_id: str
    text: str
    language: Language | None
    original_intent: str | None = Field(description="What the bot predicted (kept as it was).")
    original_confidence: float | None
    corrected_intent: str
    corrected_by: str
    corrected_at: datetime
    history: list[CorrectionEventPublic] = Field(default_factory=list)


class IntentList(Out):
    intents: list[str] = Field(description="The domain's intents, in domain order.")
