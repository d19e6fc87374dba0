"""The end of a crawl: per-portal counts in the log and the database, and the crawl's verdict.

A portal that yielded no report at all (its column moved, or every link stopped looking like a report)
is an error, like a list page whose layout no longer matches the portal's profile: both make the
`scrapy crawl` exit status non-zero (crawler.scrapy_commands.crawl reads `nianbao/exit_status`).
The database keeps each crawl as an EtlRun row of mode "crawl" (its counts, and an EtlRunError per
document that failed to parse), beside the ETL's own runs.
"""
from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from sqlmodel import Session

from crawler.storage import open_engine
from etl import PARSER_VERSION
from etl.runs import retrying
from etl.store import utcnow
from models import EtlRun, EtlRunError

logger = logging.getLogger(__name__)
COLUMNS = ("pages", "reports_found", "known", "reports_fetched", "attachments_fetched", "new", "unchanged",
           "reposts", "updated", "not_reports", "failed_parses", "fetch_failed", "robots_blocked")


def portal_rows(tally: dict[str, dict[str, int]], portals: list[str]) -> list[dict[str, Any]]:
    """One row per portal (zeros for what did not happen), plus a total row."""
    rows = [{"portal": name, **{c: tally.get(name, {}).get(c, 0) for c in COLUMNS}} for name in portals]
    rows.append({"portal": "total", **{c: sum(r[c] for r in rows) for c in COLUMNS}})
    return rows


def format_table(rows: list[dict[str, Any]]) -> str:
    headers = ["portal", *COLUMNS]
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in headers]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(str(r[h]).rjust(w) for h, w in zip(headers, widths, strict=True)) for r in rows]
    return "\n".join(lines)


class CrawlSummary:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.started_at = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> CrawlSummary:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.started_at = utcnow()

    def spider_closed(self, spider, reason: str) -> None:
        state = getattr(spider, "state", {})
        tally = state.get("tally", {})
        names = list(getattr(spider, "portals", {}))
        if reason == "finished":
            for name in names:
                if not tally.get(name, {}).get("reports_found"):
                    spider.error(name, "yielded no report: no link or page of its list names an annual report")
        rows = portal_rows(tally, names)
        errors = state.get("errors", [])
        verdict = "interrupted (resume with the same JOBDIR)" if reason != "finished" else (
            f"{len(errors)} error(s)" if errors else "ok")
        logger.info("crawl summary (%s):\n%s", verdict, format_table(rows))
        for message in errors:
            logger.error("crawl error: %s", message)
        self.crawler.stats.set_value("nianbao/exit_status", 1 if errors else 0)
        self.crawler.stats.set_value("nianbao/summary", rows[-1])
        try:
            self._save(rows[-1], state.get("failed", []), ",".join(names))
        except Exception:  # the summary is a record of the crawl; losing it must not hide the crawl's result
            logger.exception("could not save the crawl summary to the database")

    @retrying
    def _save(self, total: dict[str, Any], failed: list[tuple[int, str, str]], portals: str) -> None:
        engine = open_engine(self.crawler.settings.get("NIANBAO_DB"))
        try:
            with Session(engine) as session:
                run = EtlRun(
                    started_at=self.started_at or utcnow(), finished_at=utcnow(), parser_version=PARSER_VERSION,
                    mode=f"crawl:{portals}"[:200], documents=total["reports_fetched"] + total["attachments_fetched"],
                    parsed=total["new"] + total["reposts"] + total["updated"] + total["unchanged"],
                    unchanged=total["unchanged"] + total["known"], new=total["new"], reposts=total["reposts"],
                    not_reports=total["not_reports"], failed=total["failed_parses"])
                session.add(run)
                session.flush()
                for document_id, url, message in failed:
                    if document_id is not None:
                        session.add(EtlRunError(run_id=run.id, document_id=document_id, error=f"{url}: {message}"))
                session.commit()
        finally:
            engine.dispose()
