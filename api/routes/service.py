"""Endpoints only the action server calls (service token)."""

from __future__ import annotations

from typing import Annotated

from anyio import from_thread
from fastapi import APIRouter, Depends, HTTPException, status
from pydantic import Field
from sqlalchemy import select

from api.deps import BearerDep, HoursDep, HubDep, SessionDep, SettingsDep
from api.models import Conversation, Ticket
from api.models.enums import ConversationState
from api.routes.tickets import to_public
from api.schemas.base import Out, StrictIn
from api.schemas.ticket import TicketPublic
from api.security import constant_time_equals
from api.services.announce import announce_handoff
from api.services.handoff import hand_off


def require_service(token: BearerDep, settings: SettingsDep) -> None:
    if not constant_time_equals(token, settings.service_token):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "service token required")


router = APIRouter(
    prefix="/api/v1/service", tags=["service"], dependencies=[Depends(require_service)]
)


def _conversation(session: SessionDep, conversation_id: str) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no conversation {conversation_id}")
    return conversation


ConversationDep = Annotated[Conversation, Depends(_conversation)]


class HandoffRequest(StrictIn):
    reason: str = Field(max_length=64, examples=["request_human"])


class HandoffResult(Out):
    state: str
    wait_minutes: int


class CustomerTickets(Out):
    tickets: list[TicketPublic]


@router.post("/conversations/{conversation_id}/handoff", response_model=HandoffResult)
def create_handoff(
    conversation: ConversationDep, body: HandoffRequest, session: SessionDep, hub: HubDep
) -> HandoffResult:
    queued_before = conversation.state is not ConversationState.BOT
    wait = hand_off(session, conversation)
    if not queued_before:
        from_thread.run(announce_handoff, hub, conversation, body.reason, wait)
    return HandoffResult(state=conversation.state.value, wait_minutes=wait)


@router.get("/conversations/{conversation_id}/tickets", response_model=CustomerTickets)
def read_conversation_tickets(
    conversation: ConversationDep, session: SessionDep, hours: HoursDep
) -> CustomerTickets:
    """The tickets of this conversation's customer (or of this conversation when the
    customer is anonymous): a customer only ever hears about their own tickets."""
    query = select(Ticket).order_by(Ticket.id.desc()).limit(5)
    if conversation.customer_id is not None:
        query = query.where(Ticket.customer_id == conversation.customer_id)
    else:
        query = query.where(Ticket.conversation_id == conversation.id)
    return CustomerTickets(tickets=[to_public(t, hours) for t in session.scalars(query)])
