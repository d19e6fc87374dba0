"""Crawl runs in the database: the crawler's close-of-crawl summary writes one, `nianbao stats` reads them.

    save_crawl_run(session, CrawlRecord(job=..., portals=[...], status="finished", counts={...},
                                        problems=[Problem("fetch_failed", "sample-city", url, "HTTP 404")]))
    session.commit()
    latest_crawl_runs(session)     # newest first, as plain dicts

A crawl resumed from its JOBDIR keeps its job key, so its summary (which covers the whole crawl)
replaces the row its interrupted part wrote instead of counting that part twice. Never commits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, select

from models import CrawlRun, CrawlRunError
from models.clock import utcnow
from models.statuses import CrawlStatus, ProblemKind
from models.tables import CrawlCounts

COUNTS = tuple(CrawlCounts.model_fields)  # a crawl's counters, in summary-table order


@dataclass(frozen=True)
class Problem:
    """Something that went wrong in a crawl: a document (its URL) or a whole portal (url None)."""

    kind: str
    portal: str
    url: str | None
    message: str
    document_id: int | None = None


@dataclass
class CrawlRecord:
    job: str
    portals: list[str]
    status: str
    close_reason: str
    started_at: datetime
    finished_at: datetime = field(default_factory=utcnow)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def save_crawl_run(session: Session, record: CrawlRecord) -> CrawlRun:
    """Insert the crawl's row, or replace the row of an earlier part of the same job, with its problems."""
    if record.status not in set(CrawlStatus):
        raise ValueError(f"crawl status {record.status!r} is not one of {', '.join(CrawlStatus)}")
    unknown = sorted({p.kind for p in record.problems} - set(ProblemKind))
    if unknown:
        raise ValueError(f"unknown crawl problem kind(s) {', '.join(unknown)}")
    run = session.exec(select(CrawlRun).where(CrawlRun.job == record.job)).first()
    if run is None:
        run = CrawlRun(job=record.job, started_at=record.started_at, finished_at=record.finished_at,
                       portals="", status=record.status, close_reason=record.close_reason)
    run.started_at = min(run.started_at, record.started_at)
    run.finished_at, run.portals = record.finished_at, ",".join(record.portals)
    run.status, run.close_reason = record.status, record.close_reason
    for key in COUNTS:
        setattr(run, key, record.counts.get(key, 0))
    session.add(run)
    session.flush()
    session.exec(delete(CrawlRunError).where(CrawlRunError.run_id == run.id))
    session.add_all(CrawlRunError(run_id=run.id, kind=p.kind, portal=p.portal, url=p.url, message=p.message,
                                  document_id=p.document_id) for p in record.problems)
    session.flush()
    return run


def latest_crawl_runs(session: Session, limit: int = 5) -> list[dict[str, Any]]:
    """The newest crawl runs (latest finish first), with their counts and their problems counted by kind."""
    runs = session.exec(select(CrawlRun).order_by(CrawlRun.finished_at.desc(), CrawlRun.id.desc())
                        .limit(limit)).all()
    problems: dict[int, dict[str, int]] = {}
    if runs:
        rows = session.exec(select(CrawlRunError.run_id, CrawlRunError.kind, func.count())
                            .where(CrawlRunError.run_id.in_([r.id for r in runs]))
                            .group_by(CrawlRunError.run_id, CrawlRunError.kind)
                            .order_by(CrawlRunError.kind)).all()
        for run_id, kind, n in rows:
            problems.setdefault(run_id, {})[kind] = n
    return [{"id": r.id, "started_at": r.started_at.isoformat(), "finished_at": r.finished_at.isoformat(),
             "portals": r.portals.split(",") if r.portals else [], "status": r.status,
             "close_reason": r.close_reason, **{key: getattr(r, key) for key in COUNTS},
             "problems": problems.get(r.id, {})}
            for r in runs]
