"""A crawl's new documents parsed and loaded on the ETL's own path, off the reactor thread.

Each batch is one etl.runs.run_etl over the batch's documents — worker processes, a timeout per
document, crash isolation, database retries — run in a thread, so fetching goes on meanwhile. A batch
starts every `size` new documents or every `interval` seconds, one at a time; the rest is parsed when the
crawl closes, so a crawl still ends with every new document loaded (or waiting: a crawl runs no OCR or
conversion). Outcomes go to the crawl's ledger.
"""
from __future__ import annotations

import logging
import multiprocessing
from dataclasses import dataclass

from sqlalchemy import Engine
from twisted.internet import task, threads
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.ledger import CrawlLedger
from etl.extract.readers import Tools
from etl.load import LoadOutcome
from etl.runs import run_etl
from models.statuses import Outcome, ProblemKind

logger = logging.getLogger(__name__)
# Workers start from a fork server: forking the crawl's process itself, with the reactor's and the store's
# threads running, can leave a worker holding a lock no thread will release (a hang until the timeout).
WORKERS = multiprocessing.get_context("forkserver")
WORKERS.set_forkserver_preload(["etl.runs"])


@dataclass(frozen=True)
class Fetched:
    """What the ledger needs to know about a stored document once its parse is in."""

    portal: str
    kind: str  # "report" or "attachment"
    url: str
    attachments: int = 0  # files a report page links: a page that only points to them is expected to be no report


class ParseBatches:
    def __init__(self, engine: Engine, ledger: CrawlLedger, *, size: int, interval: float, timeout: float,
                 workers: int) -> None:
        self.engine, self.ledger = engine, ledger
        self.size, self.timeout, self.workers = max(1, size), timeout, workers
        self._pending: dict[int, Fetched] = {}
        self._taken: set[int] = set()  # every document this crawl handed in
        self._running: Deferred | None = None
        self._clock = task.LoopingCall(self._start)
        self._clock.start(interval, now=False)

    def add(self, document_id: int, fetched: Fetched) -> bool:
        """A stored, unparsed document (on the reactor thread); False when this crawl handed it in already
        (its bytes fetched again at another URL before their parse)."""
        if document_id in self._taken:
            return False
        self._taken.add(document_id)
        self._pending[document_id] = fetched
        if len(self._pending) >= self.size:
            self._start()
        return True

    async def close(self) -> None:
        """Parse what is left and wait for the last batch."""
        from scrapy.utils.defer import maybe_deferred_to_future

        if self._clock.running:
            self._clock.stop()
        while self._running is not None or self._pending:
            if self._running is None:
                self._start()
            await maybe_deferred_to_future(self._running)

    def _start(self) -> None:
        if self._running is not None or not self._pending:
            return  # the batch after the running one takes them
        batch, self._pending = self._pending, {}
        running = threads.deferToThread(self._run, batch)
        running.addBoth(self._done)
        self._running = running

    def _done(self, result: object) -> None:
        self._running = None
        if isinstance(result, Failure):  # the documents stay stored and unparsed: `nianbao etl` picks them up
            logger.error("a parse batch failed: %s", result.getTraceback())
        elif len(self._pending) >= self.size:
            self._start()

    def _run(self, batch: dict[int, Fetched]) -> None:
        # No OCR or conversion during a crawl (slow): such documents wait for `nianbao etl`.
        summary = run_etl(self.engine, "stale", workers=self.workers, timeout=self.timeout, context=WORKERS,
                          tools=Tools.none(), document_ids=list(batch),
                          progress=lambda outcome: self._report(batch, outcome))
        logger.info("parse batch (etl run %d): %d documents, %d failed", summary.run_id, summary.documents,
                    summary.failed)

    def _report(self, batch: dict[int, Fetched], outcome: LoadOutcome) -> None:
        fetched = batch[outcome.document_id]
        status = Outcome(outcome.status)
        self.ledger.tally(fetched.portal, status.crawl_count)
        if status is Outcome.FAILED or (status is Outcome.NOT_REPORT and fetched.kind == "report"):
            # A page that only points to its attachments is expected not to parse; they carry the report.
            level = (logging.ERROR if status is Outcome.FAILED else
                     logging.INFO if fetched.attachments else logging.WARNING)
            logger.log(level, "portal %s: %s %s not parsed: %s", fetched.portal, fetched.kind, fetched.url,
                       outcome.error)
            if level >= logging.WARNING:
                kind = ProblemKind.FAILED_PARSE if status is Outcome.FAILED else ProblemKind.NOT_REPORT
                self.ledger.problem(kind, fetched.portal, fetched.url, outcome.error or status,
                                    outcome.document_id)
