"""Staff sign-in: checks a username and password without revealing which was wrong."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import StaffUser
from api.security import hash_password, verify_password


@lru_cache
def _decoy_hash() -> str:
    """Checked against when the user does not exist, so both cases take as long."""
    return hash_password("decoy password", salt="0" * 32)


def authenticate(session: Session, username: str, password: str) -> StaffUser | None:
    """The active staff member with these credentials, or None."""
    user = session.scalars(select(StaffUser).where(StaffUser.username == username)).one_or_none()
    if user is None:
        verify_password(password, _decoy_hash())
        return None
    if not verify_password(password, user.password_hash) or not user.active:
        return None
    return user
