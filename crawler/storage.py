"""The crawl's door to the database: an engine from the settings, and what the spider may ask of it.

Everything that writes goes through models/ and etl/ (store_document, load_document); this module only
opens engines (the spider's start, the store pipeline and the closing summary each open their own) and
answers "which URLs are stored already" and "which document is stored at this URL".
"""
from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from etl.store import known_urls
from models import DocumentUrl
from models.db import open_database


def open_engine(url: str | None) -> Engine:
    """An engine for the crawl's database (NIANBAO_DB, else models.db's default), schema up to date;
    a database that cannot be used raises models.db.DatabaseError (one line)."""
    return open_database(url, write=True)


def stored_urls(engine: Engine) -> set[str]:
    """Every URL a stored document was fetched at: the spider does not fetch these again."""
    with Session(engine) as session:
        return known_urls(session)


def document_id_at(session: Session, url: str) -> int | None:
    """The stored document fetched at `url` (a report page, as the parent of its attachments)."""
    return session.exec(select(DocumentUrl.document_id).where(DocumentUrl.url == url)).first()
