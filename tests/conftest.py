"""Shared fixtures: a fresh database on SQLite and on the PostgreSQL of this machine.

`db_url` / `engine` are parametrised over both back ends, so a test using them runs twice. The
PostgreSQL run creates its own randomly named database and drops it afterwards; when the server is
unreachable the run is skipped with the reason, or fails when CI=true.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from models.db import get_engine, init_db

SHARED = Path(__file__).resolve().parents[2] / "shared"
POSTGRES_URL = os.environ.get("NIANBAO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the service is required)")
    pytest.skip(reason)


def _admin_connect():
    import psycopg

    url = make_url(POSTGRES_URL)
    return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, password=url.password,
                           dbname=url.database, autocommit=True, connect_timeout=3)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        _unavailable(f"shared material not found at {SHARED}")
    return SHARED


@pytest.fixture
def postgres_url():
    """URL of a fresh PostgreSQL database, dropped after the test."""
    try:
        admin = _admin_connect()
    except Exception as exc:  # any connection failure means: no server here
        _unavailable(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    name = f"nianbao_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """An empty database on each back end (SQLite file in tmp_path, fresh PostgreSQL database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nianbao.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url):
    """An engine on `db_url` with the schema migrated to head."""
    engine = get_engine(db_url)
    init_db(engine)
    yield engine
    engine.dispose()
