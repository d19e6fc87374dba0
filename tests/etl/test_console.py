"""Every `nianbao` command when something is wrong: one line naming the thing, the documented exit code,
no traceback (unless --debug), and no database file made by mistake."""
from __future__ import annotations

import socket
import sqlite3

import pytest
from alembic import command
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from etl.cli import app
from models.db import ENV_URL, alembic_config, get_engine, head_revision, init_db

runner = CliRunner()
SEED = "seeds/001_eb42678789e3d87b.txt"
READING = [["stats"], ["show", "1"], ["checks"], ["failures"], ["export", "--out", "exported"]]
WRITING = [["import", "IMPORT"], ["etl"], ["db", "upgrade"]]


def one_line_error(*args: str, code: int = 2) -> str:
    """Run `nianbao ARGS`; it must fail with `code` and print exactly one line, without a traceback."""
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.output, result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert lines[0].startswith(f"nianbao {args[0]}"), lines[0]
    return lines[0]


def commands(shared_dir):
    for args in READING + WRITING:
        yield [str(shared_dir / SEED) if a == "IMPORT" else a for a in args]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv(ENV_URL, raising=False)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_mistyped_db_is_refused_by_every_command_and_creates_nothing(workdir, shared_dir):
    for args in commands(shared_dir):
        line = one_line_error(*args, "--db", "notaurl")
        assert "'notaurl' is neither a URL" in line and "ending in .sqlite or .db" in line
        line = one_line_error(*args, "--db", "typo/nianbao.sqlite")
        assert str(workdir / "typo/nianbao.sqlite") in line
        assert ("folder" in line and "does not exist" in line) if args[0] in ("import", "db") else \
            "no nianbao database at" in line
    assert list(workdir.iterdir()) == []


def test_reading_from_another_folder_says_there_is_no_database(workdir, shared_dir):
    for args in READING + [["etl"]]:
        line = one_line_error(*args)  # the default data/nianbao.sqlite of this folder
        assert line.endswith(f"no nianbao database at {workdir}/data/nianbao.sqlite — run `nianbao db upgrade` "
                             f"or `nianbao import` first"), line
    assert list(workdir.iterdir()) == []


def test_postgresql_problems_are_one_line_with_the_password_masked(workdir, postgres_url):
    down = f"postgres://nianbao:s3cret@127.0.0.1:{free_port()}/nianbao"  # postgres:// means psycopg
    for args in (["stats"], ["import", "."], ["db", "upgrade"]):
        line = one_line_error(*args, "--db", down)
        assert f"cannot open database postgresql+psycopg://nianbao:***@127.0.0.1:{down.rsplit(':', 1)[1]}" in line
        assert "Connection refused" in line and "s3cret" not in line
    url = make_url(postgres_url)
    missing = url.set(database="nianbao_no_such_db").render_as_string(hide_password=False)
    assert 'database "nianbao_no_such_db" does not exist' in one_line_error("stats", "--db", missing)
    role = url.set(username="nianbao_no_such_role").render_as_string(hide_password=False)
    assert 'role "nianbao_no_such_role" does not exist' in one_line_error("checks", "--db", role)
    driver = url.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)
    assert "its driver is not installed (No module named 'psycopg2')" in one_line_error("stats", "--db", driver)
    assert "SQLite or PostgreSQL, not mysql" in one_line_error("stats", "--db", "mysql://u@h/db")
    # an existing but empty PostgreSQL database is no nianbao database for the reading commands
    assert "no nianbao database at" in one_line_error("stats", "--db", postgres_url)
    # postgresql:// (no driver named) is accepted for the real database too
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = runner.invoke(app, ["db", "upgrade", "--db", plain])
    assert result.exit_code == 0 and "created the schema" in result.output, result.output


