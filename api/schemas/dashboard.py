"""The supervisor dashboard's figures."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from api.models.enums import Language


class DailySeries(BaseModel):
    days: list[date]
    series: dict[str, list[int]] = Field(description="Per category: one count per day.")


class HandoffDay(BaseModel):
    day: date
    conversations: int
    handed_off: int


class HandoffFigure(BaseModel):
    conversations: int
    handed_off: int
    rate: float | None = Field(description="Handed off / conversations; None without any.")
    per_day: list[HandoffDay]


class DurationFigure(BaseModel):
    count: int
    mean_minutes: float | None
    median_minutes: float | None
    p90_minutes: float | None


class ResolutionFigure(BaseModel):
    resolved: int
    mean_hours: float | None
    median_hours: float | None
    due_passed: int = Field(description="Tickets resolved, or open past their due time.")
    within_sunset: int = Field(description="Resolved by their sunset-rule due time.")
    share_within_sunset: float | None


class CsatFigure(BaseModel):
    count: int
    average: float | None
    distribution: dict[int, int] = Field(description="Ratings per score, 1 to 5.")


class AgentCount(BaseModel):
    agent: str
    count: int


class IncidentsFigure(BaseModel):
    per_agent: list[AgentCount] = Field(description="Agent texts the guard flagged, most first.")
    bot: int = Field(description="Bot texts the guard flagged (no agent).")


class PoorlyUnderstood(BaseModel):
    message_id: int
    conversation_id: str
    created_at: datetime
    text: str
    language: Language | None
    intent: str | None
    confidence: float | None
    corrected_intent: str | None


class Dashboard(BaseModel):
    date_from: date
    date_to: date
    complaints_per_day: DailySeries
    handoff: HandoffFigure
    first_response: DurationFigure = Field(description="From hand-off to the first agent message.")
    resolution: ResolutionFigure
    csat: CsatFigure
    guard_incidents: IncidentsFigure
    worst_understood: list[PoorlyUnderstood] = Field(
        description="Customer messages the bot understood worst (fallbacks first, then "
        "lowest confidence)."
    )
