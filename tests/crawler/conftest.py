"""A running sample portal and a way to run the real `scrapy crawl reports` against it."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, select

from crawler.demo import FAST_SETTINGS, scrapy_command, scrapy_env
from crawler.sample_portal import SamplePortal
from models import Document, DocumentUrl
from models.db import get_engine

# No delays in tests; the polite defaults are exercised by their own settings, not by waiting.
FAST = {**FAST_SETTINGS, "LOG_LEVEL": "INFO"}


@dataclass
class Crawl:
    returncode: int
    log: str
    requests: list[tuple[str, str, str, int]]  # what the portal answered during this crawl
    db: Path


@pytest.fixture(scope="session")
def portal():
    with SamplePortal(port=0, slow_seconds=0.3) as running:
        yield running


@pytest.fixture(scope="session")
def portals_file(portal, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("portals") / "portals.yaml"
    path.write_text(portal.portals_yaml(), encoding="utf-8")
    return path


def run_crawl(portal: SamplePortal, portals_file: Path, db: Path, *args: str, portal_spec: str = "all",
              settings: dict[str, str] | None = None, timeout: float = 120) -> Crawl:
    """Run `scrapy crawl reports` in a subprocess; the log file and the portal's request log tell what it did."""
    log = db.with_suffix(f".{len(portal.requests)}.log")
    command = scrapy_command(portals_file, str(db), log, portal=portal_spec, settings={**FAST, **(settings or {})},
                             extra=list(args))
    before = len(portal.requests)
    done = subprocess.run(command, env=scrapy_env(), cwd=db.parent, timeout=timeout, capture_output=True, text=True)
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return Crawl(done.returncode, text + done.stderr, portal.requests[before:], db)


def stored(db: Path) -> dict[str, Document]:
    """Every stored document by each URL it was fetched at."""
    engine = get_engine(db)
    try:
        with Session(engine) as session:
            docs = {d.id: d for d in session.exec(select(Document)).all()}
            for doc in docs.values():
                session.expunge(doc)
            return {u.url: docs[u.document_id] for u in session.exec(select(DocumentUrl)).all()}
    finally:
        engine.dispose()
