from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, TimestampMixin, str_enum
from api.models.enums import Language, Tier

if TYPE_CHECKING:
    from api.models.conversation import Conversation
    from api.models.ticket import Ticket


class Customer(TimestampMixin, Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    tier: Mapped[Tier] = mapped_column(str_enum(Tier), default=Tier.C)
    preferred_language: Mapped[Language | None] = mapped_column(str_enum(Language))
    notes: Mapped[str | None] = mapped_column(String(4000))

    conversations: Mapped[list[Conversation]] = relationship(back_populates="customer")
    tickets: Mapped[list[Ticket]] = relationship(back_populates="customer")
