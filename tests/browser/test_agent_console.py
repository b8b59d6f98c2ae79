"""The agent console: a hand-off appears live, the agent answers with an edited
suggestion past the phrase guard, and the customer's widget shows it live."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from api.db import get_sessionmaker
from api.models import Message
from api.models.enums import Sender, SuggestionUse
from api.security import issue_staff_token
from scripts.stack import ROOT, Stack
from tests.browser.widget import BOT_TIMEOUT, REF, Widget, screenshot, ui
from tests.factories import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
PASSWORD = "console-pw-1"
DESKTOP = {"width": 1366, "height": 900}
ORDER = "SF1234567890"
BLACKLISTED = " It's company policy to check first."
EDIT = "Hi again, thanks for waiting. "
LATER = "The box was badly damaged too"


def console_strings(lang: str = "en") -> dict[str, str]:
    strings: dict[str, str] = {}
    for name in ("console_common", "console_agent"):
        path: Path = ROOT / "responses" / lang / f"{name}.yml"
        strings |= yaml.safe_load(path.read_text("utf-8"))
    return strings


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    """A desktop-sized page for the agent, in its own browser profile."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def sign_in(console: Page, stack: Stack, database_url: str, s: dict[str, str]) -> str:
    with get_sessionmaker(database_url)() as session:
        agent = make_staff(session, password=PASSWORD)
        username, agent_id = agent.username, agent.id
    console.goto(f"{stack.config.api_url}/agent?lang=en")
    expect(console).to_have_url(re.compile(r"/login\?next=/agent"))
    console.get_by_label(s["login_username"]).fill(username)
    console.get_by_label(s["login_password"]).fill(PASSWORD)
    console.get_by_role("button", name=s["login_submit"]).click()
    expect(console).to_have_url(re.compile(r"/agent\?lang=en$"))
    expect(console.locator("#queue-live")).to_have_attribute("data-state", "on")
    return issue_staff_token(stack.config.secret_key, agent_id)


def complain_and_ask_for_a_person(widget: Widget) -> str:
    widget.say("My parcel is three days late")
    expect(widget.log).to_contain_text(
        re.compile(r"order or waybill number", re.I), timeout=BOT_TIMEOUT
    )
    widget.say(ORDER)
    expect(widget.ref_chip()).to_be_visible(timeout=BOT_TIMEOUT)
    ref = widget.ref_chip().locator(".ref-value").inner_text()
    widget.page.get_by_role("button", name=ui("en")["talk_to_person"]).click()
    expect(widget.log).to_contain_text("bringing in a colleague", timeout=BOT_TIMEOUT)
    return ref


def test_agent_answers_a_handoff_with_an_edited_suggestion_that_arrives_live(
    page: Page, console: Page, stack: Stack, database_url: str
) -> None:
    s = console_strings()
    token = sign_in(console, stack, database_url, s)
    console.evaluate("window.__sameDocument = true")  # gone if the page reloads

    widget = Widget(page, stack.config.api_url).open("en")
    ref = complain_and_ask_for_a_person(widget)
    assert REF.fullmatch(ref), ref
    conv_id = widget.stored_conversation()["id"]

    item = console.locator(f'[data-testid="queue-item"][data-id="{conv_id}"]')
    expect(item).to_be_visible()
    expect(console.locator("#console-announcer")).to_contain_text(
        s["queue_new_handoff"].split("{")[0].strip()
    )
    assert console.evaluate("window.__sameDocument") is True
    item.click()
    console.get_by_role("button", name=s["action_claim"]).click()
    expect(console.locator("#conversation-summary")).to_contain_text(s["state_agent"])
    expect(console.locator(".turn--customer .turn-text").first).to_have_text(
        "My parcel is three days late"
    )

    primary = console.get_by_test_id("suggestion").first
    for expected in ("What I will do:", "What you can do:", ORDER, ref):
        expect(primary).to_contain_text(expected)
    expect(primary.get_by_role("heading")).to_contain_text(s["category_late_delivery"])
    expect(primary.locator(".suggestion-reason")).to_contain_text(s["why_ticket_category"])
    expect(primary.locator(".suggestion-reason")).to_contain_text("request_human")
    suggested = primary.locator(".suggestion-text").inner_text()
    primary.get_by_role("button", name=s["suggestion_insert"]).click()
    reply = console.get_by_label(s["reply_label"])
    expect(reply).to_have_value(suggested)
    expect(reply).to_be_focused()

    reply.press("Control+Home")
    reply.press_sequentially(EDIT)
    reply.press("Control+End")
    reply.press_sequentially(BLACKLISTED, delay=20)
    warning = console.locator("#guard-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("It's company policy")
    expect(warning).to_contain_text("What I will do is")  # the suggested alternative
    expect(console.locator("#guard-preview mark")).to_have_text("It's company policy")
    expect(reply).to_have_attribute("aria-invalid", "true")
    screenshot(console, "agent-console-guard-warning")

    console.get_by_role("button", name=s["send"], exact=True).click()
    expect(console.get_by_role("button", name=s["send_anyway"])).to_be_visible()
    expect(console.locator("#composer-status")).to_have_text(s["guard_send_refused"])
    for _ in BLACKLISTED:  # fix it: delete the sentence again
        reply.press("Backspace")
    expect(warning).to_be_hidden()
    console.get_by_role("button", name=s["send"], exact=True).click()
    expect(console.locator("#composer-status")).to_have_text(s["sent"])

    sent = EDIT + suggested
    expect(widget.messages("agent")).to_have_count(1)
    assert widget.messages("agent").first.inner_text().startswith(EDIT.strip())
    assert ORDER in widget.messages("agent").first.inner_text()
    screenshot(page, "agent-reply-in-widget-phone")

    widget.say(LATER)  # the customer answers: it shows up in the console, read by the bot
    latest = console.locator(".turn--customer").last
    expect(latest.locator(".turn-text")).to_have_text(LATER, timeout=BOT_TIMEOUT)
    read = s["reading_intent"].split("{")[0]
    expect(latest.locator(".turn-reading")).to_contain_text(read, timeout=BOT_TIMEOUT)
    expect(console.locator(".suggestion-reason").first).not_to_contain_text(s["reason_no_intent"])

    response = httpx.get(
        f"{stack.config.api_url}/api/v1/agent/conversations/{conv_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    agent_turns = [m for m in response.json()["transcript"] if m["sender"] == "agent"]
    assert [m["suggestion_use"] for m in agent_turns] == ["edited"]
    with get_sessionmaker(database_url)() as session:
        stored = session.scalars(select(Message).where(Message.sender == Sender.AGENT)).all()
        mine = [m for m in stored if m.conversation_id == conv_id]
    assert [(m.text, m.suggestion_use, m.suggestion_text) for m in mine] == [
        (sent, SuggestionUse.EDITED, suggested)
    ]
