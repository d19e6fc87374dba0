"""Every status the database holds and every outcome kind, named once (values are what the rows store)."""
from __future__ import annotations

from enum import StrEnum


class DocumentStatus(StrEnum):
    """What the last parse made of a stored document."""

    NEW = "new"  # stored, never parsed
    PARSED = "parsed"
    FAILED = "failed"
    NOT_REPORT = "not_report"
    # Waiting for a tool that is switched off or not installed (etl.extract.readers.NeedsTool.status).
    NEEDS_OCR = "needs_ocr"
    NEEDS_CONVERSION = "needs_conversion"

    @classmethod
    def waiting(cls) -> tuple[DocumentStatus, ...]:
        return cls.NEEDS_OCR, cls.NEEDS_CONVERSION


class ReportStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"  # an earlier version of a revised report


class Outcome(StrEnum):
    """What loading one parse result did (etl.load.load_document)."""

    UNCHANGED = "unchanged"
    NEW = "new"
    REVISION = "revision"
    REPOST = "repost"
    UPDATED = "updated"
    NOT_REPORT = "not_report"
    FAILED = "failed"
    NEEDS_OCR = "needs_ocr"  # the document waits (DocumentStatus.waiting)
    NEEDS_CONVERSION = "needs_conversion"

    @property
    def etl_count(self) -> str:
        """The EtlCounts column an ETL run adds this outcome to (the waiting ones: etl.runs.RunSummary's own)."""
        return _ETL_COUNT[self]

    @property
    def crawl_count(self) -> str:
        """The CrawlCounts column a crawl adds it to (a crawl counts a revision as a new report; the waiting
        ones are tallied, not stored)."""
        return _CRAWL_COUNT[self]


_ETL_COUNT = {Outcome.UNCHANGED: "unchanged", Outcome.NEW: "new", Outcome.REVISION: "revisions",
              Outcome.REPOST: "reposts", Outcome.UPDATED: "updated", Outcome.NOT_REPORT: "not_reports",
              Outcome.FAILED: "failed", Outcome.NEEDS_OCR: "needs_ocr", Outcome.NEEDS_CONVERSION: "needs_conversion"}
_CRAWL_COUNT = {**_ETL_COUNT, Outcome.REVISION: "new", Outcome.FAILED: "failed_parses"}


class CrawlStatus(StrEnum):
    FINISHED = "finished"
    FAILED = "failed"  # a portal error: the crawl's exit status is non-zero
    INTERRUPTED = "interrupted"  # closed early; resumable with the same JOBDIR


class ProblemKind(StrEnum):
    """What went wrong with one document of a crawl, or with a whole portal."""

    FETCH_FAILED = "fetch_failed"
    STORE_FAILED = "store_failed"
    FAILED_PARSE = "failed_parse"
    NOT_REPORT = "not_report"
    PORTAL = "portal"
