"""Storing fetched or imported documents: raw bytes once per sha256, every URL they were seen at.

    doc, created = store_document(session, data=body, url=url, content_type=ctype, portal="pingtan",
                                  portal_title="平潭综合实验区党工委管委会", charset=decoded.charset)
    session.commit()
    urls = known_urls(session)       # every URL already stored, for incremental crawling

store_document never commits (the caller owns the transaction), never parses and never touches reports:
etl.load.receive_document stores and makes a new URL of a placed document one more report source. The
charset recorded is the reader's own decision (etl.extract.readers.encoding), made once by whoever
read the bytes first and handed in.
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from etl.extract.readers.encoding import Charset, charset_of
from models import Document, DocumentUrl, Portal
from models.clock import naive_utc


def document_source(document: Document) -> str:
    """How a document is named in records and errors."""
    return document.url or document.final_url or f"document {document.id}"


def store_document(session: Session, *, data: bytes, url: str | None = None, final_url: str | None = None,
                   content_type: str | None = None, http_status: int | None = None,
                   portal: str | None = None, portal_title: str | None = None, parent_id: int | None = None,
                   fetched_at: datetime | None = None, charset: Charset | None = None) -> tuple[Document, bool]:
    """Store `data` unless identical bytes are stored already; return (document, created).

    A URL not yet known for the document is added as a DocumentUrl. `portal_title` (whose site the
    portal is, e.g. 海州市滨江区教育局) is kept per portal: it tells dedup which source is on the
    publisher's own portal. `charset`: the reader's decision when the caller has made it already.
    Flushes, does not commit. Safe against a concurrent writer storing the same bytes: the loser of the
    unique-sha256 race gets the winner's row.
    """
    sha = hashlib.sha256(data).hexdigest()
    fetched = naive_utc(fetched_at)
    if portal and portal_title:
        register_portal(session, portal, portal_title)
    document = session.exec(select(Document).where(Document.sha256 == sha)).first()
    created = False
    if document is None:
        charset = charset or charset_of(data, content_type)
        candidate = Document(
            sha256=sha, data=data, size=len(data), url=url, final_url=final_url, content_type=content_type,
            declared_encoding=charset.declared, detected_encoding=charset.used,
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
            portal: str | None = None, http_status: int | None = None, fetched_at: datetime | None = None) -> bool:
    """Record one more URL of a stored document; False when it was known already."""
    known = session.exec(select(DocumentUrl).where(DocumentUrl.document_id == document.id,
                                                   DocumentUrl.url == url)).first()
    if known:
        return False
    session.add(DocumentUrl(document_id=document.id, url=url, final_url=final_url, portal=portal,
                            http_status=http_status, fetched_at=naive_utc(fetched_at)))
    return True


def known_urls(session: Session) -> set[str]:
    """Every URL (as requested and after redirects) of every stored document."""
    urls = set(session.exec(select(DocumentUrl.url)).all())
    urls.update(u for u in session.exec(select(DocumentUrl.final_url)).all() if u)
    urls.update(u for u in session.exec(select(Document.url)).all() if u)
    urls.update(u for u in session.exec(select(Document.final_url)).all() if u)
    return urls


def document_id_at(session: Session, url: str) -> int | None:
    """The stored document fetched at `url` (a report page, as the parent of its attachments)."""
    return session.exec(select(DocumentUrl.document_id).where(DocumentUrl.url == url)).first()
