"""SQLModel tables: stored documents, the reports found in them, and everything read off each report.

Every unique constraint below is what makes a load idempotent: the ETL replaces a report's rows
inside one transaction, so a second run over the same documents finds nothing to change.

Times are naive UTC (SQLite keeps no zone). Fact keys are the SCHEMA.md keys.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy import UniqueConstraint as Unique
from sqlmodel import Field, SQLModel


def _fk(target: str, *, nullable: bool = True, ondelete: str = "CASCADE", index: bool = True) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index)


class Document(SQLModel, table=True):
    """Raw bytes as fetched or imported: stored once per sha256, never fetched twice."""

    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, unique=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int
    url: str | None = Field(default=None, sa_column=Column(Text))
    final_url: str | None = Field(default=None, sa_column=Column(Text))
    content_type: str | None = None
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    http_status: int | None = None
    fetched_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    portal: str | None = Field(default=None, index=True)
    parent_id: int | None = Field(default=None, sa_column=_fk("documents.id", ondelete="SET NULL"))
    # The last parse: new (never parsed), parsed, not_report (the parser says why), failed (error), or
    # needs_ocr / needs_conversion (waits for a tool that is switched off or not installed; error says which).
    status: str = Field(default="new", index=True)
    error: str | None = Field(default=None, sa_column=Column(Text))
    parser_version: str | None = None
    parsed_at: datetime | None = Field(default=None, sa_column=Column(DateTime))
    record: dict | None = Field(default=None, sa_column=Column(JSON))
    record_fingerprint: str | None = Field(default=None, max_length=64)


class Portal(SQLModel, table=True):
    """A portal the crawler knows, by its short name, with the title that says whose site it is."""

    __tablename__ = "portals"

    name: str = Field(primary_key=True)
    title: str | None = Field(default=None, sa_column=Column(Text))


class DocumentUrl(SQLModel, table=True):
    """Every URL a document's bytes were found at (a repost of identical bytes adds a row here)."""

    __tablename__ = "document_urls"
    __table_args__ = (Unique("document_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(sa_column=_fk("documents.id", nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False, index=True))
    final_url: str | None = Field(default=None, sa_column=Column(Text))
    portal: str | None = None
    http_status: int | None = None
    fetched_at: datetime = Field(sa_column=Column(DateTime, nullable=False))


class Report(SQLModel, table=True):
    """One distinct report (or one version of it); its content comes from its canonical source."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_year_publisher", "year", "publisher"),)

    id: int | None = Field(default=None, primary_key=True)
    publisher: str | None = None
    year: int | None = None
    title: str | None = Field(default=None, sa_column=Column(Text))
    publish_date: date | None = Field(default=None, sa_column=Column(Date))
    format: str | None = Field(default=None, max_length=8)  # 2019, 2021 or legacy
    document_id: int | None = Field(default=None, sa_column=_fk("documents.id", ondelete="SET NULL"))
    parser_version: str
    # current, or superseded by a later revision (superseded_by_id, with the differing cells in changes).
    status: str = Field(default="current", index=True)
    fingerprint: str = Field(max_length=64, index=True)
    record_fingerprint: str = Field(max_length=64)
    minhash: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    superseded_by_id: int | None = Field(default=None, sa_column=_fk("reports.id", ondelete="SET NULL"))
    changes: list | None = Field(default=None, sa_column=Column(JSON))
    failed_checks: int = 0
    # The parser's verdict on the figures (etl.extract.quality): complete, partial or doubtful, and why.
    quality: str | None = Field(default=None, max_length=10, index=True)
    quality_reasons: list | None = Field(default=None, sa_column=Column(JSON))
    # The publisher's administrative region (etl.extract.regions): six-digit division code, named at each level.
    region_code: str | None = Field(default=None, max_length=6, index=True)
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    created_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime, nullable=False))


class ReportBand(SQLModel, table=True):
    """MinHash LSH bands of a report's text (hashes salted with the band number), so near-duplicate
    candidates are one indexed `hash IN (...)` query."""

    __tablename__ = "report_bands"
    __table_args__ = (Index("ix_report_bands_hash", "hash"),)

    report_id: int = Field(sa_column=Column(Integer, ForeignKey("reports.id", ondelete="CASCADE"),
                                            primary_key=True))
    band: int = Field(primary_key=True)
    hash: int = Field(sa_column=Column(BigInteger, nullable=False))


class ReportSource(SQLModel, table=True):
    """A place a report appeared: one row per (document, URL); a document belongs to one report."""

    __tablename__ = "report_sources"
    __table_args__ = (Unique("document_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    document_id: int = Field(sa_column=_fk("documents.id", nullable=False))
    url: str | None = Field(default=None, sa_column=Column(Text))
    portal: str | None = None
    publisher: str | None = None
    publish_date: date | None = Field(default=None, sa_column=Column(Date))
    fetched_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    own_portal: bool = False
    canonical: bool = False


class Section(SQLModel, table=True):
    __tablename__ = "sections"
    __table_args__ = (Unique("report_id", "number", "occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    number: int
    occurrence: int = 1
    title: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))


class Note(SQLModel, table=True):
    __tablename__ = "notes"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    position: int
    code: str
    message: str = Field(sa_column=Column(Text, nullable=False))


class ActiveDisclosureFact(SQLModel, table=True):
    """Section 二, one cell per row: category × metric (money in 万元)."""

    __tablename__ = "active_disclosure_facts"
    __table_args__ = (Unique("report_id", "category", "metric"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    category: str
    metric: str
    value: float | None = None


class ApplicationFact(SQLModel, table=True):
    """Section 三, one cell per row: row × applicant."""

    __tablename__ = "application_facts"
    __table_args__ = (Unique("report_id", "row", "applicant"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    row: str
    applicant: str
    count: int | None = None


class ReviewLitigationFact(SQLModel, table=True):
    """Section 四, one cell per row: group × outcome."""

    __tablename__ = "review_litigation_facts"
    __table_args__ = (Unique("report_id", "group", "outcome"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    group: str
    outcome: str
    count: int | None = None


class CheckResult(SQLModel, table=True):
    """One 勾稽 rule on one cell: passed, failed or not assessable."""

    __tablename__ = "check_results"
    __table_args__ = (Unique("report_id", "rule", "cell"),)

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(sa_column=_fk("reports.id", nullable=False))
    rule: str
    cell: str
    expected: float | None = None
    found: float | None = None
    status: str = Field(index=True)


class CheckRule(SQLModel, table=True):
    """What each check rule says (etl.explore.dictionary.CHECK_RULES), for readers of check_results."""

    __tablename__ = "check_rules"

    rule: str = Field(primary_key=True)
    text_zh: str = Field(sa_column=Column(Text, nullable=False))
    text_en: str = Field(sa_column=Column(Text, nullable=False))


class DataDictionaryEntry(SQLModel, table=True):
    """One exported column or table cell with its Chinese and English label (docs/data-dictionary.md)."""

    __tablename__ = "data_dictionary"

    name: str = Field(primary_key=True)
    kind: str
    label_zh: str = Field(sa_column=Column(Text, nullable=False))
    label_en: str = Field(sa_column=Column(Text, nullable=False))
    formats: str


class EtlCounts(SQLModel):
    """What an ETL run did to its documents: etl.runs.RunSummary counts these, EtlRun keeps them."""

    documents: int = 0
    parsed: int = 0
    unchanged: int = 0
    new: int = 0
    reposts: int = 0
    revisions: int = 0
    updated: int = 0
    not_reports: int = 0
    failed: int = 0
    checks_failed: int = 0


class EtlRun(EtlCounts, table=True):
    """One `nianbao etl` / `nianbao import` run and what it did."""

    __tablename__ = "etl_runs"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime))
    parser_version: str
    mode: str
    status: str = "running"  # running, finished, interrupted (a stop signal; `etl --stale` continues it)


class EtlRunError(SQLModel, table=True):
    """A document that failed in a run, with its error."""

    __tablename__ = "etl_run_errors"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(sa_column=_fk("etl_runs.id", nullable=False))
    document_id: int = Field(sa_column=_fk("documents.id", nullable=False))
    error: str = Field(sa_column=Column(Text, nullable=False))


class CrawlCounts(SQLModel):
    """A crawl's counters, as its log summary table names them (etl.crawl_runs.COUNTS)."""

    pages: int = 0
    reports_found: int = 0
    known: int = 0
    reports_fetched: int = 0
    attachments_fetched: int = 0
    new: int = 0
    unchanged: int = 0
    reposts: int = 0
    updated: int = 0
    not_reports: int = 0
    failed_parses: int = 0
    fetch_failed: int = 0
    store_failed: int = 0
    robots_blocked: int = 0


class CrawlRun(CrawlCounts, table=True):
    """One crawl (`scrapy crawl reports`) and what it did, written when it closes.

    A crawl resumed from its JOBDIR updates its row (same `job`): the counts cover the whole crawl, as
    its log summary does. status: finished, failed (a portal error made the exit status non-zero) or
    interrupted (stopped before the end; `close_reason` says how).
    """

    __tablename__ = "crawl_runs"

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=32, unique=True)
    started_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    finished_at: datetime = Field(sa_column=Column(DateTime, nullable=False))
    portals: str = Field(sa_column=Column(Text, nullable=False))  # the portals' names, comma-separated
    status: str = Field(index=True)
    close_reason: str


class CrawlRunError(SQLModel, table=True):
    """A problem of a crawl: a document that failed to fetch, store or parse, a listed report that is
    none, or a portal error (no URL then, unless a list page is to blame)."""

    __tablename__ = "crawl_run_errors"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(sa_column=_fk("crawl_runs.id", nullable=False))
    kind: str = Field(index=True)  # fetch_failed, store_failed, failed_parse, not_report or portal
    portal: str
    url: str | None = Field(default=None, sa_column=Column(Text))
    document_id: int | None = Field(default=None, sa_column=_fk("documents.id", ondelete="SET NULL"))
    message: str = Field(sa_column=Column(Text, nullable=False))
