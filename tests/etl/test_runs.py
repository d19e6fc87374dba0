"""ETL runs: document selection, worker processes, and database errors in the middle of a run."""
from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

import etl
from etl.extract.parse import parse_document
from etl.load import load_document
from etl.runs import run_etl, select_documents
from etl.store import store_document
from models import ApplicationFact, Document, EtlRun, EtlRunError, Report, ReportSource
from models.db import get_engine, init_db
from models.retry import retrying


def store_shared(engine, shared_documents) -> None:
    with Session(engine) as session:
        for name, data in shared_documents.items():
            store_document(session, data=data, url=f"http://example.gov.cn/{name}")
        session.commit()


def expected_facts(shared_documents) -> int:
    """Application cells of every shared report, as the parser reads them."""
    total = 0
    for name, data in shared_documents.items():
        if name != "pingtan_list.html":
            total += sum(len(cols) for cols in parse_document(data, name).applications.values())
    return total


def assert_complete(engine, shared_documents) -> None:
    """Seven reports, one source each, every cell once; a second run finds nothing to change."""
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 7
        assert session.exec(select(func.count()).select_from(ReportSource)).scalar_one() == 7
        assert session.exec(select(func.count()).select_from(ApplicationFact)).scalar_one() == \
            expected_facts(shared_documents)
    again = run_etl(engine, "all")
    assert (again.documents, again.unchanged, again.not_reports, again.failed) == (8, 7, 1, 0)


def test_modes_select_documents(engine, shared_documents, monkeypatch):
    store_shared(engine, shared_documents)
    with Session(engine) as session:
        assert len(select_documents(session, "stale")) == 8
        assert select_documents(session, "failed") == []
        with pytest.raises(ValueError, match="unknown ETL mode 'fresh'"):
            select_documents(session, "fresh")
    summary = run_etl(engine)
    with Session(engine) as session:
        assert select_documents(session, "stale") == []
        assert len(select_documents(session, "all")) == 8
        run = session.get(EtlRun, summary.run_id)
        assert (run.mode, run.documents, run.new, run.not_reports, run.parser_version) == (
            "stale", 8, 7, 1, etl.PARSER_VERSION)
        assert run.finished_at >= run.started_at
    monkeypatch.setattr(etl, "PARSER_VERSION", "next")
    with Session(engine) as session:
        assert len(select_documents(session, "stale")) == 8


def test_worker_processes_load_the_same_reports(engine, shared_documents):
    store_shared(engine, shared_documents)
    summary = run_etl(engine, workers=2)
    assert (summary.documents, summary.new, summary.not_reports, summary.failed) == (8, 7, 1, 0)
    assert_complete(engine, shared_documents)


def test_terminated_backend_mid_run_is_retried(postgres_url, shared_documents):
    """pg_terminate_backend from another connection while the run writes facts: the run still completes."""
    import psycopg

    engine = get_engine(postgres_url)
    init_db(engine)
    store_shared(engine, shared_documents)
    killed: list[int] = []

    def terminate(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO application_facts") and len(killed) < 2:
            pid = conn.connection.dbapi_connection.info.backend_pid
            with psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as admin:
                assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
            killed.append(pid)

    event.listen(engine, "before_cursor_execute", terminate)
    summary = run_etl(engine)
    event.remove(engine, "before_cursor_execute", terminate)
    assert len(killed) == 2
    assert (summary.documents, summary.new, summary.not_reports, summary.failed) == (8, 7, 1, 0)
    assert_complete(engine, shared_documents)
    engine.dispose()


def test_locked_sqlite_file_is_retried(tmp_path, shared_documents):
    """Another process holds the write lock for a while: writes fail with 'database is locked', then go through."""
    path = tmp_path / "locked.sqlite"
    engine = get_engine(str(path), connect_args={"timeout": 0.05})
    init_db(engine)
    store_shared(engine, shared_documents)
    errors: list[str] = []
    event.listen(engine, "handle_error", lambda context: errors.append(str(context.original_exception)))
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(1.0)
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=hold_lock)

    def after_first(outcome):
        if not holder.is_alive() and not locked.is_set():
            holder.start()
            locked.wait()

    summary = run_etl(engine, progress=after_first)
    holder.join()
    assert any("database is locked" in e for e in errors)
    assert (summary.documents, summary.new, summary.not_reports, summary.failed) == (8, 7, 1, 0)
    assert_complete(engine, shared_documents)
    with Session(engine) as session:
        assert {d.status for d in session.exec(select(Document)).scalars()} == {"parsed", "not_report"}
    engine.dispose()


