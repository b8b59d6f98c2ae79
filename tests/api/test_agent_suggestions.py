"""Suggested replies for the agent, and how their use is recorded."""

from __future__ import annotations

import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation, GuardIncident, Message, Ticket
from api.models.enums import ConversationState, Language, Sender, SuggestionUse, Tier
from api.replies import ReplyRenderer
from api.security import issue_staff_token
from tests.db import ROOT
from tests.factories import bearer, make_conversation, make_customer, make_staff, make_ticket

ORDER = "SF1234567890"
POLICY = "I'm afraid that's company policy."


def headers_for(session: Session, settings: Settings) -> dict[str, str]:
    return bearer(issue_staff_token(settings.secret_key, make_staff(session).id))


def complaint(
    session: Session, language: Language = Language.EN, tier: Tier = Tier.A, **reading: object
) -> tuple[Conversation, str]:
    """A waiting conversation about a late parcel, with its ticket; returns the ref."""
    customer = make_customer(session, tier=tier)
    customer.name = "Anna Lee"
    conversation = make_conversation(
        session, customer, state=ConversationState.WAITING, language=language
    )
    fields = {"intent": "complain_late_delivery", "confidence": 0.91, "angry": False} | reading
    session.add(
        Message(conversation_id=conversation.id, sender=Sender.CUSTOMER, text="Late!", **fields)
    )
    ticket = make_ticket(
        session, customer=customer, conversation_id=conversation.id, order_number=ORDER
    )
    return conversation, ticket.ref


