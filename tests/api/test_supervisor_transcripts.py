"""Supervisors search transcripts (text, filters, sorting, pages) and read one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Conversation, ConversationReview, ReviewTag, StaffUser
from api.models.base import utcnow
from api.models.enums import (
    Category,
    ConversationState,
    Language,
    Sender,
    SuggestionUse,
    TicketStatus,
)
from tests.factories import make_conversation, make_customer, make_rating, make_ticket
from tests.review_data import agent, flag, say, supervisor

URL = "/api/v1/supervisor/transcripts"
DAY = timedelta(days=1)


@dataclass
class World:
    """One conversation per property a filter looks for."""

    headers: dict[str, str]
    agent: StaffUser
    ids: dict[str, str]


@pytest.fixture
def world(session: Session, settings: Settings) -> World:
    boss, headers = supervisor(session, settings)
    worker, _ = agent(session, settings)
    now = utcnow()
    made: dict[str, Conversation] = {}

    def conversation(name: str, days_ago: int = 0, **fields: object) -> Conversation:
        made[name] = make_conversation(session, created_at=now - days_ago * DAY, **fields)
        return made[name]

    say(session, conversation("plain", days_ago=9), "Hello there", intent="greet", confidence=0.98)
    c = conversation("chinese", language=Language.ZH)
    say(session, c, "我的包裹丢了", intent="complain_lost_parcel", confidence=0.9)
    say(session, conversation("angry"), "THIS IS A JOKE", angry=True, anger=0.93)
    c = conversation("handed_off", handed_off_at=now, state=ConversationState.AGENT)
    say(session, c, "I'll check that for you", Sender.AGENT, agent_id=worker.id)
    flag(session, conversation("incident"), worker)
    c = conversation("breach")
    make_ticket(session, conversation_id=c.id, due_in=-DAY, category=Category.BILLING)
    make_rating(session, conversation("low_csat"), 1)
    say(session, conversation("unsure"), "hmm the thing", intent="nlu_fallback", confidence=0.45)
    c = conversation("reviewed")
    session.add(ConversationReview(conversation_id=c.id, reviewer_id=boss.id, reviewed_at=now))
    c = conversation("tagged")
    session.add(ReviewTag(conversation_id=c.id, tag="coaching", author_id=boss.id))
    session.commit()
    return World(headers, worker, {name: conv.id for name, conv in made.items()})


def found(client: TestClient, world: World, **params: object) -> set[str]:
    response = client.get(URL, params={"page_size": 100, **params}, headers=world.headers)
    assert response.status_code == 200, response.text
    names = {v: k for k, v in world.ids.items()}
    return {names[item["id"]] for item in response.json()["items"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"handed_off": True}, {"handed_off"}),
        ({"angry": True}, {"angry"}),
        ({"guard_incident": True}, {"incident"}),
        ({"sunset_breach": True}, {"breach"}),
        ({"low_csat": True}, {"low_csat"}),
        ({"low_confidence": True}, {"unsure"}),
        ({"low_confidence": True, "confidence_below": 0.95}, {"unsure", "chinese"}),
        ({"reviewed": True}, {"reviewed"}),
        ({"tag": "coaching"}, {"tagged"}),
        ({"language": "zh"}, {"chinese"}),
        ({"category": "billing"}, {"breach"}),
        ({"category": "lost_parcel"}, {"chinese"}),
        ({"q": "joke"}, {"angry"}),
        ({"q": "包裹"}, {"chinese"}),
        ({"q": "%"}, set()),
        ({"angry": True, "handed_off": True}, set()),
    ],
)
def test_each_filter_keeps_exactly_the_matching_conversations(
    client: TestClient, world: World, params: dict[str, object], expected: set[str]
) -> None:
    assert found(client, world, **params) == expected


def test_a_false_filter_keeps_the_others(client: TestClient, world: World) -> None:
    assert found(client, world, guard_incident=False) == set(world.ids) - {"incident"}


def test_agent_filter_finds_conversations_the_agent_took_part_in(
    client: TestClient, world: World
) -> None:
    assert found(client, world, agent=world.agent.username) == {"handed_off"}
    assert found(client, world, agent=str(world.agent.id)) == {"handed_off"}


def test_unknown_agent_is_a_clear_422(client: TestClient, world: World) -> None:
    response = client.get(URL, params={"agent": "nobody-here"}, headers=world.headers)
    assert response.status_code == 422
    assert "nobody-here" in response.json()["detail"]


def test_date_window_uses_business_days(client: TestClient, world: World) -> None:
    today = utcnow().date()
    assert "plain" not in found(client, world, date_from=(today - 2 * DAY).isoformat())
    assert found(client, world, date_to=(today - 8 * DAY).isoformat()) == {"plain"}


def test_sorting_and_pages(client: TestClient, world: World) -> None:
    first = client.get(
        URL, params={"sort": "lowest_confidence", "page_size": 2}, headers=world.headers
    ).json()
    assert first["total"] == len(world.ids)
    assert [i["id"] for i in first["items"]] == [world.ids["unsure"], world.ids["chinese"]]
    oldest = client.get(URL, params={"sort": "oldest", "page_size": 1}, headers=world.headers)
    assert oldest.json()["items"][0]["id"] == world.ids["plain"]
    page_2 = client.get(URL, params={"page": 2, "page_size": 8}, headers=world.headers).json()
    assert len(page_2["items"]) == len(world.ids) - 8 and page_2["page"] == 2


def test_summary_line_says_what_happened(client: TestClient, world: World) -> None:
    items = client.get(URL, params={"page_size": 100}, headers=world.headers).json()["items"]
    by_id = {i["id"]: i for i in items}
    assert by_id[world.ids["angry"]]["angry"] is True
    assert by_id[world.ids["angry"]]["preview"] == "THIS IS A JOKE"
    assert by_id[world.ids["incident"]]["guard_incidents"] == 1
    assert by_id[world.ids["breach"]]["categories"] == ["billing"]
    assert by_id[world.ids["breach"]]["sunset_breach"] is True
    assert by_id[world.ids["handed_off"]]["agents"] == [world.agent.username]
    assert by_id[world.ids["low_csat"]]["csat"] == 1
    assert by_id[world.ids["tagged"]]["tags"] == ["coaching"]
    assert by_id[world.ids["reviewed"]]["reviewed"] is True
    assert by_id[world.ids["plain"]]["min_confidence"] == pytest.approx(0.98)


def test_agents_may_not_search_or_read_transcripts(
    client: TestClient, session: Session, settings: Settings
) -> None:
    conversation = make_conversation(session, messages=1)
    _, headers = agent(session, settings)
    assert client.get(URL, headers=headers).status_code == 403
    assert client.get(f"{URL}/{conversation.id}", headers=headers).status_code == 403
    assert client.get(URL).status_code == 401


def test_unknown_parameter_and_bad_values_are_422(client: TestClient, world: World) -> None:
    for params in ({"colour": "red"}, {"sort": "random"}, {"confidence_below": 2}):
        assert client.get(URL, params=params, headers=world.headers).status_code == 422


def test_transcript_shows_every_message_with_what_was_known(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    worker, _ = agent(session, settings)
    customer = make_customer(session)
    conversation = make_conversation(session, customer, handed_off_at=utcnow())
    said = say(session, conversation, "where is it", intent="greet", confidence=0.31, anger=0.2)
    say(session, conversation, "Let me look", Sender.BOT, guard={"clean": True})
    say(
        session, conversation, "Sorry, checking now", Sender.AGENT, agent_id=worker.id,
        suggestion_use=SuggestionUse.EDITED, suggestion_text="Checking now",
        guard={"clean": True},
    )  # fmt: skip
    flag(session, conversation, worker)
    ticket = make_ticket(session, conversation_id=conversation.id, status=TicketStatus.RESOLVED)
    ticket.resolved_at = ticket.created_at + timedelta(hours=1)
    session.commit()
    make_rating(session, conversation, 4, "ok")
    body = client.get(f"{URL}/{conversation.id}", headers=headers).json()
    first, _, last = body["messages"]
    assert (first["id"], first["intent"], first["confidence"]) == (said.id, "greet", 0.31)
    assert first["corrected_intent"] is None and first["anger"] == 0.2
    assert (last["agent"], last["suggestion_use"], last["suggestion_text"]) == (
        worker.username, "edited", "Checking now",
    )  # fmt: skip
    assert last["guard"] == {"clean": True} and body["handed_off"] is True
    assert body["incidents"][0]["agent"] == worker.username
    assert body["tickets"][0]["ref"] == ticket.ref
    assert body["tickets"][0]["sunset_breach"] is False
    assert body["csat"] == {"score": 4, "comment": "ok"} and body["customer"] == customer.name


def test_unknown_transcript_is_404(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    response = client.get(f"{URL}/no-such-conversation", headers=headers)
    assert response.status_code == 404 and "no-such-conversation" in response.json()["detail"]
