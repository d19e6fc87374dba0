"""A stored document's parsed record → report rows, idempotently, de-duplicated (rules in etl.extract.dedup).

    outcome = load_document(session, document)   # parses document.data with etl.extract.parse.parse_document
    session.commit()

    parsed = parse_bytes(data, source, content_type)   # a Record, or the exception parsing raised
    outcome = load_document(session, document, parsed) # reuse a parse done elsewhere (a worker, a pipeline)

load_document never commits. Its outcome status says what happened to the document:
  unchanged   the record equals the last parse: no row is written (a newer parser only stamps its version)
  new         a new report; revision: a new version of a report already stored (dedup rule 3)
  repost      one more source of a report already stored (dedup rule 2)
  updated     the record changed and the document's report was rewritten in place
  not_report  the parser says the document is no report (document.error says why); its sources are
              removed, and its report too when no other source is left
  failed      the parser or the load raised: document.status 'failed' with the error; rows it produced
              before stay as they were, so nothing stored is lost
Database errors (a dropped connection, a locked SQLite file) are not caught: the caller retries the
whole transaction (etl.runs does).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete, func, insert, or_, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

import etl
from etl.crossyear import refresh_cross_year
from etl.extract.dedup import (
    Sighting,
    band_hashes,
    canonical_source,
    minhash,
    record_fingerprint,
    record_text,
    same_body,
    signature_bytes,
    similarity,
    table_cells,
    table_changes,
    table_fingerprint,
    unique_sections,
)
from etl.extract.parse import NotAReport, parse_document
from etl.extract.record import Record
from etl.extract.regions import region_columns
from etl.search import index_report_sections
from models import (
    ActiveDisclosureFact,
    ApplicationFact,
    CheckResult,
    Document,
    DocumentUrl,
    Note,
    Portal,
    Report,
    ReportBand,
    ReportSource,
    ReviewLitigationFact,
    Section,
)

PLACEMENT_LOCK = 0x6E69616E62616F  # "nianbao": the advisory lock key of _place on PostgreSQL
REPORT_CHILDREN = (Section, Note, ActiveDisclosureFact, ApplicationFact, ReviewLitigationFact, CheckResult,
                   ReportBand)


@dataclass
class LoadOutcome:
    document_id: int
    status: str
    report_id: int | None = None
    error: str | None = None
    failed_checks: int = 0


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _date(value: str | None) -> date | None:
    """A record's publish date ('YYYY-MM-DD', as etl.extract.dates writes it) as a date; None when it is no date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def document_source(document: Document) -> str:
    """How a document is named in records and errors."""
    return document.url or document.final_url or f"document {document.id}"


def parse_bytes(data: bytes, source: str, content_type: str | None) -> Record | Exception:
    """Parse, returning the exception instead of raising it (also used in worker processes)."""
    try:
        return parse_document(data, source, content_type=content_type)
    except Exception as exc:  # one bad document must not stop a run: the error is recorded
        return exc


class ParseError(RuntimeError):
    """A parser crash carried back from a worker process, described (the original may not pickle)."""


def describe_error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, NotAReport | ParseError) else f"{type(exc).__name__}: {exc}"


def load_document(session: Session, document: Document, parsed: Record | Exception | None = None) -> LoadOutcome:
    """Parse `document` (unless `parsed` is given: a record, or the exception parsing raised) and load it.

    An exception given as `parsed` is recorded against the document, whatever raised it (etl.runs
    passes a database error that retrying did not cure)."""
    if parsed is None:
        parsed = parse_bytes(document.data, document_source(document), document.content_type)
    if isinstance(parsed, Exception):
        return _record_failure(session, document, parsed)
    data = parsed.to_dict()
    fingerprint = record_fingerprint(data)
    source = session.exec(select(ReportSource).where(ReportSource.document_id == document.id)).first()
    if source is not None and document.status == "parsed" and document.record_fingerprint == fingerprint:
        report = session.get(Report, source.report_id)
        if document.parser_version != etl.PARSER_VERSION:
            _stamp(document, "parsed")
            session.add(document)
            if report.document_id == document.id:
                report.parser_version = etl.PARSER_VERSION
                session.add(report)
        return LoadOutcome(document.id, "unchanged", report.id, failed_checks=report.failed_checks)
    try:
        with session.begin_nested():
            _stamp(document, "parsed")
            document.record, document.record_fingerprint = data, fingerprint
            session.add(document)
            status, report = _place(session, document, parsed, source.report_id if source else None)
    except SQLAlchemyError:
        raise
    except Exception as exc:  # a record the tables cannot hold: recorded against the document
        session.expire(document)
        return _record_failure(session, document, exc)
    return LoadOutcome(document.id, status, report.id, failed_checks=report.failed_checks)


