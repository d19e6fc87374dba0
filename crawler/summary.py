"""The end of a crawl: per-portal counts in the log and the database, and the crawl's verdict.

A portal that yielded no report at all (its column moved, or every link stopped looking like a report)
is an error, like a list page whose layout no longer matches the portal's profile: both make the
`scrapy crawl` exit status non-zero (crawler.scrapy_commands.crawl reads `nianbao/exit_status`).
The database keeps each crawl as a CrawlRun row (etl.crawl_runs): its status, its total counts, and one
CrawlRunError per document that failed to fetch, store or parse and per portal error.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from sqlmodel import Session
from twisted.internet import threads

from crawler.ledger import CrawlLedger
from crawler.storage import CrawlStorage
from etl.crawl_runs import COUNTS, CrawlRecord, Problem, save_crawl_run
from models.clock import utcnow
from models.retry import retrying
from models.statuses import CrawlStatus

logger = logging.getLogger(__name__)


def portal_rows(tally: dict[str, dict[str, int]], portals: list[str]) -> list[dict[str, Any]]:
    """One row per portal (zeros for what did not happen), plus a total row."""
    rows = [{"portal": name, **{c: tally.get(name, {}).get(c, 0) for c in COUNTS}} for name in portals]
    rows.append({"portal": "total", **{c: sum(r[c] for r in rows) for c in COUNTS}})
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    """The rows as right-aligned columns for the log."""
    headers = ["portal", *COUNTS]
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in headers]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(str(r[h]).rjust(w) for h, w in zip(headers, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def crawl_status(reason: str, errors: list[Problem]) -> CrawlStatus:
    """finished, failed (a portal error: the exit status is non-zero) or interrupted (closed early)."""
    if reason != "finished":
        return CrawlStatus.INTERRUPTED
    return CrawlStatus.FAILED if errors else CrawlStatus.FINISHED


class CrawlSummary:
    """Extension (EXTENSIONS) that writes the crawl's summary when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler)

    async def spider_closed(self, spider, reason: str) -> None:
        ledger = CrawlLedger.of(self.crawler)
        state, tally = ledger.state, ledger.tallies
        names = list(getattr(spider, "portals", {}))
        if reason == "finished":
            for name in names:
                if not tally.get(name, {}).get("reports_found"):
                    ledger.error(name, "yielded no report: no link or page of its list names an annual report")
        rows = portal_rows(tally, names)
        errors = ledger.errors
        status = crawl_status(reason, errors)
        verdict = "interrupted (resume with the same JOBDIR)" if status == "interrupted" else (
            f"{len(errors)} error(s)" if errors else "ok")
        logger.info("crawl summary (%s):\n%s", verdict, format_table(rows))
        for error in errors:
            logger.error("crawl error: %s: %s", error.portal, error.message)
        self.crawler.stats.set_value("nianbao/exit_status", 1 if errors else 0)
        self.crawler.stats.set_value("nianbao/summary", rows[-1])
        total = {c: rows[-1][c] for c in COUNTS}
        record = CrawlRecord(job=state.get("job") or uuid.uuid4().hex, portals=names, status=status,
                             close_reason=reason, started_at=state.get("started_at") or utcnow(), counts=total,
                             problems=[*errors, *ledger.problems])
        try:
            await maybe_deferred_to_future(threads.deferToThread(self._save, record))
        except Exception:  # the summary is a record of the crawl; losing it must not hide the crawl's result
            logger.exception("could not save the crawl summary to the database")

    @retrying
    def _save(self, record: CrawlRecord) -> None:
        """In a thread: the retries sleep there."""
        with Session(CrawlStorage.of(self.crawler).engine) as session:
            run = save_crawl_run(session, record)
            session.commit()
            logger.info("crawl run %d saved (%s)", run.id, record.status)
