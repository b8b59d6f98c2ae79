"""The supervisor console in a real browser: filter to guard incidents, open one,
tag it, relabel a misread message, download the NLU export and check its
contents; an agent is refused the page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from api.db import get_sessionmaker
from api.models import IntentCorrection, Message, ReviewTag
from api.models.enums import Role, Sender, SuggestionUse
from scripts.stack import ROOT, Stack
from tests.factories import make_conversation, make_staff
from tests.review_data import flag, say

pytestmark = [pytest.mark.browser, pytest.mark.e2e]
PASSWORD = "supervise-pw-1"
DESKTOP = {"width": 1366, "height": 900}
MISREAD = "my parcel never arrived, tracking stopped a week ago"


def console_strings(lang: str = "en") -> dict[str, str]:
    strings: dict[str, str] = {}
    for name in ("console_common", "console_supervisor"):
        path: Path = ROOT / "responses" / lang / f"{name}.yml"
        strings |= yaml.safe_load(path.read_text("utf-8"))
    return strings


@dataclass
class Seeded:
    supervisor: str
    agent: str
    flagged: str  # conversation id with a guard incident
    plain: str  # conversation id without one
    misread: int  # customer message id the bot misread


@pytest.fixture
def seeded(database_url: str) -> Seeded:
    """Staff and two conversations written straight to the stack's database."""
    with get_sessionmaker(database_url)() as session:
        boss = make_staff(session, Role.SUPERVISOR, password=PASSWORD)
        worker = make_staff(session, Role.AGENT, password=PASSWORD)
        flagged, plain = make_conversation(session), make_conversation(session)
        misread = say(session, flagged, MISREAD, intent="greet", confidence=0.41)
        say(
            session, flagged, "Sorry, it's company policy to wait 10 days.", Sender.AGENT,
            agent_id=worker.id, suggestion_use=SuggestionUse.EDITED,
            suggestion_text="I'm sorry. What I will do: ask the courier today.",
            guard={"clean": False, "overridden": True},
        )  # fmt: skip
        flag(session, flagged, worker, "Sorry, it's company policy to wait 10 days.")
        say(session, plain, "hello", intent="greet", confidence=0.99)
        session.commit()
        return Seeded(boss.username, worker.username, flagged.id, plain.id, misread.id)


@pytest.fixture
def console(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def sign_in(console: Page, stack: Stack, username: str, s: dict[str, str]) -> None:
    console.goto(f"{stack.config.api_url}/supervisor?lang=en")
    expect(console).to_have_url(re.compile(r"/login\?next=/supervisor"))
    console.get_by_label(s["login_username"]).fill(username)
    console.get_by_label(s["login_password"]).fill(PASSWORD)
    console.get_by_role("button", name=s["login_submit"]).click()
    expect(console).to_have_url(re.compile(r"/supervisor\?lang=en$"))


def test_supervisor_reviews_a_guard_incident_and_exports_the_correction(
    console: Page, stack: Stack, database_url: str, seeded: Seeded
) -> None:
    s = console_strings()
    sign_in(console, stack, seeded.supervisor, s)
    expect(console.locator("body")).to_have_attribute("data-ready", "true")

    console.get_by_label(s["sv_flag_guard_incident"]).check()
    console.get_by_role("button", name=s["sv_search"], exact=True).click()
    results = console.locator("#results .sv-result")
    mine = console.locator(f'#results .sv-result[data-id="{seeded.flagged}"]')
    expect(mine).to_be_visible()
    expect(console.locator(f'#results .sv-result[data-id="{seeded.plain}"]')).to_have_count(0)
    incidents = re.compile(re.escape(s["sv_badge_incidents"]).replace(re.escape("{count}"), r"\d+"))
    for i in range(results.count()):  # every result has an incident
        expect(results.nth(i)).to_contain_text(incidents)

    mine.locator(".sv-open").click()
    view = console.locator("#transcript-view")
    expect(view.locator(f"#msg-{seeded.misread}")).to_contain_text(MISREAD)
    expect(view.locator("#tv-incidents")).to_contain_text("company policy")
    expect(view).to_contain_text(s["sv_suggestion_edited"])

    console.get_by_label(s["sv_tag_label"]).fill("policy-excuse")
    console.get_by_role("button", name=s["sv_add_tag"]).click()
    expect(view.locator('#tv-tags .sv-chip[data-tag="policy-excuse"]')).to_be_visible()
    expect(mine).to_contain_text("#policy-excuse")  # the list refreshed too

    label = s["sv_relabel_label"].replace("{id}", str(seeded.misread))
    console.get_by_label(label).select_option("complain_lost_parcel")
    view.locator(f"#msg-{seeded.misread}").get_by_role("button", name=s["sv_relabel"]).click()
    corrected = s["sv_corrected"].replace("{intent}", "complain_lost_parcel")
    expect(view.locator(f"#msg-{seeded.misread}")).to_contain_text(corrected)

    console.get_by_role("tab", name=s["sv_tab_learning"]).click()
    expect(console.locator("#corrections")).to_contain_text(MISREAD)
    with console.expect_download() as info:
        console.get_by_role("link", name=s["sv_export_nlu"]).click()
    exported = yaml.safe_load(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["version"] == "3.1"
    assert {"intent": "complain_lost_parcel", "examples": f"- {MISREAD}\n"} in exported["nlu"]

    with get_sessionmaker(database_url)() as session:
        tags = session.scalars(
            select(ReviewTag.tag).where(ReviewTag.conversation_id == seeded.flagged)
        )
        assert list(tags) == ["policy-excuse"]
        correction = session.scalars(
            select(IntentCorrection).where(IntentCorrection.message_id == seeded.misread)
        ).one()
        assert (correction.original_intent, correction.corrected_intent) == (
            "greet",
            "complain_lost_parcel",
        )
        assert session.get_one(Message, seeded.misread).intent == "greet"  # prediction kept


def test_an_agent_is_refused_the_supervisor_console(
    console: Page, stack: Stack, seeded: Seeded
) -> None:
    s = console_strings()
    sign_in_as_agent = console.goto(f"{stack.config.api_url}/login?next=/supervisor")
    assert sign_in_as_agent is not None and sign_in_as_agent.status == 200
    console.get_by_label(s["login_username"]).fill(seeded.agent)
    console.get_by_label(s["login_password"]).fill(PASSWORD)
    console.get_by_role("button", name=s["login_submit"]).click()
    expect(console.get_by_role("heading", name=s["forbidden_title"])).to_be_visible()
    response = console.goto(f"{stack.config.api_url}/supervisor")
    assert response is not None and response.status == 403
    expect(console.locator("#filters")).to_have_count(0)
