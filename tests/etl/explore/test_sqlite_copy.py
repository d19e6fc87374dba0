"""`nianbao db to-sqlite`: a PostgreSQL collection copied into SQLite, searchable there."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

import models  # noqa: F401  (every table on the metadata)
from etl.cli import app
from etl.runs import run_etl
from etl.search import FTS_TABLE, fts_query
from etl.store import store_document


@pytest.mark.postgres
def test_postgres_collection_copied_to_sqlite_with_its_search_index(postgres_url, shared_dir, tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--db", postgres_url]).exit_code == 0
    from models.db import get_engine

    engine = get_engine(postgres_url)
    with Session(engine) as session:
        for path in sorted((shared_dir / "real").glob("*_20*.html")):
            store_document(session, data=path.read_bytes(), url=path.resolve().as_uri(), content_type="text/html")
        session.commit()
    run_etl(engine)
    with engine.connect() as connection:
        expected = {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in SQLModel.metadata.sorted_tables}
    engine.dispose()
    out = tmp_path / "copy.sqlite"
    result = runner.invoke(app, ["db", "to-sqlite", str(out), "--db", postgres_url])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(out) as copy:
        assert {name: copy.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in expected} == expected
        sections = copy.execute("SELECT count(*) FROM sections WHERE instr(text, '申请') > 0").fetchone()[0]
        found = copy.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?",
                             (fts_query("申请"),)).fetchone()[0]
    assert expected["reports"] == 2 and sections > 0 and found == sections
    again = runner.invoke(app, ["db", "to-sqlite", str(out), "--db", postgres_url])
    assert again.exit_code == 1 and "exists" in again.output
