"""Query parameters of the supervisor exports."""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.models.enums import Category, Language, Priority, TicketStatus
from api.schemas.ticket import TicketFilters


class TicketExportFilters(BaseModel):
    """The ticket list's filters, without pages: every matching ticket is exported."""

    model_config = ConfigDict(extra="forbid")
    status: list[TicketStatus] = Field(
        default_factory=list, description="Repeat to match any of several."
    )
    category: Category | None = None
    priority: Priority | None = None
    overdue: bool | None = None
    created_from: AwareDatetime | date | None = Field(
        default=None, description="Inclusive; a date means that day in the business time zone."
    )
    created_to: AwareDatetime | date | None = Field(
        default=None, description="Inclusive; a date means up to the end of that day."
    )

    def as_ticket_filters(self) -> TicketFilters:
        return TicketFilters(**self.model_dump())


class CorrectionFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    language: Language | None = Field(
        default=None, description="Only messages in this language (data/nlu/<language>/)."
    )
