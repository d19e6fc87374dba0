"""`nianbao` commands of the crawl stage: crawl, sample-portal and demo."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from crawler.sample_portal import DEFAULT_PORT, SamplePortal
from crawler.sample_portal.server import manifest_for
from crawler.sample_portal.sites import SPECS
from etl.console import fail, settings
from models.db import database_url, display, open_database

if TYPE_CHECKING:
    from crawler.demo import DemoSummary


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `nianbao` app."""
    app.command("crawl")(crawl)
    app.command("sample-portal")(sample_portal)
    app.command("demo")(demo)


def crawl(
    portal: str = typer.Option("all", "--portal", help="Portal name, tag, or all (settings/portals.yaml)."),
    year: str | None = typer.Option(None, "--year", help="Only reports about this year."),
    refresh: bool = typer.Option(False, "--refresh", help="Fetch stored reports again."),
    full: bool = typer.Option(False, "--full", help="Walk every list page (after a hard kill without JOBDIR)."),
    jobdir: Path | None = typer.Option(None, "--jobdir", help="Scrapy JOBDIR: an interrupted crawl resumes from it."),
    portals: Path | None = typer.Option(None, "--portals", help="Portal file (default $NIANBAO_PORTALS, else the "
                                                              "bundled settings/portals.yaml)."),
    setting: list[str] = typer.Option([], "-s", "--set", help="Any Scrapy setting, NAME=VALUE (repeatable)."),
    db: str | None = typer.Option(None, "--db", help="Database URL or SQLite file (default $NIANBAO_DATABASE_URL, "
                                                     "else data/nianbao.sqlite)."),
) -> None:
    """`scrapy crawl reports` with the project's settings from any folder (exit codes as `nianbao`'s).

    -q logs warnings and errors only, --verbose everything (DEBUG), --log-file sends Scrapy's log there.
    """
    args = [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"portal={portal}"]
    args += [f"-a{key}={value}" for key, value in (("year", year), ("refresh", refresh and "1"),
                                                    ("full", full and "1")) if value]
    chosen = {"NIANBAO_DB": db, "JOBDIR": jobdir, "NIANBAO_PORTALS": portals, "LOG_FILE": settings.log_file,
              "LOG_LEVEL": "WARNING" if settings.quiet else "DEBUG" if settings.verbose else None,
              "NIANBAO_DEBUG": "1" if settings.debug else None}
    args += [part for key, value in chosen.items() if value for part in ("-s", f"{key}={value}")]
    for item in setting:
        if "=" not in item:
            raise typer.BadParameter(f"-s {item!r}: give NAME=VALUE")
        args += ["-s", item]
    from crawler.demo import scrapy_env

    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, args, scrapy_env())  # Scrapy's own process: signals and exit code are the crawl's


def sample_portal(
    port: int = typer.Option(DEFAULT_PORT, "--port", help="First port; the five sites use PORT…PORT+4 (0: any free)."),
    manifest: bool = typer.Option(False, "--manifest",
                                  help="Print the reports served at --port (JSON lines: portal, url, publisher, "
                                       "year, format, status, repost_of, documents…) and exit."),
    portals_out: Path | None = typer.Option(None, "--portals-out", help="Write a portal file for these ports."),
    slow: float = typer.Option(2.0, "--slow", help="Seconds the slow page takes to answer."),
    seed: int = typer.Option(2024, "--seed", help="Seed of the generated reports."),
) -> None:
    """Serve the offline sample portals on 127.0.0.1 until Ctrl-C (see settings/portals.yaml sample-*)."""
    if manifest:
        if not port:
            raise typer.BadParameter("--manifest needs the --port the portal is (or will be) served on")
        for truth in manifest_for(port, seed):
            typer.echo(json.dumps(truth, ensure_ascii=False))
        return
    try:
        portal = SamplePortal(port=port, seed=seed, slow_seconds=slow)
    except OSError as exc:
        typer.echo(f"cannot listen on 127.0.0.1:{port}…{port + 4}: {exc} (try --port 0)", err=True)
        raise typer.Exit(1) from exc
    if portals_out:
        portals_out.write_text(portal.portals_yaml(), encoding="utf-8")
    portal.start()
    for site in portal.sites:
        typer.echo(f"{site.name:16} {site.base}{site.spec.start_path}   {site.spec.title}")
    typer.echo(f"{len(portal.manifest())} reports served; Ctrl-C to stop. Crawl them with:\n"
               f"  scrapy crawl reports -a portal=sample"
               + (f" -s NIANBAO_PORTALS={portals_out}" if portals_out else ""))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        portal.stop()


