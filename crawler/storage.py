"""The crawl's one database engine, and what the spider may ask of the database.

An extension (`CrawlStorage.of(crawler).engine`): the spider's start, the store pipeline, the parse
batches and the closing summary share one engine, opened and migrated once, disposed when the crawl's
engine stops. Everything that writes goes through etl/ (receive_document, run_etl, save_crawl_run).
"""
from __future__ import annotations

import threading

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine
from sqlmodel import Session

from crawler.extension import Extension
from etl.store import known_urls
from models.db import open_database


def open_engine(url: str | None) -> Engine:
    """An engine for the crawl's database (NIANBAO_DB, else models.db's default), schema up to date;
    a database that cannot be used raises models.db.DatabaseError (one line)."""
    return open_database(url, write=True)


class CrawlStorage(Extension):
    def __init__(self, crawler: Crawler) -> None:
        self.url = crawler.settings.get("NIANBAO_DB")
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

    @property
    def engine(self) -> Engine:
        """The crawl's database (NIANBAO_DB, else models.db's default), schema up to date."""
        with self._lock:
            if self._engine is None:
                self._engine = open_engine(self.url)
            return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def stored_urls(engine: Engine) -> set[str]:
    """Every URL a stored document was fetched at: the spider does not fetch these again."""
    with Session(engine) as session:
        return known_urls(session)