def _stamp(document: Document, status: str, error: str | None = None) -> None:
    """What the last parse made of the document, and which parser version did it."""
    document.status, document.error = status, error
    document.parser_version, document.parsed_at = etl.PARSER_VERSION, utcnow()


def _record_failure(session: Session, document: Document, exc: Exception) -> LoadOutcome:
    status = "not_report" if isinstance(exc, NotAReport) else "failed"
    error = f"{document_source(document)}: {describe_error(exc)}"
    if (document.status, document.error, document.parser_version) != (status, error, etl.PARSER_VERSION):
        _stamp(document, status, error)
        if status == "not_report":
            document.record, document.record_fingerprint = None, None
            _detach(session, document)
        session.add(document)
        session.flush()
    return LoadOutcome(document.id, status, error=error)


def _detach(session: Session, document: Document) -> None:
    """Remove the document's sources; its report is refreshed, or dropped when no source is left."""
    report_id = session.exec(select(ReportSource.report_id).where(ReportSource.document_id == document.id)).first()
    if report_id is None:
        return
    session.exec(delete(ReportSource).where(ReportSource.document_id == document.id))
    report = session.get(Report, report_id)
    if _source_count(session, report_id):
        _refresh(session, report)
    else:
        _drop(session, report)


def _place(session: Session, document: Document, record: Record, old_report_id: int | None) -> tuple[str, Report]:
    """Attach the document to the report its record belongs to, creating or rewriting reports as needed.

    On PostgreSQL placements are serialised with a transaction-scoped advisory lock, so a crawl and an
    ETL run loading two copies of one report at once cannot both create it (SQLite serialises writers).
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PLACEMENT_LOCK})
    signature = _signature(record)
    tables = table_fingerprint(record)
    old = session.get(Report, old_report_id) if old_report_id else None
    if old is not None:
        session.exec(delete(ReportSource).where(ReportSource.document_id == document.id))
        session.flush()
    orphan = old is not None and not _source_count(session, old.id)
    repost, versions = None, []
    for candidate, score in _same_body(session, record, signature, exclude=old.id if orphan else None):
        if candidate.fingerprint == tables and (repost is None or score > repost[1]):
            repost = (candidate, score)
        elif candidate.fingerprint != tables:
            versions.append(candidate)
    if repost is not None:
        report = repost[0]
        status = "updated" if report is old else "repost"
        _add_sources(session, report.id, document)
        _refresh(session, report)
    else:
        if orphan:
            report, status = old, "updated"
        else:
            now = utcnow()
            report = Report(parser_version=etl.PARSER_VERSION, fingerprint=tables, record_fingerprint="",
                            minhash=signature, created_at=now, updated_at=now)
            status = "revision" if versions else "new"
        _materialize(session, report, document, record, signature)
        _add_sources(session, report.id, document)
        _refresh(session, report)
    if old is not None and old is not report:
        if orphan:
            _drop(session, old)
        else:
            _refresh(session, old)
    _order_versions(session, report)
    refresh_cross_year(session, report)
    if old is not None and old is not report and not orphan:  # rewritten from another source just now
        refresh_cross_year(session, old)
    return status, report


def _source_count(session: Session, report_id: int) -> int:
    return session.exec(select(func.count()).select_from(ReportSource)
                        .where(ReportSource.report_id == report_id)).one()


def _same_body(session: Session, identity: Record | Report, signature: bytes,
               exclude: int | None = None) -> list[tuple[Report, float]]:
    """Stored reports with the same body as `identity` (rules 2 and 3), with their text similarity.

    Candidates share a MinHash LSH band, the publisher or the title, and the year; each is then verified.
    """
    related = [Report.id.in_(select(ReportBand.report_id).where(ReportBand.hash.in_(band_hashes(signature))))]
    related += [Report.publisher == identity.publisher] if identity.publisher else []
    related += [Report.title == identity.title] if identity.title else []
    year = Report.year == identity.year if identity.year is not None else Report.year.is_(None)
    query = select(Report).where(year, or_(*related))
    if exclude is not None:
        query = query.where(Report.id != exclude)
    found = []
    for candidate in session.exec(query.order_by(Report.id)).all():
        score = similarity(signature, candidate.minhash)
        if same_body(identity, candidate, score):
            found.append((candidate, score))
    return found


def add_source(session: Session, report_id: int, document: Document, *, url: str | None, portal: str | None,
               fetched_at: datetime) -> ReportSource:
    """One place `document` (already parsed) was found, as a source of report `report_id`."""
    record = document.record or {}
    publisher = record.get("publisher")
    source = ReportSource(report_id=report_id, document_id=document.id, url=url, portal=portal,
                          publisher=publisher, publish_date=_date(record.get("publish_date")),
                          fetched_at=fetched_at)
    session.add(source)
    session.flush()
    return source


def _add_sources(session: Session, report_id: int, document: Document) -> None:
    urls = session.exec(select(DocumentUrl).where(DocumentUrl.document_id == document.id)
                        .order_by(DocumentUrl.id)).all()
    for url in urls:
        add_source(session, report_id, document, url=url.url, portal=url.portal or document.portal,
                   fetched_at=url.fetched_at)
    if not urls:
        add_source(session, report_id, document, url=None, portal=document.portal, fetched_at=document.fetched_at)


def refresh_report(session: Session, report_id: int) -> None:
    """Re-choose the canonical source of a report after a source was added to it from outside a load."""
    _refresh(session, session.get(Report, report_id))


def _refresh(session: Session, report: Report) -> None:
    """Choose the canonical source (rule 4) and, when it or its record changed, rewrite the report from it."""
    sources = session.exec(select(ReportSource).where(ReportSource.report_id == report.id)).all()
    titles = dict(session.exec(select(Portal.name, Portal.title)
                               .where(Portal.name.in_({s.portal for s in sources if s.portal}))).all())
    best, own = canonical_source([Sighting(tuple(n for n in (s.portal, titles.get(s.portal)) if n), s.publisher,
                                           s.publish_date, s.fetched_at, s.document_id) for s in sources])
    canonical = sources[best]
    for source, is_own in zip(sources, own, strict=True):
        if (source.canonical, source.own_portal) != (source is canonical, is_own):
            source.canonical, source.own_portal = source is canonical, is_own
            session.add(source)
    document = session.get(Document, canonical.document_id)
    if report.document_id != document.id or report.record_fingerprint != document.record_fingerprint:
        record = Record.from_dict(document.record)
        _materialize(session, report, document, record, _signature(record))
    session.flush()


def _drop(session: Session, report: Report) -> None:
    for later in session.exec(select(Report).where(Report.superseded_by_id == report.id)).all():
        later.superseded_by_id, later.status, later.changes = None, "current", None
        session.add(later)
    _delete_children(session, report.id)
    session.delete(report)
    session.flush()


def _delete_children(session: Session, report_id: int) -> None:
    for table in REPORT_CHILDREN:
        session.exec(delete(table).where(table.report_id == report_id))


def _count(document: Document, table: str, row: str, col: str, value) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{document_source(document)}: {table}.{row}.{col} = {value} is not a whole number")
    return int(value)


def _signature(record: Record) -> bytes:
    """The record's MinHash signature as stored (the costly part of a load: compute it once per record)."""
    return signature_bytes(minhash(record_text(record)))


