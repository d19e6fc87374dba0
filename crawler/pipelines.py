"""Item pipelines: read each fetched document with the ETL's own code, store it, load the new ones.

MetadataPipeline parses the bytes once with etl.extract.parse.parse_document (the same extraction as `nianbao
etl`) and fills title, publisher, publish date, year and format; StorePipeline stores the bytes through
etl.store (deduplicated by URL and sha256, with the portal's title from the portal file, which tells
dedup whose site it is) and, when NIANBAO_PARSE is on, loads a new document's record into report rows at
once with etl.load — reusing that one parse. A document that fails to fetch, store or parse is logged,
counted and kept for the crawl's record (crawler.summary); the crawl goes on.
"""
from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from sqlmodel import Session

from crawler.items import DocumentItem
from crawler.storage import document_id_at, open_engine
from etl.extract.attempt import describe_error, parse_bytes
from etl.extract.dates import parse_date
from etl.extract.metadata import find_year
from etl.load import load_document, receive_document
from models.retry import is_transient, retrying

logger = logging.getLogger(__name__)
# load_document's outcome → the summary counter it adds to.
OUTCOMES = {"new": "new", "revision": "new", "repost": "reposts", "updated": "updated",
            "unchanged": "unchanged", "not_report": "not_reports", "failed": "failed_parses"}


class MetadataPipeline:
    """Title, publisher, publish date, year and format of a document, as the ETL reads them."""

    def process_item(self, item: DocumentItem) -> DocumentItem:
        parsed = parse_bytes(item.body, item.url, item.content_type)
        item.extra["parsed"] = parsed
        if isinstance(parsed, Exception):
            item.extra["parse_error"] = describe_error(parsed)
            # The list's own words still give the year and date, read by the same ETL functions.
            item.title = item.listed_title
            item.year = find_year(item.listed_title, "", "")
            item.publish_date = parse_date(item.listed_date)
            return item
        item.title = parsed.title or item.listed_title
        item.publisher = parsed.publisher
        item.year = parsed.year
        item.publish_date = parsed.publish_date or parse_date(item.listed_date)
        item.format = parsed.format
        return item


class StorePipeline:
    """Every fetched document into the database; new ones loaded into report rows when NIANBAO_PARSE is on."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.engine = None
        self.load = crawler.settings.getbool("NIANBAO_PARSE", True)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.engine = open_engine(self.crawler.settings.get("NIANBAO_DB"))

    def close_spider(self) -> None:
        if self.engine is not None:
            self.engine.dispose()

    def process_item(self, item: DocumentItem) -> DocumentItem:
        spider = self.crawler.spider
        parsed = item.extra.pop("parsed", None)
        try:
            result = self._store(item, parsed)
        except Exception as exc:  # one bad document never stops a crawl
            if is_transient(exc):
                logger.error("portal %s: could not store %s (database busy after retries): %s", item.portal,
                             item.url, exc)
            else:
                logger.exception("portal %s: could not store %s", item.portal, item.url)
            spider.tally(item.portal, "store_failed")
            spider.problem("store_failed", item.portal, item.url, f"{item.kind} not stored: {describe_error(exc)}")
            return item
        item.document_id, item.created, status, error = result
        known_url = item.url in spider.known
        spider.known.add(item.url)
        if not item.created:
            spider.tally(item.portal, "unchanged" if known_url else "reposts")
        elif status is None:
            spider.tally(item.portal, "new")
        else:
            spider.tally(item.portal, OUTCOMES.get(status, status))
        if status == "failed" or (status == "not_report" and item.kind == "report"):
            message = error or item.extra.get("parse_error") or status
            # A page that only points to its attachments is expected not to parse; they carry the report.
            level = (logging.ERROR if status == "failed" else
                     logging.INFO if item.extra.get("attachments") else logging.WARNING)
            logger.log(level, "portal %s: %s %s not parsed: %s", item.portal, item.kind, item.url, message)
            if level >= logging.WARNING:
                spider.problem("failed_parse" if status == "failed" else "not_report", item.portal, item.url,
                               message, item.document_id)
        return item

    @retrying
    def _store(self, item: DocumentItem, parsed: Any) -> tuple[int, bool, str | None, str | None]:
        # The portal's title says whose site it is: dedup prefers a report's copy on its publisher's own portal.
        portal = self.crawler.spider.portals.get(item.portal)
        with Session(self.engine) as session:
            parent_id = document_id_at(session, item.parent_url) if item.parent_url else None
            received = receive_document(
                session, data=item.body, url=item.url, final_url=item.final_url, content_type=item.content_type,
                http_status=item.http_status, portal=item.portal, portal_title=portal.title if portal else None,
                parent_id=parent_id, fetched_at=item.fetched_at)
            document, created = received.document, received.created
            status = error = None
            if self.load and (created or document.status == "new"):
                outcome = load_document(session, document, parsed)
                status, error = outcome.status, outcome.error
            session.commit()
            return document.id, created, status, error
