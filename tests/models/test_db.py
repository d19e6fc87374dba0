"""Engines from URLs and paths, and the alembic migrations from an empty database."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import models  # noqa: F401  (every table on the metadata)
from models.db import ENV_URL, alembic_config, database_url, get_engine, init_db

TABLES = {"documents", "document_urls", "portals", "reports", "report_bands", "report_sources", "sections", "notes",
          "active_disclosure_facts", "application_facts", "review_litigation_facts", "check_results",
          "etl_runs", "etl_run_errors", "crawl_runs", "crawl_run_errors"}


def test_url_from_argument_environment_or_default_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_URL, raising=False)
    assert database_url() == f"sqlite:///{tmp_path}/data/nianbao.sqlite"
    assert (tmp_path / "data").is_dir()
    monkeypatch.setenv(ENV_URL, "postgresql+psycopg://someone@db.example/nianbao")
    assert database_url() == "postgresql+psycopg://someone@db.example/nianbao"
    assert database_url("other/x.sqlite") == f"sqlite:///{tmp_path}/other/x.sqlite"
    assert database_url("sqlite:///elsewhere.db") == "sqlite:///elsewhere.db"


def test_migrations_from_an_empty_database(db_url):
    engine = get_engine(db_url)
    assert inspect(engine).get_table_names() == []
    init_db(engine)
    init_db(engine)  # a second upgrade is a no-op
    assert set(inspect(engine).get_table_names()) == TABLES | {"alembic_version"}
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
        # the migrations build exactly the schema the models declare
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    engine = get_engine(tmp_path / "x.sqlite")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
