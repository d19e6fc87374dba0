"""Reading stored reports back: counts, one report in full, failed checks and documents (stats/show/checks/failures)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from etl.crawl_runs import latest_crawl_runs
from etl.extract.numbers import number
from etl.facts import report_tables
from models import (
    CheckResult,
    Document,
    DocumentUrl,
    Note,
    Report,
    ReportSource,
    Section,
)
from models.statuses import DocumentStatus


def _count(session: Session, table, *where) -> int:
    return session.exec(select(func.count()).select_from(table).where(*where)).one()


def _grouped(session: Session, column, *where) -> dict[str, int]:
    rows = session.exec(select(column, func.count()).where(*where).group_by(column).order_by(column)).all()
    return {("none" if key is None else str(key)): n for key, n in rows}


def _by_year_and_format(session: Session) -> dict[str, dict[str, int]]:
    """Current reports counted by year, then format (the demo's table)."""
    table: dict[str, dict[str, int]] = {}
    rows = session.exec(select(Report.year, Report.format, func.count()).where(Report.status == "current")
                        .group_by(Report.year, Report.format)).all()
    for year, fmt, n in rows:
        table.setdefault("none" if year is None else str(year), {})[fmt or "none"] = n
    return table


def stats(session: Session) -> dict[str, Any]:
    """Machine-readable counts of everything stored, and the latest crawl runs (newest first).

    `reposts_merged` counts the places beyond the first at which a report was found.
    """
    sources = _count(session, ReportSource)
    return {
        "documents": _count(session, Document),
        "reports": _count(session, Report),
        "current_reports": _count(session, Report, Report.status == "current"),
        "report_sources": sources,
        "reposts_merged": sources - session.exec(select(func.count(func.distinct(ReportSource.report_id)))).one(),
        "failed_documents": _count(session, Document, Document.status == "failed"),
        "not_report_documents": _count(session, Document, Document.status == "not_report"),
        "unparsed_documents": _count(session, Document, Document.status == "new"),
        "documents_waiting_for_ocr": _count(session, Document, Document.status == DocumentStatus.NEEDS_OCR),
        "documents_waiting_for_conversion": _count(session, Document, Document.status == DocumentStatus.NEEDS_CONVERSION),
        "reports_read_by_ocr": _count(session, Report, Report.id.in_(_ocr_report_ids())),
        "reports_read_by_ocr_doubtful": _count(session, Report, Report.id.in_(_ocr_report_ids()),
                                               Report.quality == "doubtful"),
        "failed_checks": _count(session, CheckResult, CheckResult.status == "failed"),
        "reports_with_failed_checks": _count(session, Report, Report.failed_checks > 0),
        "current_reports_with_failed_checks": _count(session, Report, Report.status == "current",
                                                     Report.failed_checks > 0),
        "reports_by_year": _grouped(session, Report.year),
        "current_reports_by_year_and_format": _by_year_and_format(session),
        "reports_by_format": _grouped(session, Report.format),
        "reports_by_status": _grouped(session, Report.status),
        "current_reports_by_quality": _grouped(session, Report.quality, Report.status == "current"),
        "documents_by_status": _grouped(session, Document.status),
        "crawl_runs": latest_crawl_runs(session),
    }


def _ocr_report_ids():
    return select(Note.report_id).where(Note.code == "read_by_ocr")


def find_report(session: Session, key: str) -> Report | None:
    """A report by id, or by a URL it was found at (a superseded version only when nothing else matches)."""
    if key.isdigit():
        return session.get(Report, int(key))
    query = (select(Report).join(ReportSource, ReportSource.report_id == Report.id)
             .join(DocumentUrl, DocumentUrl.document_id == ReportSource.document_id, isouter=True)
             .where((ReportSource.url == key) | (DocumentUrl.url == key) | (DocumentUrl.final_url == key)))
    found = session.exec(query.order_by(Report.status, Report.id)).all()
    return found[0] if found else None


def report_details(session: Session, report: Report) -> dict[str, Any]:
    """A report as stored: its record (SCHEMA.md keys), checks, sources, notes, sections and versions."""
    rid = report.id

    def rows(model):
        return session.exec(select(model).where(model.report_id == rid).order_by(model.id)).all()

    return {
        "id": rid, "status": report.status, "superseded_by": report.superseded_by_id,
        "supersedes": list(session.exec(select(Report.id).where(Report.superseded_by_id == rid)).all()),
        "changes": report.changes or [], "parser_version": report.parser_version, "document_id": report.document_id,
        "quality": {"verdict": report.quality, "reasons": report.quality_reasons or []},
        "record": {
            "title": report.title, "publisher": report.publisher, "year": report.year,
            "publish_date": report.publish_date.isoformat() if report.publish_date else None,
            "format": report.format,
            **report_tables(session, rid),
        },
        "checks": [{"rule": c.rule, "cell": c.cell, "expected": number(c.expected), "found": number(c.found),
                    "status": c.status}
                   for c in rows(CheckResult)],
        "sources": [{"document_id": s.document_id, "url": s.url, "portal": s.portal, "publisher": s.publisher,
                     "publish_date": s.publish_date.isoformat() if s.publish_date else None,
                     "fetched_at": s.fetched_at.isoformat(), "own_portal": s.own_portal, "canonical": s.canonical}
                    for s in session.exec(select(ReportSource).where(ReportSource.report_id == rid)
                                           .order_by(ReportSource.canonical.desc(), ReportSource.id)).all()],
        "notes": [{"code": n.code, "message": n.message} for n in rows(Note)],
        "sections": [{"number": s.number, "occurrence": s.occurrence, "title": s.title} for s in rows(Section)],
    }


def failed_checks(session: Session) -> list[dict[str, Any]]:
    """Every failed 勾稽 check with its report, in report order."""
    query = (select(CheckResult, Report).join(Report, Report.id == CheckResult.report_id)
             .where(CheckResult.status == "failed").order_by(Report.id, CheckResult.id))
    return [{"report_id": r.id, "publisher": r.publisher, "year": r.year, "report_status": r.status,
             "rule": c.rule, "cell": c.cell, "expected": number(c.expected), "found": number(c.found)}
            for c, r in session.exec(query).all()]


def failed_documents(session: Session) -> list[dict[str, Any]]:
    """Every document whose last parse failed, found no report or waits for OCR or conversion, and every
    document OCR read into a doubtful report (status ocr_doubtful, with the verdict's reasons), in id order."""
    query = (select(Document.id, Document.status, Document.url, Document.portal, Document.error)
             .where(Document.status.in_(("failed", "not_report", *DocumentStatus.waiting()))).order_by(Document.id))
    rows = [{"document_id": i, "status": status, "url": url, "portal": portal, "error": error}
            for i, status, url, portal, error in session.exec(query).all()]
    doubtful = (select(Document.id, Document.url, Document.portal, Report)
                .join(Report, Report.document_id == Document.id)
                .where(Report.id.in_(_ocr_report_ids()), Report.quality == "doubtful"))
    rows += [{"document_id": i, "status": "ocr_doubtful", "url": url, "portal": portal,
              "error": f"{url or f'document {i}'}: report {report.id}: " + "; ".join(report.quality_reasons or [])}
             for i, url, portal, report in session.exec(doubtful).all()]
    return sorted(rows, key=lambda row: row["document_id"])
