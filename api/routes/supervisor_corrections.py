"""The learning loop: relabel a misread customer message with the right intent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy.orm import Session

from api.deps import CurrentSupervisor, SessionDep
from api.schemas.export import CorrectionFilters
from api.schemas.problem import problems
from api.schemas.review import (
    CorrectionEventPublic,
    CorrectionPublic,
    IntentList,
    RelabelRequest,
)
from api.services import review_corrections as corrections
from api.services.review_detail import usernames
from api.services.review_intents import UnknownIntent, domain_intents

router = APIRouter(prefix="/api/v1/supervisor", tags=["supervisor"])


@contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except (UnknownIntent, corrections.NotACustomerMessage) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    except (corrections.MessageNotFound, corrections.CorrectionNotFound) as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


def to_public(
    session: Session, rows: list[corrections.Corrected], with_history: bool = True
) -> list[CorrectionPublic]:
    names = usernames(session)
    past = corrections.history(session, [r.message.id for r in rows]) if with_history else {}
    return [
        CorrectionPublic(
            message_id=r.message.id,
            conversation_id=r.message.conversation_id,
            text=r.message.text,
            language=r.message.language,
            original_intent=r.correction.original_intent,
            original_confidence=r.correction.original_confidence,
            corrected_intent=r.correction.corrected_intent,
            corrected_by=names.get(r.correction.corrected_by_id, ""),
            corrected_at=r.correction.updated_at,
            history=[
                CorrectionEventPublic(
                    from_intent=e.from_intent,
                    to_intent=e.to_intent,
                    actor=names.get(e.actor_id, ""),
                    created_at=e.created_at,
                )
                for e in past.get(r.message.id, ())
            ],
        )
        for r in rows
    ]


@router.get("/intents", response_model=IntentList, summary="List the domain's intents")
def list_intents(supervisor: CurrentSupervisor) -> IntentList:
    """The intents a message can be relabelled with (from `domain.yml`)."""
    return IntentList(intents=list(domain_intents()))


@router.put(
    "/messages/{message_id}/intent",
    response_model=CorrectionPublic,
    summary="Relabel a customer message",
    responses=problems(401, 403, 404, 422),
)
def relabel_message(
    message_id: int, body: RelabelRequest, supervisor: CurrentSupervisor, session: SessionDep
) -> CorrectionPublic:
    """Give a customer message the intent it should have had (supervisors). The
    bot's prediction stays recorded; relabelling again updates the correction and
    adds to its history. An intent not in the domain, or a message that is not the
    customer's, is 422."""
    assert supervisor.user is not None
    with refusals():
        correction = corrections.relabel(
            session, message_id, body.intent, actor_id=supervisor.user.id, intents=domain_intents()
        )
    message = corrections.customer_message(session, correction.message_id)
    return to_public(session, [corrections.Corrected(correction, message)])[0]


@router.delete(
    "/messages/{message_id}/intent",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a correction",
    responses=problems(401, 403, 404),
)
def delete_correction(message_id: int, supervisor: CurrentSupervisor, session: SessionDep) -> None:
    """The bot's prediction stands again; the history records the removal."""
    assert supervisor.user is not None
    with refusals():
        corrections.remove_correction(session, message_id, actor_id=supervisor.user.id)


@router.get(
    "/corrections",
    response_model=list[CorrectionPublic],
    summary="List intent corrections",
    responses=problems(401, 403, 422),
)
def list_corrections(
    filters: Annotated[CorrectionFilters, Query()],
    supervisor: CurrentSupervisor,
    session: SessionDep,
) -> list[CorrectionPublic]:
    """Every current correction with its history, oldest message first."""
    return to_public(session, corrections.list_corrections(session, filters.language))
