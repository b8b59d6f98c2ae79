from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, TimestampMixin, UTCDateTime, str_enum
from api.models.enums import ConversationState, Language

if TYPE_CHECKING:
    from api.models.customer import Customer
    from api.models.message import Message
    from api.models.user import StaffUser


def new_conversation_id() -> str:
    return str(uuid.uuid4())


class Conversation(TimestampMixin, Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_conversation_id)
    token_hash: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(32), default="web")
    language: Mapped[Language] = mapped_column(str_enum(Language), default=Language.EN)
    state: Mapped[ConversationState] = mapped_column(
        str_enum(ConversationState), default=ConversationState.BOT, index=True
    )
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    assigned_agent_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # First time the conversation went to a person (never cleared), and the start of
    # the current wait for one (cleared when claimed, handed back or closed).
    handed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())

    customer: Mapped[Customer | None] = relationship(back_populates="conversations")
    assigned_agent: Mapped[StaffUser | None] = relationship()
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id"
    )
