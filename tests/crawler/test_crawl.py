"""Scrapy for real against the sample portal: what a crawl finds, stores, skips, and how it resumes."""
from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, select
from typer.testing import CliRunner

from crawler.demo import scrapy_command, scrapy_env
from etl.cli import app
from etl.crawl_runs import COUNTS
from models import CrawlRun, CrawlRunError, Portal, Report, ReportSource
from models.db import get_engine
from tests.crawler.conftest import FAST, run_crawl, stored

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def full(portal, portals_file, tmp_path_factory):
    """One uninterrupted crawl of every sample portal into a fresh database."""
    db = tmp_path_factory.mktemp("full") / "crawl.sqlite"
    return run_crawl(portal, portals_file, db)


def served(portal, name: str | None = None) -> dict[str, dict]:
    return {t["url"]: t for t in portal.manifest() if t["status"] == "served" and name in (None, t["portal"])}


def fetched_paths(crawl) -> list[str]:
    return [path for _, _, path, _ in crawl.requests]


def report_rows(db: Path) -> list[tuple[Report, set[str]]]:
    engine = get_engine(db)
    try:
        with Session(engine) as session:
            rows = []
            for report in session.exec(select(Report).where(Report.status == "current")).all():
                urls = set(session.exec(select(ReportSource.url).where(ReportSource.report_id == report.id)).all())
                session.expunge(report)
                rows.append((report, urls))
            return rows
    finally:
        engine.dispose()


def crawl_runs(db: Path) -> list[tuple[CrawlRun, list[CrawlRunError]]]:
    engine = get_engine(db)
    try:
        with Session(engine) as session:
            runs = []
            for run in session.exec(select(CrawlRun).order_by(CrawlRun.id)).all():
                problems = session.exec(select(CrawlRunError).where(CrawlRunError.run_id == run.id)
                                        .order_by(CrawlRunError.id)).all()
                session.expunge_all()
                runs.append((run, list(problems)))
            return runs
    finally:
        engine.dispose()


LIST_PAGES = ("/index", "/list", "/fjdzapp/search", "/module/web/jpage/dataproxy.jsp", "/sitemap")


def list_requests(crawl) -> int:
    """List pages, paging-API answers and sitemaps the portal answered during a crawl (its own log)."""
    return sum(1 for _, _, path, _ in crawl.requests if any(marker in path for marker in LIST_PAGES))


def run_counts(run: CrawlRun) -> dict[str, int]:
    return {key: getattr(run, key) for key in COUNTS}


def test_crawl_succeeds_with_a_summary_and_a_crawl_run(portal, full):
    assert full.returncode == 0, full.log[-3000:]
    assert "crawl summary (ok)" in full.log
    ((run, problems),) = crawl_runs(full.db)
    assert run.portals == "sample-city,sample-pingtan,sample-district,sample-dept,sample-archive"
    assert (run.status, run.close_reason) == ("finished", "finished")
    assert run.started_at <= run.finished_at
    manifest = portal.manifest()
    served_now = [t for t in manifest if t["status"] == "served"]
    # Every served entry is one report, except a repost of another entry; a page that only points to its
    # attachments is no report itself, and each of its attachments (PDF and DOCX alike) carries its report.
    attachments = sum(len(t["documents"]) for t in served_now)
    carriers = sum(1 for t in served_now if not t["documents"]) + attachments
    reports = len(served_now) - sum(1 for t in manifest if t["repost_of"])
    assert run_counts(run) == {
        "pages": list_requests(full), "reports_found": len(manifest), "known": 0,
        "reports_fetched": len(served_now), "attachments_fetched": attachments, "new": reports, "unchanged": 0,
        "reposts": carriers - reports, "updated": 0, "not_reports": sum(1 for t in served_now if t["documents"]),
        "failed_parses": 0, "fetch_failed": sum(1 for t in manifest if t["status"] == "missing"),
        "store_failed": 0, "robots_blocked": sum(1 for t in manifest if t["status"] == "robots")}
    assert (reports, carriers - reports) == (55, 2)  # the repost, and the PDF and DOCX of one report
    missing = [t["url"] for t in manifest if t["status"] == "missing"]
    assert [(p.kind, p.portal, p.url, p.message) for p in problems] == [
        ("fetch_failed", "sample-city", missing[0], "report not fetched: HTTP 404")]
    # `nianbao stats` shows it.
    shown = json.loads(CliRunner().invoke(app, ["stats", "--json", "--db", str(full.db)]).output)["crawl_runs"]
    assert [(r["id"], r["status"], r["reports_fetched"], r["fetch_failed"], r["problems"].get("fetch_failed"))
            for r in shown] == [(run.id, "finished", len(served_now), 1, 1)]
    assert shown[0]["portals"] == run.portals.split(",")
    table = CliRunner().invoke(app, ["stats", "--db", str(full.db)]).output
    assert f"crawl {run.id} finished (finished)" in table
    assert f"reports fetched {len(served_now)}, attachments fetched {attachments}" in table


