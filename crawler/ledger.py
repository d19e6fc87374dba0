"""The crawl's ledger: counts per portal, portal errors and document problems, for the closing summary.

An extension, so the spider, the pipelines, the parse batches and the summary all report to one object
(`CrawlLedger.of(crawler)`) instead of to the spider. Its data lives in `spider.state`, which Scrapy
keeps in JOBDIR, so a resumed crawl's summary covers all of it. Parse batches report from their thread,
hence the lock.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.extension import Extension
from etl.crawl_runs import Problem
from models.statuses import ProblemKind

logger = logging.getLogger(__name__)


class CrawlLedger(Extension):
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.state: dict[str, Any] = {}
        self._lock = threading.Lock()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self, spider: Spider) -> None:
        # Runs after Scrapy's SpiderState extension has put the JOBDIR copy into spider.state.
        self.state = spider.state

    @property
    def tallies(self) -> dict[str, dict[str, int]]:
        return self.state.get("tally", {})

    @property
    def errors(self) -> list[Problem]:
        return self.state.get("errors", [])

    @property
    def problems(self) -> list[Problem]:
        return self.state.get("problems", [])

    def tally(self, portal: str, key: str, n: int = 1) -> None:
        with self._lock:
            counts = self.state.setdefault("tally", {}).setdefault(portal, {})
            counts[key] = counts.get(key, 0) + n
            self.stats.inc_value(f"nianbao/{key}", n)

    def error(self, portal: str, message: str, url: str | None = None) -> None:
        """An error of a portal (`url`: the list page to blame): logged, counted, kept for the crawl's
        record, and it makes the crawl's exit status non-zero."""
        logger.error("portal %s: %s", portal, message)
        with self._lock:
            self.state.setdefault("errors", []).append(Problem(ProblemKind.PORTAL, portal, url, message))
            self.stats.inc_value("nianbao/errors")

    def problem(self, kind: ProblemKind, portal: str, url: str, message: str, document_id: int | None = None) -> None:
        """A document that failed (to fetch, store or parse), kept for the crawl's record."""
        with self._lock:
            self.state.setdefault("problems", []).append(Problem(kind, portal, url, message, document_id))
