"""The Scrapy-facing pieces on their own: per-portal slots, retry backoff, the summary table."""
from __future__ import annotations

import pytest
import yaml
from scrapy.crawler import Crawler
from scrapy.settings import Settings

import settings as project_settings
from crawler.middlewares import BackoffRetryMiddleware
from crawler.portals import PortalConfigError
from crawler.spiders.reports import ReportsSpider, year_argument
from crawler.summary import format_table, portal_rows


def test_polite_defaults():
    s = Settings()
    s.setmodule(project_settings)
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert "nianbao" in s["USER_AGENT"] and "https://github.com/nianbao/nianbao" in s["USER_AGENT"]
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2 and s.getfloat("DOWNLOAD_DELAY") >= 1
    assert s.getint("RETRY_TIMES") >= 2 and s.getint("DOWNLOAD_TIMEOUT") <= 120
    assert 0 < s.getint("DOWNLOAD_MAXSIZE") <= 128 * 1024 * 1024


def test_each_portal_is_its_own_download_slot_with_its_overrides(tmp_path):
    path = tmp_path / "portals.yaml"
    path.write_text(yaml.safe_dump({"portals": [
        {"name": "slow", "profile": "trs", "start_urls": ["http://127.0.0.1:9000/a/index.html"],
         "overrides": {"download_delay": 5, "concurrency": 1}},
        {"name": "plain", "profile": "plain", "start_urls": ["http://127.0.0.1:9001/list.html"]},
    ]}), encoding="utf-8")
    # As `scrapy crawl` does: the spider is made before the settings are frozen.
    crawler = Crawler(ReportsSpider, Settings({"NIANBAO_PORTALS": str(path), "DOWNLOAD_DELAY": 1.5,
                                               "CONCURRENT_REQUESTS_PER_DOMAIN": 2}))
    spider = ReportsSpider.from_crawler(crawler, portal="all", year="2023", refresh="1")
    slots = crawler.settings.getdict("DOWNLOAD_SLOTS")
    assert slots == {"slow": {"concurrency": 1, "delay": 5}, "plain": {"concurrency": 2, "delay": 1.5}}
    assert spider.allowed_domains == ["127.0.0.1"]
    assert (spider.year, spider.refresh, spider.full) == (2023, True, False)


def test_year_argument_is_a_four_digit_year_or_nothing():
    assert (year_argument("2023"), year_argument(None), year_argument("")) == (2023, None, None)
    for bad in ("23", "2023年", "twenty"):
        with pytest.raises(PortalConfigError, match=f"-a year='{bad}' is not a year"):
            year_argument(bad)


def test_retries_back_off_exponentially():
    middleware = BackoffRetryMiddleware(Settings({"RETRY_BACKOFF_BASE": 2.0, "RETRY_BACKOFF_MAX": 10.0,
                                                  "RETRY_TIMES": 3, "RETRY_HTTP_CODES": [500]}))
    assert [middleware.delay(n) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 10.0]


def test_summary_rows_total_and_table():
    tally = {"a": {"pages": 2, "reports_found": 5, "new": 4, "reposts": 1}, "b": {"pages": 1}}
    rows = portal_rows(tally, ["a", "b"])
    assert rows[-1]["portal"] == "total" and rows[-1]["pages"] == 3 and rows[-1]["new"] == 4
    assert rows[1]["reports_found"] == 0
    table = format_table(rows).splitlines()
    assert table[0].split()[:3] == ["portal", "pages", "reports_found"]
    assert table[-1].split()[:3] == ["total", "3", "5"]