def test_crawl_run_has_the_exact_counts_the_manifest_implies(portal, portals_file, tmp_path):
    """Every portal, reports of 2023 only: no binary documents, so every outcome follows from the manifest."""
    crawl = run_crawl(portal, portals_file, tmp_path / "y2023.sqlite", "-a", "year=2023")
    assert crawl.returncode == 0, crawl.log[-3000:]
    manifest = portal.manifest()
    wanted = [t for t in manifest if t["year"] == 2023]
    assert all(t["status"] == "served" and not t["documents"] for t in wanted)  # what makes it exact
    reposts = sum(1 for t in wanted if t["repost_of"])
    assert reposts == 1
    ((run, problems),) = crawl_runs(crawl.db)
    assert run.status == "finished" and problems == []
    assert run_counts(run) == {
        "pages": list_requests(crawl), "reports_found": len(manifest), "known": 0, "reports_fetched": len(wanted),
        "attachments_fetched": 0, "new": len(wanted) - reposts, "unchanged": 0, "reposts": reposts, "updated": 0,
        "not_reports": 0, "failed_parses": 0, "fetch_failed": 0, "store_failed": 0, "robots_blocked": 0}
    assert run_counts(run)["pages"] == 16  # five portals' list pages, paging APIs and sitemaps


@pytest.mark.parametrize("name", ["sample-city", "sample-pingtan", "sample-district", "sample-dept",
                                  "sample-archive"])
def test_exactly_the_reports_of_each_cms_style_are_stored(portal, full, name):
    documents = stored(full.db)
    base = portal.bases[name]
    pages = {url for url, doc in documents.items() if url.startswith(base) and doc.parent_id is None}
    assert pages == set(served(portal, name))


def test_no_notice_is_stored_and_unreachable_reports_are_not_either(portal, full):
    documents = stored(full.db)
    assert not set(portal.notices()) & set(documents)
    unreachable = [t["url"] for t in portal.manifest() if t["status"] != "served"]
    assert len(unreachable) == 2 and not set(unreachable) & set(documents)
    rows = report_rows(full.db)
    notice_titles = {"通知", "格式", "要点"}
    assert not [r.title for r, _ in rows if r.title and any(w in r.title for w in notice_titles)]


def test_every_report_is_loaded_with_its_publisher_and_year(portal, full):
    rows = report_rows(full.db)
    by_url = {url: report for report, urls in rows for url in urls}
    for url, truth in served(portal).items():
        if truth["documents"] or truth["quirk"] == "docx":
            continue  # carried by PDF/DOCX/text attachments: checked below
        report = by_url.get(url)
        assert report is not None, f"{url} ({truth['quirk']}) has no report"
        assert report.year == truth["year"], url
        if truth["publisher"]:
            assert report.publisher == truth["publisher"], url


