from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.models.enums import ConversationState, Language, Sender
from api.schemas.base import Out, StrictIn

MAX_TEXT = 4000


class ConversationCreate(StrictIn):
    language: Language | None = Field(default=None, examples=["en"])
    channel: str = Field(default="web", max_length=32, pattern=r"^[a-z_]+$")


class ConversationCreated(Out):
    id: str = Field(examples=["0f8fad5b-d9cb-469f-a165-70867728950e"])
    token: str = Field(description="Bearer token for this conversation only.")
    state: ConversationState
    language: Language


class MessageCreate(StrictIn):
    text: str = Field(min_length=1, max_length=MAX_TEXT, examples=["My parcel is three days late"])
    client_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="Client-side id; a resend with the same id is not stored twice.",
    )


class Button(Out):
    title: str
    payload: str


class Reply(Out):
    text: str
    buttons: list[Button] = Field(default_factory=list)


class ChatResponse(Out):
    message_id: int
    state: ConversationState
    replies: list[Reply]
    language: Language = Field(description="The conversation language (follows the customer).")
    wait_minutes: int | None = Field(default=None, description="Rough wait for a person.")


class MessagePublic(Out):
    id: int
    sender: Sender
    text: str
    language: Language | None
    created_at: datetime
    buttons: list[Button] | None = None
    client_id: str | None = None


class ConversationPublic(Out):
    id: str
    state: ConversationState
    language: Language
    wait_minutes: int | None = Field(default=None, description="Rough wait for a person.")
    ticket_ref: str | None = Field(default=None, description="The latest ticket of this chat.")


class CsatCreate(StrictIn):
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=1000)


class CsatPublic(Out):
    conversation_id: str
    score: int
    comment: str | None


class AgentMessageCreate(StrictIn):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    override: bool = Field(
        default=False, description="Send although the phrase guard objects (recorded)."
    )
    suggestion_text: str | None = Field(
        default=None,
        max_length=MAX_TEXT,
        description="The suggested reply the agent inserted, if any: the message is "
        "recorded as sent as is or edited.",
    )
    suggestion_shown: str | None = Field(
        default=None,
        max_length=MAX_TEXT,
        description="The suggestion on screen when the agent wrote their own reply "
        "instead: recorded as rejected.",
    )
