"""Where a parsed document belongs: a new report, a repost of one (one more source), a revision (a new
version), and which source of a report is canonical. The rules themselves are pure (etl.extract.dedup);
this module applies them to the stored reports. Never commits.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, or_, text
from sqlmodel import Session, select

import etl
from etl.crossyear import refresh_cross_year
from etl.extract.dedup import (
    Sighting,
    band_hashes,
    canonical_source,
    record_signature,
    same_body,
    similarity,
    table_cells,
    table_changes,
    table_fingerprint,
)
from etl.extract.record import Record
from etl.rows import as_date, delete_rows, write_report
from models import Document, DocumentUrl, Portal, Report, ReportBand, ReportSource
from models.clock import utcnow

PLACEMENT_LOCK = 0x6E69616E62616F  # "nianbao": the advisory lock key of _place on PostgreSQL


def detach(session: Session, document: Document) -> None:
    """Remove the document's sources; its report is refreshed, or dropped when no source is left."""
    report_id = session.exec(select(ReportSource.report_id).where(ReportSource.document_id == document.id)).first()
    if report_id is None:
        return
    session.exec(delete(ReportSource).where(ReportSource.document_id == document.id))
    report = session.get(Report, report_id)
    if _source_count(session, report_id):
        refresh(session, report)
    else:
        drop(session, report)


def place(session: Session, document: Document, record: Record, old_report_id: int | None) -> tuple[str, Report]:
    """Attach the document to the report its record belongs to, creating or rewriting reports as needed.

    On PostgreSQL placements are serialised with a transaction-scoped advisory lock, so a crawl and an
    ETL run loading two copies of one report at once cannot both create it (SQLite serialises writers).
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PLACEMENT_LOCK})
    signature = record_signature(record)
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
        add_sources(session, report.id, document)
        refresh(session, report)
    else:
        if orphan:
            report, status = old, "updated"
        else:
            now = utcnow()
            report = Report(parser_version=etl.PARSER_VERSION, fingerprint=tables, record_fingerprint="",
                            minhash=signature, created_at=now, updated_at=now)
            status = "revision" if versions else "new"
        write_report(session, report, document, record, signature)
        add_sources(session, report.id, document)
        refresh(session, report)
    if old is not None and old is not report:
        if orphan:
            drop(session, old)
        else:
            refresh(session, old)
    order_versions(session, report)
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
                          publisher=publisher, publish_date=as_date(record.get("publish_date")),
                          fetched_at=fetched_at)
    session.add(source)
    session.flush()
    return source


def add_sources(session: Session, report_id: int, document: Document) -> None:
    urls = session.exec(select(DocumentUrl).where(DocumentUrl.document_id == document.id)
                        .order_by(DocumentUrl.id)).all()
    for url in urls:
        add_source(session, report_id, document, url=url.url, portal=url.portal or document.portal,
                   fetched_at=url.fetched_at)
    if not urls:
        add_source(session, report_id, document, url=None, portal=document.portal, fetched_at=document.fetched_at)


def add_url_sources(session: Session, document: Document) -> None:
    """A placed document's URLs that are no source of its report yet become sources (identical bytes found
    at a new place), and the canonical source is chosen again: the new place may be the publisher's own."""
    report_id = session.exec(select(ReportSource.report_id).where(ReportSource.document_id == document.id)).first()
    if report_id is None:
        return
    sourced = set(session.exec(select(ReportSource.url).where(ReportSource.document_id == document.id)).all())
    urls = session.exec(select(DocumentUrl).where(DocumentUrl.document_id == document.id,
                                                  DocumentUrl.url.not_in([u for u in sourced if u]))
                        .order_by(DocumentUrl.id)).all()
    for url in urls:
        add_source(session, report_id, document, url=url.url, portal=url.portal or document.portal,
                   fetched_at=url.fetched_at)
    if urls:
        refresh(session, session.get(Report, report_id))


def refresh(session: Session, report: Report) -> None:
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
        write_report(session, report, document, record, record_signature(record))
    session.flush()


def drop(session: Session, report: Report) -> None:
    for later in session.exec(select(Report).where(Report.superseded_by_id == report.id)).all():
        later.superseded_by_id, later.status, later.changes = None, "current", None
        session.add(later)
    delete_rows(session, report.id)
    session.delete(report)
    session.flush()


def _first_seen(session: Session, report: Report) -> datetime:
    return session.exec(select(func.min(ReportSource.fetched_at)).where(ReportSource.report_id == report.id)).one()


def order_versions(session: Session, report: Report) -> None:
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
