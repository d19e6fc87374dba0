"""`nianbao demo`: the whole product offline — sample portal, Scrapy crawl, ETL, summary.

The crawl runs as a real `scrapy crawl reports` subprocess (its own reactor and signal handling, exactly
what a user runs), against the sample portal served from this process. The ETL step then parses
whatever the crawl left unparsed (documents from older parser versions, or all of them when the crawl
ran with NIANBAO_PARSE=0), and the summary reads the database.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from crawler.sample_portal import SamplePortal
from etl.reports import stats
from models import CrawlRun

# Polite enough for a server on this machine, fast enough for a demo.
DEMO_SETTINGS = {"DOWNLOAD_DELAY": "0.02", "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "4",
                 "RETRY_BACKOFF_BASE": "0.2", "LOG_LEVEL": "INFO"}
# The tests and the bench: no delay at all, so a crawl takes as long as the portal takes to answer.
FAST_SETTINGS = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
                 "RETRY_BACKOFF_BASE": "0.05", "TELNETCONSOLE_ENABLED": "0"}


def start_portal(port: int, slow_seconds: float = 0.5) -> SamplePortal:
    """The sample portal on PORT…PORT+4 (0: free ports); OSError when those are taken — moving to other
    ports would give every report new URLs, which a database that has the old ones counts as reposts."""
    return SamplePortal(port=port, slow_seconds=slow_seconds).start()


def scrapy_command(portals_file: Path, db: str, log_file: Path | None = None, *, portal: str = "all",
                   settings: dict[str, str] | None = None, extra: list[str] = ()) -> list[str]:
    """The `scrapy crawl reports` command line the demo (and the tests) run."""
    command = [sys.executable, "-m", "scrapy", "crawl", "reports", "-a", f"portal={portal}",
               "-s", f"NIANBAO_PORTALS={portals_file}", "-s", f"NIANBAO_DB={db}"]
    for key, value in {**DEMO_SETTINGS, **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    if log_file is not None:
        command += ["-s", f"LOG_FILE={log_file}"]
    return command + list(extra)


def scrapy_env() -> dict[str, str]:
    """The environment that lets `scrapy` find this project's settings from any folder."""
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "settings"}


def run_crawl(command: list[str]) -> int:
    """Run the crawl command to its end; its exit status (non-zero when a portal had an error)."""
    return subprocess.run(command, env=scrapy_env(), check=False).returncode


@dataclass
class DemoSummary:
    """What the demo prints at the end, read from the database."""

    documents: int = 0
    reports: int = 0
    by_year: dict[str, dict[str, int]] = field(default_factory=dict)  # year → format → current reports
    failed_checks: int = 0
    reposts_merged: int = 0
    unparsed: int = 0
    crawl: CrawlRun | None = None


def summarize(engine: Engine) -> DemoSummary:
    """The counts of `nianbao stats` (etl.reports.stats) the demo shows, and the latest crawl run."""
    with Session(engine) as session:
        counts = stats(session)
        crawl = session.exec(select(CrawlRun).order_by(CrawlRun.finished_at.desc(), CrawlRun.id.desc())).first()
    return DemoSummary(documents=counts["documents"], reports=counts["current_reports"],
                       by_year=counts["current_reports_by_year_and_format"],
                       failed_checks=counts["current_reports_with_failed_checks"],
                       reposts_merged=counts["reposts_merged"],
                       unparsed=counts["unparsed_documents"] + counts["failed_documents"], crawl=crawl)