def _materialize(session: Session, report: Report, document: Document, record: Record, signature: bytes) -> None:
    """Write the report's own columns and replace every row read off it with the record's (bulk inserts);
    `signature` is _signature(record)."""
    report.publisher, report.year, report.title = record.publisher, record.year, record.title
    report.publish_date, report.format = _date(record.publish_date), record.format
    report.document_id, report.parser_version = document.id, etl.PARSER_VERSION
    report.fingerprint, report.record_fingerprint = table_fingerprint(record), document.record_fingerprint
    report.minhash, report.updated_at = signature, utcnow()
    report.failed_checks = len({(c.rule, c.cell) for c in record.failed_checks})
    report.quality = record.quality.get("verdict")
    report.quality_reasons = record.quality.get("reasons")
    portal = session.get(Portal, document.portal) if document.portal else None
    for key, value in region_columns(record.publisher, portal.title if portal else None).items():
        setattr(report, key, value)
    session.add(report)
    session.flush()
    _delete_children(session, report.id)
    rid = report.id
    sections = _first_of_each(unique_sections(record.sections), lambda s: (s.number, s.occurrence))
    checks = _first_of_each(record.checks, lambda c: (c.rule, c.cell))
    rows = {
        ReportBand: [{"report_id": rid, "band": i, "hash": h} for i, h in enumerate(band_hashes(signature))],
        Section: [{"report_id": rid, "number": n, "occurrence": o, "title": s.title, "text": s.text}
                  for (n, o), s in sections.items()],
        Note: [{"report_id": rid, "position": i, "code": n.code, "message": n.message}
               for i, n in enumerate(record.notes)],
        ActiveDisclosureFact: [{"report_id": rid, "category": category, "metric": metric, "value": value}
                               for category, metrics in record.active_disclosure.items()
                               for metric, value in metrics.items()],
        ApplicationFact: [{"report_id": rid, "row": row, "applicant": col,
                           "count": _count(document, "applications", row, col, value)}
                          for row, cols in record.applications.items() for col, value in cols.items()],
        ReviewLitigationFact: [{"report_id": rid, "group": group, "outcome": col,
                                "count": _count(document, "review_litigation", group, col, value)}
                               for group, cols in record.review_litigation.items() for col, value in cols.items()],
        CheckResult: [{"report_id": rid, "rule": rule, "cell": cell, "expected": c.expected, "found": c.found,
                       "status": c.status} for (rule, cell), c in checks.items()],
    }
    for model, values in rows.items():
        if values:
            session.connection().execute(insert(model), values)
    index_report_sections(session, rid)


