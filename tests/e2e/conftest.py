"""Start the real processes (Rasa server, action server, API) once per database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from scripts.stack import HARNESS_ENV, ROOT, Stack, StackConfig, free_port
from tests.db import migrate, sqlite_url, throwaway_postgres

MODEL = ROOT / "models" / "complaint-assistant.tar.gz"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _config(database_url: str, log_dir: Path, **extra: str) -> StackConfig:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` (make test does)")
    return StackConfig(
        database_url=database_url,
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=log_dir,
        extra_env={**HARNESS_ENV, **extra},
    )


def _production_extra(tracker_db_url: str) -> dict[str, str]:
    """Rasa with a PostgreSQL tracker store and a Redis lock store (as in production)."""
    url = httpx.URL(tracker_db_url.replace("postgresql+psycopg", "postgresql"))
    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    return {
        "TRACKER_DB_HOST": url.host or "127.0.0.1",
        "TRACKER_DB_PORT": str(url.port or 5432),
        "TRACKER_DB_NAME": url.path.lstrip("/"),
        "TRACKER_DB_USER": url.username or "postgres",
        "TRACKER_DB_PASSWORD": url.password or "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_LOCK_DB": "3",
        # the API's realtime hub and rate limiter go through Redis too
        "REDIS_URL": REDIS_URL,
        "REALTIME_PREFIX": f"cca-e2e:{uuid.uuid4().hex}:",
    }


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    logs = tmp_path_factory.mktemp(f"logs-{request.param}")
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("e2e-sqlite"))
        migrate(url)
        with Stack(_config(url, logs)) as running:
            yield running
        return
    with throwaway_postgres("cca_e2e") as url, throwaway_postgres("cca_tracker") as tracker:
        migrate(url)
        config = _config(url, logs, **_production_extra(tracker))
        config.endpoints = ROOT / "deploy" / "endpoints.production.yml"
        with Stack(config) as running:
            yield running
