"""A report's rows: its own columns and every row read off its record (sections, notes, facts, checks).

The three fact tables' columns are named once here (FACTS), for writing, `nianbao show` and export.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert
from sqlmodel import Session

import etl
from etl.extract.dedup import band_hashes, table_fingerprint, unique_sections
from etl.extract.record import Record
from etl.extract.regions import region_columns
from etl.search import index_report_sections
from etl.store import document_source
from models import (
    ActiveDisclosureFact,
    ApplicationFact,
    CheckResult,
    Document,
    Note,
    Portal,
    Report,
    ReportBand,
    ReviewLitigationFact,
    Section,
)
from models.clock import utcnow

# A record's fact tables as stored: table -> (model, row column, column column, value column).
FACTS = {"active_disclosure": (ActiveDisclosureFact, "category", "metric", "value"),
         "applications": (ApplicationFact, "row", "applicant", "count"),
         "review_litigation": (ReviewLitigationFact, "group", "outcome", "count")}
REPORT_CHILDREN = (Section, Note, ActiveDisclosureFact, ApplicationFact, ReviewLitigationFact, CheckResult,
                   ReportBand)


def as_date(value: str | None) -> date | None:
    """A record's publish date ('YYYY-MM-DD', as etl.extract.dates writes it) as a date; None when it is no date."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def delete_rows(session: Session, report_id: int) -> None:
    for table in REPORT_CHILDREN:
        session.exec(delete(table).where(table.report_id == report_id))


def _count(document: Document, table: str, row: str, col: str, value) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"{document_source(document)}: {table}.{row}.{col} = {value} is not a whole number")
    return int(value)


def write_report(session: Session, report: Report, document: Document, record: Record, signature: bytes) -> None:
    """Write the report's own columns and replace every row read off it with the record's (bulk inserts);
    `signature` is record_signature(record)."""
    report.publisher, report.year, report.title = record.publisher, record.year, record.title
    report.publish_date, report.format = as_date(record.publish_date), record.format
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
    delete_rows(session, report.id)
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