def demo(
    db: str | None = typer.Option(None, "--db", help="Database URL, or a SQLite file path (default "
                                                     "$NIANBAO_DATABASE_URL, else data/nianbao.sqlite)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", help=f"First port of the sample portal's {len(SPECS)} sites "
                                                          "(0: any free ports, for a new database only)."),
    workers: int = typer.Option(2, "--workers", help="Parser processes of the ETL step."),
) -> None:
    """Crawl the bundled offline sample portal with Scrapy, run the ETL, and print what was found.

    The portal is always served at the same URLs (127.0.0.1:PORT…), so a re-run finds the reports it
    stored before instead of new "reposts"; busy ports are an error, not a reason to move."""
    from crawler.demo import run_crawl, scrapy_command, start_portal, summarize
    from etl.runs import run_etl

    console = Console(soft_wrap=True, quiet=settings.quiet)  # long lines (paths) stay whole when piped
    engine = open_database(db, write=True)
    db = db or database_url(None)
    if port == 0 and _has_documents(engine):
        raise fail(f"--port 0 serves the sample portal at new URLs, so its reports would be stored again as "
                   f"reposts in {display(database_url(db))}, which holds documents already; use a fixed --port or "
                   f"a new --db")
    work = Path("data")
    work.mkdir(exist_ok=True)
    try:
        portal = start_portal(port)
    except OSError as exc:
        raise fail(f"cannot serve the sample portal on 127.0.0.1:{port}…{port + len(SPECS) - 1}: {exc.strerror} "
                   f"(another demo or sample portal running?); stop it or choose another --port") from None
    try:
        portals_file, log_file = work / "demo-portals.yaml", work / "demo-crawl.log"
        portals_file.write_text(portal.portals_yaml(), encoding="utf-8")
        console.print(f"[bold]1. sample portal[/] {len(portal.sites)} sites on 127.0.0.1, "
                      f"{len(portal.manifest())} reports linked")
        console.print(f"[bold]2. scrapy crawl reports -a portal=all[/] (log: {log_file})")
        started = time.monotonic()
        status = run_crawl(scrapy_command(portals_file, db, log_file))
        console.print(f"   crawl finished in {time.monotonic() - started:.1f}s, exit status {status}")
    finally:
        portal.stop()
    if status >= 128:  # interrupted: the crawl said how to continue
        raise typer.Exit(status)
    console.print("[bold]3. etl[/] (parses whatever the crawl left unparsed)")
    etl = run_etl(engine, "stale", workers=workers)
    console.print(f"   {etl.documents} documents parsed now")
    _print_summary(console, summarize(engine), db)
    engine.dispose()
    raise typer.Exit(status)


def _has_documents(engine) -> bool:
    from sqlmodel import Session, select

    from models import Document

    with Session(engine) as session:
        return session.exec(select(Document.id).limit(1)).first() is not None


def _print_summary(console: Console, summary: DemoSummary, db: str) -> None:
    if summary.crawl is not None:
        run = summary.crawl
        console.print(f"[bold]crawl[/] ({run.status}): {run.reports_fetched + run.attachments_fetched} documents "
                      f"fetched, {run.new} new reports, {run.unchanged} unchanged, {run.reposts} reposts, "
                      f"{run.not_reports} not reports, {run.failed_parses} failed parses, "
                      f"{run.fetch_failed} failed fetches")
    formats = sorted({fmt for row in summary.by_year.values() for fmt in row})
    table = Table(title="Reports by year and format")
    table.add_column("year", justify="right")
    for fmt in formats:
        table.add_column(f"format {fmt}", justify="right")
    table.add_column("total", justify="right")
    for year in sorted(summary.by_year, key=lambda y: (y == "none", y)):
        row = summary.by_year[year]
        table.add_row(year, *(str(row.get(f, 0)) for f in formats), str(sum(row.values())))
    console.print(table)
    console.print(f"reports: {summary.reports}   documents: {summary.documents}   "
                  f"with failed checks: {summary.failed_checks}   reposts merged: {summary.reposts_merged}   "
                  f"documents not parsed: {summary.unparsed}")
    shown = display(database_url(db))
    console.print(f"database: {shown}  (try: nianbao stats --db {shown})")
