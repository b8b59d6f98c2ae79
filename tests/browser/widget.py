"""Drive the chat widget the way a customer does: keyboard first."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import yaml
from playwright.sync_api import Locator, Page, expect

from scripts.stack import ROOT

REF = re.compile(r"CC-[0-9A-HJKMNP-TV-Z]{8}")
BOT_TIMEOUT = 60_000  # the first Rasa turn can be slow on a busy 2-core machine


def ui(lang: str) -> dict[str, str]:
    return dict(yaml.safe_load((ROOT / "responses" / lang / "ui.yml").read_text("utf-8")))


class Widget:
    def __init__(self, page: Page, api_url: str) -> None:
        self.page = page
        self.api_url = api_url

    def open(self, lang: str = "en") -> Widget:
        self.page.goto(f"{self.api_url}/?lang={lang}")
        launcher = self.page.get_by_role("button", name=ui(lang)["launcher_open"])
        launcher.focus()
        self.page.keyboard.press("Enter")
        expect(self.input).to_be_focused()
        return self

    @property
    def input(self) -> Locator:
        return self.page.locator("#cca-input")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    def messages(self, sender: str) -> Locator:
        return self.log.locator(f".msg--{sender}:not(.msg--welcome) .msg-text")

    def say(self, text: str) -> None:
        self.input.focus()
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def wait_for_reply(self, sender: str, count: int) -> Locator:
        """Wait until ``count`` messages from ``sender`` are shown; return the last."""
        expect(self.messages(sender)).to_have_count(count, timeout=BOT_TIMEOUT)
        return self.messages(sender).nth(count - 1)

    def ref_chip(self) -> Locator:
        return self.page.get_by_test_id("ticket-ref")

    def stored_conversation(self) -> dict[str, Any]:
        """The conversation id and token the widget keeps in localStorage."""
        raw = self.page.evaluate(f"localStorage.getItem('cca-widget:{self.api_url}')")
        return dict(json.loads(raw)["conversation"])

    def server_history(self) -> list[dict[str, Any]]:
        conv = self.stored_conversation()
        response = httpx.get(
            f"{self.api_url}/api/v1/conversations/{conv['id']}/messages",
            headers={"Authorization": f"Bearer {conv['token']}"},
            timeout=10,
        )
        response.raise_for_status()
        return list(response.json())


def screenshot(page: Page, name: str) -> Path:
    path = ROOT / "var" / "browser" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path
