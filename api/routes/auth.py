"""Staff sign-in: a bearer token for the API and the same signed token as an
HttpOnly "session" cookie for the pages."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response, status

from api.deps import UNAUTHORIZED, SessionDep, SettingsDep, SignedInStaff
from api.limits import LoginLimit
from api.schemas.auth import LoginRequest, LoginResult, StaffPublic
from api.schemas.problem import problems
from api.security import STAFF_TOKEN_MAX_AGE, issue_staff_token
from api.services.auth import authenticate

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
SESSION_COOKIE = "session"


@router.post("/login", response_model=LoginResult, summary="Sign in", responses=problems(401, 422))
def login(
    _limit: LoginLimit,
    body: LoginRequest,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> LoginResult:
    """Exchange a staff username and password for a bearer token; also sets the
    HttpOnly, SameSite=Lax "session" cookie. Wrong credentials get the same 401
    whether or not the user exists."""
    user = authenticate(session, body.username, body.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "wrong username or password", headers=UNAUTHORIZED
        )
    token = issue_staff_token(settings.secret_key, user.id)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=STAFF_TOKEN_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=settings.app_env == "production",
    )
    return LoginResult(access_token=token, role=user.role, display_name=user.display_name)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Sign out")
def logout(response: Response) -> None:
    """Clear the session cookie (a bearer token simply stops being sent)."""
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")


@router.get("/me", response_model=StaffPublic, summary="Who am I", responses=problems(401))
def read_me(user: SignedInStaff) -> StaffPublic:
    """The signed-in staff member (bearer token or session cookie)."""
    return StaffPublic.model_validate(user)
