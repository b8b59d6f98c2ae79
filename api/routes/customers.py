"""Customers as staff see them: who they are, and everything that happened with them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy.orm import Session

from api.deps import CurrentStaff, HoursDep, SessionDep
from api.models import Customer
from api.routes.tickets import to_public
from api.schemas.customer import (
    ConversationSummary,
    CsatHistory,
    CsatPublic,
    CustomerCreate,
    CustomerProfile,
    CustomerPublic,
    CustomerUpdate,
)
from api.schemas.problem import problems
from api.services import customers as service
from api.services.sunset import BusinessHours

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])


def customer_by_id(customer_id: int, session: SessionDep, staff: CurrentStaff) -> Customer:
    try:
        return service.get_customer(session, customer_id)
    except service.CustomerNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


CustomerDep = Annotated[Customer, Depends(customer_by_id)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CustomerPublic,
    summary="Create a customer",
    responses=problems(401, 403, 409, 422),
)
def create_customer(
    body: CustomerCreate, session: SessionDep, staff: CurrentStaff
) -> CustomerPublic:
    """Record a new customer (staff). Only a supervisor may give a tier other than C;
    an `external_id` already in use is 409."""
    role = staff.user.role if staff.user else None
    try:
        customer = service.create_customer(session, body, role=role)
    except service.TierNotAllowed as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from exc
    except service.DuplicateCustomer as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return CustomerPublic.model_validate(customer)


@router.get(
    "/{customer_id}",
    response_model=CustomerProfile,
    summary="Read a customer's profile",
    responses=problems(401, 403, 404, 422),
)
def read_customer(customer: CustomerDep, session: SessionDep, hours: HoursDep) -> CustomerProfile:
    """The customer with every ticket and conversation (newest first) and their CSAT
    ratings with the average (staff)."""
    return to_profile(session, customer, hours)


def to_profile(session: Session, customer: Customer, hours: BusinessHours) -> CustomerProfile:
    past = service.history(session, customer.id)
    return CustomerProfile(
        **CustomerPublic.model_validate(customer).model_dump(),
        tickets=[to_public(t, hours) for t in past.tickets],
        conversations=[ConversationSummary.model_validate(c) for c in past.conversations],
        csat=CsatHistory(
            ratings=[CsatPublic.model_validate(r) for r in past.ratings],
            count=len(past.ratings),
            average=past.average_score,
        ),
    )


@router.patch(
    "/{customer_id}",
    response_model=CustomerPublic,
    summary="Change a customer",
    responses=problems(401, 403, 404, 422),
)
def update_customer(
    body: CustomerUpdate, customer: CustomerDep, session: SessionDep, staff: CurrentStaff
) -> CustomerPublic:
    """Change the given fields (staff); changing the tier is for supervisors only (403)."""
    role = staff.user.role if staff.user else None
    try:
        service.update_customer(session, customer, body, role=role)
    except service.TierNotAllowed as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from exc
    return CustomerPublic.model_validate(customer)
