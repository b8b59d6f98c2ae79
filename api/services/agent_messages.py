"""An agent writes to the customer: the phrase guard first, then store and claim."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from api.models import Conversation, Message, StaffUser
from api.models.enums import Sender, SuggestionUse
from api.services import outgoing
from api.services.handoff import Move, apply_move, next_state


class GuardObjection(ValueError):
    """The phrase guard flagged the text and the agent did not override it."""

    def __init__(self, violations: list[dict[str, Any]]) -> None:
        super().__init__("the phrase guard objects to this text")
        self.violations = violations


def send_agent_message(
    session: Session,
    conversation: Conversation,
    agent: StaffUser,
    text: str,
    override: bool,
    suggestion: tuple[SuggestionUse | None, str | None] = (None, None),
) -> tuple[Message, bool]:
    """Store the agent's message; the agent takes the conversation if it was not
    theirs yet. ``suggestion`` is how a suggested reply was used, and its text.
    Returns the message and whether the conversation state changed.
    Raises ``InvalidMove`` (closed) or ``GuardObjection``."""
    next_state(conversation.state, Move.CLAIM)
    result = outgoing.check(text, conversation.language.value)
    guard: dict[str, Any] = {"clean": result.clean}
    if not result.clean:
        violations = outgoing.violations_json(result)
        if not override:
            raise GuardObjection(violations)
        outgoing.record_incident(
            session,
            result=result,
            text=text,
            source="agent",
            action="overridden",
            conversation_id=conversation.id,
            agent_id=agent.id,
        )
        guard |= {"overridden": True, "violations": violations}
    message = Message(
        conversation_id=conversation.id,
        sender=Sender.AGENT,
        agent_id=agent.id,
        text=text,
        language=conversation.language,
        guard=guard,
        suggestion_use=suggestion[0],
        suggestion_text=suggestion[1],
    )
    session.add(message)
    changed = apply_move(session, conversation, Move.CLAIM, agent)
    return message, changed
