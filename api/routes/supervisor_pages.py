"""The supervisor console page (``/supervisor``): transcripts, dashboard, learning
loop and exports. Supervisors only: an agent gets the 403 page, nobody signed in
goes to the sign-in page (``render_console`` in ``api/routes/console.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.models.enums import Category, Language, Role, TicketStatus
from api.routes.console import StaffLanguage, Viewer, render_console
from api.schemas.transcript import TranscriptSort

router = APIRouter(tags=["console"], include_in_schema=False)
FLAGS = ("handed_off", "angry", "guard_incident", "sunset_breach", "low_csat", "low_confidence")


@router.get("/supervisor", response_class=HTMLResponse)
def read_supervisor_console(request: Request, viewer: Viewer, language: StaffLanguage) -> Response:
    return render_console(
        request,
        viewer,
        "console/supervisor.html",
        language=language,
        roles=(Role.SUPERVISOR,),
        sections=("console_supervisor",),
        context={
            "categories": [c.value for c in Category],
            "languages": [lang.value for lang in Language],
            "statuses": [s.value for s in TicketStatus],
            "sorts": [s.value for s in TranscriptSort],
            "flags": FLAGS,
        },
    )
