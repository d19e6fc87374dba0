"""Ctrl-C and `kill` during `nianbao etl` / `nianbao import`: the run is recorded as interrupted, the
command says how to continue and exits 130 / 143, and `etl --stale` ends at the uninterrupted result."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select
from typer.testing import CliRunner

from etl.cli import app
from etl.extract.record import Record
from etl.render import render_html
from etl.store import store_document
from models import EtlRun
from models.db import get_engine, init_db

NIANBAO = str(Path(sys.executable).with_name("nianbao"))
FETCHED = datetime(2026, 1, 2, 3, 4, 5)


def store_renderings(db: Path, shared_dir: Path, copies: int = 5) -> int:
    """Every gold seed report rendered `copies` ways (reposts of one another), stored and not parsed."""
    engine = get_engine(db)
    init_db(engine)
    count = 0
    with Session(engine) as session:
        for gold in sorted((shared_dir / "gold/seeds").glob("*.json")):
            record = Record.from_dict(json.loads(gold.read_text("utf-8")))
            for seed in range(copies):
                store_document(session, data=render_html(record, seed=seed), content_type="text/html",
                               url=f"http://example.gov.cn/{gold.stem}/{seed}.html", fetched_at=FETCHED)
                count += 1
        session.commit()
    engine.dispose()
    return count


def parsed_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute("SELECT count(*) FROM documents WHERE status != 'new'").fetchone()[0]


def exported(db: Path, out: Path) -> dict[str, list[str]]:
    done = CliRunner().invoke(app, ["export", "--format", "jsonl", "--out", str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output
    return {path.name: path.read_text("utf-8").splitlines() for path in sorted(out.iterdir())}


def interrupt(command: list[str], db: Path, signum: int, after: int = 3) -> subprocess.CompletedProcess:
    """Run `command`, send `signum` once `after` documents are parsed, and wait for it to exit."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (db.exists() and _parsed_safely(db) >= after):
        assert process.poll() is None and time.monotonic() < deadline, "the run ended before it was interrupted"
        time.sleep(0.02)
    process.send_signal(signum)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _parsed_safely(db: Path) -> int:
    try:
        return parsed_count(db)
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def test_sigint_during_etl_is_recorded_and_etl_stale_completes_it(tmp_path, shared_dir):
    reference, db = tmp_path / "reference.sqlite", tmp_path / "interrupted.sqlite"
    total = store_renderings(reference, shared_dir)
    assert store_renderings(db, shared_dir) == total == 25
    whole = subprocess.run([NIANBAO, "etl", "--db", str(reference)], capture_output=True, text=True, timeout=300)
    assert whole.returncode == 0, whole.stderr

    stopped = interrupt([NIANBAO, "etl", "--db", str(db)], db, signal.SIGINT)
    assert stopped.returncode == 130, stopped.stderr
    last = stopped.stderr.strip().splitlines()[-1]
    assert last.startswith("nianbao etl: interrupted by SIGINT after ") and "Traceback" not in stopped.stderr
    assert last.endswith(f"recorded as interrupted); continue with `nianbao etl --stale --db {db}`")
    engine = get_engine(db)
    with Session(engine) as session:
        (run,) = session.exec(select(EtlRun)).all()
    engine.dispose()
    assert run.status == "interrupted" and run.finished_at is not None
    assert 3 <= run.documents < total and run.documents == parsed_count(db)  # the one in flight was finished
    assert f"after {run.documents} of {total} documents (run {run.id} " in last

    resumed = subprocess.run([NIANBAO, "etl", "--stale", "--db", str(db)], capture_output=True, text=True,
                             timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f": {total - run.documents} documents;" in resumed.stdout
    assert exported(db, tmp_path / "a") == exported(reference, tmp_path / "b")


def test_sigterm_during_import_exits_143_and_says_how_to_continue(tmp_path, shared_dir):
    folder = tmp_path / "reports"
    folder.mkdir()
    for gold in sorted((shared_dir / "gold/seeds").glob("*.json")):
        record = Record.from_dict(json.loads(gold.read_text("utf-8")))
        for seed in range(4):
            (folder / f"{gold.stem}-{seed}.html").write_bytes(render_html(record, seed=seed))
    db = tmp_path / "x.sqlite"
    stopped = interrupt([NIANBAO, "import", str(folder), "--db", str(db)], db, signal.SIGTERM)
    assert stopped.returncode == 143, stopped.stderr
    assert stopped.stderr.strip().splitlines()[-1].endswith(f"continue with `nianbao etl --stale --db {db}`")
    again = subprocess.run([NIANBAO, "etl", "--stale", "--db", str(db)], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and parsed_count(db) == 20
