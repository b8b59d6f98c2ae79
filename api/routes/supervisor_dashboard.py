"""The supervisor dashboard's figures for a period of days."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from api.deps import CurrentSupervisor, HoursDep, SessionDep
from api.models.base import utcnow
from api.schemas.dashboard import Dashboard
from api.schemas.problem import problems
from api.services.review_dashboard import BadPeriod, build_dashboard, period

router = APIRouter(prefix="/api/v1/supervisor/dashboard", tags=["supervisor"])


@router.get(
    "", response_model=Dashboard, summary="Dashboard figures", responses=problems(401, 403, 422)
)
def read_dashboard(
    supervisor: CurrentSupervisor,
    session: SessionDep,
    hours: HoursDep,
    date_from: Annotated[date | None, Query()] = None,
    date_to: Annotated[date | None, Query()] = None,
) -> Dashboard:
    """Complaints per category per day, hand-off rate, first-response and resolution
    time, the share resolved within the sunset rule, CSAT average and distribution,
    guard incidents per agent and the messages the bot understood worst, for the
    days `date_from`..`date_to` in the business time zone (default: the last 14
    days; at most 366)."""
    now = utcnow()
    try:
        start, end = period(date_from, date_to, now.astimezone(hours.tz).date())
    except BadPeriod as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return build_dashboard(session, start, end, hours, now)
