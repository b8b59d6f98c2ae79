"""The widget's promises beyond the happy path: readable contrast, a person on
request in the middle of the form, and the HTTP fallback when sockets are blocked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from scripts.stack import Stack
from tests.browser.test_handoff import staff_client
from tests.browser.widget import BOT_TIMEOUT, Widget, ui

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
AA_NORMAL_TEXT = 4.5  # WCAG 2.1 AA, body text

# The contrast ratio of an element's text colour against the first opaque
# background behind it (WCAG relative luminance).
CONTRAST_JS = """
(el) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] === 1)) { bg = c; break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color);
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}
"""


def contrast(page: Page, selector: str) -> list[float]:
    elements = page.locator(selector)
    expect(elements.first).to_be_visible()
    return [elements.nth(i).evaluate(CONTRAST_JS) for i in range(elements.count())]


def test_widget_text_meets_aa_contrast(page: Page, stack: Stack) -> None:
    widget = Widget(page, stack.config.api_url).open("en")
    widget.say("hello")
    widget.wait_for_reply("bot", 1)
    checked = {}
    for selector in (
        ".msg--customer .msg-text",
        ".msg--bot .msg-text",
        "#cca-input",
        "button:visible",
        "[role=dialog] h2, [role=dialog] p",
    ):
        ratios = contrast(page, selector)
        checked[selector] = min(ratios)
    failing = {s: round(r, 2) for s, r in checked.items() if r < AA_NORMAL_TEXT}
    assert not failing, f"below {AA_NORMAL_TEXT}:1 contrast: {failing}"


def test_talk_to_a_person_in_the_middle_of_the_form_hands_off(page: Page, stack: Stack) -> None:
    en = ui("en")
    widget = Widget(page, stack.config.api_url).open("en")
    widget.say("my parcel is 3 days late!!")
    expect(widget.log).to_contain_text(
        re.compile(r"order or waybill number", re.I), timeout=BOT_TIMEOUT
    )
    talk = page.get_by_role("button", name=en["talk_to_person"])
    talk.focus()
    page.keyboard.press("Enter")
    waiting = re.escape(en["waiting_for_person"]).replace(re.escape("{minutes}"), r"\d+")
    expect(page.get_by_role("status").filter(has_text=re.compile(waiting))).to_be_visible(
        timeout=BOT_TIMEOUT
    )
    expect(widget.log).to_contain_text("bringing in a colleague", timeout=BOT_TIMEOUT)
    expect(talk).to_be_hidden()
    senders = [m["sender"] for m in widget.server_history()]
    assert senders[-1] != "customer", "the hand-off was not answered"


def test_blocked_websockets_fall_back_to_polling_and_still_get_agent_replies(
    page: Page, stack: Stack, database_url: str
) -> None:
    en = ui("en")
    refused: list[str] = []

    def refuse(ws: WebSocketRoute) -> None:  # a proxy that kills every socket
        refused.append(ws.url)
        ws.close(code=1011)

    page.route_web_socket(re.compile(r"/ws\?"), refuse)
    widget = Widget(page, stack.config.api_url).open("en")
    widget.say("hello")
    expect(page.get_by_role("status").filter(has_text=en["offline_mode"])).to_be_visible(
        timeout=BOT_TIMEOUT
    )
    widget.wait_for_reply("bot", 1)
    assert refused, "the widget never tried a socket"

    conv_id = widget.stored_conversation()["id"]
    text = "Hello, I'm Wang from customer care; I can see your message."
    with staff_client(stack, database_url) as agent:
        assert agent.post(f"/{conv_id}/messages", json={"text": text}).status_code == 201
    expect(widget.messages("agent")).to_have_text([text], timeout=BOT_TIMEOUT)
    assert [m["text"] for m in widget.server_history()].count("hello") == 1
