"""Whatever a customer types is shown as text, never run as markup."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.browser.widget import Widget, ui

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_markup_in_a_message_is_shown_as_literal_text(page: Page, stack: Stack) -> None:
    widget = Widget(page, stack.config.api_url).open("en")
    page.keyboard.press("Escape")  # keyboard only: Escape closes, focus goes back to the launcher
    launcher = page.get_by_role("button", name=ui("en")["launcher_open"])
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    widget.say(PAYLOAD)
    mine = widget.messages("customer")
    expect(mine).to_have_text([PAYLOAD])
    expect(widget.log.locator(".msg--pending")).to_have_count(0, timeout=60_000)
    assert widget.log.locator("script, img").count() == 0
    page.reload()  # stored, sent back by the server, rendered again: still text
    expect(widget.messages("customer")).to_have_text([PAYLOAD])
    assert page.dialogs == []  # type: ignore[attr-defined]