def test_the_repost_is_one_report_with_two_sources(portal, full):
    (repost,) = [t for t in portal.manifest() if t["repost_of"]]
    sources = [urls for _, urls in report_rows(full.db) if repost["url"] in urls]
    assert sources == [{repost["url"], repost["repost_of"]}]


def test_the_canonical_source_of_the_repost_is_on_the_publishers_own_portal(portal, full):
    """The portal file's titles say whose site a portal is; the copy on the publisher's own site wins."""
    (repost,) = [t for t in portal.manifest() if t["repost_of"]]
    (own,) = [p["name"] for p in portal.portal_entries() if p["title"].startswith(repost["publisher"])]
    (own_url,) = [u for u in (repost["url"], repost["repost_of"]) if u.startswith(portal.bases[own] + "/")]
    engine = get_engine(full.db)
    with Session(engine) as session:
        sources = session.exec(select(ReportSource).where(ReportSource.url.in_([repost["url"], repost["repost_of"]]))
                               ).all()
        titles = dict(session.exec(select(Portal.name, Portal.title)).all())
    engine.dispose()
    by_url = {s.url: s for s in sources}
    (other_url,) = {repost["url"], repost["repost_of"]} - {own_url}
    assert (by_url[own_url].portal, by_url[own_url].own_portal, by_url[own_url].canonical) == (own, True, True)
    assert (by_url[other_url].own_portal, by_url[other_url].canonical) == (False, False)
    assert titles == {p["name"]: p["title"] for p in portal.portal_entries()}


def test_attachments_are_stored_as_children_of_their_report_page(portal, full):
    documents = stored(full.db)
    with_files = [t for t in served(portal).values() if t["documents"]]
    assert len(with_files) == 6  # the PDF+DOCX report and the five seed text copies
    for truth in with_files:
        page = documents[truth["url"]]
        for url in truth["documents"]:
            assert documents[url].parent_id == page.id
            assert documents[url].http_status == 200
    pdf = next(u for t in with_files for u in t["documents"] if u.endswith(".pdf"))
    assert documents[pdf].data.startswith(b"%PDF") and documents[pdf].content_type == "application/pdf"
    # The seeds' text copies are parsed into reports with the seeds' own publishers.
    seeds = {t["documents"][0]: t for t in with_files if t["source"].startswith("seeds/")}
    loaded = {url: report for report, urls in report_rows(full.db) for url in urls}
    assert {url: loaded[url].year for url in seeds} == {url: t["year"] for url, t in seeds.items()}


def test_the_failing_page_succeeds_on_retry_and_the_redirect_is_followed(portal, full):
    documents = stored(full.db)
    flaky = next(t["url"] for t in portal.manifest() if t["quirk"] == "flaky")
    path = flaky.split(portal.bases["sample-city"], 1)[1]
    assert [status for _, _, p, status in full.requests if p == path] == [500, 200]
    assert documents[flaky].http_status == 200
    moved = next(t["url"] for t in portal.manifest() if t["quirk"] == "redirect")
    assert documents[moved].final_url != moved and "/moved/" in documents[moved].final_url


def test_robots_txt_is_obeyed(portal, full):
    forbidden = next(t["url"] for t in portal.manifest() if t["status"] == "robots")
    path = forbidden.split(portal.bases["sample-city"], 1)[1]
    assert path.startswith("/zwgk/zfxxgknb/lsbb/")
    assert path not in fetched_paths(full)
    assert ("sample-city", "GET", "/robots.txt", 200) in full.requests


def test_a_second_crawl_fetches_no_known_report_page(portal, portals_file, full):
    again = run_crawl(portal, portals_file, full.db)
    assert again.returncode == 0, again.log[-3000:]
    known = set(stored(full.db))
    fetched = {portal.bases[site] + path for site, _, path, _ in again.requests}
    assert not fetched & known
    assert not fetched & set(served(portal))
    # Only the first list page of each paged portal is read again.
    assert {p for p in fetched_paths(again) if "index_" in p or "list_" in p or "dataproxy" in p
            or "fjdzapp" in p} == set()
    assert "holds only known reports; paging stops" in again.log


