"""The walking skeleton, end to end, through the customer chat API."""

from __future__ import annotations

import re

import httpx
import pytest

from scripts.stack import Stack

pytestmark = pytest.mark.e2e
REF = re.compile(r"CC-[0-9A-HJKMNP-TV-Z]{8}")


def say(client: httpx.Client, conv: dict[str, str], text: str) -> list[str]:
    response = client.post(
        f"/api/v1/conversations/{conv['id']}/messages",
        json={"text": text},
        headers={"Authorization": f"Bearer {conv['token']}"},
    )
    assert response.status_code == 200, response.text
    return [r["text"] for r in response.json()["replies"]]


def test_health_reports_every_part_up(stack: Stack) -> None:
    response = httpx.get(f"{stack.config.api_url}/healthz")
    assert response.status_code == 200
    assert {p["status"] for p in response.json()["parts"].values()} == {"ok"}


def test_late_parcel_complaint_files_a_ticket_and_answers_with_a_sandwich(stack: Stack) -> None:
    with httpx.Client(base_url=stack.config.api_url, timeout=60) as client:
        conv = client.post("/api/v1/conversations", json={}).json()
        first = " ".join(say(client, conv, "My parcel is three days late"))
        assert "order" in first.lower() and "number" in first.lower()
        assert not REF.search(first)

        final = " ".join(say(client, conv, "SF1234567890"))
        assert "What I will do" in final and "What you can do" in final
        ref = REF.search(final)
        assert ref, final

        service = {"Authorization": f"Bearer {stack.config.service_token}"}
        ticket = client.get(f"/api/v1/tickets/{ref.group()}", headers=service).json()
        assert ticket["category"] == "late_delivery"
        assert ticket["order_number"] == "SF1234567890"
        assert ticket["conversation_id"] == conv["id"]

        transcript = client.get(
            f"/api/v1/conversations/{conv['id']}/messages",
            headers={"Authorization": f"Bearer {conv['token']}"},
        ).json()
        senders = [m["sender"] for m in transcript]
        assert senders[0] == "customer" and senders.count("customer") == 2
        assert transcript[0]["text"] == "My parcel is three days late"
        assert any(ref.group() in m["text"] for m in transcript if m["sender"] == "bot")


def test_chinese_complaint_is_answered_in_chinese(stack: Stack) -> None:
    with httpx.Client(base_url=stack.config.api_url, timeout=60) as client:
        conv = client.post("/api/v1/conversations", json={}).json()
        first = " ".join(say(client, conv, "我的快递三天了还没到，单号SF1234567890"))
        assert "我要做的是" in first and "您可以做的是" in first
        assert REF.search(first)
