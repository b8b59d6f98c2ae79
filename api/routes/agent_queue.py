"""The agent's queue: conversations waiting for a person (ranked by anger, tier,
waiting time and ticket due time), the ones I am handling, and my open tickets."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import HoursDep, SessionDep, SignedInStaff
from api.models.base import utcnow
from api.routes.tickets import to_public as ticket_public
from api.schemas.agent_console import QueueItem, QueuePublic
from api.schemas.problem import problems
from api.services.queue import QueueRow, load_queue, my_open_tickets

router = APIRouter(prefix="/api/v1/agent", tags=["agent console"])
PREVIEW_CHARS = 140


def to_item(row: QueueRow) -> QueueItem:
    conversation, facts, customer = row.conversation, row.facts, row.conversation.customer
    text = row.last_text or None
    if text and len(text) > PREVIEW_CHARS:
        text = text[: PREVIEW_CHARS - 1] + "…"
    return QueueItem(
        conversation_id=conversation.id,
        state=conversation.state,
        language=conversation.language,
        customer_id=customer.id if customer else None,
        customer_name=customer.name if customer else None,
        tier=facts.tier,
        angry=facts.angry,
        anger=facts.anger,
        waiting_since=conversation.waiting_since,
        handed_off_at=conversation.handed_off_at,
        ticket_ref=row.ticket.ref if row.ticket else None,
        ticket_due_at=facts.ticket_due_at,
        last_message=text,
        score=row.score,
    )


@router.get("/queue", response_model=QueuePublic, summary="Read my queue", responses=problems(401))
def read_queue(staff: SignedInStaff, session: SessionDep, hours: HoursDep) -> QueuePublic:
    """Conversations waiting for a person, best first (`score`: anger, tier, waiting
    time, ticket due time; ties go to the longer wait), the conversations I am
    handling, and the open tickets assigned to me (soonest due first)."""
    queue = load_queue(session, staff, utcnow())
    return QueuePublic(
        waiting=[to_item(row) for row in queue.waiting],
        mine=[to_item(row) for row in queue.mine],
        my_tickets=[ticket_public(t, hours) for t in my_open_tickets(session, staff)],
    )
