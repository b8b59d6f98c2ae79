"""Render a named bot response from ``responses/<lang>/<name>.j2``.

Each language directory holds one Jinja2 template per response, shared partials
(files starting with "_"), ``buttons.yml`` (response name -> buttons) and
``time.yml`` (the words for saying when). Python passes values; templates speak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from api.config import get_settings
from api.replies.context import ReplyContext
from api.replies.layout import tidy
from api.replies.when import TimeWords, describe_due

Clock = Callable[[], datetime]
RESPONSE_FILES = ("utter_*.j2", "suggest_*.j2")  # bot responses; replies suggested to agents


class UnknownResponseError(KeyError):
    """No template for this response name in this language."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown response"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str
    when: str | None = None  # shown only when this ReplyContext flag is set ("angry")


@dataclass(frozen=True)
class RenderedReply:
    text: str
    buttons: tuple[Button, ...] = ()


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ReplyRenderer:
    """Renders responses; templates and data files are read once, on first use."""

    def __init__(self, templates_dir: Path, clock: Clock | None = None) -> None:
        self.templates_dir = Path(templates_dir)
        self._clock = clock or _utc_now
        self._env = self._make_env()
        self._buttons: dict[str, dict[str, tuple[Button, ...]]] = {}
        self._time_words: dict[str, TimeWords] = {}

    def render(self, name: str, ctx: ReplyContext) -> RenderedReply:
        self._check(name, ctx.language)
        template = self._env.get_template(f"{ctx.language}/{name}.j2")
        text = tidy(template.render(ctx=ctx))
        buttons = self._buttons_for(ctx.language).get(name, ())
        shown = tuple(b for b in buttons if b.when is None or getattr(ctx, b.when))
        return RenderedReply(text, shown)

    def names(self) -> set[str]:
        """Response names available in every language."""
        catalogue = self._catalogue
        if not catalogue:
            return set()
        return set.intersection(*(set(names) for names in catalogue.values()))

    def languages(self) -> set[str]:
        return set(self._catalogue)

    @cached_property
    def _catalogue(self) -> dict[str, frozenset[str]]:
        return {
            lang_dir.name: frozenset(
                p.stem for pattern in RESPONSE_FILES for p in lang_dir.glob(pattern)
            )
            for lang_dir in sorted(self.templates_dir.iterdir())
            if lang_dir.is_dir() and not lang_dir.name.startswith((".", "_"))
        }

    def _check(self, name: str, language: str) -> None:
        if language not in self._catalogue:
            raise UnknownResponseError(f"no responses for language {language!r}")
        if name not in self._catalogue[language]:
            raise UnknownResponseError(f"no response {name!r} in language {language!r}")

    def _make_env(self) -> Environment:
        env = Environment(
            loader=FileSystemLoader(self.templates_dir),
            undefined=StrictUndefined,
            autoescape=False,  # plain chat text; the web widget escapes on display
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["due"] = self._due_filter()
        return env

    def _due_filter(self) -> Callable[..., str]:
        @pass_context
        def due(context: Context, value: datetime | None, today: bool | None = None) -> str:
            now = self._clock()
            if value is not None:  # "today" is the date where the answer is due
                now = now.astimezone(value.tzinfo)
            return describe_due(value, today, now.date(), self._words(_language_of(context)))

        return due

    def _words(self, language: str) -> TimeWords:
        if language not in self._time_words:
            path = self.templates_dir / language / "time.yml"
            self._time_words[language] = TimeWords.load(path)
        return self._time_words[language]

    def _buttons_for(self, language: str) -> dict[str, tuple[Button, ...]]:
        if language not in self._buttons:
            self._buttons[language] = _load_buttons(self.templates_dir / language / "buttons.yml")
        return self._buttons[language]


def _language_of(context: Context) -> str:
    """The language directory of the template being rendered ("en/_parts.j2" -> "en")."""
    return str(context.name).split("/", 1)[0]


def _load_buttons(path: Path) -> dict[str, tuple[Button, ...]]:
    if not path.exists():
        return {}
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        name: tuple(
            Button(str(b["title"]), str(b["payload"]), _flag(b.get("when"))) for b in buttons
        )
        for name, buttons in data.items()
    }


@cache
def _flag(when: object) -> str | None:
    if when is None:
        return None
    if when not in {f.name for f in fields(ReplyContext)}:
        raise ValueError(f"buttons.yml: 'when: {when}' is not a reply context field")
    return str(when)


def get_renderer() -> ReplyRenderer:
    """The renderer for the configured ``responses_dir``, made once."""
    return ReplyRenderer(get_settings().responses_dir)


def render(name: str, ctx: ReplyContext) -> RenderedReply:
    return get_renderer().render(name, ctx)