def test_a_database_error_retrying_cannot_cure_fails_only_its_document(engine, shared_documents):
    """A non-transient database error while one document's facts are written: that document is failed
    with the error (its partial rows rolled back), logged against the run, and the run goes on."""
    names = ("000_250f2460152f5126.txt", "001_eb42678789e3d87b.txt")
    with Session(engine) as session:
        ids = [store_document(session, data=shared_documents[n], url=f"http://example.gov.cn/{n}")[0].id
               for n in names]
        session.commit()
    raised: list[str] = []

    def refuse_once(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO application_facts") and not raised:
            raised.append(statement)
            raise IntegrityError(statement, parameters, Exception("refused by the test"))

    event.listen(engine, "before_cursor_execute", refuse_once)
    summary = run_etl(engine)
    event.remove(engine, "before_cursor_execute", refuse_once)
    assert (summary.documents, summary.new, summary.failed) == (2, 1, 1)
    (failed_id, error), = summary.errors
    assert failed_id == ids[0]
    assert error.startswith(f"http://example.gov.cn/{names[0]}: IntegrityError: (builtins.Exception) refused by the test")
    with Session(engine) as session:
        document = session.get(Document, ids[0])
        assert (document.status, document.error) == ("failed", error)
        assert session.exec(select(EtlRunError.document_id, EtlRunError.error)).all() == [(ids[0], error)]
        assert session.exec(select(ReportSource.document_id)).scalars().all() == [ids[1]]
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 1
    assert (run_etl(engine, "failed").new, run_etl(engine).documents) == (1, 0)


def test_two_writers_loading_copies_of_one_report_at_once_make_one_report(engine, shanghai_renderings):
    """A crawl and an ETL run place two copies concurrently: the second waits and becomes a repost."""
    with Session(engine) as session:
        first = store_document(session, data=shanghai_renderings["original"], url="http://a/1.html")[0].id
        second = store_document(session, data=shanghai_renderings["gbk_chrome"], url="http://b/1.html")[0].id
        session.commit()
    placed = threading.Event()
    outcomes = {}

    @retrying
    def load(document_id):
        with Session(engine) as session:
            outcomes[document_id] = load_document(session, session.get(Document, document_id)).status
            session.commit()

    with Session(engine) as holder:  # the first writer has placed its copy but not committed yet
        outcomes[first] = load_document(holder, holder.get(Document, first)).status
        other = threading.Thread(target=lambda: (placed.wait(), load(second)))
        other.start()
        placed.set()
        other.join(timeout=0.5)  # without serialisation the second writer would finish now, on its own
        holder.commit()
    other.join()
    assert outcomes == {first: "new", second: "repost"}
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 1


def slow_page(page: bytes, copies: int) -> bytes:
    """A real report page with its tables printed `copies` times over: parsing it takes time in proportion
    (seconds for a hundred copies), with nothing wrong in it."""
    text = page.decode("utf-8")
    start, end = text.index("<table"), text.rindex("</table>") + len("</table>")
    return (text[:start] + text[start:end] * copies + text[end:]).encode("utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_parse_that_takes_too_long_is_stopped_and_the_run_goes_on(tmp_path, shared_documents, workers):
    engine = get_engine(tmp_path / "slow.sqlite")
    init_db(engine)
    documents = dict(shared_documents)
    slow = slow_page(documents.pop("shanghai_2019.html"), 150)
    with Session(engine) as session:
        slow_id = store_document(session, data=slow, url="http://example.gov.cn/slow.html")[0].id
        session.commit()
    store_shared(engine, documents)
    summary = run_etl(engine, workers=workers, timeout=0.5)
    assert (summary.documents, summary.new, summary.not_reports, summary.failed) == (8, 6, 1, 1)
    error = "http://example.gov.cn/slow.html: parse timed out after 0.5 s"
    assert summary.errors == [(slow_id, error)]
    with Session(engine) as session:
        document = session.get(Document, slow_id)
        assert (document.status, document.error) == ("failed", error)
        assert session.exec(select(EtlRunError.error).where(EtlRunError.run_id == summary.run_id)).scalars().all() \
            == [error]
    # Given the time, the same page parses: it was slow, not broken.
    again = run_etl(engine, "failed", workers=workers, timeout=120)
    assert (again.documents, again.new, again.failed) == (1, 1, 0)
    engine.dispose()


def test_the_parse_timeout_must_be_positive(tmp_path):
    engine = get_engine(tmp_path / "x.sqlite")
    init_db(engine)
    with pytest.raises(ValueError, match="the parse timeout must be positive, not 0"):
        run_etl(engine, timeout=0)
    engine.dispose()
