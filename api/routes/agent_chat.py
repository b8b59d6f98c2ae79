"""The minimal staff side of a live chat: reply, take, hand back, close, typing.

Staff authenticate with the "session" cookie or a bearer staff token. The agent
console builds on these; every change is published to the customer's socket.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from anyio import from_thread
from fastapi import APIRouter, Depends, HTTPException, Path, status
from fastapi.responses import JSONResponse

from api.deps import HubDep, RendererDep, SessionDep, SignedInStaff
from api.models import Conversation
from api.routes.conversations import to_public
from api.schemas.conversation import AgentMessageCreate, ConversationPublic, MessagePublic
from api.services import handoff
from api.services.agent_messages import GuardObjection, send_agent_message
from api.services.announce import (
    announce_messages,
    announce_state,
    announce_to_staff,
    announce_typing,
)
from api.services.suggestion_choice import suggestion_use

router = APIRouter(prefix="/api/v1/agent/conversations", tags=["agent chat"])


def conversation_by_id(
    session: SessionDep, conversation_id: Annotated[str, Path()]
) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no conversation {conversation_id}")
    return conversation


ConversationDep = Annotated[Conversation, Depends(conversation_by_id)]


@contextmanager
def conflict_on_invalid_move() -> Iterator[None]:
    try:
        yield
    except handoff.InvalidMove as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


@router.post(
    "/{conversation_id}/messages", status_code=status.HTTP_201_CREATED, response_model=MessagePublic
)
def create_agent_message(
    conversation: ConversationDep,
    body: AgentMessageCreate,
    staff: SignedInStaff,
    session: SessionDep,
    hub: HubDep,
) -> MessagePublic | JSONResponse:
    """Send a message to the customer. A text the phrase guard flags is refused (422,
    with the violations) unless ``override`` is true, which records an incident.
    With ``suggestion_text`` (inserted) the message is recorded as a suggestion sent
    as is or edited; with only ``suggestion_shown``, as a rejected suggestion."""
    try:
        with conflict_on_invalid_move():
            used = suggestion_use(body.text, body.suggestion_text, body.suggestion_shown)
            message, changed = send_agent_message(
                session, conversation, staff, body.text, body.override, used
            )
    except GuardObjection as exc:
        content = {"detail": str(exc), "violations": exc.violations}
        return JSONResponse(content, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    if changed:
        from_thread.run(announce_state, hub, conversation)
        from_thread.run(announce_to_staff, hub, conversation, staff.username)
    from_thread.run(announce_messages, hub, conversation.id, [message])
    return MessagePublic.model_validate(message)


@router.post("/{conversation_id}/claim", response_model=ConversationPublic)
def claim_conversation(
    conversation: ConversationDep, staff: SignedInStaff, session: SessionDep, hub: HubDep
) -> ConversationPublic:
    """Take the conversation: the bot stays quiet, the agent is assigned."""
    with conflict_on_invalid_move():
        handoff.apply_move(session, conversation, handoff.Move.CLAIM, staff)
    from_thread.run(announce_state, hub, conversation)
    from_thread.run(announce_to_staff, hub, conversation, staff.username)
    return to_public(session, conversation)


@router.post("/{conversation_id}/handback", response_model=ConversationPublic)
def hand_back_conversation(
    conversation: ConversationDep,
    staff: SignedInStaff,
    session: SessionDep,
    hub: HubDep,
    renderer: RendererDep,
) -> ConversationPublic:
    """Give the conversation back to the bot, which says it is back."""
    with conflict_on_invalid_move():
        notice = handoff.hand_back(session, conversation, renderer)
    from_thread.run(announce_state, hub, conversation)
    from_thread.run(announce_to_staff, hub, conversation, None)
    from_thread.run(announce_messages, hub, conversation.id, [notice])
    return to_public(session, conversation)


@router.post("/{conversation_id}/close", response_model=ConversationPublic)
def close_conversation(
    conversation: ConversationDep,
    staff: SignedInStaff,
    session: SessionDep,
    hub: HubDep,
    renderer: RendererDep,
) -> ConversationPublic:
    """End the conversation; the customer is asked for a rating."""
    with conflict_on_invalid_move():
        notice = handoff.close(session, conversation, renderer)
    from_thread.run(announce_messages, hub, conversation.id, [notice])
    from_thread.run(announce_state, hub, conversation)
    from_thread.run(announce_to_staff, hub, conversation, None)
    return to_public(session, conversation)


@router.post("/{conversation_id}/typing", status_code=status.HTTP_204_NO_CONTENT)
def create_agent_typing(conversation: ConversationDep, staff: SignedInStaff, hub: HubDep) -> None:
    """Show the customer that an agent is typing (the widget hides it after a while)."""
    from_thread.run(announce_typing, hub, conversation.id, "agent")
