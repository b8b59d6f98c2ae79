"""The staff console pages: sign-in redirect, role check, language, safe ``next``."""

from __future__ import annotations

import re

import yaml
from fastapi import Request
from fastapi.responses import Response
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Role
from api.routes.console import StaffLanguage, Viewer, render_console, safe_next
from api.security import issue_staff_token
from api.services.console_text import pick_language
from tests.db import ROOT
from tests.factories import make_staff


def strings(lang: str, section: str) -> dict[str, str]:
    path = ROOT / "responses" / lang / f"{section}.yml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def sign_in(client: TestClient, settings: Settings, session: Session, role: Role) -> None:
    user = make_staff(session, role)
    client.cookies.set("session", issue_staff_token(settings.secret_key, user.id))


def test_agent_page_redirects_to_login_with_next_when_signed_out(client: TestClient) -> None:
    response = client.get("/agent?lang=zh", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/agent%3Flang%3Dzh"


def test_agent_page_renders_for_an_agent_with_strings_and_scripts(
    client: TestClient, settings: Settings, session: Session
) -> None:
    sign_in(client, settings, session, Role.AGENT)
    response = client.get("/agent")
    assert response.status_code == 200
    en = strings("en", "console_agent")
    assert en["queue_title"] in response.text
    assert '<script src="/static/console/agent.js"></script>' in response.text
    assert 'aria-current="page"' in response.text


def test_login_page_speaks_the_browsers_language(client: TestClient) -> None:
    response = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert response.status_code == 200
    assert strings("zh", "console_common")["login_title"] in response.text
    assert '<html lang="zh-CN">' in response.text


def test_login_page_drops_an_offsite_next(client: TestClient) -> None:
    response = client.get("/login", params={"next": "//evil.example/agent"})
    assert re.search(r'data-next=""', response.text)
    response = client.get("/login", params={"next": "/agent?lang=en"})
    assert 'data-next="/agent?lang=en"' in response.text


def test_console_strings_are_json_escaped_in_the_page(
    client: TestClient, settings: Settings, session: Session
) -> None:
    sign_in(client, settings, session, Role.SUPERVISOR)
    page = client.get("/agent?lang=en").text
    payload = page.split('id="console-strings">', 1)[1].split("</script>", 1)[0]
    assert "<" not in payload


def test_pick_language_prefers_query_then_browser_then_english() -> None:
    assert pick_language("zh", "en") == "zh"
    assert pick_language("fr", "zh-TW, en;q=0.5") == "zh"
    assert pick_language(None, "fr, zh;q=0") == "en"
    assert pick_language(None, None) == "en"


def test_safe_next_keeps_only_local_paths() -> None:
    assert safe_next("/agent?x=1") == "/agent?x=1"
    for bad in ("https://evil.example", "//evil.example", "/\\evil.example", "agent", "/a b"):
        assert safe_next(bad) is None


def supervisors_only(request: Request, viewer: Viewer, language: StaffLanguage) -> Response:
    return render_console(
        request, viewer, "console/agent.html", language=language, roles=(Role.SUPERVISOR,)
    )


def test_render_console_gives_a_403_page_to_the_wrong_role(
    client: TestClient, settings: Settings, session: Session
) -> None:
    client.app.get("/test-supervisors-only")(supervisors_only)  # type: ignore[attr-defined]
    sign_in(client, settings, session, Role.AGENT)
    response = client.get("/test-supervisors-only?lang=zh")
    assert response.status_code == 403
    assert strings("zh", "console_common")["forbidden_title"] in response.text
    assert 'href="/agent"' in response.text


def test_language_links_keep_the_rest_of_the_address(client: TestClient) -> None:
    page = client.get("/login?next=/agent&lang=en").text
    assert 'href="http://testserver/login?next=%2Fagent&amp;lang=zh"' in page
