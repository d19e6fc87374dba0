"""The base of nianbao's Scrapy extensions: built from the crawler, and found again from it."""
from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler


class Extension:
    """An extension that pipelines and the spider reach through `Cls.of(crawler)`, never through the spider."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @classmethod
    def of(cls, crawler: Crawler) -> Self:
        found = crawler.get_extension(cls)
        if found is None:
            raise RuntimeError(f"{cls.__module__}.{cls.__name__} is missing from EXTENSIONS")
        return found
