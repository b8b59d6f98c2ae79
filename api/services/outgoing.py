"""The one phrase guard every outgoing text passes (bot, agent, suggestion)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from api.models import GuardIncident
from bot.guard import GuardResult, get_guard


def check(text: str, language: str | None) -> GuardResult:
    return get_guard().check(text, language)


def violations_json(result: GuardResult) -> list[dict[str, Any]]:
    return [asdict(v) for v in result.violations]


def record_incident(
    session: Session,
    *,
    result: GuardResult,
    text: str,
    source: str,
    action: str,
    conversation_id: str | None = None,
    response_name: str | None = None,
    agent_id: int | None = None,
) -> GuardIncident:
    incident = GuardIncident(
        conversation_id=conversation_id,
        source=source,
        agent_id=agent_id,
        response_name=response_name,
        text=text,
        violations=violations_json(result),
        action=action,
    )
    session.add(incident)
    return incident
