"""The crawl's door to the database: an engine from the settings, and what the spider may ask of it.

Everything that writes goes through models/ and etl/ (store_document, load_document); this module only
opens the engine once per crawl and answers "which URLs are stored already".
"""
from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from etl.store import known_urls
from models.db import get_engine, init_db


def open_engine(url: str | None) -> Engine:
    """An engine for the crawl's database (NIANBAO_DB, else models.db's default), schema up to date."""
    engine = get_engine(url)
    init_db(engine)
    return engine


def stored_urls(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return known_urls(session)
