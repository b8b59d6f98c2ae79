from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from api.models.enums import Role
from api.schemas.base import Out, StrictIn


class LoginRequest(StrictIn):
    model_config = ConfigDict(
        str_strip_whitespace=False,  # a password's spaces are part of it
        json_schema_extra={
            "examples": [{"username": "li.na", "password": "correct horse battery"}]
        },
    )
    username: str = Field(min_length=1, max_length=64, examples=["li.na"])
    password: str = Field(min_length=1, max_length=256)


class LoginResult(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJ1aWQiOjF9.Z3x8Qw.kq1...",
                    "token_type": "bearer",
                    "role": "agent",
                    "display_name": "Li Na",
                }
            ]
        }
    )
    access_token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    token_type: Literal["bearer"] = "bearer"
    role: Role
    display_name: str


class StaffPublic(Out):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"id": 1, "username": "li.na", "display_name": "Li Na", "role": "agent"}]
        },
    )
    id: int
    username: str
    display_name: str
    role: Role
