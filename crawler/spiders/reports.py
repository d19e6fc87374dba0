"""The one spider: walks each selected portal's 年报 column with its CMS profile and fetches the reports.

    scrapy crawl reports -a portal=NAME|TAG|all [-a year=2023] [-a refresh=1] [-a full=1]

Incremental: report URLs already stored are not fetched again (unless refresh=1), and a portal's list
paging stops at the first page that holds only known reports (unless full=1 or refresh=1). Counts and
problems go to the crawl's ledger (crawler.ledger), kept in `self.state`, which Scrapy keeps in JOBDIR.
Pages are read in the charset the ETL's reader decides (etl.extract.readers.encoding.decode), and that
decision travels on the item to the store.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from parsel import Selector
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.failure import Failure

from crawler.detect import clean_title, is_report_title, report_year
from crawler.items import DocumentItem
from crawler.ledger import CrawlLedger
from crawler.portals import Portal, PortalConfigError, load_portals, select_portals
from crawler.profiles import PROFILES, UNTITLED_PROFILES, XML_PROFILES
from crawler.profiles.article import attachments, page_titles
from crawler.profiles.base import Link, ListPage, PageRequest
from crawler.storage import CrawlStorage, stored_urls
from etl.extract.readers.encoding import Decoded, decode
from models.statuses import ProblemKind

logger = logging.getLogger(__name__)
DEFAULT_MAX_PAGES = 200


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def year_argument(value: str | None) -> int | None:
    """The `-a year=` value as a year, None when not given; `scrapy crawl` checks it with this before starting."""
    if value in (None, ""):
        return None
    if not (value.isdigit() and len(value) == 4):
        raise PortalConfigError(f"-a year={value!r} is not a year (like 2023)")
    return int(value)


class ReportsSpider(scrapy.Spider):
    name = "reports"

    def __init__(self, portal: str = "all", year: str | None = None, refresh: str = "0", full: str = "0",
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.portal_spec = portal
        self.year = year_argument(year)
        self.refresh = _flag(refresh)
        self.full = _flag(full)
        self.portals: dict[str, Portal] = {}
        self.known: set[str] = set()
        self.state: dict[str, Any] = {}  # replaced by the JOBDIR copy when resuming

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> ReportsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        portals = select_portals(load_portals(crawler.settings["NIANBAO_PORTALS"]), spider.portal_spec)
        spider.portals = {p.name: p for p in portals}
        spider.allowed_domains = sorted({d.split(":")[0] for p in portals for d in p.allowed_domains})
        # One download slot per portal, so concurrency and delay are per portal even on a shared host.
        slots = dict(crawler.settings.getdict("DOWNLOAD_SLOTS"))
        for p in portals:
            slot = {"concurrency": p.option("concurrency", crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")),
                    "delay": p.option("download_delay", crawler.settings.getfloat("DOWNLOAD_DELAY"))}
            slots[p.name] = {**slot, **slots.get(p.name, {})}
        crawler.settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        return spider

    @property
    def ledger(self) -> CrawlLedger:
        return CrawlLedger.of(self.crawler)

    def _to_fetch(self, url: str) -> bool:
        """Not stored yet, or refresh=1: stored documents are never fetched again otherwise."""
        return self.refresh or url not in self.known

    def _other_year(self, title: str) -> bool:
        """True when `-a year=` asks for another year than the one the report title names."""
        return self.year is not None and report_year(title) != self.year

    # -- requests ---------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # One crawl across JOBDIR resumes: its record keeps the first start and is updated, not repeated.
        self.state.setdefault("job", uuid.uuid4().hex)
        self.state.setdefault("started_at", datetime.now(UTC).replace(tzinfo=None))
        engine = CrawlStorage.of(self.crawler).engine
        self.known = await maybe_deferred_to_future(threads.deferToThread(stored_urls, engine))
        logger.info("crawling %s (%d stored URLs known%s%s)", ", ".join(self.portals), len(self.known),
                    f", year {self.year}" if self.year else "", ", refresh" if self.refresh else "")
        for portal in self.portals.values():
            for url in portal.start_urls:
                yield self._list_request(portal, PageRequest(url), 1)

    def _list_request(self, portal: Portal, page: PageRequest, number: int) -> scrapy.Request:
        meta = {"portal": portal.name, "kind": page.kind, "page_request": page, "page_number": number,
                "download_slot": portal.name}
        if page.formdata is not None:
            return scrapy.FormRequest(page.url, formdata=page.formdata, callback=self.parse_list,
                                      errback=self.on_error, meta=meta)
        return scrapy.Request(page.url, callback=self.parse_list, errback=self.on_error, meta=meta)

    def _document_request(self, portal: Portal, link: Link, kind: str, parent_url: str | None = None) -> scrapy.Request:
        callback = {"report": self.parse_report, "candidate": self.parse_candidate,
                    "attachment": self.parse_attachment}[kind]
        meta = {"portal": portal.name, "kind": kind, "link": link, "parent_url": parent_url,
                "download_slot": portal.name}
        return scrapy.Request(link.url, callback=callback, errback=self.on_error, meta=meta)

    # -- callbacks --------------------------------------------------------------------------------

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        """Read a list page (or paging-API answer) with the portal's profile; queue reports and the next page."""
        portal = self.portals[response.meta["portal"]]
        request: PageRequest = response.meta["page_request"]
        profile = PROFILES[portal.profile]
        self.ledger.tally(portal.name, "pages")
        if request.kind == "api":
            page = profile.read_api(self._decoded(response, portal).text, request, portal.overrides)
        else:
            sel = self._selector(self._page(response, portal), portal)
            page = (profile.read_list(sel, response.url, portal.overrides) if sel is not None
                    else ListPage(recognised=False, problem="not an HTML or XML page"))
        if not page.recognised:
            self.ledger.error(portal.name, f"list page {response.url} does not match the '{portal.profile}' profile: "
                                    f"{page.problem}", response.url)
            return
        reports = known = 0
        for link in page.links:
            if not portal.allows(link.url):
                continue
            if portal.profile in UNTITLED_PROFILES:
                if self._to_fetch(link.url):
                    yield self._document_request(portal, link, "candidate")
                else:  # stored before, so its page title named a report then
                    self.ledger.tally(portal.name, "reports_found")
                    self.ledger.tally(portal.name, "known")
                continue
            if not is_report_title(link.title):
                if "报告" in link.title or "年报" in link.title:
                    self.ledger.tally(portal.name, "not_reports_listed")
                    logger.debug("portal %s: not a report: %s (%s)", portal.name, link.title, link.url)
                continue
            reports += 1
            self.ledger.tally(portal.name, "reports_found")
            if not self._to_fetch(link.url):
                known += 1
                self.ledger.tally(portal.name, "known")
                continue
            if self._other_year(link.title):
                continue
            yield self._document_request(portal, link, "report")
        number = response.meta["page_number"]
        only_known = reports > 0 and known == reports and not (self.refresh or self.full)
        if only_known:
            logger.info("portal %s: list page %d holds only known reports; paging stops", portal.name, number)
            return
        for following in page.next:
            if number >= portal.option("max_pages", DEFAULT_MAX_PAGES):
                self.ledger.error(portal.name, f"more than {number} list pages; stopped (override max_pages)",
                           response.url)
                return
            yield self._list_request(portal, following, number + 1)

    def parse_candidate(self, response: Response) -> Iterator[Any]:
        """A page known only by URL (sitemap): a report if its own title says so."""
        portal = self.portals[response.meta["portal"]]
        page = self._page(response, portal)
        sel = self._selector(page, portal)
        titles = page_titles(sel) if sel is not None else []
        title = next((t for t in titles if is_report_title(t)), None)
        if title is None:
            logger.debug("portal %s: %s is not a report page (%s)", portal.name, response.url, titles[:1])
            return
        self.ledger.tally(portal.name, "reports_found")
        if self._other_year(title):
            return
        link: Link = response.meta["link"]
        yield from self._report(response, portal, Link(link.url, title, link.date), page, sel)

    def parse_report(self, response: Response) -> Iterator[Any]:
        """A report page or file a list names."""
        portal = self.portals[response.meta["portal"]]
        page = self._page(response, portal)
        yield from self._report(response, portal, response.meta["link"], page, self._selector(page, portal))

    def _report(self, response: Response, portal: Portal, link: Link, page: Decoded | None,
                sel: Selector | None) -> Iterator[Any]:
        """The report document itself, then a request for every attachment it links (`page`, `sel`: None
        for a binary file)."""
        self.ledger.tally(portal.name, "reports_fetched")
        files = attachments(sel, response.url) if sel is not None else []
        item = self._item(response, portal, "report", link, page=page)
        item.attachments = len(files)
        yield item
        for attachment in files:
            if not portal.allows(attachment.url):
                logger.info("portal %s: attachment %s is outside allowed_domains", portal.name, attachment.url)
                continue
            if self._to_fetch(attachment.url):
                yield self._document_request(portal, attachment, "attachment", parent_url=self._url(response))

    def parse_attachment(self, response: Response) -> Iterator[DocumentItem]:
        portal = self.portals[response.meta["portal"]]
        self.ledger.tally(portal.name, "attachments_fetched")
        yield self._item(response, portal, "attachment", response.meta["link"], response.meta["parent_url"])

    def on_error(self, failure: Failure) -> None:
        """A request that failed for good: list pages are portal errors, documents are counted and logged."""
        request = failure.request
        portal = request.meta.get("portal", "?")
        kind = request.meta.get("kind")
        if failure.check(HttpError):
            reason = f"HTTP {failure.value.response.status}"
        elif failure.check(IgnoreRequest):
            reason = f"ignored ({failure.value or 'forbidden by robots.txt'})"
        else:
            reason = f"{failure.type.__name__}: {failure.value}"
        if kind in ("list", "api"):
            self.ledger.error(portal, f"list page {request.url} could not be read: {reason}", request.url)
            return
        key = "robots_blocked" if failure.check(IgnoreRequest) and not failure.check(HttpError) else "fetch_failed"
        self.ledger.tally(portal, key)
        if key == "robots_blocked":
            logger.info("portal %s: %s %s not fetched: %s", portal, kind, request.url, reason)
            return
        logger.warning("portal %s: %s %s not fetched: %s", portal, kind, request.url, reason)
        self.ledger.problem(ProblemKind(key), portal, request.url, f"{kind} not fetched: {reason}")

    # -- helpers ----------------------------------------------------------------------------------

    @staticmethod
    def _url(response: Response) -> str:
        """The URL as linked (before redirects): what the list names and what known_urls remembers."""
        return (response.meta.get("redirect_urls") or [response.url])[0]

    def _item(self, response: Response, portal: Portal, kind: str, link: Link,
              parent_url: str | None = None, page: Decoded | None = None) -> DocumentItem:
        content_type = response.headers.get("Content-Type")
        return DocumentItem(
            url=self._url(response), final_url=response.url, body=response.body,
            content_type=content_type.decode("latin-1") if content_type else None,
            http_status=response.status, portal=portal.name, kind=kind,
            fetched_at=datetime.now(UTC).replace(tzinfo=None), parent_url=parent_url,
            listed_title=clean_title(link.title) or None, listed_date=link.date, decoded=page,
        )

    @staticmethod
    def _decoded(response: Response, portal: Portal) -> Decoded:
        """The response as text, in the charset the ETL's reader decides (or the portal's `encoding`)."""
        content_type = response.headers.get("Content-Type")
        return decode(response.body, content_type.decode("latin-1") if content_type else None,
                      forced=portal.option("encoding"))

    def _page(self, response: Response, portal: Portal) -> Decoded | None:
        """A page to read links from, decoded; None for a PDF or other binary document."""
        if not isinstance(response, TextResponse) and not portal.option("encoding"):
            return None
        return self._decoded(response, portal)

    @staticmethod
    def _selector(page: Decoded | None, portal: Portal) -> Selector | None:
        if page is None:
            return None
        return Selector(text=page.text, type="xml" if portal.profile in XML_PROFILES else "html")
