"""Answer "what's happening with my complaint?" from the API, own tickets only."""

from __future__ import annotations

import logging
from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api_client import ApiClient, ApiError

logger = logging.getLogger(__name__)


class ActionTicketStatus(Action):
    def name(self) -> Text:
        return "action_ticket_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        try:
            found = await ApiClient().conversation_tickets(tracker.sender_id)
        except ApiError as exc:
            logger.error("ticket status lookup failed: %s", exc)
            dispatcher.utter_message(response="utter_filing_failed")
            return []
        wanted = tracker.get_slot("ticket_ref")
        tickets = [t for t in found.get("tickets", []) if not wanted or t["ref"] == wanted]
        if not tickets:
            dispatcher.utter_message(response="utter_no_tickets")
        else:
            dispatcher.utter_message(response="utter_ticket_status", tickets=tickets)
        return []
