from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import (
    CustomerConversation,
    RasaDep,
    RendererDep,
    SessionDep,
    SessionFactoryDep,
)
from api.models import Conversation
from api.models.enums import Language
from api.schemas.conversation import (
    ChatResponse,
    ConversationCreate,
    ConversationCreated,
    MessageCreate,
    MessagePublic,
    Reply,
)
from api.security import hash_token, new_conversation_token
from api.services.chat import take_turn

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ConversationCreated)
def create_conversation(session: SessionDep, body: ConversationCreate | None = None) -> ConversationCreated:
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


@router.post("/{conversation_id}/messages", response_model=ChatResponse)
async def create_message(
    conversation: CustomerConversation,
    body: MessageCreate,
    factory: SessionFactoryDep,
    rasa: RasaDep,
    renderer: RendererDep,
) -> ChatResponse:
    turn = await take_turn(factory, rasa, renderer, conversation.id, body.text, body.client_id)
    return ChatResponse(
        message_id=turn.message_id,
        state=turn.state,
        replies=[Reply(text=r.text, buttons=list(r.buttons)) for r in turn.replies],  # type: ignore[arg-type]
    )


@router.get("/{conversation_id}/messages", response_model=list[MessagePublic])
def read_messages(conversation: CustomerConversation) -> list[MessagePublic]:
    return [MessagePublic.model_validate(m) for m in conversation.messages]
