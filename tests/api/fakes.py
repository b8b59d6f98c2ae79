"""Stand-ins for the Rasa server in API tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from api.models import Message
from api.services.rasa import BotMessage


class FakeRasa:
    """Answers every message with ``text`` and, as the NLG endpoint would, records
    ``intent`` on the stored customer message."""

    def __init__(
        self, factory: sessionmaker[Session], intent: str = "inform", text: str = "Noted."
    ) -> None:
        self.factory = factory
        self.intent = intent
        self.text = text
        self.seen: list[str] = []

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[BotMessage]:
        self.seen.append(text)
        with self.factory() as session:
            message = session.get_one(Message, metadata["message_id"])
            message.intent = self.intent
            session.commit()
        return [BotMessage(text=self.text)]
