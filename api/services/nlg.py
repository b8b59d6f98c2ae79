"""Rasa's NLG-server protocol: name a response, get the text in the customer's voice.

The context comes from the tracker Rasa sends, the arguments an action passed, and
the database (customer tier, language). Every render passes the phrase guard; a
render that fails it is replaced by the safe fallback and recorded as an incident.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from api.models import Conversation, Message
from api.models.enums import Tier
from api.replies import RenderedReply, ReplyContext, ReplyRenderer, TicketSummary
from api.services import outgoing

SAFE_FALLBACK = "utter_safe_fallback"


def build_context(session: Session, request: dict[str, Any], tz: tzinfo) -> ReplyContext:
    tracker = request.get("tracker") or {}
    slots = tracker.get("slots") or {}
    args = request.get("arguments") or {}
    latest = tracker.get("latest_message") or {}
    metadata = latest.get("metadata") or {}
    conversation = session.get(Conversation, str(tracker.get("sender_id", "")))
    customer = conversation.customer if conversation else None
    language = slots.get("language") or metadata.get("language")
    if language not in ("en", "zh"):
        language = conversation.language.value if conversation else "en"
    return ReplyContext(
        language="zh" if language == "zh" else "en",
        category=args.get("category") or slots.get("category"),
        tier=(customer.tier if customer else Tier.C).value,
        angry=bool(slots.get("angry") or metadata.get("angry")),
        urgent=bool(metadata.get("urgent")),
        order_number=args.get("order_number") or slots.get("order_number"),
        description=slots.get("description"),
        ticket_ref=args.get("ticket_ref") or slots.get("ticket_ref"),
        ticket_status=args.get("ticket_status"),
        due_at=_when(args.get("due_at"), tz),
        due_today=bool(args.get("due_today", True)),
        customer_name=customer.name if customer else None,
        tickets=tuple(_ticket(t, tz) for t in args.get("tickets") or ()),
        attempts=int(slots.get("failed_attempts") or 0),
        wait_minutes=args.get("wait_minutes"),
        variant=sum(1 for e in tracker.get("events") or () if e.get("event") == "bot"),
    )


def _when(value: Any, tz: tzinfo) -> datetime | None:
    """An ISO time from an action, shown in the business time zone."""
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(tz) if moment.tzinfo else moment.replace(tzinfo=tz)


def _ticket(data: dict[str, Any], tz: tzinfo) -> TicketSummary:
    return TicketSummary(
        ref=data["ref"],
        category=data["category"],
        status=data["status"],
        due_at=_when(data.get("due_at"), tz),
    )


def generate(
    session: Session, renderer: ReplyRenderer, request: dict[str, Any], tz: tzinfo
) -> RenderedReply:
    name = str(request.get("response") or "")
    ctx = build_context(session, request, tz)
    rendered = renderer.render(name, ctx)
    result = outgoing.check(rendered.text, ctx.language)
    if not result.clean:
        conversation_id = str((request.get("tracker") or {}).get("sender_id") or "") or None
        outgoing.record_incident(
            session,
            result=result,
            text=rendered.text,
            source="nlg",
            action="replaced",
            conversation_id=_existing(session, conversation_id),
            response_name=name,
        )
        rendered = renderer.render(SAFE_FALLBACK, ctx)
    record_understanding(session, request)
    session.commit()
    return rendered


def _existing(session: Session, conversation_id: str | None) -> str | None:
    if conversation_id and session.get(Conversation, conversation_id):
        return conversation_id
    return None


def record_understanding(session: Session, request: dict[str, Any]) -> None:
    """Copy Rasa's reading of the customer message (intent, confidence, entities)
    onto the stored message the API sent, once."""
    latest = (request.get("tracker") or {}).get("latest_message") or {}
    message_id = (latest.get("metadata") or {}).get("message_id")
    message = session.get(Message, message_id) if isinstance(message_id, int) else None
    sender = (request.get("tracker") or {}).get("sender_id")
    if message is None or message.conversation_id != sender or message.intent is not None:
        return
    intent = latest.get("intent") or {}
    message.intent = intent.get("name")
    message.confidence = intent.get("confidence")
    message.entities = [
        {k: e.get(k) for k in ("entity", "value", "start", "end")}
        for e in latest.get("entities") or ()
    ]
