"""The /supervisor page: supervisors only, every word from the strings files, every
script and the chart library served locally."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.models.enums import Role
from api.security import issue_staff_token
from tests.factories import make_staff

ROOT = Path(__file__).resolve().parents[2]


def strings(lang: str) -> dict[str, str]:
    path = ROOT / "responses" / lang / "console_supervisor.yml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def sign_in(client: TestClient, settings: Settings, session: Session, role: Role) -> None:
    client.cookies.set(
        "session", issue_staff_token(settings.secret_key, make_staff(session, role).id)
    )


def test_supervisor_page_renders_in_both_languages(
    client: TestClient, settings: Settings, session: Session
) -> None:
    sign_in(client, settings, session, Role.SUPERVISOR)
    for lang in ("en", "zh"):
        page = client.get("/supervisor", params={"lang": lang})
        assert page.status_code == 200
        words = strings(lang)
        for key in (
            "sv_tab_transcripts",
            "sv_flag_guard_incident",
            "sv_export_nlu",
            "sv_category_billing",
        ):
            assert words[key] in page.text


def test_every_script_and_style_is_served_locally(
    client: TestClient, settings: Settings, session: Session
) -> None:
    sign_in(client, settings, session, Role.SUPERVISOR)
    page = client.get("/supervisor").text
    sources = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page)
    assert "/static/vendor/chartjs/chart.umd.min.js" in sources
    for source in sources:
        assert source.startswith("/static/"), source
        assert client.get(source).status_code == 200, source
    chart = client.get("/static/vendor/chartjs/chart.umd.min.js").text
    assert chart.startswith("/*!\n * Chart.js v4.")


def test_agents_get_403_and_strangers_the_sign_in_page(
    client: TestClient, settings: Settings, session: Session
) -> None:
    away = client.get("/supervisor", follow_redirects=False)
    assert away.status_code == 303 and away.headers["location"] == "/login?next=/supervisor"
    sign_in(client, settings, session, Role.AGENT)
    assert client.get("/supervisor").status_code == 403


def test_both_languages_have_the_same_strings() -> None:
    assert set(strings("en")) == set(strings("zh"))
