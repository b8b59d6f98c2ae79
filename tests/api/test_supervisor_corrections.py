"""The learning loop: relabel misread customer messages, keep the prediction and the
history, export the corrections as Rasa NLU data and CSV."""

from __future__ import annotations

import csv
import io

import yaml
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models import Message
from api.models.enums import Language, Sender
from tests.factories import make_conversation
from tests.review_data import agent, say, supervisor

API = "/api/v1/supervisor"


def relabel(client: TestClient, message: Message, intent: str, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    return client.put(
        f"{API}/messages/{message.id}/intent", json={"intent": intent}, headers=headers
    )


def test_relabel_keeps_the_prediction_and_records_who(
    client: TestClient, session: Session, settings: Settings
) -> None:
    boss, headers = supervisor(session, settings)
    message = say(
        session, make_conversation(session), "parcel never came", intent="greet", confidence=0.4
    )
    response = relabel(client, message, "complain_lost_parcel", headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["original_intent"], body["original_confidence"]) == ("greet", 0.4)
    assert (body["corrected_intent"], body["corrected_by"]) == (
        "complain_lost_parcel",
        boss.username,
    )
    session.refresh(message)
    assert (message.intent, message.confidence) == ("greet", 0.4)  # never overwritten
    detail = client.get(f"{API}/transcripts/{message.conversation_id}", headers=headers).json()
    assert detail["messages"][0]["corrected_intent"] == "complain_lost_parcel"
    assert detail["messages"][0]["intent"] == "greet"


def test_relabelling_again_updates_and_keeps_history(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    message = say(
        session, make_conversation(session), "money taken twice", intent="greet", confidence=0.3
    )
    relabel(client, message, "request_refund", headers)
    body = relabel(client, message, "complain_billing", headers).json()
    assert body["corrected_intent"] == "complain_billing"
    assert body["original_intent"] == "greet"
    steps = [(e["from_intent"], e["to_intent"]) for e in body["history"]]
    assert steps == [(None, "request_refund"), ("request_refund", "complain_billing")]
    listed = client.get(f"{API}/corrections", headers=headers).json()
    assert [c["corrected_intent"] for c in listed] == ["complain_billing"]


def test_removing_a_correction_restores_the_prediction(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    message = say(session, make_conversation(session), "hi", intent="greet", confidence=0.5)
    relabel(client, message, "goodbye", headers)
    assert client.delete(f"{API}/messages/{message.id}/intent", headers=headers).status_code == 204
    assert client.get(f"{API}/corrections", headers=headers).json() == []
    assert client.delete(f"{API}/messages/{message.id}/intent", headers=headers).status_code == 404


def test_unknown_intent_and_non_customer_messages_are_422(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    conversation = make_conversation(session)
    customer = say(session, conversation, "hi", intent="greet", confidence=0.5)
    bot = say(session, conversation, "Hello!", Sender.BOT)
    wrong = relabel(client, customer, "complain_weather", headers)
    assert wrong.status_code == 422 and "complain_weather" in wrong.json()["detail"]
    assert relabel(client, customer, "nlu_fallback", headers).status_code == 422
    not_customer = relabel(client, bot, "greet", headers)
    assert not_customer.status_code == 422 and "bot" in not_customer.json()["detail"]
    assert (
        client.put(
            f"{API}/messages/999999/intent", json={"intent": "greet"}, headers=headers
        ).status_code
        == 404
    )


def test_intents_come_from_the_domain(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    intents = client.get(f"{API}/intents", headers=headers).json()["intents"]
    assert intents[0] == "complain_late_delivery" and "request_human" in intents
    assert "nlu_fallback" not in intents


def test_agents_may_not_relabel_or_export(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = agent(session, settings)
    message = say(session, make_conversation(session), "hi")
    assert relabel(client, message, "greet", headers).status_code == 403
    assert client.get(f"{API}/exports/corrections.yml", headers=headers).status_code == 403


def test_nlu_export_is_training_data_per_intent(
    client: TestClient, session: Session, settings: Settings
) -> None:
    _, headers = supervisor(session, settings)
    en = make_conversation(session)
    zh = make_conversation(session, language=Language.ZH)
    lost = say(
        session, en, "parcel SF1234567890\nnever came", intent="greet", confidence=0.2,
        entities=[{"entity": "order_number", "value": "SF1234567890", "start": 7, "end": 19}],
    )  # fmt: skip
    fake = say(session, en, "see [this](link) please", intent="greet", confidence=0.3)
    chinese = say(session, zh, "我要退款", intent="greet", confidence=0.3)
    for message, intent in (
        (lost, "complain_lost_parcel"),
        (fake, "deny"),
        (chinese, "request_refund"),
    ):
        relabel(client, message, intent, headers)
    response = client.get(f"{API}/exports/corrections.yml", headers=headers)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    text = response.text
    assert text.startswith(
        'version: "3.1"\n\nnlu:\n- intent: complain_lost_parcel\n  examples: |\n'
    )
    data = yaml.safe_load(text)
    examples = {block["intent"]: block["examples"] for block in data["nlu"]}
    assert examples == {
        "complain_lost_parcel": "- parcel [SF1234567890](order_number) never came\n",
        "request_refund": "- 我要退款\n",
        "deny": "- see (this)(link) please\n",
    }
    only_zh = client.get(
        f"{API}/exports/corrections.yml", params={"language": "zh"}, headers=headers
    )
    assert [b["intent"] for b in yaml.safe_load(only_zh.text)["nlu"]] == ["request_refund"]


def test_corrections_csv(client: TestClient, session: Session, settings: Settings) -> None:
    boss, headers = supervisor(session, settings)
    message = say(
        session, make_conversation(session), "=HYPERLINK(1)", intent="greet", confidence=0.25
    )
    relabel(client, message, "deny", headers)
    response = client.get(f"{API}/exports/corrections.csv", headers=headers)
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["text"] == "'=HYPERLINK(1)"
    assert (rows[0]["original_intent"], rows[0]["corrected_intent"]) == ("greet", "deny")
    assert rows[0]["original_confidence"] == "0.25" and rows[0]["corrected_by"] == boss.username
