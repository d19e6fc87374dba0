"""Scrapy settings for nianbao (named in scrapy.cfg).

Polite by default: robots.txt obeyed, AutoThrottle on, two requests at a time per portal with a delay,
retries with exponential backoff. Portals are defined in portals.yaml beside this file (or the file named
by NIANBAO_PORTALS). Tests and the demo override the delays with `-s NAME=VALUE`.

Resuming: run with `-s JOBDIR=crawls/NAME` (any folder); stop with Ctrl-C once (or `kill -TERM`), and the
same command later continues where it stopped. Stored report URLs are never fetched again anyway
(unless `-a refresh=1`), so without JOBDIR a re-run only re-reads list pages until a page holds only known
reports; `-a full=1` walks every list page (after a hard kill without JOBDIR).

Caching: `-s HTTPCACHE_ENABLED=1` keeps every response under .scrapy/httpcache for offline re-runs.
"""
from __future__ import annotations

import os
from pathlib import Path

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# Our `scrapy crawl` sets a non-zero exit status when a portal yields no report or its layout changed.
COMMANDS_MODULE = "crawler.scrapy_commands"

USER_AGENT = (
    "nianbao/0.1 (+https://github.com/nianbao/nianbao; "
    "collects 政府信息公开工作年度报告 for research)"
)
ROBOTSTXT_OBEY = True

# Politeness: each portal is one download slot (see ReportsSpider), two requests at a time, ~1 s apart.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay is 0.5–1.5 × DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Government portals fail transiently; retry 5xx/timeouts with exponential backoff (BackoffRetryMiddleware).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each next one
RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
}

DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024  # attachments can be large scanned PDFs; larger is not a report
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 408, 429]

ITEM_PIPELINES = {
    "crawler.pipelines.MetadataPipeline": 100,
    "crawler.pipelines.StorePipeline": 200,
}
# After Scrapy's SpiderState (0), which restores spider.state from JOBDIR before the ledger adopts it.
EXTENSIONS = {
    "crawler.logs.OneLineLog": 0,
    "crawler.storage.CrawlStorage": 100,
    "crawler.ledger.CrawlLedger": 100,
    "crawler.summary.CrawlSummary": 500,
}

# nianbao settings.
NIANBAO_PORTALS = os.environ.get("NIANBAO_PORTALS") or str(Path(__file__).with_name("portals.yaml"))
# Database URL or SQLite path; None means models.db's default ($NIANBAO_DATABASE_URL or data/nianbao.sqlite).
NIANBAO_DB = None
# Tracebacks in the log (else each is folded into its record's line, crawler.logs); also NIANBAO_DEBUG=1.
NIANBAO_DEBUG = False
# Parse newly stored documents during the crawl (0 leaves it to `nianbao etl`): in batches on the ETL's worker
# pool, off the reactor thread — every NIANBAO_PARSE_BATCH documents or NIANBAO_PARSE_INTERVAL seconds, and the
# rest at the end, so a crawl ends with report rows. A document may take NIANBAO_PARSE_TIMEOUT seconds.
NIANBAO_PARSE = True
NIANBAO_PARSE_BATCH = 16
NIANBAO_PARSE_INTERVAL = 5.0
NIANBAO_PARSE_TIMEOUT = 60.0
NIANBAO_PARSE_WORKERS = 1

# `scrapy crawl reports -o found.csv` lists what was fetched (the bytes themselves go to the database).
FEED_EXPORT_FIELDS = ["portal", "kind", "url", "final_url", "http_status", "content_type", "listed_title",
                      "listed_date", "title", "publisher", "year", "publish_date", "parent_url",
                      "document_id", "created"]
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
