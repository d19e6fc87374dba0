"""Item pipelines: a fetched document's metadata from its listing and head, then stored; parsing is the ETL's.

MetadataPipeline fills title, publisher, publish date and year cheaply (etl.extract.head: the listing,
meta tags, title and 来源/发布 lines — no table parse) and settles the document's charset, the reader's
one decision. StorePipeline stores the bytes through etl.load.receive_document in a thread (retries
sleep there, never on the reactor) and hands each new document to the crawl's parse batches
(crawler.batches: the ETL's worker pool) unless NIANBAO_PARSE is off, leaving parsing to `nianbao etl`.
Both report to the crawl's ledger; a document that fails to store is logged and kept there, and the
crawl goes on.
"""
from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from sqlmodel import Session
from twisted.internet import reactor, threads
from twisted.python.threadpool import ThreadPool

from crawler.batches import Fetched, ParseBatches
from crawler.items import DocumentItem
from crawler.ledger import CrawlLedger
from crawler.portals import Portal, load_portals
from crawler.storage import CrawlStorage
from etl.extract.attempt import describe_error
from etl.extract.head import page_head
from etl.extract.readers.encoding import charset_of
from etl.load import receive_document
from etl.runs import TIMEOUT
from etl.store import document_id_at
from models.retry import is_transient, retrying
from models.statuses import DocumentStatus, ProblemKind

logger = logging.getLogger(__name__)


class MetadataPipeline:
    """Title, publisher, publish date and year from the listing and the page head; the charset decision."""

    def process_item(self, item: DocumentItem) -> DocumentItem:
        decoded, item.decoded = item.decoded, None  # the text is not needed past this point
        item.charset = decoded.charset if decoded else charset_of(item.body, item.content_type)
        head = page_head(decoded.text if decoded else None, item.listed_title, item.listed_date)
        item.title, item.publisher, item.year, item.publish_date = (head.title, head.publisher, head.year,
                                                                    head.publish_date)
        return item


class StorePipeline:
    """Every fetched document into the database; new ones to the parse batches when NIANBAO_PARSE is on."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.storage = CrawlStorage.of(crawler)
        self.ledger = CrawlLedger.of(crawler)
        self.parse = settings.getbool("NIANBAO_PARSE", True)
        self.batch_options = {"size": settings.getint("NIANBAO_PARSE_BATCH", 16),
                              "interval": settings.getfloat("NIANBAO_PARSE_INTERVAL", 5.0),
                              "timeout": settings.getfloat("NIANBAO_PARSE_TIMEOUT", TIMEOUT),
                              "workers": settings.getint("NIANBAO_PARSE_WORKERS", 1)}
        # The portal's title says whose site it is: dedup prefers a report's copy on its publisher's own portal.
        self.portals: dict[str, Portal] = load_portals(settings["NIANBAO_PORTALS"])
        self.batches: ParseBatches | None = None
        # One writer thread: documents are stored in the order they came, never two at once.
        self.writer = ThreadPool(minthreads=1, maxthreads=1, name="nianbao-store")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.writer.start()
        if self.parse:
            self.batches = ParseBatches(self.storage.engine, self.ledger, **self.batch_options)

    async def close_spider(self) -> None:
        self.writer.stop()  # every item's store has finished: the engine waits for process_item
        if self.batches is not None:
            await self.batches.close()

    async def process_item(self, item: DocumentItem) -> DocumentItem:
        try:
            item.document_id, item.created, new_url, queued = await maybe_deferred_to_future(
                threads.deferToThreadPool(reactor, self.writer, self._store, item))
        except Exception as exc:  # one bad document never stops a crawl
            if is_transient(exc):
                logger.error("portal %s: could not store %s (database busy after retries): %s", item.portal,
                             item.url, exc)
            else:
                logger.exception("portal %s: could not store %s", item.portal, item.url)
            self.ledger.tally(item.portal, "store_failed")
            self.ledger.problem(ProblemKind.STORE_FAILED, item.portal, item.url,
                                f"{item.kind} not stored: {describe_error(exc)}")
            return item
        if queued and self.batches.add(item.document_id, Fetched(item.portal, item.kind, item.url,
                                                                 item.attachments)):
            return item
        if not item.created:
            self.ledger.tally(item.portal, "reposts" if new_url else "unchanged")
        else:
            self.ledger.tally(item.portal, "new")
        return item

    @retrying
    def _store(self, item: DocumentItem) -> tuple[int, bool, bool, bool]:
        """(document id, bytes new, URL new, to be parsed), in a thread."""
        portal = self.portals.get(item.portal)
        with Session(self.storage.engine) as session:
            parent_id = document_id_at(session, item.parent_url) if item.parent_url else None
            received = receive_document(
                session, data=item.body, url=item.url, final_url=item.final_url, content_type=item.content_type,
                http_status=item.http_status, portal=item.portal, portal_title=portal.title if portal else None,
                parent_id=parent_id, fetched_at=item.fetched_at, charset=item.charset)
            session.commit()
            document = received.document
            queued = self.parse and (received.created or document.status == DocumentStatus.NEW)
            return document.id, received.created, received.new_url, queued
