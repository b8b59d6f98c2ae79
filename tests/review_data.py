"""Test data for the supervisor console: messages, incidents, tickets on a conversation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation, GuardIncident, Message, StaffUser
from api.models.enums import Role, Sender
from tests.factories import make_staff, staff_headers


def say(
    session: Session,
    conversation: Conversation,
    text: str,
    sender: Sender = Sender.CUSTOMER,
    **fields: Any,
) -> Message:
    message = Message(
        conversation_id=conversation.id,
        sender=sender,
        text=text,
        language=conversation.language,
        **fields,
    )
    session.add(message)
    session.commit()
    return message


def flag(
    session: Session,
    conversation: Conversation | None,
    agent: StaffUser | None = None,
    text: str = "That's company policy.",
    created_at: datetime | None = None,
) -> GuardIncident:
    """A guard incident: an agent's overridden text, or (no agent) a replaced bot render."""
    incident = GuardIncident(
        conversation_id=conversation.id if conversation else None,
        source="agent" if agent else "nlg",
        agent_id=agent.id if agent else None,
        text=text,
        violations=[
            {
                "phrase": "company policy",
                "start": text.find("company policy"),
                "end": text.find("company policy") + len("company policy"),
                "category": "policy_excuse",
                "suggestion": "what I can do",
            }
        ],
        action="overridden" if agent else "replaced",
    )
    if created_at is not None:
        incident.created_at = created_at
    session.add(incident)
    session.commit()
    return incident


def supervisor(session: Session, settings: Settings) -> tuple[StaffUser, dict[str, str]]:
    user = make_staff(session, Role.SUPERVISOR)
    return user, staff_headers(settings, user)


def agent(session: Session, settings: Settings) -> tuple[StaffUser, dict[str, str]]:
    user = make_staff(session, Role.AGENT)
    return user, staff_headers(settings, user)
