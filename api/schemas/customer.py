from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.models.enums import ConversationState, Language, Tier
from api.schemas.base import Out, StrictIn
from api.schemas.ticket import TicketPublic

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE = r"^\+?[0-9 ()-]{5,40}$"
CUSTOMER_EXAMPLE: dict[str, Any] = {
    "external_id": "shop-10042",
    "name": "Wang Fang",
    "email": "wang.fang@example.com",
    "phone": "+86 138 0013 8000",
    "tier": "A",
    "preferred_language": "zh",
    "notes": "Prefers a call back after 18:00.",
}


class CustomerCreate(StrictIn):
    """A new customer. Only a supervisor may give a tier other than C."""

    model_config = ConfigDict(json_schema_extra={"examples": [CUSTOMER_EXAMPLE]})
    external_id: str | None = Field(
        default=None, max_length=128, description="Id in the shop's system."
    )
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=EMAIL)
    phone: str | None = Field(default=None, max_length=40, pattern=PHONE)
    tier: Tier = Tier.C
    preferred_language: Language | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @model_validator(mode="after")
    def _identifiable(self) -> CustomerCreate:
        if not (self.external_id or self.name or self.email or self.phone):
            raise ValueError("give at least one of external_id, name, email, phone")
        return self


class CustomerUpdate(StrictIn):
    """Change the given fields; only a supervisor may change the tier."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"tier": "A"}, {"phone": "+86 138 0013 8001"}]}
    )
    name: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, max_length=320, pattern=EMAIL)
    phone: str | None = Field(default=None, max_length=40, pattern=PHONE)
    tier: Tier | None = None
    preferred_language: Language | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @model_validator(mode="after")
    def _something_to_change(self) -> CustomerUpdate:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        if "tier" in self.model_fields_set and self.tier is None:
            raise ValueError("tier cannot be null")
        return self


class CustomerPublic(Out):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"id": 7, **CUSTOMER_EXAMPLE, "created_at": "2026-11-20T08:00:00Z"}]
        },
    )
    id: int
    external_id: str | None
    name: str | None
    email: str | None
    phone: str | None
    tier: Tier
    preferred_language: Language | None
    notes: str | None
    created_at: datetime


class ConversationSummary(Out):
    id: str = Field(examples=["0f8fad5b-d9cb-469f-a165-70867728950e"])
    channel: str = Field(examples=["web"])
    state: ConversationState
    language: Language
    started_at: datetime
    message_count: int = Field(examples=[12])


class CsatPublic(Out):
    conversation_id: str
    score: int = Field(ge=1, le=5, examples=[4])
    comment: str | None
    created_at: datetime


class CsatHistory(BaseModel):
    ratings: list[CsatPublic]
    count: int = Field(examples=[3])
    average: float | None = Field(examples=[4.33], description="Mean score; null without ratings.")


class CustomerProfile(CustomerPublic):
    """The customer with their whole history: tickets, conversations, CSAT."""

    tickets: list[TicketPublic]
    conversations: list[ConversationSummary]
    csat: CsatHistory
