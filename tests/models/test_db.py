"""Engines from URLs and paths, and the alembic migrations from an empty database."""
from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

import models  # noqa: F401  (every table on the metadata)
from models.db import (
    ENV_URL,
    DatabaseError,
    alembic_config,
    database_url,
    display,
    get_engine,
    include_name,
    init_db,
    open_database,
)

TABLES = {"documents", "document_urls", "portals", "reports", "report_bands", "report_sources", "sections", "notes",
          "active_disclosure_facts", "application_facts", "review_litigation_facts", "check_results",
          "etl_runs", "etl_run_errors", "crawl_runs", "crawl_run_errors", "check_rules", "data_dictionary"}
# SQLite only: the full-text index of sections (etl.search) and its FTS5 shadow tables.
FTS_TABLES = {"sections_fts", "sections_fts_config", "sections_fts_content", "sections_fts_data",
              "sections_fts_docsize", "sections_fts_idx"}


def test_url_from_argument_environment_or_default_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_URL, raising=False)
    assert database_url() == f"sqlite:///{tmp_path}/data/nianbao.sqlite"
    assert not (tmp_path / "data").exists()  # naming a database creates nothing
    monkeypatch.setenv(ENV_URL, "postgresql+psycopg://someone@db.example/nianbao")
    assert database_url() == "postgresql+psycopg://someone@db.example/nianbao"
    assert database_url("other/x.sqlite") == f"sqlite:///{tmp_path}/other/x.sqlite"
    assert database_url("sqlite:///elsewhere.db") == "sqlite:///elsewhere.db"
    # postgres:// and postgresql:// mean the project's driver
    assert database_url("postgres://u:pw@h/db") == database_url("postgresql://u:pw@h/db") == \
        "postgresql+psycopg://u:pw@h/db"
    assert display(database_url("postgresql://u:pw@h/db")) == "postgresql+psycopg://u:***@h/db"
    assert display(database_url("x.db")) == f"{tmp_path}/x.db"
    for wrong in ("notaurl", "data/nianbao", "reports.csv"):
        with pytest.raises(DatabaseError, match="neither a URL .* nor a SQLite file path ending in .sqlite or .db"):
            database_url(wrong)
    with pytest.raises(DatabaseError, match="SQLite or PostgreSQL, not mysql"):
        database_url("mysql://u:pw@h/db")


def test_migrations_from_an_empty_database(db_url):
    engine = get_engine(db_url)
    assert inspect(engine).get_table_names() == []
    init_db(engine)
    init_db(engine)  # a second upgrade is a no-op
    fts = FTS_TABLES if engine.dialect.name == "sqlite" else set()
    assert set(inspect(engine).get_table_names()) == TABLES | fts | {"alembic_version"}
    assert "report_cells" in inspect(engine).get_view_names()
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
        # the migrations build exactly the schema the models declare
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, SQLModel.metadata) == []
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path):
    engine = get_engine(tmp_path / "x.sqlite")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_reading_engines_cannot_write(db_url):
    init_db(get_engine(db_url))
    engine = open_database(db_url, write=False)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM reports").scalar() == 0
        with pytest.raises(DBAPIError, match="readonly|read-only"):
            connection.exec_driver_sql("CREATE TABLE scratch (id INTEGER)")
    engine.dispose()
