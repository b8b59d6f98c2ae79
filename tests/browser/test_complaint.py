"""A whole complaint through the widget, in English and in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.browser.widget import BOT_TIMEOUT, REF, Widget, screenshot, ui

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


def test_english_complaint_shows_the_reference_chip_and_survives_a_reload(
    page: Page, stack: Stack
) -> None:
    widget = Widget(page, stack.config.api_url).open("en")
    widget.say("My parcel is three days late")
    expect(widget.log).to_contain_text(
        re.compile(r"order or waybill number", re.I), timeout=BOT_TIMEOUT
    )
    widget.say("SF1234567890")

    chip = widget.ref_chip()
    expect(chip).to_be_visible(timeout=BOT_TIMEOUT)
    expect(chip).to_contain_text(ui("en")["ticket_ref_label"])
    ref = chip.locator(".ref-value").inner_text()
    assert REF.fullmatch(ref), ref
    expect(widget.messages("bot").filter(has_text=ref)).to_have_count(1)
    expect(widget.log).to_contain_text("What I will do")
    screenshot(page, "complaint-en-phone")

    shown = widget.log.locator(".msg:not(.msg--welcome)")
    before = shown.all_inner_texts()
    page.reload()
    expect(shown).to_have_count(len(before))
    assert shown.all_inner_texts() == before
    expect(widget.ref_chip()).to_contain_text(ref)


def test_chinese_complaint_switches_the_widget_to_chinese(page: Page, stack: Stack) -> None:
    zh = ui("zh")
    widget = Widget(page, stack.config.api_url).open("en")
    expect(widget.input).to_have_attribute("placeholder", ui("en")["placeholder"])
    widget.say("我的快递三天了还没到，单号SF1234567890")

    expect(widget.log).to_contain_text("我要做的是", timeout=BOT_TIMEOUT)
    expect(widget.input).to_have_attribute("placeholder", zh["placeholder"])
    expect(page.get_by_role("button", name=zh["send"], exact=True)).to_be_visible()
    expect(page.get_by_role("button", name=zh["talk_to_person"])).to_be_visible()
    expect(widget.ref_chip()).to_contain_text(zh["ticket_ref_label"])
    assert REF.fullmatch(widget.ref_chip().locator(".ref-value").inner_text())
    screenshot(page, "complaint-zh-phone")