def _first_of_each(items, key) -> dict:
    """key -> the first item with that key, in order (the unique constraints allow one row per key)."""
    first: dict = {}
    for item in items:
        first.setdefault(key(item), item)
    return first


def _first_seen(session: Session, report: Report) -> datetime:
    return session.exec(select(func.min(ReportSource.fetched_at)).where(ReportSource.report_id == report.id)).one()


def _order_versions(session: Session, report: Report) -> None:
    """Rule 3: order the report and its revisions; each earlier version is superseded by the next."""
    group = [report] + [c for c, _ in _same_body(session, report, report.minhash, exclude=report.id)
                        if c.fingerprint != report.fingerprint]
    group_ids = {r.id for r in group}
    for stale in session.exec(select(Report).where(Report.superseded_by_id.in_(group_ids),
                                                   Report.id.not_in(group_ids))).all():
        stale.superseded_by_id, stale.status, stale.changes = None, "current", None
        session.add(stale)

    def when(r: Report) -> tuple:
        seen = _first_seen(session, r)
        return (r.publish_date or seen.date(), seen, r.id)

    if len(group) > 1:
        group.sort(key=when)
        cells = {r.id: table_cells(Record.from_dict(session.get(Document, r.document_id).record)) for r in group}
        for older, newer in zip(group, group[1:], strict=False):
            older.superseded_by_id, older.status = newer.id, "superseded"
            older.changes = table_changes(cells[older.id], cells[newer.id])
            session.add(older)
    latest = group[-1]
    latest.superseded_by_id, latest.status, latest.changes = None, "current", None
    session.add(latest)
    session.flush()
