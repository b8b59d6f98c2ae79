from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, TimestampMixin, str_enum
from api.models.enums import Language, Sender, SuggestionUse

if TYPE_CHECKING:
    from api.models.conversation import Conversation


class Message(TimestampMixin, Base):
    """Every customer, bot and agent message, with what the system knew about it."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("conversation_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(64))  # de-duplicates resends
    sender: Mapped[Sender] = mapped_column(str_enum(Sender))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[Language | None] = mapped_column(str_enum(Language))
    intent: Mapped[str | None] = mapped_column(String(64), index=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    entities: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    anger: Mapped[float | None] = mapped_column(Float)
    angry: Mapped[bool | None] = mapped_column()
    guard: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # violations found, if any
    buttons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    suggestion_use: Mapped[SuggestionUse | None] = mapped_column(str_enum(SuggestionUse))
    suggestion_text: Mapped[str | None] = mapped_column(Text)  # what was suggested
    delivery: Mapped[str] = mapped_column(String(16), default="ok")  # ok | bot_unavailable

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
