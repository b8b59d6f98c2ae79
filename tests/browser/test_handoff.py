"""Hand-off to a person: the agent's reply arrives live, then the rating."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from api.db import get_sessionmaker
from api.models import CsatRating
from api.security import issue_staff_token
from scripts.stack import Stack
from tests.browser.widget import BOT_TIMEOUT, Widget, screenshot, ui
from tests.factories import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
AGENT_TEXT = "Hi, this is Li from customer care. I'm chasing the courier for you now."


def staff_client(stack: Stack, database_url: str) -> httpx.Client:
    with get_sessionmaker(database_url)() as session:
        staff = make_staff(session)
    token = issue_staff_token(stack.config.secret_key, staff.id)
    return httpx.Client(
        base_url=f"{stack.config.api_url}/api/v1/agent/conversations",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_handoff_agent_reply_arrives_live_then_the_customer_rates(
    page: Page, stack: Stack, database_url: str
) -> None:
    en = ui("en")
    widget = Widget(page, stack.config.api_url).open("en")
    talk = page.get_by_role("button", name=en["talk_to_person"])
    talk.focus()
    page.keyboard.press("Enter")
    expect(widget.log).to_contain_text("bringing in a colleague", timeout=BOT_TIMEOUT)
    waiting = re.escape(en["waiting_for_person"]).replace(re.escape("{minutes}"), r"\d+")
    expect(page.get_by_role("status").filter(has_text=re.compile(waiting))).to_be_visible()
    expect(talk).to_be_hidden()

    conv_id = widget.stored_conversation()["id"]
    with staff_client(stack, database_url) as agent:
        assert agent.post(f"/{conv_id}/typing").status_code == 204
        expect(page.get_by_text(en["agent_typing"])).to_be_visible()
        assert agent.post(f"/{conv_id}/messages", json={"text": AGENT_TEXT}).status_code == 201
        expect(widget.messages("agent")).to_have_text([AGENT_TEXT])
        expect(page.get_by_role("status").filter(has_text=en["with_agent"])).to_be_visible()
        assert agent.post(f"/{conv_id}/close").status_code == 200

    expect(page.get_by_role("group", name=en["csat_question"])).to_be_visible()
    page.get_by_role("radio", name=en["csat_score"].format(score=4)).focus()
    page.keyboard.press("Space")
    page.get_by_label(en["csat_comment_label"]).fill("Quick and kind.")
    page.get_by_role("button", name=en["csat_submit"]).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(en["csat_thanks"])).to_be_visible()
    screenshot(page, "handoff-csat-phone")
    with get_sessionmaker(database_url)() as session:
        rating = session.scalars(
            select(CsatRating).where(CsatRating.conversation_id == conv_id)
        ).one()
    assert (rating.score, rating.comment) == (4, "Quick and kind.")
