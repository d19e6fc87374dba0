"""`scrapy crawl`, checking the portal file and the database before anything runs, with honest exit codes.

Scrapy's own command exits 0 whenever the crawl ran. Here (etl.console's codes): a bad portal file or
database is exit 2, printed as one line before any request; a crawl whose summary recorded an error
(a portal yielding no report, a list layout that no longer matches its profile, an unreadable list
page) exits 1; a crawl stopped by SIGINT/SIGTERM exits 130/143 with a line saying how to continue.
Tracebacks in the log become one line each (crawler.logs) unless NIANBAO_DEBUG=1.
"""
from __future__ import annotations

import argparse
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.logs import one_line_tracebacks
from crawler.portals import PortalConfigError, load_portals, select_portals
from crawler.spiders.reports import year_argument
from crawler.storage import open_engine
from etl.console import FAILURES, USAGE
from models.db import DatabaseError

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider: scrapy crawl reports -a portal=NAME")
        assert self.crawler_process and self.settings is not None
        one_line_tracebacks(self.settings)
        if args[0] == "reports":
            try:
                select_portals(load_portals(self.settings["NIANBAO_PORTALS"]), opts.spargs.get("portal", "all"))
                year_argument(opts.spargs.get("year"))
                open_engine(self.settings.get("NIANBAO_DB")).dispose()
            except (PortalConfigError, DatabaseError) as exc:
                self._say(f"nianbao crawl: {exc}", logging.ERROR)
                self.exitcode = USAGE
                return
        crawler = self._create_crawler(args[0])
        received: list[int] = []
        self._note_signals(received)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if crawler.stats.get_value("finish_reason") == "shutdown" or received:
            signum = received[0] if received else 2
            name = {2: "SIGINT", 15: "SIGTERM"}.get(signum, f"signal {signum}")
            jobdir = self.settings.get("JOBDIR")
            how = (f"run the same command (same -s JOBDIR={jobdir}) to continue where it stopped" if jobdir else
                   "run the same command again: stored reports are not fetched twice (-s JOBDIR=DIR resumes "
                   "exactly)")
            fetched = crawler.stats.get_value("nianbao/reports_fetched", 0)
            self._say(f"nianbao crawl: interrupted by {name} after {fetched} report pages fetched (crawl run "
                      f"recorded as interrupted); {how}", logging.WARNING)
            self.exitcode = 128 + signum
        elif self.crawler_process.bootstrap_failed:
            self._say("nianbao crawl: the crawl could not start (see the error above)", logging.ERROR)
            self.exitcode = USAGE
        elif crawler.stats.get_value("nianbao/exit_status"):
            errors = crawler.stats.get_value("nianbao/errors", 0)
            self._say(f"nianbao crawl: finished with {errors} portal error(s) (`nianbao stats` lists the crawl's "
                      f"problems)", logging.ERROR)
            self.exitcode = FAILURES

    def _note_signals(self, received: list[int]) -> None:
        """Remember which signal stopped the crawl (Scrapy logs it but keeps no record)."""
        process = self.crawler_process
        for name in ("_signal_shutdown", "_signal_shutdown_reactorless"):
            handler = getattr(process, name, None)
            if handler is None:
                continue

            def noted(signum, frame, handler=handler):
                received.append(signum)
                return handler(signum, frame)
            setattr(process, name, noted)

    def _say(self, line: str, level: int) -> None:
        """The line in the log, and on stderr too when the log goes to a file."""
        logger.log(level, line)
        if self.settings.get("LOG_FILE"):
            print(line, file=sys.stderr)
