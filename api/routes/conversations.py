"""The customer's side of a chat (conversation token): messages, history, rating.

Live updates come over the WebSocket in ``api/routes/realtime.py``; ``GET
.../messages?after=<id>&wait=<s>`` is the HTTP fallback (plain or long poll).
"""

from __future__ import annotations

from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy.orm import Session

from api.deps import ChatDep, CustomerConversation, HubDep, SessionDep, SessionFactoryDep
from api.limits import ConversationCreateLimit, CsatLimit, CustomerMessageLimit
from api.models import Conversation
from api.models.enums import ConversationState, Language
from api.schemas.conversation import (
    ChatResponse,
    ConversationCreate,
    ConversationCreated,
    ConversationPublic,
    CsatCreate,
    CsatPublic,
    MessageCreate,
    MessagePublic,
    Reply,
)
from api.schemas.problem import problems
from api.security import hash_token, new_conversation_token
from api.services import csat
from api.services.chat import take_turn
from api.services.handoff import estimated_wait_minutes, latest_ticket_ref
from api.services.history import messages_after, wait_for_messages

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])
MAX_WAIT_SECONDS = 25


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ConversationCreated,
    responses=problems(413, 422, 429),
)
def create_conversation(
    session: SessionDep, _limit: ConversationCreateLimit, body: ConversationCreate | None = None
) -> ConversationCreated:
    body = body or ConversationCreate()
    token = new_conversation_token()
    conversation = Conversation(
        token_hash=hash_token(token), channel=body.channel, language=body.language or Language.EN
    )
    session.add(conversation)
    session.commit()
    return ConversationCreated(
        id=conversation.id, token=token, state=conversation.state, language=conversation.language
    )


def to_public(session: Session, conversation: Conversation) -> ConversationPublic:
    waiting = conversation.state is ConversationState.WAITING
    return ConversationPublic(
        id=conversation.id,
        state=conversation.state,
        language=conversation.language,
        wait_minutes=estimated_wait_minutes(session) if waiting else None,
        ticket_ref=latest_ticket_ref(session, conversation.id),
    )


@router.get("/{conversation_id}", response_model=ConversationPublic)
def read_conversation(
    conversation: CustomerConversation, session: SessionDep
) -> ConversationPublic:
    """State, language, rough wait and ticket reference (the widget's HTTP fallback)."""
    return to_public(session, conversation)


@router.post(
    "/{conversation_id}/messages",
    response_model=ChatResponse,
    responses=problems(401, 413, 422, 429),
)
async def create_message(
    conversation: CustomerConversation,
    _limit: CustomerMessageLimit,
    body: MessageCreate,
    chat: ChatDep,
) -> ChatResponse:
    turn = await take_turn(chat, conversation.id, body.text, body.client_id)
    return ChatResponse(
        message_id=turn.message_id,
        state=turn.state,
        language=turn.language,
        wait_minutes=turn.wait_minutes,
        replies=[Reply(text=r.text, buttons=list(r.buttons)) for r in turn.replies],  # type: ignore[arg-type]
    )


@router.get("/{conversation_id}/messages", response_model=list[MessagePublic])
async def read_messages(
    conversation: CustomerConversation,
    factory: SessionFactoryDep,
    hub: HubDep,
    after: Annotated[int, Query(ge=0, description="Only messages with a larger id.")] = 0,
    wait: Annotated[int, Query(ge=0, le=MAX_WAIT_SECONDS, description="Long-poll seconds.")] = 0,
) -> list[MessagePublic]:
    """The history (or what came after ``after``). With ``wait``, an empty answer is
    held back until a message arrives or ``wait`` seconds pass."""
    if wait:
        rows = await wait_for_messages(factory, hub, conversation.id, after, wait)
    else:
        rows = await to_thread.run_sync(messages_after, factory, conversation.id, after)
    return [MessagePublic.model_validate(m) for m in rows]


@router.post(
    "/{conversation_id}/csat",
    status_code=status.HTTP_201_CREATED,
    response_model=CsatPublic,
    responses=problems(401, 409, 413, 422, 429),
)
def create_csat(
    conversation: CustomerConversation, _limit: CsatLimit, body: CsatCreate, session: SessionDep
) -> CsatPublic:
    """Rate the conversation (1-5, optional comment); once per conversation."""
    try:
        rating = csat.record_rating(session, conversation, body.score, body.comment)
    except csat.AlreadyRated as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return CsatPublic.model_validate(rating)
