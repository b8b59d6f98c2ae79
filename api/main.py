"""The application: wires routers and makes the process-wide resources once."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from anyio import to_thread
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.config import Settings, get_settings
from api.db import get_sessionmaker
from api.errors import install_error_handlers
from api.middleware import BodySizeLimit
from api.replies import ReplyRenderer
from api.routes import (
    agent_chat,
    agent_conversations,
    agent_queue,
    auth,
    console,
    conversations,
    customers,
    guard,
    health,
    nlg,
    realtime,
    service,
    supervisor_corrections,
    supervisor_dashboard,
    supervisor_exports,
    supervisor_pages,
    supervisor_review,
    supervisor_transcripts,
    tickets,
    widget,
)
from api.services.rasa import RasaClient
from api.services.ratelimit import make_limiter
from api.services.realtime import make_hub

STATIC_DIR = Path(__file__).resolve().parent / "static"


def warm_up() -> None:
    """Build the phrase guard and the anger detector once, at start-up, then move every
    object alive to the collector's permanent generation.

    The two hold some 300,000 objects (spaCy vocabularies, jieba's dictionary, the
    matchers) that live as long as the process. Left in the oldest generation, each full
    collection walked them all: about 200 ms, landing on whichever request happened to
    trigger it (the guard bench showed single checks of 230 ms). Frozen, they are never
    walked; what is created later is collected as usual.
    """
    from bot.anger import get_detector
    from bot.guard import get_guard

    for text, language in (("warm up", "en"), ("预热", "zh")):
        get_guard().check(text, language)
        get_detector().detect(text, language)
    gc.collect()  # the start-up garbage is freed, not frozen
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.session_factory = get_sessionmaker(settings.database_url)
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds, limits=limits) as http:
            app.state.http = http
            app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_token, http)
            app.state.renderer = ReplyRenderer(settings.responses_dir)
            if settings.app_env != "test":
                await to_thread.run_sync(warm_up)  # build spaCy/jieba pipelines before traffic
            app.state.hub = make_hub(settings.redis_url, settings.realtime_prefix)
            app.state.limiter = make_limiter(settings.redis_url, settings.realtime_prefix + "rl:")
            await app.state.hub.start()
            try:
                yield
            finally:
                await app.state.hub.stop()
                await app.state.limiter.close()

    app = FastAPI(
        title="Complaint assistant API",
        version="0.1.0",
        description="System of record for customer complaints: conversations, "
        "messages, tickets, and the NLG endpoint that gives the bot its voice.",
        lifespan=lifespan,
    )
    app.dependency_overrides[get_settings] = lambda: settings
    install_error_handlers(app)
    for module in (health, conversations, tickets, service, guard, nlg):
        app.include_router(module.router)
    for module in (auth, customers):
        app.include_router(module.router)
    for module in (realtime, agent_chat, widget):
        app.include_router(module.router)
    for module in (agent_queue, agent_conversations, console):
        app.include_router(module.router)
    for module in (
        supervisor_transcripts,
        supervisor_review,
        supervisor_corrections,
        supervisor_exports,
        supervisor_dashboard,
        supervisor_pages,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.widget_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.widget_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app
