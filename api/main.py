"""The application: wires routers and makes the process-wide resources once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from api.config import Settings, get_settings
from api.db import get_sessionmaker
from api.errors import install_error_handlers
from api.replies import ReplyRenderer
from api.routes import conversations, guard, health, nlg, service, tickets
from api.services.rasa import RasaClient


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
            yield

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
    return app
