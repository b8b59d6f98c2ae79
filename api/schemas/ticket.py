from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.models.enums import Category, Priority, TicketStatus
from api.schemas.base import Out, StrictIn


class TicketCreate(StrictIn):
    category: Category = Field(examples=["late_delivery"])
    conversation_id: str | None = Field(default=None, max_length=36)
    customer_id: int | None = None
    order_number: str | None = Field(default=None, max_length=64, examples=["SF1234567890"])
    description: str | None = Field(default=None, max_length=4000)
    angry: bool = False
    urgent: bool = False


class TicketPublic(Out):
    ref: str = Field(examples=["CC-7K3Q9M2X"])
    category: Category
    status: TicketStatus
    priority: Priority
    order_number: str | None
    description: str | None
    customer_id: int | None
    conversation_id: str | None
    due_at: datetime
    due_today: bool = Field(description="Due before close of business on the day received.")
    created_at: datetime
