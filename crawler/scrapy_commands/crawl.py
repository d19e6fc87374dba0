"""`scrapy crawl`, checking the portal file before anything runs and failing when a portal had an error.

Scrapy's own command exits 0 whenever the crawl ran; here a bad portal file is a usage error (exit 2)
printed before any request, and a crawl whose summary recorded an error (a portal yielding no report, a
list layout that no longer matches its profile, an unreadable list page) exits 1.
"""
from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.portals import PortalConfigError, load_portals, select_portals
from crawler.spiders.reports import year_argument


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider: scrapy crawl reports -a portal=NAME")
        assert self.crawler_process and self.settings is not None
        if args[0] == "reports":
            try:
                select_portals(load_portals(self.settings["NIANBAO_PORTALS"]), opts.spargs.get("portal", "all"))
                year_argument(opts.spargs.get("year"))
            except PortalConfigError as exc:
                raise UsageError(str(exc), print_help=False) from exc
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats.get_value("nianbao/exit_status"):
            self.exitcode = 1
