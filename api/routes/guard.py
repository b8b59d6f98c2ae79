from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import Field

from api.limits import GuardLimit
from api.schemas.base import Out, StrictIn
from api.schemas.problem import problems
from api.services import outgoing

router = APIRouter(prefix="/api/v1/guard", tags=["guard"])


class GuardCheck(StrictIn):
    text: str = Field(max_length=4000, examples=["I'm afraid it's company policy."])
    language: Literal["en", "zh"] | None = None


class ViolationPublic(Out):
    phrase: str
    start: int
    end: int
    category: str
    suggestion: str


class GuardVerdict(Out):
    clean: bool
    language: str
    violations: list[ViolationPublic]


@router.post("/check", response_model=GuardVerdict, responses=problems(413, 422, 429))
def check_text(_limit: GuardLimit, body: GuardCheck) -> GuardVerdict:
    result = outgoing.check(body.text, body.language)
    return GuardVerdict(
        clean=result.clean,
        language=result.language,
        violations=[
            ViolationPublic.model_validate(v, from_attributes=True) for v in result.violations
        ],
    )
