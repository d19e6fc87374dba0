"""Engines from a URL or a path, and the schema brought up to date with alembic.

    engine = get_engine()          # --db value, else $NIANBAO_DATABASE_URL, else data/nianbao.sqlite
    init_db(engine)                # alembic upgrade head (creates every table on an empty database)
    with Session(engine) as session: ...

A value without "://" is a SQLite file path (its folder is created). PostgreSQL URLs look like
postgresql+psycopg://user@host:5432/db.
"""
from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

DEFAULT_SQLITE_PATH = Path("data") / "nianbao.sqlite"
ENV_URL = "NIANBAO_DATABASE_URL"
ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def database_url(url_or_path: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL for an argument, the environment or the default SQLite file."""
    value = str(url_or_path) if url_or_path else os.environ.get(ENV_URL) or str(DEFAULT_SQLITE_PATH)
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def get_engine(url: str | os.PathLike | None = None, **kwargs) -> Engine:
    """An engine for `url` (see database_url); extra keyword arguments go to create_engine."""
    full = database_url(url)
    if full.startswith("sqlite"):
        engine = create_engine(full, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(full, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (stats, show) run beside an ETL run; foreign keys are off by default in SQLite.
    # The driver's own transaction handling breaks SAVEPOINT, so SQLAlchemy emits BEGIN itself (_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def alembic_config(engine: Engine) -> Config:
    """alembic.ini (its script_location is relative to itself) with the engine migrations run on."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["engine"] = engine
    return config


def init_db(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    command.upgrade(alembic_config(engine), "head")
