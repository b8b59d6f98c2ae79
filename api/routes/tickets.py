from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response, status
from sqlalchemy.orm import Session

from api.deps import (
    CurrentStaff,
    CurrentSupervisor,
    HoursDep,
    Principal,
    ServiceOrStaff,
    SessionDep,
    SettingsDep,
)
from api.models import Ticket
from api.schemas.problem import problems
from api.schemas.ticket import (
    NoteCreate,
    TicketCreate,
    TicketEventPublic,
    TicketFilters,
    TicketPage,
    TicketPublic,
    TicketReopen,
    TicketResolve,
    TicketUpdate,
)
from api.services import ticket_changes as changes
from api.services import tickets as ticket_service
from api.services.sunset import BusinessHours
from api.services.ticket_queries import MOST_OVERDUE_FIRST, NEWEST_FIRST, list_tickets
from api.services.transitions import InvalidTransition

router = APIRouter(prefix="/api/v1/tickets", tags=["tickets"])
COMPUTED = ("assignee", "due_today", "overdue")
STORED = [name for name in TicketPublic.model_fields if name not in COMPUTED]


def to_public(ticket: Ticket, hours: BusinessHours, now: datetime | None = None) -> TicketPublic:
    return TicketPublic(
        **{name: getattr(ticket, name) for name in STORED},
        assignee=ticket.assignee.username if ticket.assignee else None,
        due_today=ticket_service.due_today(ticket, hours),
        overdue=ticket_service.overdue(ticket, now),
    )


@contextmanager
def refusals() -> Iterator[None]:
    """Map the core's refusals to HTTP: no such ticket 404, unknown reference 422,
    invalid transition 409."""
    try:
        yield
    except ticket_service.TicketNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except ticket_service.UnknownReference as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    except InvalidTransition as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc


def ticket_by_ref(ref: str, session: SessionDep) -> Ticket:
    with refusals():
        return ticket_service.get_ticket(session, ref)


def locked_ticket_by_ref(ref: str, session: SessionDep, staff: CurrentStaff) -> Ticket:
    """The ticket, locked until the change commits (staff only: checked first)."""
    with refusals():
        return ticket_service.get_ticket(session, ref, for_update=True)


def one_page(
    session: Session, filters: TicketFilters, caller: Principal, hours: BusinessHours, order: Any
) -> TicketPage:
    with refusals():
        page = list_tickets(session, filters, me=caller.user, hours=hours, order=order)
    items = [to_public(t, hours) for t in page.items]
    return TicketPage(items=items, total=page.total, page=filters.page, page_size=filters.page_size)


