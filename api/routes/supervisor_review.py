"""What a supervisor adds to a transcript: tags and coaching notes (on the
conversation or one message) and the reviewed mark."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, HTTPException, Response, status

from api.deps import CurrentSupervisor, SessionDep
from api.routes.supervisor_transcripts import SupervisedConversation
from api.schemas.problem import problems
from api.schemas.review import (
    CoachingNoteCreate,
    CoachingNotePublic,
    ReviewPublic,
    TagCreate,
    TagPublic,
)
from api.services import review_marks as marks
from api.services.review_detail import note_public, review_of, tag_public, usernames

router = APIRouter(prefix="/api/v1/supervisor/transcripts", tags=["supervisor"])


@contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except marks.NotInConversation as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    except marks.MarkNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


def _me(supervisor: CurrentSupervisor) -> int:
    assert supervisor.user is not None  # CurrentSupervisor is always a staff member
    return supervisor.user.id


@router.post(
    "/{conversation_id}/tags",
    status_code=status.HTTP_201_CREATED,
    response_model=TagPublic,
    summary="Tag a conversation or one message",
    responses={200: {"description": "The tag was there already."}, **problems(401, 403, 404, 422)},
)
def create_tag(
    body: TagCreate,
    conversation: SupervisedConversation,
    supervisor: CurrentSupervisor,
    session: SessionDep,
    response: Response,
) -> TagPublic:
    """Add a tag (supervisors). The same tag on the same target again is 200 with
    the existing one; a `message_id` from another conversation is 422."""
    with refusals():
        tag, created = marks.add_tag(
            session, conversation, body.tag, body.message_id, _me(supervisor)
        )
    if not created:
        response.status_code = status.HTTP_200_OK
    return tag_public(tag, usernames(session))


@router.delete(
    "/{conversation_id}/tags/{tag_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a tag",
    responses=problems(401, 403, 404),
)
def delete_tag(tag_id: int, conversation: SupervisedConversation, session: SessionDep) -> None:
    with refusals():
        marks.remove_tag(session, conversation, tag_id)


@router.post(
    "/{conversation_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=CoachingNotePublic,
    summary="Add a coaching note",
    responses=problems(401, 403, 404, 422),
)
def create_note(
    body: CoachingNoteCreate,
    conversation: SupervisedConversation,
    supervisor: CurrentSupervisor,
    session: SessionDep,
) -> CoachingNotePublic:
    """A coaching note on the conversation or, with `message_id`, one of its messages."""
    with refusals():
        note = marks.add_note(session, conversation, body.text, body.message_id, _me(supervisor))
    return note_public(note, usernames(session))


@router.delete(
    "/{conversation_id}/notes/{note_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a coaching note",
    responses=problems(401, 403, 404),
)
def delete_note(note_id: int, conversation: SupervisedConversation, session: SessionDep) -> None:
    with refusals():
        marks.remove_note(session, conversation, note_id)


@router.put(
    "/{conversation_id}/review",
    response_model=ReviewPublic,
    summary="Mark as reviewed",
    responses=problems(401, 403, 404),
)
def mark_reviewed(
    conversation: SupervisedConversation, supervisor: CurrentSupervisor, session: SessionDep
) -> ReviewPublic:
    """Record that the caller reviewed the conversation now (again: the latest counts)."""
    marks.mark_reviewed(session, conversation, _me(supervisor))
    review = review_of(session, conversation.id, usernames(session))
    assert review is not None
    return review


@router.delete(
    "/{conversation_id}/review",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the reviewed mark",
    responses=problems(401, 403, 404),
)
def unmark_reviewed(conversation: SupervisedConversation, session: SessionDep) -> None:
    """404 when the conversation was not marked as reviewed."""
    if not marks.unmark_reviewed(session, conversation):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "this conversation is not marked reviewed")