def test_full_walks_every_list_page_but_fetches_no_known_report(portal, portals_file, full):
    again = run_crawl(portal, portals_file, full.db, "-a", "full=1", portal_spec="sample-dept")
    assert again.returncode == 0, again.log[-3000:]
    paths = fetched_paths(again)
    assert {"/xxgk/ndbg/list.html", "/xxgk/ndbg/list_2.html", "/xxgk/ndbg/list_3.html"} <= set(paths)
    assert not {portal.bases["sample-dept"] + p for p in paths} & set(served(portal, "sample-dept"))


def test_refresh_refetches_known_reports_as_unchanged(portal, portals_file, full):
    before = report_rows(full.db)
    again = run_crawl(portal, portals_file, full.db, "-a", "refresh=1", portal_spec="sample-dept")
    assert again.returncode == 0, again.log[-3000:]
    reports = served(portal, "sample-dept")
    fetched = {portal.bases["sample-dept"] + p for p in fetched_paths(again)}
    assert set(reports) <= fetched
    assert sorted(r.id for r, _ in report_rows(full.db)) == sorted(r.id for r, _ in before)  # nothing new
    lines = again.log.splitlines()
    header = next(line.split() for line in lines if line.strip().startswith("portal  pages"))
    row = next(line.split() for line in lines if line.strip().startswith("sample-dept"))
    assert dict(zip(header, row, strict=True))["unchanged"] == str(len(reports))


def test_year_argument_fetches_only_that_year(portal, portals_file, tmp_path):
    crawl = run_crawl(portal, portals_file, tmp_path / "year.sqlite", "-a", "year=2023", portal_spec="sample-pingtan")
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert [t["year"] for u, t in served(portal, "sample-pingtan").items() if u in stored(crawl.db)] == [2023]


def test_portal_errors_fail_the_crawl(portal, tmp_path):
    """A list layout that no longer matches its profile, and a portal that yields no report."""
    bases = portal.bases
    portals = [
        {"name": "moved", "profile": "trs", "start_urls": [bases["sample-district"] + "/col/col4521/index.html"]},
        {"name": "empty", "profile": "plain", "start_urls": [bases["sample-archive"] + "/nbhb/about.html"]},
    ]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump({"portals": portals}), encoding="utf-8")
    crawl = run_crawl(portal, path, tmp_path / "broken.sqlite")
    assert crawl.returncode == 1
    assert "portal moved: list page" in crawl.log and "does not match the 'trs' profile" in crawl.log
    assert "portal empty: yielded no report" in crawl.log
    ((run, problems),) = crawl_runs(crawl.db)
    assert (run.status, run.portals, run.reports_found) == ("failed", "moved,empty", 0)
    no_report = "yielded no report: no link or page of its list names an annual report"
    assert [(p.kind, p.portal, p.url, p.message.split(" does not")[0]) for p in problems] == [
        ("portal", "moved", bases["sample-district"] + "/col/col4521/index.html",
         f"list page {bases['sample-district']}/col/col4521/index.html"),
        ("portal", "moved", None, no_report), ("portal", "empty", None, no_report)]


def test_bad_portal_file_is_refused_before_any_request(portal, tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump({"portals": [{"name": "city", "profile": "trs", "strat_urls": ["x"]}]}))
    crawl = run_crawl(portal, path, tmp_path / "typo.sqlite")
    assert crawl.returncode == 2
    assert "unknown key(s) strat_urls" in crawl.log
    assert crawl.requests == []


