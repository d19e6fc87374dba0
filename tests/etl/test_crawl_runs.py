"""Crawl runs in the database: one row per crawl, updated when the crawl resumes, read back newest first."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from etl.crawl_runs import COUNTS, CrawlRecord, Problem, latest_crawl_runs, save_crawl_run
from etl.store import store_document
from models import CrawlRun, CrawlRunError

START = datetime(2026, 3, 1, 8, 0)


def record(job: str, status: str, minutes: int, fetched: int, problems: list[Problem]) -> CrawlRecord:
    return CrawlRecord(job=job, portals=["city", "dept"], status=status, close_reason="shutdown" if
                       status == "interrupted" else "finished", started_at=START + timedelta(minutes=minutes),
                       finished_at=START + timedelta(minutes=minutes + 5),
                       counts={"pages": 3, "reports_fetched": fetched, "new": fetched}, problems=problems)


def test_a_resumed_crawl_updates_its_row_and_replaces_its_problems(engine):
    with Session(engine) as session:
        document, _ = store_document(session, data=b"<html>broken</html>", url="http://city/2.html")
        first = save_crawl_run(session, record("job-a", "interrupted", 0, 4, [
            Problem("fetch_failed", "city", "http://city/404.html", "report not fetched: HTTP 404")]))
        session.commit()
        # The resume's summary covers the whole crawl; it keeps the first start.
        resumed = save_crawl_run(session, record("job-a", "finished", 10, 9, [
            Problem("fetch_failed", "city", "http://city/404.html", "report not fetched: HTTP 404"),
            Problem("failed_parse", "city", "http://city/2.html", "ValueError: bad table", document.id)]))
        other = save_crawl_run(session, record("job-b", "failed", 20, 0, [
            Problem("portal", "dept", None, "yielded no report")]))
        session.commit()
        assert resumed.id == first.id and other.id != first.id
        assert session.exec(select(func.count()).select_from(CrawlRun)).one() == 2
        row = session.get(CrawlRun, first.id)
        assert (row.status, row.close_reason, row.started_at, row.finished_at, row.reports_fetched, row.known) == (
            "finished", "finished", START, START + timedelta(minutes=15), 9, 0)
        errors = session.exec(select(CrawlRunError).where(CrawlRunError.run_id == first.id)
                              .order_by(CrawlRunError.id)).all()
        assert [(e.kind, e.url, e.document_id) for e in errors] == [
            ("fetch_failed", "http://city/404.html", None), ("failed_parse", "http://city/2.html", document.id)]

        latest = latest_crawl_runs(session)
        assert [r["id"] for r in latest] == [other.id, first.id]
        assert latest[1]["problems"] == {"failed_parse": 1, "fetch_failed": 1}
        assert latest[0]["problems"] == {"portal": 1} and latest[0]["status"] == "failed"
        assert latest[1]["portals"] == ["city", "dept"] and latest[1]["started_at"] == START.isoformat()
        assert {k: latest[1][k] for k in COUNTS} == {**dict.fromkeys(COUNTS, 0), "pages": 3, "reports_fetched": 9,
                                                     "new": 9}
        assert [r["id"] for r in latest_crawl_runs(session, limit=1)] == [other.id]


def test_unknown_statuses_and_problem_kinds_are_refused(engine):
    with Session(engine) as session:
        with pytest.raises(ValueError, match="crawl status 'done' is not one of finished, failed, interrupted"):
            save_crawl_run(session, record("job", "done", 0, 0, []))
        with pytest.raises(ValueError, match="unknown crawl problem kind"):
            save_crawl_run(session, record("job", "finished", 0, 0, [Problem("oops", "city", None, "?")]))
        assert latest_crawl_runs(session) == []
