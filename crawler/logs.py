"""The crawl's log, one line per problem: a traceback Scrapy attaches (a robots.txt DNS failure, an
error in a callback) is folded into its record's line as `(ExceptionType: message)`.

The OneLineLog extension (EXTENSIONS) adds the filter once the crawl's log handler is in place (Scrapy
replaces the handler after building extensions, so: when the spider opens, before any request);
NIANBAO_DEBUG=1 (environment or `-s`) keeps the tracebacks.
"""
from __future__ import annotations

import logging
import os

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings


class OneLine(logging.Filter):
    """Replaces a record's traceback with the exception's type and message on the record's own line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            message, detail = record.getMessage(), " ".join(str(exc).split())
            shown = "" if not detail or detail in message else f": {detail}"
            record.msg = f"{message} ({type(exc).__name__}{shown})"
            record.args = None
            record.exc_info = record.exc_text = None
            record.stack_info = None
        return True


def one_line_tracebacks(settings: BaseSettings) -> None:
    """Fold tracebacks on every root handler (Scrapy's console or LOG_FILE handler), unless debugging."""
    if settings.getbool("NIANBAO_DEBUG") or os.environ.get("NIANBAO_DEBUG", "") not in ("", "0"):
        return
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, OneLine) for f in handler.filters):
            handler.addFilter(OneLine())


class OneLineLog:
    """Extension: folds tracebacks from the spider's opening on."""

    def __init__(self, crawler: Crawler) -> None:
        self.settings = crawler.settings
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    def spider_opened(self) -> None:
        one_line_tracebacks(self.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineLog:
        return cls(crawler)
