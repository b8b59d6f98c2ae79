"""The complaint form: ask only for what is missing, then file a ticket via the API."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api_client import ApiClient, ApiError
from actions.validation import (
    MAX_ATTEMPTS_BEFORE_PERSON,
    find_order_number,
    says_enough,
    usable_description,
)

logger = logging.getLogger(__name__)
NOT_AN_ANSWER = {"affirm", "deny"}


class ValidateComplaintForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_complaint_form"

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        """Ask for a description only when the first message was too vague to file."""
        slots = list(domain_slots)
        if "description" in slots and says_enough(_complaint_text(tracker)):
            slots.remove("description")
        return slots

    async def validate_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return {"description": usable_description(value if isinstance(value, str) else None)}

    async def validate_order_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        number = find_order_number(value if isinstance(value, str) else None)
        if number:
            return {"order_number": number, "failed_attempts": 0}
        attempts = int(tracker.get_slot("failed_attempts") or 0) + 1
        intent = (tracker.latest_message.get("intent") or {}).get("name", "")
        if _is_complaint(intent) or intent in NOT_AN_ANSWER:
            attempts -= 1  # a digression ("actually it's broken, not late") is not a failure
        elif attempts >= MAX_ATTEMPTS_BEFORE_PERSON:
            dispatcher.utter_message(response="utter_offer_human", attempts=attempts)
        else:
            dispatcher.utter_message(response="utter_invalid_order_number", attempts=attempts)
        return {"order_number": None, "failed_attempts": attempts}


def _is_complaint(intent: str) -> bool:
    return intent.startswith("complain_") or intent == "request_refund"


class ActionFileComplaint(Action):
    def name(self) -> Text:
        return "action_file_complaint"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        payload = {
            "conversation_id": tracker.sender_id,
            "category": tracker.get_slot("category") or "other",
            "order_number": tracker.get_slot("order_number"),
            "description": tracker.get_slot("description") or _complaint_text(tracker),
            "angry": bool(tracker.get_slot("angry")),
            "urgent": bool(tracker.get_slot("urgent")),
        }
        try:
            ticket = await ApiClient().create_ticket(payload, _idempotency_key(tracker))
        except ApiError as exc:
            logger.error("filing the complaint failed: %s", exc)
            dispatcher.utter_message(response="utter_filing_failed")
            return [SlotSet("failed_attempts", 0)]
        dispatcher.utter_message(
            response="utter_complaint_filed",
            ticket_ref=ticket["ref"],
            due_at=ticket["due_at"],
            due_today=ticket["due_today"],
            category=ticket["category"],
        )
        return [
            SlotSet("ticket_ref", ticket["ref"]),
            SlotSet("failed_attempts", 0),
            SlotSet("description", None),
        ]


def _idempotency_key(tracker: Tracker) -> str:
    """One ticket per complaint turn, however often the action is retried."""
    return f"{tracker.sender_id}:{_complaint_event(tracker).get('message_id', 'na')}"


def _complaint_event(tracker: Tracker) -> Dict[Text, Any]:
    for event in reversed(tracker.events):
        if event.get("event") == "user" and _is_complaint(
            ((event.get("parse_data") or {}).get("intent") or {}).get("name", "")
        ):
            return event
    return tracker.latest_message or {}


def _complaint_text(tracker: Tracker) -> Optional[str]:
    return _complaint_event(tracker).get("text")
