from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    model_validator,
)

from api.models.enums import Category, Priority, TicketStatus
from api.schemas.base import Out, StrictIn

MAX_TEXT = 4000
REF_EXAMPLE = "CC-7K3Q9M2X"


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class TicketCreate(StrictIn):
    model_config = _examples(
        {
            "category": "late_delivery",
            "conversation_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
            "order_number": "SF1234567890",
            "description": "Parcel is three days late",
            "angry": True,
        },
    )
    category: Category = Field(examples=["late_delivery"])
    conversation_id: str | None = Field(default=None, max_length=36)
    customer_id: int | None = None
    order_number: str | None = Field(default=None, max_length=64, examples=["SF1234567890"])
    description: str | None = Field(default=None, max_length=MAX_TEXT)
    angry: bool = False
    urgent: bool = False


class TicketUpdate(StrictIn):
    """Change status, assignee and/or priority. Omitted fields stay as they are;
    `"assignee": null` unassigns. Resolving needs a resolution: use `/resolve`."""

    model_config = _examples({"status": "in_progress", "assignee": "me"}, {"priority": "urgent"})
    status: TicketStatus | None = Field(default=None, examples=["in_progress"])
    assignee: StrictInt | Annotated[str, StringConstraints(max_length=64)] | None = Field(
        default=None,
        examples=["li.na"],
        description='Staff username or id, "me", or null to unassign.',
    )
    priority: Priority | None = Field(default=None, examples=["high"])

    @model_validator(mode="after")
    def _something_to_change(self) -> TicketUpdate:
        if not self.model_fields_set:
            raise ValueError("give at least one of status, assignee, priority")
        if "status" in self.model_fields_set and self.status is None:
            raise ValueError("status cannot be null")
        if "priority" in self.model_fields_set and self.priority is None:
            raise ValueError("priority cannot be null")
        if self.status is TicketStatus.RESOLVED:
            raise ValueError(
                "resolve a ticket with POST /api/v1/tickets/{ref}/resolve and a resolution"
            )
        return self


class NoteCreate(StrictIn):
    model_config = _examples({"text": "Called the courier; parcel is at the depot."})
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class TicketResolve(StrictIn):
    model_config = _examples({"resolution": "Refund of 49.00 issued to the original card."})
    resolution: str = Field(min_length=1, max_length=MAX_TEXT)


class TicketReopen(StrictIn):
    model_config = _examples({"reason": "Customer says the refund has not arrived."})
    reason: str | None = Field(default=None, min_length=1, max_length=MAX_TEXT)


class TicketPublic(Out):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "ref": REF_EXAMPLE,
                    "category": "late_delivery",
                    "status": "in_progress",
                    "priority": "high",
                    "order_number": "SF1234567890",
                    "description": "Parcel is three days late",
                    "customer_id": 7,
                    "conversation_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
                    "assignee": "li.na",
                    "due_at": "2026-11-23T18:00:00+08:00",
                    "due_today": True,
                    "overdue": False,
                    "resolution": None,
                    "resolved_at": None,
                    "follow_up_at": None,
                    "created_at": "2026-11-23T02:15:00Z",
                    "updated_at": "2026-11-23T03:00:00Z",
                }
            ]
        },
    )
    ref: str = Field(examples=[REF_EXAMPLE])
    category: Category
    status: TicketStatus
    priority: Priority
    order_number: str | None
    description: str | None
    customer_id: int | None
    conversation_id: str | None
    assignee: str | None = Field(default=None, description="Username of the assigned staff member.")
    due_at: datetime
    due_today: bool = Field(description="Due before close of business on the day received.")
    overdue: bool = Field(default=False, description="Past its due time and still open.")
    resolution: str | None = None
    resolved_at: datetime | None = None
    follow_up_at: datetime | None = Field(
        default=None, description="When to check back after resolving."
    )
    created_at: datetime
    updated_at: datetime | None = None


class TicketPage(BaseModel):
    model_config = _examples({"items": [], "total": 0, "page": 1, "page_size": 20})
    items: list[TicketPublic]
    total: int = Field(description="Tickets matching the filters, over all pages.")
    page: int
    page_size: int


class TicketEventPublic(Out):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 12,
                    "actor": "agent:li.na",
                    "kind": "status",
                    "changes": {"status": ["new", "in_progress"]},
                    "note": None,
                    "created_at": "2026-11-23T03:00:00Z",
                }
            ]
        },
    )
    id: int
    actor: str = Field(examples=["agent:li.na"])
    kind: str = Field(
        examples=["status"],
        description="created, status, assignee, priority, note, resolved or reopened",
    )
    changes: dict[str, Any] = Field(description='{"field": [old, new]} for each change')
    note: str | None
    created_at: datetime


class TicketFilters(BaseModel):
    """Query parameters of the ticket list (unknown parameters are an error)."""

    model_config = ConfigDict(extra="forbid")
    status: list[TicketStatus] = Field(
        default_factory=list, description="Repeat to match any of several."
    )
    category: Category | None = None
    priority: Priority | None = None
    overdue: bool | None = Field(
        default=None, description="true: past due and not resolved/closed."
    )
    assignee: str | None = Field(default=None, max_length=64, description='Username, id or "me".')
    customer_id: int | None = None
    created_from: AwareDatetime | date | None = Field(
        default=None, description="Inclusive; a date means that day in the business time zone."
    )
    created_to: AwareDatetime | date | None = Field(
        default=None, description="Inclusive; a date means up to the end of that day."
    )
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=20, ge=1, le=100)
