"""Storing fetched or imported documents: raw bytes once per sha256, every URL they were seen at.

    doc, created = store_document(session, data=body, url=url, content_type=ctype, portal="pingtan",
                                  portal_title="平潭综合实验区党工委管委会")
    session.commit()
    urls = known_urls(session)       # every URL already stored, for incremental crawling

store_document never commits (the caller owns the transaction) and never parses; etl.load.load_document
turns a stored document into report rows. Byte-identical bytes at a new URL add a DocumentUrl (and,
once the document is parsed, a report source), so no place a report was found is lost.
"""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from etl.extract.readers.encoding import declared_charset, decode, sniff_binary
from etl.load import add_source, refresh_report, utcnow
from models import Document, DocumentUrl, Portal, ReportSource


def naive_utc(moment: datetime | None) -> datetime:
    if moment is None:
        return utcnow()
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def detected_encoding(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the parser reads the bytes in (etl.extract.readers.encoding); None for binary or empty input."""
    if not data or sniff_binary(data):
        return None
    return decode(data, content_type).detected


def store_document(session: Session, *, data: bytes, url: str | None = None, final_url: str | None = None,
                   content_type: str | None = None, http_status: int | None = None,
                   portal: str | None = None, portal_title: str | None = None, parent_id: int | None = None,
                   fetched_at: datetime | None = None) -> tuple[Document, bool]:
    """Store `data` unless identical bytes are stored already; return (document, created).

    A URL not yet known for the document is added as a DocumentUrl (and a report source when the
    document already belongs to a report). `portal_title` (whose site the portal is, e.g. 海州市滨江区
    教育局) is kept per portal: it tells dedup which source is on the publisher's own portal.
    Flushes, does not commit. Safe against a concurrent writer
    storing the same bytes: the loser of the unique-sha256 race gets the winner's row.
    """
    sha = hashlib.sha256(data).hexdigest()
    fetched = naive_utc(fetched_at)
    if portal and portal_title:
        register_portal(session, portal, portal_title)
    document = session.exec(select(Document).where(Document.sha256 == sha)).first()
    created = False
    if document is None:
        candidate = Document(
            sha256=sha, data=data, size=len(data), url=url, final_url=final_url, content_type=content_type,
            declared_encoding=declared_charset(data, content_type),
            detected_encoding=detected_encoding(data, content_type),
            http_status=http_status, fetched_at=fetched, portal=portal, parent_id=parent_id)
        try:
            with session.begin_nested():
                session.add(candidate)
            document, created = candidate, True
        except IntegrityError:
            document = session.exec(select(Document).where(Document.sha256 == sha)).one()
    if url:
        add_url(session, document, url, final_url=final_url, portal=portal, http_status=http_status,
                fetched_at=fetched)
    session.flush()
    return document, created


def register_portal(session: Session, name: str, title: str) -> None:
    """Remember (or update) a portal's title; a concurrent writer registering it too is no error."""
    known = session.get(Portal, name)
    if known is None:
        try:
            with session.begin_nested():
                session.add(Portal(name=name, title=title))
        except IntegrityError:
            known = session.get(Portal, name)
    if known is not None and known.title != title:
        known.title = title
        session.add(known)


def add_url(session: Session, document: Document, url: str, *, final_url: str | None = None,
            portal: str | None = None, http_status: int | None = None, fetched_at: datetime | None = None) -> None:
    """Record one more URL of a stored document (no-op when known); a parsed one gets a new source."""
    known = session.exec(select(DocumentUrl).where(DocumentUrl.document_id == document.id,
                                                   DocumentUrl.url == url)).first()
    if known:
        return
    fetched = naive_utc(fetched_at)
    session.add(DocumentUrl(document_id=document.id, url=url, final_url=final_url, portal=portal,
                            http_status=http_status, fetched_at=fetched))
    sibling = session.exec(select(ReportSource).where(ReportSource.document_id == document.id)).first()
    if sibling is not None:
        add_source(session, sibling.report_id, document, url=url, portal=portal or document.portal,
                   fetched_at=fetched)
        refresh_report(session, sibling.report_id)  # the new place may be the publisher's own portal


def known_urls(session: Session) -> set[str]:
    """Every URL (as requested and after redirects) of every stored document."""
    urls = set(session.exec(select(DocumentUrl.url)).all())
    urls.update(u for u in session.exec(select(DocumentUrl.final_url)).all() if u)
    urls.update(u for u in session.exec(select(Document.url)).all() if u)
    urls.update(u for u in session.exec(select(Document.final_url)).all() if u)
    return urls
