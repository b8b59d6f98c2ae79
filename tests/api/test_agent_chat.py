"""The minimal staff endpoints of a live chat: reply, claim, hand back, close."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation, GuardIncident, Message
from api.models.enums import ConversationState, Sender
from api.replies import ReplyContext, ReplyRenderer
from api.security import issue_staff_token
from tests.api.fakes import FakeRasa
from tests.factories import bearer, make_staff, open_conversation

POLICY = "I'm afraid that's company policy."


def staff_headers(session: Session, settings: Settings) -> dict[str, str]:
    return bearer(issue_staff_token(settings.secret_key, make_staff(session).id))


def agent_post(
    client: TestClient, conv: dict[str, str], action: str, headers: dict[str, str], **body: object
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/agent/conversations/{conv['id']}/{action}", json=body or None, headers=headers
    )


def state_of(session: Session, conv: dict[str, str]) -> ConversationState:
    conversation = session.get(Conversation, conv["id"])
    assert conversation is not None
    session.refresh(conversation)
    return conversation.state


def test_agent_endpoints_need_a_staff_login(client: TestClient) -> None:
    conv = open_conversation(client)
    assert agent_post(client, conv, "claim", {}).status_code == 401
    assert agent_post(client, conv, "claim", bearer(conv["token"])).status_code == 401


def test_staff_session_cookie_is_accepted(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    client.cookies.set("session", issue_staff_token(settings.secret_key, make_staff(session).id))
    try:
        response = client.post(f"/api/v1/agent/conversations/{conv['id']}/claim")
    finally:
        client.cookies.clear()
    assert response.status_code == 200 and response.json()["state"] == "agent"


def test_claim_assigns_the_agent(client: TestClient, session: Session, settings: Settings) -> None:
    conv = open_conversation(client)
    agent = make_staff(session)
    response = agent_post(
        client, conv, "claim", bearer(issue_staff_token(settings.secret_key, agent.id))
    )
    assert response.json()["state"] == "agent"
    conversation = session.get_one(Conversation, conv["id"])
    session.refresh(conversation)
    assert conversation.assigned_agent_id == agent.id


def test_flagged_agent_text_is_refused_with_its_violations(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    response = agent_post(client, conv, "messages", staff_headers(session, settings), text=POLICY)
    assert response.status_code == 422
    assert [v["phrase"] for v in response.json()["violations"]] == ["that's company policy"]
    assert session.scalars(select(Message)).all() == []
    assert state_of(session, conv) is ConversationState.BOT


def test_overridden_agent_text_is_sent_and_recorded(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    response = agent_post(
        client, conv, "messages", staff_headers(session, settings), text=POLICY, override=True
    )
    assert response.status_code == 201 and response.json()["text"] == POLICY
    incident = session.scalars(select(GuardIncident)).one()
    assert (incident.source, incident.action, incident.text) == ("agent", "overridden", POLICY)
    message = session.scalars(select(Message)).one()
    assert message.sender is Sender.AGENT and message.guard and message.guard["overridden"] is True


def test_customer_messages_are_not_sent_to_the_bot_while_an_agent_has_the_chat(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    bot = FakeRasa(client.app.state.session_factory)  # type: ignore[attr-defined]
    client.app.state.rasa = bot  # type: ignore[attr-defined]
    agent_post(client, conv, "claim", staff_headers(session, settings))
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "Thanks, waiting."},
        headers=bearer(conv["token"]),
    )
    assert response.json()["state"] == "agent" and response.json()["replies"] == []
    assert bot.seen == []


def test_hand_back_resumes_the_bot_which_says_so(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    headers = staff_headers(session, settings)
    agent_post(client, conv, "claim", headers)
    response = agent_post(client, conv, "handback", headers)
    assert response.status_code == 200 and response.json()["state"] == "bot"
    resumed = ReplyRenderer(settings.responses_dir).render(
        "utter_bot_resumes", ReplyContext(language="en")
    )
    last = session.scalars(select(Message).order_by(Message.id.desc())).first()
    assert last is not None and (last.sender, last.text) == (Sender.BOT, resumed.text)
    assert agent_post(client, conv, "handback", headers).status_code == 409  # already with the bot


def test_close_asks_for_a_rating_and_refuses_later_agent_messages(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    headers = staff_headers(session, settings)
    response = agent_post(client, conv, "close", headers)
    assert response.status_code == 200 and response.json()["state"] == "closed"
    question = session.scalars(select(Message)).one()
    assert question.sender is Sender.SYSTEM and "1 (poor)" in question.text
    late = agent_post(client, conv, "messages", headers, text="One more thing.")
    assert late.status_code == 409
    assert agent_post(client, conv, "close", headers).status_code == 409


def test_unknown_conversation_is_404(
    client: TestClient, session: Session, settings: Settings
) -> None:
    response = client.post(
        "/api/v1/agent/conversations/nope/claim", headers=staff_headers(session, settings)
    )
    assert response.status_code == 404