def test_an_unusable_database_stops_the_crawl_before_any_request(portal, portals_file, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        down = f"postgres://nianbao:pw@127.0.0.1:{s.getsockname()[1]}/nianbao"
    before = len(portal.requests)
    done = subprocess.run(scrapy_command(portals_file, down, settings=FAST), env=scrapy_env(), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "nianbao crawl:" in line]
    assert "Connection refused" in line and ":pw@" not in line and ":***@" in line
    assert len(portal.requests) == before and list(tmp_path.iterdir()) == []


def test_an_unreachable_host_is_logged_in_one_line_per_problem(tmp_path):
    path = tmp_path / "nowhere.yaml"
    path.write_text(yaml.safe_dump({"portals": [{"name": "nowhere", "profile": "plain",
                                                 "start_urls": ["http://no-such-host.invalid/nb/"]}]}))
    done = subprocess.run(scrapy_command(path, str(tmp_path / "n.sqlite"), settings={**FAST, "RETRY_TIMES": "0"}),
                          env=scrapy_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "robots.txt" in done.stderr and "DNS lookup failed" in done.stderr
    assert done.stderr.strip().splitlines()[-1].endswith(
        "nianbao crawl: finished with 2 portal error(s) (`nianbao stats` lists the crawl's problems)")


def test_a_killed_crawl_resumes_from_jobdir_to_the_same_database(portal, portals_file, full, tmp_path):
    db, jobdir = tmp_path / "resumed.sqlite", tmp_path / "job"
    slow = {**FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "DOWNLOAD_DELAY": "0.15", "JOBDIR": str(jobdir)}
    command = scrapy_command(portals_file, str(db), tmp_path / "first.log", settings=slow)
    before = len(portal.requests)
    process = subprocess.Popen(command, env=scrapy_env(), cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while sum(1 for *_, path, _ in portal.requests[before:] if path.endswith((".htm", ".html"))) < 25:
        assert process.poll() is None and time.monotonic() < deadline, "crawl ended before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)  # what `kill` sends; Scrapy stops as on Ctrl-C
    assert process.wait(timeout=60) == 143  # interrupted, and said so
    said = process.stdout.read().decode().strip().splitlines()[-1]
    assert said.startswith("nianbao crawl: interrupted by SIGTERM after ") and said.endswith(
        f"run the same command (same -s JOBDIR={jobdir}) to continue where it stopped")
    first = portal.requests[before:]
    partial = stored(db)
    assert 0 < len(partial) < len(stored(full.db))
    assert "interrupted" in (tmp_path / "first.log").read_text(encoding="utf-8")
    ((interrupted, _),) = crawl_runs(db)
    assert (interrupted.status, interrupted.close_reason) == ("interrupted", "shutdown")
    assert 0 < interrupted.reports_fetched < len(served(portal))

    resumed = run_crawl(portal, portals_file, db, settings={"JOBDIR": str(jobdir)})
    assert resumed.returncode == 0, resumed.log[-3000:]
    # Nothing stored by the first run is fetched again, and the end state is the uninterrupted crawl's.
    refetched = {portal.bases[s] + p for s, _, p, _ in resumed.requests} & set(partial)
    assert refetched == set()
    assert first and resumed.requests
    final, reference = stored(db), stored(full.db)
    assert {u: d.sha256 for u, d in final.items()} == {u: d.sha256 for u, d in reference.items()}
    def reports(path: Path) -> list[str]:
        return sorted(repr((r.publisher, r.year, r.title, r.format, r.failed_checks)) for r, _ in report_rows(path))

    assert reports(db) == reports(full.db)
    # One crawl across the resume: its row is updated, counting the whole crawl once.
    ((run, problems),) = crawl_runs(db)
    assert (run.id, run.job, run.started_at) == (interrupted.id, interrupted.job, interrupted.started_at)
    assert (run.status, run.reports_fetched) == ("finished", len(served(portal)))
    assert [p.url for p in problems if p.kind == "fetch_failed"] == [
        t["url"] for t in portal.manifest() if t["status"] == "missing"]
    assert sorted(sorted(u) for _, u in report_rows(db)) == sorted(sorted(u) for _, u in report_rows(full.db))
