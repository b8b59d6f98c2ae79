"""The agent queue and a conversation in full, as the agent console reads them."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation, Message
from api.models.base import utcnow
from api.models.enums import ConversationState, Sender, TicketStatus, Tier
from api.security import issue_staff_token
from tests.factories import (
    bearer,
    make_conversation,
    make_customer,
    make_rating,
    make_staff,
    make_ticket,
    open_conversation,
)

QUEUE = "/api/v1/agent/queue"
WAITING = ConversationState.WAITING


def staff_login(session: Session, settings: Settings) -> tuple[dict[str, str], int]:
    agent = make_staff(session)
    return bearer(issue_staff_token(settings.secret_key, agent.id)), agent.id


def say(session: Session, conversation: Conversation, text: str, **reading: object) -> Message:
    message = Message(conversation_id=conversation.id, sender=Sender.CUSTOMER, text=text, **reading)
    session.add(message)
    session.commit()
    return message


def waiting(session: Session, tier: Tier, minutes: int, angry: bool = False) -> Conversation:
    customer = make_customer(session, tier=tier)
    since = utcnow() - timedelta(minutes=minutes)
    conversation = make_conversation(session, customer, state=WAITING, waiting_since=since)
    say(session, conversation, "Where is my parcel?", angry=angry, anger=0.9 if angry else 0.1)
    return conversation


def test_queue_needs_a_staff_login(client: TestClient) -> None:
    conv = open_conversation(client)
    assert client.get(QUEUE).status_code == 401
    assert client.get(QUEUE, headers=bearer(conv["token"])).status_code == 401


def test_queue_ranks_by_anger_then_tier_then_waiting_time(
    client: TestClient, session: Session, settings: Settings
) -> None:
    calm_c = waiting(session, Tier.C, minutes=1)
    calm_a = waiting(session, Tier.A, minutes=1)
    angry_c = waiting(session, Tier.C, minutes=1, angry=True)
    long_wait_c = waiting(session, Tier.C, minutes=40)
    make_conversation(session, state=ConversationState.BOT)  # not waiting: not listed
    headers, _ = staff_login(session, settings)
    items = client.get(QUEUE, headers=headers).json()["waiting"]
    expected = [long_wait_c.id, angry_c.id, calm_a.id, calm_c.id]
    assert [i["conversation_id"] for i in items] == expected
    assert [i["score"] for i in items] == [6, 3, 2, 0]
    assert items[1]["angry"] is True and items[1]["anger"] == 0.9
    assert items[2]["tier"] == "A" and items[2]["last_message"] == "Where is my parcel?"


def test_an_overdue_ticket_moves_a_conversation_up(
    client: TestClient, session: Session, settings: Settings
) -> None:
    first = waiting(session, Tier.C, minutes=3)
    overdue = waiting(session, Tier.C, minutes=1)
    ticket = make_ticket(session, due_in=timedelta(minutes=-10), conversation_id=overdue.id)
    headers, _ = staff_login(session, settings)
    items = client.get(QUEUE, headers=headers).json()["waiting"]
    assert [i["conversation_id"] for i in items] == [overdue.id, first.id]
    assert items[0]["ticket_ref"] == ticket.ref and items[0]["ticket_due_at"] is not None


def test_queue_lists_my_conversations_and_open_tickets_but_not_others(
    client: TestClient, session: Session, settings: Settings
) -> None:
    headers, me = staff_login(session, settings)
    _, colleague = staff_login(session, settings)
    agent = ConversationState.AGENT
    mine = make_conversation(session, state=agent, assigned_agent_id=me)
    make_conversation(session, state=agent, assigned_agent_id=colleague)
    later = make_ticket(session, due_in=timedelta(hours=5), assignee_id=me)
    sooner = make_ticket(session, due_in=timedelta(hours=1), assignee_id=me)
    make_ticket(session, assignee_id=me, status=TicketStatus.RESOLVED)
    make_ticket(session, assignee_id=colleague)
    body = client.get(QUEUE, headers=headers).json()
    assert body["waiting"] == []
    assert [i["conversation_id"] for i in body["mine"]] == [mine.id]
    assert [t["ref"] for t in body["my_tickets"]] == [sooner.ref, later.ref]


def test_handoff_records_when_and_claiming_ends_the_wait(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conv = open_conversation(client)
    sent = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": "My parcel is late"},
        headers=bearer(conv["token"]),
    )
    assert sent.json()["state"] == "waiting"  # Rasa is down in API tests: a person is needed
    conversation = session.get_one(Conversation, conv["id"])
    assert conversation.waiting_since is not None
    assert conversation.handed_off_at == conversation.waiting_since
    headers, _ = staff_login(session, settings)
    queued = client.get(QUEUE, headers=headers).json()["waiting"]
    assert [i["conversation_id"] for i in queued] == [conv["id"]]
    claim = client.post(f"/api/v1/agent/conversations/{conv['id']}/claim", headers=headers)
    assert claim.status_code == 200
    session.refresh(conversation)
    assert conversation.waiting_since is None and conversation.handed_off_at is not None
    assert client.get(QUEUE, headers=headers).json()["waiting"] == []


def test_conversation_detail_has_readings_profile_history_and_ticket(
    client: TestClient, session: Session, settings: Settings
) -> None:
    customer = make_customer(session, tier=Tier.A)
    earlier = make_conversation(session, customer)
    make_rating(session, earlier, 2, "Slow.")
    old_ticket = make_ticket(session, customer=customer, category="billing")
    conversation = make_conversation(session, customer, state=WAITING)
    say(session, conversation, "It arrived broken!", intent="complain_damaged_goods",
        confidence=0.87, anger=0.72, angry=True)  # fmt: skip
    ticket = make_ticket(session, customer=customer, conversation_id=conversation.id)
    headers, _ = staff_login(session, settings)
    body = client.get(f"/api/v1/agent/conversations/{conversation.id}", headers=headers).json()
    said = body["transcript"][0]
    assert (said["text"], said["intent"], said["confidence"]) == (
        "It arrived broken!",
        "complain_damaged_goods",
        0.87,
    )
    assert said["anger"] == 0.72 and said["angry"] is True
    assert body["customer"]["tier"] == "A"
    assert {t["ref"] for t in body["customer"]["tickets"]} == {old_ticket.ref, ticket.ref}
    assert body["customer"]["csat"]["average"] == 2.0
    assert body["ticket"]["ref"] == ticket.ref and body["state"] == "waiting"


def test_conversation_detail_of_an_unknown_id_is_404(
    client: TestClient, session: Session, settings: Settings
) -> None:
    headers, _ = staff_login(session, settings)
    response = client.get("/api/v1/agent/conversations/nope", headers=headers)
    assert response.status_code == 404 and "nope" in response.json()["detail"]


def test_claiming_is_announced_to_every_agent(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation = waiting(session, Tier.C, minutes=2)
    headers, _ = staff_login(session, settings)
    token = headers["Authorization"].removeprefix("Bearer ")
    with client.websocket_connect(f"/api/v1/agent/ws?token={token}") as agents:
        client.post(f"/api/v1/agent/conversations/{conversation.id}/claim", headers=headers)
        event = agents.receive_json()
    assert event["type"] == "conversation_state" and event["state"] == "agent"
    assert event["conversation_id"] == conversation.id and event["agent"]
