"""The API restarts mid-conversation: the widget reconnects and catches up, and a
message written while the server was away is delivered once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.browser.conftest import start_api, stop_api
from tests.browser.widget import BOT_TIMEOUT, Widget, ui

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_widget_reconnects_after_an_api_restart_without_losing_or_duplicating(
    page: Page, stack: Stack
) -> None:
    widget = Widget(page, stack.config.api_url).open("en")
    widget.say("My parcel is three days late")
    expect(widget.log).to_contain_text(re.compile(r"order or waybill number"), timeout=BOT_TIMEOUT)

    reconnecting = page.get_by_role("status").filter(has_text=ui("en")["reconnecting"])
    stop_api(stack)
    try:
        expect(reconnecting).to_be_visible(timeout=15_000)
        widget.say("SF1234567890")  # written while the server is away: kept, not lost
        expect(widget.log.locator(".msg--pending")).to_have_count(1)
    finally:
        start_api(stack)

    expect(widget.ref_chip()).to_be_visible(timeout=BOT_TIMEOUT)
    expect(reconnecting).to_be_hidden()
    expect(page.get_by_text(ui("en")["offline_mode"])).to_have_count(
        0
    )  # a socket again, not polling
    expect(widget.log.locator(".msg--pending")).to_have_count(0)
    history = widget.server_history()
    customer = [m["text"] for m in history if m["sender"] == "customer"]
    assert customer == ["My parcel is three days late", "SF1234567890"]
    shown = widget.log.locator(".msg:not(.msg--welcome) .msg-text")
    expect(shown).to_have_count(len(history))
    assert shown.all_inner_texts() == [m["text"] for m in history]
