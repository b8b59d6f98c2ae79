"""Downloads for supervisors: intent corrections as Rasa NLU training data (YAML)
and CSV; transcripts and tickets as CSV (UTF-8 with BOM, formula-safe cells)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import Response

from api.deps import CurrentSupervisor, HoursDep, SessionDep
from api.models.base import utcnow
from api.schemas.export import CorrectionFilters, TicketExportFilters
from api.schemas.problem import problems
from api.schemas.transcript import TranscriptQuery
from api.services import review_exports as exports
from api.services.review_corrections import list_corrections
from api.services.review_search import matching_ids
from api.services.tickets import UnknownReference

router = APIRouter(prefix="/api/v1/supervisor/exports", tags=["supervisor"])
CSV = "text/csv; charset=utf-8"
YAML = "application/yaml; charset=utf-8"


def download(content: str, media_type: str, filename: str) -> Response:
    stamp = utcnow().strftime("%Y%m%d-%H%M")
    name = filename.replace("{stamp}", stamp)
    return Response(
        content.encode("utf-8"),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _suffix(filters: CorrectionFilters) -> str:
    return f"-{filters.language.value}" if filters.language else ""


@router.get(
    "/corrections.yml",
    response_class=Response,
    summary="Corrections as Rasa NLU training data",
    responses={200: {"content": {YAML: {}}}, **problems(401, 403, 422)},
)
def export_corrections_yaml(
    filters: Annotated[CorrectionFilters, Query()],
    supervisor: CurrentSupervisor,
    session: SessionDep,
) -> Response:
    """The corrected messages in the `data/nlu` format (`version: "3.1"`, one
    `- intent:` block per intent with its `examples: |`), ready to save as e.g.
    `data/nlu/en/corrections.yml` and retrain. Filter by `language` to get one file
    per language folder."""
    rows = list_corrections(session, filters.language)
    name = f"nlu-corrections{_suffix(filters)}-{{stamp}}.yml"
    return download(exports.corrections_yaml(rows), YAML, name)


@router.get(
    "/corrections.csv",
    response_class=Response,
    summary="Corrections as CSV",
    responses={200: {"content": {CSV: {}}}, **problems(401, 403, 422)},
)
def export_corrections_csv(
    filters: Annotated[CorrectionFilters, Query()],
    supervisor: CurrentSupervisor,
    session: SessionDep,
) -> Response:
    rows = list_corrections(session, filters.language)
    name = f"intent-corrections{_suffix(filters)}-{{stamp}}.csv"
    return download(exports.corrections_csv(session, rows), CSV, name)


@router.get(
    "/transcripts.csv",
    response_class=Response,
    summary="Transcripts as CSV",
    responses={200: {"content": {CSV: {}}}, **problems(401, 403, 422)},
)
def export_transcripts_csv(
    filters: Annotated[TranscriptQuery, Query()],
    supervisor: CurrentSupervisor,
    session: SessionDep,
    hours: HoursDep,
) -> Response:
    """One row per message of every conversation the search would find (same
    filters and sort as the transcript list, all pages)."""
    try:
        ids = matching_ids(session, filters, hours=hours, now=utcnow())
    except UnknownReference as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return download(exports.transcripts_csv(session, ids), CSV, "transcripts-{stamp}.csv")


@router.get(
    "/tickets.csv",
    response_class=Response,
    summary="Tickets as CSV",
    responses={200: {"content": {CSV: {}}}, **problems(401, 403, 422)},
)
def export_tickets_csv(
    filters: Annotated[TicketExportFilters, Query()],
    supervisor: CurrentSupervisor,
    session: SessionDep,
    hours: HoursDep,
) -> Response:
    """Every ticket matching the filters, oldest first, with whether the sunset rule
    was kept."""
    content = exports.tickets_csv(session, filters.as_ticket_filters(), hours, utcnow())
    return download(content, CSV, "tickets-{stamp}.csv")
