"""Slots the API decides: language and anger arrive as message metadata."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict


def _metadata(tracker: Tracker) -> Dict[Text, Any]:
    return (tracker.latest_message or {}).get("metadata") or {}


class ValidateSlotMappings(ValidationAction):
    """`action_validate_slot_mappings`: runs after every customer message."""

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        language = _metadata(tracker).get("language")
        return {"language": language} if language in ("en", "zh") else {}

    async def extract_angry(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        angry = _metadata(tracker).get("angry")
        return {"angry": angry} if isinstance(angry, bool) else {}

    async def extract_urgent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        urgent = _metadata(tracker).get("urgent")
        return {"urgent": urgent} if isinstance(urgent, bool) else {}
