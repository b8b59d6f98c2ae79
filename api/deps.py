"""Shared dependencies as Annotated aliases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Path, Request, status
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import HTTPConnection

from api.config import Settings, get_settings
from api.models import Conversation, StaffUser
from api.models.enums import Role
from api.replies import ReplyRenderer
from api.security import constant_time_equals, read_staff_token, token_matches
from api.services.chat import ChatServices
from api.services.rasa import RasaClient
from api.services.realtime import Hub
from api.services.sunset import BusinessHours

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session_factory(request: Request) -> sessionmaker[Session]:
    return request.app.state.session_factory  # type: ignore[no-any-return]


SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_session_factory)]


def get_session(factory: SessionFactoryDep) -> Iterator[Session]:
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa  # type: ignore[no-any-return]


RasaDep = Annotated[RasaClient, Depends(get_rasa)]


def get_renderer(request: Request) -> ReplyRenderer:
    return request.app.state.renderer  # type: ignore[no-any-return]


RendererDep = Annotated[ReplyRenderer, Depends(get_renderer)]


def get_business_hours(settings: SettingsDep) -> BusinessHours:
    return BusinessHours(
        timezone=settings.business_timezone,
        close=settings.business_close,
        cutoff=settings.sunset_cutoff,
        next_morning_by=settings.next_morning_by,
        business_days=frozenset(settings.business_days),
    )


HoursDep = Annotated[BusinessHours, Depends(get_business_hours)]


def bearer(authorization: Annotated[str | None, Header()] = None) -> str:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing bearer token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return authorization[7:].strip()


BearerDep = Annotated[str, Depends(bearer)]


def optional_bearer(authorization: Annotated[str | None, Header()] = None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


OptionalBearer = Annotated[str | None, Depends(optional_bearer)]
UNAUTHORIZED = {"WWW-Authenticate": "Bearer"}


def conversation_for_customer(
    session: SessionDep, token: BearerDep, conversation_id: Annotated[str, Path()]
) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or not token_matches(token, conversation.token_hash):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this token does not open that conversation")
    session.commit()  # give the connection back: a chat turn waits on Rasa for a while
    return conversation


CustomerConversation = Annotated[Conversation, Depends(conversation_for_customer)]


class Principal:
    """Who is calling: the action service or a staff user."""

    def __init__(self, actor: str, user: StaffUser | None = None) -> None:
        self.actor = actor
        self.user = user

    @property
    def is_service(self) -> bool:
        return self.user is None


def staff_user_from(
    request: Request, session: Session, settings: Settings, token: str | None
) -> StaffUser | None:
    raw = token or request.cookies.get("session")
    uid = read_staff_token(settings.secret_key, raw) if raw else None
    user = session.get(StaffUser, uid) if uid is not None else None
    return user if user is not None and user.active else None


def service_or_staff(
    request: Request, session: SessionDep, settings: SettingsDep, token: OptionalBearer
) -> Principal:
    """The service token, or a staff bearer token, or (without a bearer token) the
    staff "session" cookie."""
    if token is not None and constant_time_equals(token, settings.service_token):
        return Principal("service:actions")
    user = staff_user_from(request, session, settings, token)
    if user is None:
        problem = (
            "invalid token" if token or request.cookies.get("session") else "missing bearer token"
        )
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, problem, headers=UNAUTHORIZED)
    return Principal(f"{user.role.value}:{user.username}", user)


ServiceOrStaff = Annotated[Principal, Depends(service_or_staff)]


def require_roles(*roles: Role):  # type: ignore[no-untyped-def]
    def check(principal: ServiceOrStaff) -> Principal:
        if principal.user is None or principal.user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "your role may not do this")
        return principal

    return check


CurrentStaff = Annotated[Principal, Depends(require_roles(Role.AGENT, Role.SUPERVISOR))]
CurrentSupervisor = Annotated[Principal, Depends(require_roles(Role.SUPERVISOR))]


def signed_in_staff(
    request: Request, session: SessionDep, settings: SettingsDep, token: OptionalBearer
) -> StaffUser:
    """A staff member by bearer token or "session" cookie (never the service token)."""
    user = staff_user_from(request, session, settings, token)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "staff login required", headers=UNAUTHORIZED
        )
    return user


SignedInStaff = Annotated[StaffUser, Depends(signed_in_staff)]


def get_hub(request: HTTPConnection) -> Hub:
    return request.app.state.hub  # type: ignore[no-any-return]


HubDep = Annotated[Hub, Depends(get_hub)]


def get_chat_services(request: HTTPConnection) -> ChatServices:
    """The process-wide pieces a chat turn needs (HTTP routes and WebSockets alike)."""
    state = request.app.state
    return ChatServices(state.session_factory, state.rasa, state.renderer, state.hub)


ChatDep = Annotated[ChatServices, Depends(get_chat_services)]
