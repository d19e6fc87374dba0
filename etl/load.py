"""The load sequence: fetched bytes → a stored document; a document's parse result → its report rows.

    received = receive_document(session, data=body, url=url, content_type=ctype, portal="pingtan")
    outcome = load_document(session, document, parsed)   # parsed: a worker's parse_bytes result
    session.commit()

Each step is another module's job: etl.store keeps documents and URLs, etl.placement decides report /
repost / revision and the canonical source, etl.rows writes the rows. Neither function commits.
load_document's outcome status (models.statuses.Outcome) says what happened to the document:
  unchanged   the record equals the last parse: no row is written (a newer parser only stamps its version)
  new         a new report; revision: a new version of a report already stored (dedup rule 3)
  repost      one more source of a report already stored (dedup rule 2)
  updated     the record changed and the document's report was rewritten in place
  not_report  the parser says the document is no report (document.error says why); its sources are
              removed, and its report too when no other source is left
  failed      the parser or the load raised: document.status 'failed' with the error; rows it produced
              before stay as they were, so nothing stored is lost
  needs_ocr, needs_conversion
              the document waits for OCR or conversion (switched off, or not installed): document.error
              says which; a document already parsed (with the tool, earlier) keeps its report, "unchanged"
Database errors (a dropped connection, a locked SQLite file) are not caught: the caller retries the
whole transaction (models.retry).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

import etl
from etl.extract.attempt import describe_error, parse_bytes
from etl.extract.dedup import record_fingerprint
from etl.extract.parse import NotAReport
from etl.extract.readers import NeedsTool
from etl.extract.record import Record
from etl.placement import add_url_sources, detach, place
from etl.store import document_id_at, document_source, store_document
from models import Document, Report, ReportSource
from models.clock import utcnow
from models.statuses import DocumentStatus


@dataclass(frozen=True)
class Received:
    """A stored document, whether its bytes were new, and whether the URL they came from was."""

    document: Document
    created: bool
    new_url: bool


def receive_document(session: Session, **fetched) -> Received:
    """Store fetched or imported bytes (etl.store.store_document's arguments); identical bytes of a report
    already placed, found at a new URL, make that URL one more source of the report. Never commits."""
    url = fetched.get("url")
    known = url is not None and document_id_at(session, url) is not None
    document, created = store_document(session, **fetched)
    if not created:
        add_url_sources(session, document)
    return Received(document, created, new_url=url is not None and not known)


@dataclass
class LoadOutcome:
    document_id: int
    status: str
    report_id: int | None = None
    error: str | None = None
    failed_checks: int = 0


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
            status, report = place(session, document, parsed, source.report_id if source else None)
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
    if isinstance(exc, NeedsTool) and document.status == "parsed":
        return LoadOutcome(document.id, "unchanged", error=describe_error(exc))  # keep what was read with it
    status = (DocumentStatus(exc.status) if isinstance(exc, NeedsTool) else
              DocumentStatus.NOT_REPORT if isinstance(exc, NotAReport) else DocumentStatus.FAILED)
    error = f"{document_source(document)}: {describe_error(exc)}"
    if (document.status, document.error, document.parser_version) != (status, error, etl.PARSER_VERSION):
        _stamp(document, status, error)
        if status == "not_report":
            document.record, document.record_fingerprint = None, None
            detach(session, document)
        session.add(document)
        session.flush()
    return LoadOutcome(document.id, status, error=error)
