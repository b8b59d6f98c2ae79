from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.config import Settings
from api.db import get_sessionmaker
from api.main import create_app
from tests.db import empty_all_tables, migrate, sqlite_url, throwaway_postgres

CLOSED_PORT_URL = "http://127.0.0.1:9"  # nothing listens: "Rasa is down" for API tests


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Every API test runs once on SQLite and once on a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
        migrate(url)
        yield url
        return
    with throwaway_postgres() as url:
        migrate(url)
        yield url


@pytest.fixture
def settings(database_url: str) -> Iterator[Settings]:
    yield Settings(
        _env_file=None,  # type: ignore[call-arg]
        app_env="test",
        database_url=database_url,
        rasa_url=CLOSED_PORT_URL,
        action_server_url=CLOSED_PORT_URL,
        rasa_timeout_seconds=2,
    )
    empty_all_tables(database_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    with get_sessionmaker(settings.database_url)() as db_session:
        yield db_session
