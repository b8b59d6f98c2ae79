"""The staff consoles' pages: ``/login`` and ``/agent`` (the supervisor console
reuses ``render_console``).

A page is a server-rendered shell (``api/templates/console/``) plus plain JS from
``api/static/console/`` that talks to the JSON API with the "session" cookie.
Without a valid cookie a page redirects to ``/login?next=<page>``; a signed-in
staff member whose role may not see the page gets a 403 page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import SessionDep, SettingsDep, staff_user_from
from api.models import StaffUser
from api.models.enums import Role
from api.services.console_text import LANGUAGES, console_strings, pick_language

router = APIRouter(tags=["console"], include_in_schema=False)
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
STAFF_ROLES = (Role.AGENT, Role.SUPERVISOR)
HOME = {Role.AGENT: "/agent", Role.SUPERVISOR: "/supervisor"}


@cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=TEMPLATES_DIR)


def signed_in_viewer(
    request: Request, session: SessionDep, settings: SettingsDep
) -> StaffUser | None:
    """The staff member of the "session" cookie, or None (pages never take bearers)."""
    return staff_user_from(request, session, settings, None)


Viewer = Annotated[StaffUser | None, Depends(signed_in_viewer)]


def staff_language(
    lang: Annotated[str | None, Query(max_length=8)] = None,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> str:
    return pick_language(lang, accept_language)


StaffLanguage = Annotated[str, Depends(staff_language)]


def safe_next(target: str | None) -> str | None:
    """A local path to go to after signing in; anything else (another site,
    ``//host``, a backslash trick) is dropped."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target if all(c.isprintable() and not c.isspace() for c in target) else None


def render_console(
    request: Request,
    viewer: StaffUser | None,
    template: str,
    *,
    language: str,
    roles: Iterable[Role] = STAFF_ROLES,
    sections: tuple[str, ...] = (),
    context: Mapping[str, Any] | None = None,
) -> Response:
    """Render a console page for ``viewer``: redirect to the sign-in page when
    nobody is signed in, a 403 page when the role may not see it."""
    if viewer is None:
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status.HTTP_303_SEE_OTHER)
    if viewer.role not in set(roles):
        return page(request, "console/forbidden.html", language, viewer=viewer, status_code=403)
    return page(request, template, language, viewer=viewer, sections=sections, **(context or {}))


def page(
    request: Request,
    template: str,
    language: str,
    *,
    viewer: StaffUser | None,
    sections: tuple[str, ...] = (),
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    responses_dir = request.app.state.renderer.templates_dir  # settings.responses_dir
    strings = console_strings(responses_dir, language, sections)
    values = {
        "lang": language,
        "strings": strings,
        "viewer": viewer,
        "home": HOME.get(viewer.role) if viewer else None,
        "path": request.url.path,
        "lang_urls": {code: str(request.url.include_query_params(lang=code)) for code in LANGUAGES},
        **context,
    }
    return templates().TemplateResponse(request, template, values, status_code=status_code)


@router.get("/login", response_class=HTMLResponse)
def read_login_page(
    request: Request,
    viewer: Viewer,
    language: StaffLanguage,
    next: Annotated[str | None, Query(max_length=500)] = None,
) -> HTMLResponse:
    """The sign-in form; after signing in the browser goes to ``next`` (a local
    path) or the staff member's home console."""
    return page(request, "console/login.html", language, viewer=viewer, next=safe_next(next))


@router.get("/agent", response_class=HTMLResponse)
def read_agent_console(request: Request, viewer: Viewer, language: StaffLanguage) -> Response:
    """The agent console: live queue, my tickets, conversation, suggestions."""
    return render_console(
        request, viewer, "console/agent.html", language=language, sections=("console_agent",)
    )
