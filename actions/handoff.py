"""Hand the conversation to a person: the API moves it to the agent queue."""

from __future__ import annotations

import logging
from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api_client import ApiClient, ApiError

logger = logging.getLogger(__name__)


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            queue = await ApiClient().hand_off(tracker.sender_id, reason="request_human")
        except ApiError as exc:
            logger.error("hand-off failed: %s", exc)
            queue = {}
        dispatcher.utter_message(response="utter_handoff", wait_minutes=queue.get("wait_minutes"))
        return []
