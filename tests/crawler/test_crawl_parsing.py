"""A crawl only fetches and stores; parsing runs in the ETL's worker pool beside it (crawler.batches).

A small portal on 127.0.0.1 serves real report pages (the sample portal's Shanghai and Pingtan pages),
a byte-identical copy of one, and a page whose tables are printed hundreds of times over: a real report
that takes the parser far longer than the crawl's parse timeout.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from etl.cli import app
from etl.extract.parse import parse_document
from models import CrawlRun, Document, DocumentUrl, EtlRun, Report, ReportSource
from models.db import get_engine
from tests.crawler.conftest import FAST, Crawl, run_crawl
from tests.etl.test_runs import slow_page

pytestmark = pytest.mark.crawl

DATA = files("crawler.sample_portal") / "data"
SHANGHAI = (DATA / "shanghai_2019.html").read_bytes()
PINGTAN = (DATA / "pingtan_2023.html").read_bytes()
TIMEOUT = 3.0
SLOW = slow_page(SHANGHAI, 600)  # parses in several times TIMEOUT, loaded machine or not
# (path, link title, bytes) per site; "copy" is the Shanghai page again, byte for byte.
SITES = {
    "a": [("r1.html", "2019年上海市人民政府办公厅政府信息公开工作年度报告", SHANGHAI),
          ("r2.html", "平潭综合实验区2023年政府信息公开工作年度报告", PINGTAN),
          ("copy.html", "上海市人民政府办公厅2019年政府信息公开工作年度报告（转载）", SHANGHAI)],
    "slow": [("slow.html", "2019年海州市人民政府政府信息公开工作年度报告", SLOW),
             ("r1.html", "2019年上海市人民政府办公厅政府信息公开工作年度报告", SHANGHAI),
             ("r2.html", "平潭综合实验区2023年政府信息公开工作年度报告", PINGTAN),
             ("copy.html", "上海市人民政府办公厅2019年政府信息公开工作年度报告（转载）", SHANGHAI)],
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        site, _, name = self.path.strip("/").partition("/")
        pages = dict((path, data) for path, _, data in SITES.get(site, []))
        if name == "list.html" and site in SITES:
            links = "".join(f'<li><a href="{path}">{title}</a></li>' for path, title, _ in SITES[site])
            body = f"<html><head><meta charset='utf-8'></head><body><ul>{links}</ul></body></html>".encode()
        elif name in pages:
            body = pages[name]
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def crawl(base: str, site: str, tmp: Path, **settings: str) -> Crawl:
    portals = tmp / f"{site}.yaml"
    portals.write_text(yaml.safe_dump({"portals": [{"name": site, "profile": "plain",
                                                    "start_urls": [f"{base}/{site}/list.html"]}]}), encoding="utf-8")
    return run_crawl(_NoPortal(), portals, tmp / f"{site}.sqlite",
                     settings={**FAST, "NIANBAO_PARSE_TIMEOUT": str(TIMEOUT), "NIANBAO_PARSE_BATCH": "1",
                               "NIANBAO_PARSE_INTERVAL": "0.2", **settings})


class _NoPortal:
    """run_crawl reads the sample portal's request log; this portal keeps none."""

    requests: list = []


def documents(db: Path) -> dict[str, Document]:
    engine = get_engine(db)
    with Session(engine) as session:
        found = {u.url.rsplit("/", 1)[1]: session.get(Document, u.document_id)
                 for u in session.exec(select(DocumentUrl)).all()}
        session.expunge_all()
    engine.dispose()
    return found


def counts(db: Path, *models) -> list[int]:
    engine = get_engine(db)
    with Session(engine) as session:
        found = [session.exec(select(func.count()).select_from(m)).one() for m in models]
    engine.dispose()
    return found


@pytest.fixture(scope="module")
def parsed(base, tmp_path_factory):
    return crawl(base, "a", tmp_path_factory.mktemp("parsed"))


def crawl_run(db: Path) -> CrawlRun:
    engine = get_engine(db)
    with Session(engine) as session:
        run = session.exec(select(CrawlRun)).one()
        session.expunge(run)
    engine.dispose()
    return run


def test_a_crawl_ends_with_every_new_document_parsed_and_a_reposts_bytes_parsed_once(parsed):
    done = parsed
    assert done.returncode == 0, done.log[-3000:]
    stored = documents(done.db)
    assert stored["r1.html"].id == stored["copy.html"].id  # identical bytes: one document, two URLs
    assert {name: d.status for name, d in stored.items()} == dict.fromkeys(stored, "parsed")
    engine = get_engine(done.db)
    with Session(engine) as session:
        parses = session.exec(select(func.sum(EtlRun.documents))).one()
        sources = sorted(session.exec(select(ReportSource.url).join(Report, Report.id == ReportSource.report_id)
                                      .where(Report.document_id == stored["r1.html"].id)).all())
    engine.dispose()
    assert parses == 2  # two documents, each parsed once: the copy's bytes were not parsed again
    run = crawl_run(done.db)
    assert (run.new, run.reposts, run.failed_parses) == (2, 1, 0)
    assert [s.rsplit("/", 1)[1] for s in sources] == ["copy.html", "r1.html"]


def test_a_parse_longer_than_the_timeout_fails_its_document_and_holds_up_nothing(parsed, base, tmp_path):
    done = crawl(base, "slow", tmp_path)
    assert done.returncode == 0, done.log[-3000:]
    stored = documents(done.db)
    slow = stored.pop("slow.html")
    assert (slow.status, slow.error) == ("failed", f"{slow.url}: parse timed out after {TIMEOUT:g} s")
    assert {name: d.status for name, d in stored.items()} == dict.fromkeys(stored, "parsed")
    assert counts(done.db, Report) == counts(parsed.db, Report) == [2]
    run, baseline = crawl_run(done.db), crawl_run(parsed.db)
    assert (run.new, run.reposts, run.failed_parses) == (2, 1, 1)
    assert f"parse timed out after {TIMEOUT:g} s" in done.log
    # The crawl (its own start to end, Scrapy's start-up aside) took longer than the same crawl without the
    # page by less than one parse of the page takes: it waited for the timeout, not for the parser.
    held = (run.finished_at - run.started_at) - (baseline.finished_at - baseline.started_at)
    started = time.monotonic()
    parse_document(SLOW, "slow.html")
    assert held.total_seconds() < time.monotonic() - started


def test_with_parsing_off_a_crawl_stores_documents_and_leaves_them_unparsed(base, tmp_path):
    done = crawl(base, "a", tmp_path, NIANBAO_PARSE="0")
    assert done.returncode == 0, done.log[-3000:]
    stored = documents(done.db)
    assert {name: (d.status, d.parser_version) for name, d in stored.items()} == dict.fromkeys(stored, ("new", None))
    assert counts(done.db, Report, EtlRun) == [0, 0]
    run = crawl_run(done.db)
    assert (run.new, run.reposts, run.failed_parses) == (2, 1, 0)  # stored: two new documents, one copy
    result = CliRunner().invoke(app, ["etl", "--db", str(done.db)])
    assert result.exit_code == 0, result.output
    assert counts(done.db, Report, EtlRun) == [2, 1]