def suggestions(client: TestClient, conversation: Conversation, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    url = f"/api/v1/agent/conversations/{conversation.id}/suggestions"
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def send(client: TestClient, conversation: Conversation, headers: dict[str, str], **body: object):  # type: ignore[no-untyped-def]
    url = f"/api/v1/agent/conversations/{conversation.id}/messages"
    return client.post(url, json=body, headers=headers)


def test_primary_suggestion_is_a_filled_sandwich_for_the_category(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, ref = complaint(session)
    body = suggestions(client, conversation, headers_for(session, settings))
    primary = body["suggestions"][0]
    assert body["language"] == "en" and primary["kind"] == "primary"
    assert primary["category"] == "late_delivery"
    assert primary["reason"] == {
        "intent": "complain_late_delivery",
        "confidence": 0.91,
        "why": "category",
    }
    text = primary["text"]
    assert "What I will do:" in text and "What you can do:" in text
    assert ORDER in text and ref in text and "Anna Lee" in text
    assert "refund your delivery fee now" in text  # the A-tier remedy
    assert 1 <= len(body["suggestions"]) - 1 <= 2
    assert all(s["kind"] == "alternative" for s in body["suggestions"][1:])


def test_suggestions_say_when_the_customer_hears_back(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, ref = complaint(session)
    body = suggestions(client, conversation, headers_for(session, settings))
    ticket = session.scalars(select(Ticket).where(Ticket.ref == ref)).one()
    due = ticket.due_at.astimezone(ZoneInfo(settings.business_timezone))
    assert f"{due.hour % 12 or 12}:{due.minute:02d}" in body["suggestions"][0]["text"]


def test_suggestions_speak_the_conversations_language(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, ref = complaint(session, language=Language.ZH, tier=Tier.B)
    body = suggestions(client, conversation, headers_for(session, settings))
    text = body["suggestions"][0]["text"]
    assert body["language"] == "zh"
    assert "我要做的是" in text and "您可以做的是" in text and ORDER in text and ref in text
    assert "优先处理" in text  # the B-tier line
    assert "What I will do" not in text


def test_an_angry_customer_gets_a_deescalation_alternative(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session, angry=True, anger=0.93)
    items = suggestions(client, conversation, headers_for(session, settings))["suggestions"]
    assert items[1]["response"] == "suggest_deescalate"
    assert items[1]["reason"]["why"] == "angry"
    owning_it = ("personal responsibility", "deal with it personally", "see it through myself")
    assert any(words in items[0]["text"] for words in owning_it)  # apology first when angry


def test_unsure_reading_offers_a_request_for_details(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session, confidence=0.35)
    items = suggestions(client, conversation, headers_for(session, settings))["suggestions"]
    details = [s for s in items if s["reason"]["why"] == "low_confidence"]
    assert details and details[0]["response"] == "suggest_details"
    assert "understand exactly what happened" in details[0]["text"]


def test_no_customer_message_means_no_suggestions(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation = make_conversation(session, state=ConversationState.WAITING)
    body = suggestions(client, conversation, headers_for(session, settings))
    assert body == {"message_id": None, "language": "en", "suggestions": []}


def test_a_suggestion_the_guard_flags_is_dropped_and_recorded(
    client: TestClient, session: Session, settings: Settings, tmp_path: Path
) -> None:
    responses = tmp_path / "responses"
    shutil.copytree(ROOT / "responses", responses)
    (responses / "en" / "suggest_deescalate.j2").write_text(POLICY, encoding="utf-8")
    client.app.state.renderer = ReplyRenderer(responses)  # type: ignore[attr-defined]
    conversation, _ = complaint(session, angry=True)
    items = suggestions(client, conversation, headers_for(session, settings))["suggestions"]
    assert items and all(POLICY not in s["text"] for s in items)
    assert "suggest_deescalate" not in {s["response"] for s in items}
    incident = session.scalars(select(GuardIncident)).one()
    assert (incident.source, incident.action, incident.response_name) == (
        "suggestion",
        "blocked",
        "suggest_deescalate",
    )
    assert incident.conversation_id == conversation.id and incident.text == POLICY


def last_agent_message(session: Session) -> Message:
    session.expire_all()
    query = select(Message).where(Message.sender == Sender.AGENT).order_by(Message.id.desc())
    return session.scalars(query).first()  # type: ignore[return-value]


def test_sending_a_suggestion_unchanged_is_recorded_as_is(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session)
    headers = headers_for(session, settings)
    text = suggestions(client, conversation, headers)["suggestions"][0]["text"]
    assert send(client, conversation, headers, text=text, suggestion_text=text).status_code == 201
    message = last_agent_message(session)
    assert (message.suggestion_use, message.suggestion_text) == (SuggestionUse.AS_IS, text)


def test_sending_an_edited_suggestion_is_recorded_as_edited(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session)
    headers = headers_for(session, settings)
    text = suggestions(client, conversation, headers)["suggestions"][0]["text"]
    edited = text.replace("Hello Anna Lee", "Hi Anna")
    assert send(client, conversation, headers, text=edited, suggestion_text=text).status_code == 201
    message = last_agent_message(session)
    assert (message.text, message.suggestion_use, message.suggestion_text) == (
        edited,
        SuggestionUse.EDITED,
        text,
    )


def test_writing_your_own_reply_is_recorded_as_rejecting_the_suggestion(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session)
    headers = headers_for(session, settings)
    shown = suggestions(client, conversation, headers)["suggestions"][0]["text"]
    own = "I'm on it now and will message you again within the hour."
    assert send(client, conversation, headers, text=own, suggestion_shown=shown).status_code == 201
    message = last_agent_message(session)
    assert (message.suggestion_use, message.suggestion_text) == (SuggestionUse.REJECTED, shown)


def test_overriding_the_guard_on_an_edited_suggestion_records_an_incident(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session)
    headers = headers_for(session, settings)
    text = suggestions(client, conversation, headers)["suggestions"][0]["text"]
    risky = f"{text} {POLICY}"
    refused = send(client, conversation, headers, text=risky, suggestion_text=text)
    assert refused.status_code == 422
    assert [v["phrase"] for v in refused.json()["violations"]] == ["that's company policy"]
    sent = send(client, conversation, headers, text=risky, suggestion_text=text, override=True)
    assert sent.status_code == 201
    incident = session.scalars(select(GuardIncident)).one()
    assert (incident.source, incident.action, incident.text) == ("agent", "overridden", risky)
    message = last_agent_message(session)
    assert message.suggestion_use is SuggestionUse.EDITED and message.guard
    assert message.guard["overridden"] is True


def test_suggestion_fields_are_checked(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session)
    response = send(
        client, conversation, headers_for(session, settings), text="Hi", suggestion_text="x" * 4001
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.suggestion_text"


def test_suggestions_need_a_staff_login(client: TestClient, session: Session) -> None:
    conversation, _ = complaint(session)
    url = f"/api/v1/agent/conversations/{conversation.id}/suggestions"
    assert client.get(url).status_code == 401


class ParsingRasa:
    """Stands in for Rasa's /model/parse."""

    def __init__(self, parsed: dict[str, object]) -> None:
        self.parsed = parsed
        self.seen: list[str] = []

    async def parse(self, text: str) -> dict[str, object]:
        self.seen.append(text)
        return self.parsed


def test_a_message_the_bot_did_not_read_is_read_before_suggesting(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, _ = complaint(session, intent=None, confidence=None)
    entity = {"entity": "order_number", "value": "JD0012345678", "start": 0, "end": 12}
    rasa = ParsingRasa(
        {"intent": {"name": "complain_damaged_goods", "confidence": 0.88}, "entities": [entity]}
    )
    client.app.state.rasa = rasa  # type: ignore[attr-defined]
    items = suggestions(client, conversation, headers_for(session, settings))["suggestions"]
    assert rasa.seen == ["Late!"]
    assert items[0]["category"] == "damaged_goods"
    assert items[0]["reason"] == {
        "intent": "complain_damaged_goods",
        "confidence": 0.88,
        "why": "category",
    }
    session.expire_all()
    stored = session.scalars(select(Message).where(Message.sender == Sender.CUSTOMER)).one()
    assert (stored.intent, stored.confidence, stored.entities) == (
        "complain_damaged_goods",
        0.88,
        [entity],
    )


def test_suggestions_still_come_when_rasa_cannot_read_the_message(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation, ref = complaint(session, intent=None, confidence=None)  # Rasa is down here
    items = suggestions(client, conversation, headers_for(session, settings))["suggestions"]
    assert items[0]["reason"] == {"intent": None, "confidence": None, "why": "ticket_category"}
    assert items[0]["category"] == "late_delivery" and ref in items[0]["text"]
