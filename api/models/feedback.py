from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, TimestampMixin


class CsatRating(TimestampMixin, Base):
    __tablename__ = "csat_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), unique=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)


class GuardIncident(TimestampMixin, Base):
    """A text the phrase guard flagged on a send path (replaced or overridden)."""

    __tablename__ = "guard_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))  # nlg | agent | suggestion
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    response_name: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    violations: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    action: Mapped[str] = mapped_column(String(16))  # replaced | overridden | blocked