TicketDep = Annotated[Ticket, Depends(ticket_by_ref)]
LockedTicket = Annotated[Ticket, Depends(locked_ticket_by_ref)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TicketPublic,
    summary="File a ticket",
    responses={
        200: {"description": "Repeated Idempotency-Key: the ticket made the first time."},
        **problems(401, 422),
    },
)
def create_ticket(
    body: TicketCreate,
    session: SessionDep,
    principal: ServiceOrStaff,
    hours: HoursDep,
    response: Response,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> TicketPublic:
    """File a ticket (service token or staff). A repeated request with the same
    `Idempotency-Key` returns the ticket made the first time (200) instead of a second one (201)."""
    with refusals():
        ticket, created = ticket_service.create_ticket(
            session, body, actor=principal.actor, hours=hours, idempotency_key=idempotency_key
        )
    if not created:
        response.status_code = status.HTTP_200_OK
    return to_public(ticket, hours)


@router.get(
    "", response_model=TicketPage, summary="List tickets", responses=problems(401, 403, 422)
)
def list_tickets_route(
    filters: Annotated[TicketFilters, Query()],
    session: SessionDep,
    staff: CurrentStaff,
    hours: HoursDep,
) -> TicketPage:
    """Tickets matching the filters, newest first, one page at a time (staff)."""
    return one_page(session, filters, staff, hours, NEWEST_FIRST)


@router.get(
    "/overdue",
    response_model=TicketPage,
    summary="List overdue tickets",
    responses=problems(401, 403, 422),
)
def list_overdue_tickets(
    filters: Annotated[TicketFilters, Query()],
    session: SessionDep,
    supervisor: CurrentSupervisor,
    hours: HoursDep,
) -> TicketPage:
    """Open tickets past their due time, most overdue first (supervisors). Takes the
    same filters as the ticket list; `overdue` is always true here."""
    overdue = filters.model_copy(update={"overdue": True})
    return one_page(session, overdue, supervisor, hours, MOST_OVERDUE_FIRST)


@router.get(
    "/{ref}", response_model=TicketPublic, summary="Read a ticket", responses=problems(401, 404)
)
def read_ticket(principal: ServiceOrStaff, ticket: TicketDep, hours: HoursDep) -> TicketPublic:
    """One ticket by its public reference, e.g. `CC-7K3Q9M2X` (service token or staff)."""
    return to_public(ticket, hours)


@router.patch(
    "/{ref}",
    response_model=TicketPublic,
    summary="Change status, assignee or priority",
    responses=problems(401, 403, 404, 409, 422),
)
def update_ticket(
    body: TicketUpdate,
    staff: CurrentStaff,
    ticket: LockedTicket,
    session: SessionDep,
    hours: HoursDep,
) -> TicketPublic:
    """Change the given fields (staff). A status change must follow the lifecycle
    (409 with the reason otherwise); an unknown assignee is 422. Every change is
    recorded in the ticket's events."""
    with refusals():
        changes.update_ticket(session, ticket, body, actor=staff.actor, me=staff.user, hours=hours)
    return to_public(ticket, hours)


@router.post(
    "/{ref}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=TicketEventPublic,
    summary="Add a note",
    responses=problems(401, 403, 404, 422),
)
def create_note(
    body: NoteCreate, staff: CurrentStaff, ticket: LockedTicket, session: SessionDep
) -> TicketEventPublic:
    """Add an internal note to the ticket's history (staff)."""
    event = changes.add_note(session, ticket, body.text, actor=staff.actor)
    return TicketEventPublic.model_validate(event)


@router.post(
    "/{ref}/resolve",
    response_model=TicketPublic,
    summary="Resolve a ticket",
    responses=problems(401, 403, 404, 409, 422),
)
def resolve_ticket(
    body: TicketResolve,
    staff: CurrentStaff,
    ticket: LockedTicket,
    session: SessionDep,
    hours: HoursDep,
    settings: SettingsDep,
) -> TicketPublic:
    """Resolve with a resolution text (staff); sets `resolved_at` and schedules
    `follow_up_at`. 409 when the ticket is already resolved or closed."""
    follow_up = timedelta(hours=settings.follow_up_after_hours)
    with refusals():
        changes.resolve_ticket(
            session, ticket, body.resolution, actor=staff.actor, follow_up_after=follow_up
        )
    return to_public(ticket, hours)


@router.post(
    "/{ref}/reopen",
    response_model=TicketPublic,
    summary="Reopen a ticket",
    responses=problems(401, 403, 404, 409, 422),
)
def reopen_ticket(
    staff: CurrentStaff,
    ticket: LockedTicket,
    session: SessionDep,
    hours: HoursDep,
    body: TicketReopen | None = None,
) -> TicketPublic:
    """Reopen a resolved or closed ticket (staff): clears `resolved_at` and gives it a
    new due time by the sunset rule. 409 when the ticket is not resolved or closed."""
    reason = body.reason if body else None
    with refusals():
        changes.reopen_ticket(session, ticket, reason, actor=staff.actor, hours=hours)
    return to_public(ticket, hours)


@router.get(
    "/{ref}/events",
    response_model=list[TicketEventPublic],
    summary="Read a ticket's history",
    responses=problems(401, 403, 404),
)
def read_ticket_events(staff: CurrentStaff, ticket: TicketDep) -> list[TicketEventPublic]:
    """The audit trail, oldest first: who changed what, and when (staff)."""
    return [TicketEventPublic.model_validate(e) for e in ticket.events]
