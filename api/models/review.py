"""What supervisors add when they review a transcript: tags, coaching notes, the
reviewed marker and intent corrections (with their history). Nothing here changes
what was recorded during the conversation: a correction sits beside the message's
predicted intent, never over it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, TimestampMixin, UTCDateTime


class ReviewTag(TimestampMixin, Base):
    """A short label on a conversation, or on one message of it."""

    __tablename__ = "review_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    tag: Mapped[str] = mapped_column(String(64), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))


class CoachingNote(TimestampMixin, Base):
    """A supervisor's note for the agent, on a conversation or one message of it."""

    __tablename__ = "coaching_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))


class ConversationReview(TimestampMixin, Base):
    """Who marked a conversation as reviewed, and when (one per conversation)."""

    __tablename__ = "conversation_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), unique=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IntentCorrection(TimestampMixin, Base):
    """The right intent of a misread customer message (one per message; relabelling
    again updates it and adds to ``IntentCorrectionEvent``)."""

    __tablename__ = "intent_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    original_intent: Mapped[str | None] = mapped_column(String(64))
    original_confidence: Mapped[float | None] = mapped_column(Float)
    corrected_intent: Mapped[str] = mapped_column(String(64), index=True)
    corrected_by_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))


class IntentCorrectionEvent(TimestampMixin, Base):
    """Audit trail of relabels: each change of a message's corrected intent."""

    __tablename__ = "intent_correction_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    from_intent: Mapped[str | None] = mapped_column(String(64))  # None: first correction
    to_intent: Mapped[str | None] = mapped_column(String(64))  # None: correction removed
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
