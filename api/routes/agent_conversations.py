"""A conversation as the agent console shows it: the transcript with what the bot
understood of each customer message, the customer's profile and history, the
ticket, and the replies suggested for the latest customer message."""

from __future__ import annotations

from anyio import from_thread
from fastapi import APIRouter
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.deps import HoursDep, RasaDep, RendererDep, SessionDep, SignedInStaff
from api.models import Conversation, Message, StaffUser
from api.models.base import utcnow
from api.models.enums import Language
from api.routes.agent_chat import ConversationDep
from api.routes.customers import to_profile
from api.routes.tickets import to_public as ticket_public
from api.schemas.agent_console import (
    ConversationDetail,
    SuggestionPublic,
    SuggestionReason,
    SuggestionsPublic,
    TranscriptMessage,
)
from api.schemas.problem import problems
from api.services.reading import fill_reading, understand
from api.services.suggestions import (
    Suggestions,
    latest_customer_message,
    latest_ticket,
    suggest,
)

router = APIRouter(prefix="/api/v1/agent/conversations", tags=["agent console"])


def transcript(session: Session, conversation: Conversation) -> list[TranscriptMessage]:
    messages = session.scalars(
        select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
    ).all()
    agent_ids = {m.agent_id for m in messages if m.agent_id is not None}
    names = dict(
        session.execute(select(StaffUser.id, StaffUser.username).where(StaffUser.id.in_(agent_ids)))
        .tuples()
        .all()
    )
    return [
        TranscriptMessage.model_validate(m).model_copy(
            update={"agent": names.get(m.agent_id) if m.agent_id else None}
        )
        for m in messages
    ]


@router.get(
    "/{conversation_id}",
    response_model=ConversationDetail,
    summary="Read a conversation in full",
    responses=problems(401, 404),
)
def read_conversation(
    conversation: ConversationDep, staff: SignedInStaff, session: SessionDep, hours: HoursDep
) -> ConversationDetail:
    """The transcript (each customer message with its intent, confidence and anger),
    the customer's profile (tier, past tickets, CSAT) and the conversation's ticket."""
    ticket = latest_ticket(session, conversation.id)
    customer = conversation.customer
    return ConversationDetail(
        id=conversation.id,
        state=conversation.state,
        language=conversation.language,
        channel=conversation.channel,
        created_at=conversation.created_at,
        handed_off_at=conversation.handed_off_at,
        waiting_since=conversation.waiting_since,
        assigned_agent=conversation.assigned_agent.username
        if conversation.assigned_agent
        else None,
        transcript=transcript(session, conversation),
        customer=to_profile(session, customer, hours) if customer else None,
        ticket=ticket_public(ticket, hours) if ticket else None,
    )


def to_public(found: Suggestions) -> SuggestionsPublic:
    message = found.message
    return SuggestionsPublic(
        message_id=message.id if message else None,
        language=Language(found.language),
        suggestions=[
            SuggestionPublic(
                kind="primary" if item.primary else "alternative",
                response=item.response,
                category=item.category,
                text=item.text,
                reason=SuggestionReason(
                    intent=message.intent if message else None,
                    confidence=message.confidence if message else None,
                    why=item.why.value,
                ),
            )
            for item in found.items
        ],
    )


@router.get(
    "/{conversation_id}/suggestions",
    response_model=SuggestionsPublic,
    summary="Suggest replies",
    responses=problems(401, 404),
)
def read_suggestions(
    conversation: ConversationDep,
    staff: SignedInStaff,
    session: SessionDep,
    renderer: RendererDep,
    hours: HoursDep,
    rasa: RasaDep,
) -> SuggestionsPublic:
    """For the customer's latest message: a sandwich reply for its category, in the
    conversation's language, with the order number, ticket reference, due time and
    tier remedies filled in, plus one or two alternatives. Each comes with its
    reason (`intent`, `confidence`, `why`). Every one has passed the phrase guard;
    one that did not is left out and recorded as an incident. A message the bot has
    not read (the conversation was with a person) is read by Rasa first."""
    latest = latest_customer_message(session, conversation.id)
    fill_reading(session, latest, lambda text: from_thread.run(understand, rasa, text))
    return to_public(suggest(session, conversation, renderer, hours, utcnow()))
