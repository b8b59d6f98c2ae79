"""The chat widget script, its UI strings, and the demo shop page."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from api.config import Settings
from api.routes.widget import load_ui_strings


def test_ui_strings_exist_in_every_language_with_the_same_keys(settings: Settings) -> None:
    strings = load_ui_strings(settings.responses_dir)
    assert set(strings) == {"en", "zh"}
    assert set(strings["en"]) == set(strings["zh"])
    assert all(text.strip() for table in strings.values() for text in table.values())


def test_widget_script_carries_the_strings_of_every_language(
    client: TestClient, settings: Settings
) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    declared = re.search(r"const UI_STRINGS = (\{.*?\});\n", response.text)
    assert declared and json.loads(declared.group(1)) == load_ui_strings(settings.responses_dir)


def test_widget_loads_nothing_from_other_hosts(client: TestClient) -> None:
    script = client.get("/widget.js").text
    css = client.get("/static/widget/widget.css")
    assert css.status_code == 200
    for text in (script, css.text):
        assert not re.search(r"https?://", text)
    assert "innerHTML" not in script


def test_shop_page_embeds_the_widget_with_one_script_tag(client: TestClient) -> None:
    page = client.get("/?lang=zh")
    assert page.status_code == 200
    tags = re.findall(r"<script[^>]*>", page.text)
    assert tags == [
        '<script src="http://testserver/widget.js" data-api="http://testserver" data-lang="zh" defer>'
    ]
