"""The embeddable chat widget (``/widget.js``) and the demo shop page at ``/``.

``/widget.js`` is the widget's plain-JS parts (``api/static/widget/``) joined into
one script, with the chrome strings of every language (``responses/<lang>/ui.yml``)
injected, so that a shop needs one script tag and the widget can switch language
when the customer does. Nothing is loaded from a CDN.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import SettingsDep

router = APIRouter(tags=["widget"], include_in_schema=False)
HERE = Path(__file__).resolve().parent.parent
WIDGET_DIR = HERE / "static" / "widget"
WIDGET_PARTS = ("i18n.js", "store.js", "connection.js", "view.js", "app.js")


def load_ui_strings(responses_dir: Path) -> dict[str, dict[str, str]]:
    """``{language: {key: text}}`` from every ``responses/<lang>/ui.yml``."""
    strings: dict[str, dict[str, str]] = {}
    for path in sorted(responses_dir.glob("*/ui.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        strings[path.parent.name] = {str(k): str(v) for k, v in data.items()}
    return strings


@cache
def widget_bundle(responses_dir: Path, widget_dir: Path = WIDGET_DIR) -> str:
    strings = json.dumps(load_ui_strings(responses_dir), ensure_ascii=False)
    parts = "\n".join((widget_dir / name).read_text(encoding="utf-8") for name in WIDGET_PARTS)
    return f'(() => {{\n"use strict";\nconst UI_STRINGS = {strings};\n{parts}\n}})();\n'


@cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=HERE / "templates")


@router.get("/widget.js")
def read_widget_script(settings: SettingsDep) -> Response:
    return Response(
        widget_bundle(settings.responses_dir),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/", response_class=HTMLResponse)
def read_shop_page(
    request: Request, lang: Annotated[Literal["en", "zh"], Query()] = "en"
) -> HTMLResponse:
    """A demo shop that embeds the widget exactly as a real shop would."""
    base = str(request.base_url).rstrip("/")
    return templates().TemplateResponse(request, "shop.html", {"api_base": base, "lang": lang})