def test_unusable_sqlite_files(workdir, shared_dir):
    (workdir / "folder.db").mkdir()
    assert "folder.db is a folder, not a SQLite database file" in one_line_error("stats", "--db", "folder.db")
    (workdir / "notes.db").write_text("not a database")
    assert "file is not a database" in one_line_error("stats", "--db", "notes.db")
    other = workdir / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER)")
    assert "is not a nianbao database (it has tables accounts" in one_line_error("stats", "--db", other)
    assert "nianbao will not add its tables to it" in one_line_error("import", shared_dir / SEED, "--db", other)
    locked = workdir / "locked.sqlite"
    init_db(get_engine(locked))
    locked.chmod(0o444)
    line = one_line_error("import", shared_dir / SEED, "--db", locked)
    assert line.endswith(f"cannot write SQLite database {locked}: the file is read-only")


def test_old_schema_is_refused_until_db_upgrade(workdir):
    db = workdir / "old.sqlite"
    engine = get_engine(db)
    init_db(engine)
    command.downgrade(alembic_config(engine), "0004")
    head = head_revision(engine)
    engine.dispose()
    line = one_line_error("stats", "--db", db)
    assert line.endswith(f"database {db} has schema 0004, older than this nianbao's {head} — run `nianbao db upgrade`")
    upgraded = runner.invoke(app, ["db", "upgrade", "--db", str(db)])
    assert upgraded.output.strip() == f"database {db}: migrated the schema from 0004 to {head}"
    assert runner.invoke(app, ["db", "upgrade", "--db", str(db)]).output.strip() == \
        f"database {db}: schema is current ({head})"
    assert runner.invoke(app, ["stats", "--db", str(db)]).exit_code == 0
    fresh = workdir / "fresh.db"
    assert runner.invoke(app, ["db", "upgrade", "--db", str(fresh)]).output.strip() == \
        f"database {fresh}: created the schema ({head})"


def test_export_to_a_file_or_unwritable_place(workdir, shared_dir):
    db = workdir / "x.sqlite"
    assert runner.invoke(app, ["import", str(shared_dir / SEED), "--db", str(db)]).exit_code == 0
    (workdir / "taken.csv").write_text("mine")
    assert "--out taken.csv is a file" in one_line_error("export", "--out", "taken.csv", "--db", db)
    assert (workdir / "taken.csv").read_text() == "mine"
    line = one_line_error("export", "--out", "taken.csv/inside", "--db", db)
    assert "taken.csv/inside" in line and "Not a directory" in line


def test_debug_shows_the_traceback(workdir, monkeypatch):
    result = runner.invoke(app, ["stats", "--db", "notaurl", "--debug"])
    assert result.exit_code == 2 and "Traceback" in result.output
    monkeypatch.setenv("NIANBAO_DEBUG", "1")
    result = runner.invoke(app, ["stats", "--db", "notaurl"])
    assert result.exit_code == 2 and "Traceback" in result.output and "DatabaseError" in result.output


def test_version_and_log_file(workdir, shared_dir):
    assert runner.invoke(app, ["--version"]).output.startswith("nianbao 0.")
    log = workdir / "nianbao.log"
    result = runner.invoke(app, ["import", str(shared_dir / SEED), "--db", "x.sqlite", "-q", "--log-file", str(log)])
    assert result.exit_code == 0 and result.output == ""  # quiet: nothing to say when all went well
    logged = log.read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 1)[1].split(":")[0] for line in logged] == ["nianbao import"] * 2
    assert "stored 1 new documents" in logged[0] and "parsed 1 (unchanged 0, new 1" in logged[1]
    one_line_error("stats", "--db", "nope.sqlite", "--log-file", str(log))
    assert log.read_text(encoding="utf-8").splitlines()[-1].endswith(
        f"nianbao stats: no nianbao database at {workdir}/nope.sqlite — run `nianbao db upgrade` or "
        f"`nianbao import` first")


def test_import_of_a_missing_path_stores_nothing(workdir):
    line = one_line_error("import", "reports/2023", "--db", "x.sqlite")
    assert line == "nianbao import: reports/2023: no such file or folder (nothing was stored)"
    assert list(workdir.iterdir()) == []
