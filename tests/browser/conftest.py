"""Browser tests: Debian's Chromium (never a downloaded browser) drives the chat
widget on the demo shop page, against the real stack (Rasa, actions, API)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from scripts.stack import HARNESS_ENV, ROOT, Stack, StackConfig, free_port
from tests.db import migrate, sqlite_url

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_url(tmp_path_factory.mktemp("browser-sqlite"))
    migrate(url)
    return url


@pytest.fixture(scope="session")
def stack(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    model = ROOT / "models" / "complaint-assistant.tar.gz"
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train`")
    config = StackConfig(
        database_url=database_url,
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=tmp_path_factory.mktemp("browser-logs"),
        extra_env=dict(HARNESS_ENV),
    )
    with Stack(config) as running:
        yield running


def stop_api(stack: Stack) -> None:
    """Stop only the API process (as a deploy or a crash would)."""
    stack.kill_one("API")


def start_api(stack: Stack) -> None:
    stack.start_one("API")
    stack.wait_ready(timeout=60)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make browser-deps`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile (empty localStorage) with a phone-sized viewport;
    any JavaScript dialog is recorded (and dismissed) in ``page.dialogs``."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    dialogs: list[str] = []
    new_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    new_page.dialogs = dialogs  # type: ignore[attr-defined]
    yield new_page
    context.close()
