from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Response, status
from sqlalchemy import select

from api.deps import HoursDep, ServiceOrStaff, SessionDep
from api.models import Ticket
from api.schemas.ticket import TicketCreate, TicketPublic
from api.services import tickets as ticket_service
from api.services.sunset import BusinessHours

router = APIRouter(prefix="/api/v1/tickets", tags=["tickets"])


def to_public(ticket: Ticket, hours: BusinessHours) -> TicketPublic:
    data = {name: getattr(ticket, name) for name in TicketPublic.model_fields if name != "due_today"}
    return TicketPublic(**data, due_today=ticket_service.due_today(ticket, hours))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=TicketPublic)
def create_ticket(
    body: TicketCreate,
    session: SessionDep,
    principal: ServiceOrStaff,
    hours: HoursDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> TicketPublic:
    """File a ticket. A repeated request with the same `Idempotency-Key` returns the
    ticket made the first time (200) instead of a second one (201)."""
    try:
        ticket, created = ticket_service.create_ticket(
            session, body, actor=principal.actor, hours=hours, idempotency_key=idempotency_key
        )
    except ticket_service.UnknownReference as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    if not created:
        response.status_code = status.HTTP_200_OK
    return to_public(ticket, hours)


@router.get("/{ref}", response_model=TicketPublic)
def read_ticket(ref: str, session: SessionDep, principal: ServiceOrStaff, hours: HoursDep) -> TicketPublic:
    ticket = session.scalars(select(Ticket).where(Ticket.ref == ref.upper())).one_or_none()
    if ticket is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no ticket {ref}")
    return to_public(ticket, hours)
