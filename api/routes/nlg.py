"""Rasa's NLG endpoint (Rasa calls it; `endpoints.yml` points `nlg` here)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, status

from api.deps import HoursDep, RendererDep, SessionDep, SettingsDep
from api.security import constant_time_equals
from api.services.nlg import generate

router = APIRouter(tags=["nlg"])


@router.post("/nlg")
def generate_response(
    session: SessionDep,
    renderer: RendererDep,
    settings: SettingsDep,
    hours: HoursDep,
    request: Annotated[dict[str, Any], Body()],
    token: Annotated[str, Query()] = "",
) -> dict[str, Any]:
    if not constant_time_equals(token, settings.nlg_token):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid NLG token")
    if not isinstance(request.get("response"), str):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "'response' must name a response"
        )
    try:
        rendered = generate(session, renderer, request, hours.tz)
    except KeyError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown response: {exc}") from exc
    buttons = [{"title": b.title, "payload": b.payload} for b in rendered.buttons]
    return {
        "text": rendered.text,
        "buttons": buttons,
        "image": None,
        "elements": [],
        "attachments": [],
        "custom": {},
    }
