"""Error bodies, and the OpenAPI `responses` entries that document them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """Any 4xx except validation: one sentence saying what went wrong."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"detail": "a closed ticket cannot become in_progress"}]}
    )
    detail: str


class FieldProblem(BaseModel):
    field: str = Field(examples=["body.description"])
    problem: str = Field(examples=["String should have at most 4000 characters"])


class ValidationProblem(BaseModel):
    """422: the request was not understood; each entry names a field and its problem."""

    detail: str = Field(examples=["invalid request"])
    errors: list[FieldProblem] = Field(default_factory=list)


_DESCRIPTIONS = {
    401: "No credentials, or credentials that are not valid.",
    403: "Valid credentials whose role may not do this.",
    404: "The referenced resource does not exist.",
    409: "The change conflicts with the resource's current state; `detail` says why.",
    422: "Invalid input: bad JSON, unknown fields, over-long text, invalid values, "
    "or a reference to something that does not exist.",
    413: "The request body is larger than the server accepts.",
    429: "Too many requests from this caller: wait the `Retry-After` seconds.",
}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error status codes."""
    return {
        code: {
            "model": ValidationProblem if code == 422 else Problem,
            "description": _DESCRIPTIONS[code],
        }
        for code in codes
    }
