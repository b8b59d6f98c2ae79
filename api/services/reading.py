"""What the bot understood of a customer message it did not answer.

While a person has the conversation, customer messages skip Rasa, so they carry no
intent. Before suggesting replies the console asks Rasa to read the latest one
(``/model/parse``, which leaves every conversation alone) and keeps the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from api.models import Message
from api.services.rasa import RasaClient, RasaUnavailable

Parse = Callable[[str], dict[str, Any] | None]


async def understand(rasa: RasaClient, text: str) -> dict[str, Any] | None:
    """Rasa's parse of ``text``, or None when Rasa cannot be reached."""
    try:
        return await rasa.parse(text)
    except RasaUnavailable:
        return None


def fill_reading(session: Session, message: Message | None, parse: Parse) -> None:
    """Give ``message`` the bot's reading if it has none yet. The transaction is
    ended first so no connection is held while Rasa works."""
    if message is None or message.intent is not None:
        return
    session.commit()
    parsed = parse(message.text)
    intent = (parsed or {}).get("intent") or {}
    if not intent.get("name"):
        return
    message.intent = str(intent["name"])
    message.confidence = intent.get("confidence")
    message.entities = [
        {k: e.get(k) for k in ("entity", "value", "start", "end")}
        for e in (parsed or {}).get("entities") or ()
    ]
    session.commit()
