"""Transcripts for supervisors: search with filters and sorting, and one transcript
with everything known about each message."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status

from api.deps import CurrentSupervisor, HoursDep, SessionDep
from api.models import Conversation
from api.models.base import utcnow
from api.schemas.problem import problems
from api.schemas.transcript import TranscriptDetail, TranscriptFilters, TranscriptPage
from api.services.review_detail import TranscriptNotFound, get_conversation, read_transcript
from api.services.review_search import search_transcripts
from api.services.review_summary import summarise
from api.services.tickets import UnknownReference

router = APIRouter(prefix="/api/v1/supervisor/transcripts", tags=["supervisor"])


def supervised_conversation(
    supervisor: CurrentSupervisor,
    session: SessionDep,
    conversation_id: Annotated[str, Path(max_length=36)],
) -> Conversation:
    """The conversation in the path (supervisors only: checked before the lookup)."""
    try:
        return get_conversation(session, conversation_id)
    except TranscriptNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


SupervisedConversation = Annotated[Conversation, Depends(supervised_conversation)]


@router.get(
    "",
    response_model=TranscriptPage,
    summary="Search transcripts",
    responses=problems(401, 403, 422),
)
def list_transcripts(
    filters: Annotated[TranscriptFilters, Query()],
    supervisor: CurrentSupervisor,
    session: SessionDep,
    hours: HoursDep,
) -> TranscriptPage:
    """Conversations matching the text search and filters, sorted, one page at a time
    (supervisors). An unknown `agent` is 422."""
    now = utcnow()
    try:
        found = search_transcripts(session, filters, hours=hours, now=now)
    except UnknownReference as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return TranscriptPage(
        items=summarise(session, found.ids, now),
        total=found.total,
        page=filters.page,
        page_size=filters.page_size,
    )


@router.get(
    "/{conversation_id}",
    response_model=TranscriptDetail,
    summary="Read a transcript",
    responses=problems(401, 403, 404),
)
def read_transcript_route(
    conversation: SupervisedConversation, session: SessionDep
) -> TranscriptDetail:
    """Every message with sender, time, intent and confidence (and any correction),
    anger, the phrase guard's result and, for agent messages, whether the suggestion
    was sent as is or edited; plus tags, coaching notes, the reviewed mark, guard
    incidents, tickets and the CSAT rating (supervisors)."""
    return read_transcript(session, conversation, utcnow())
