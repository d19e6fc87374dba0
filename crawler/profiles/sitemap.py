"""sitemap.xml: every page URL a portal lists, narrowed by an `include` regex (its report column).

A sitemap gives no titles, so its URLs are candidates: the spider fetches each and keeps it only if the
page's own title names a report. A sitemap index points to further sitemaps, read the same way.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from crawler.profiles.base import Link, ListPage, PageRequest


def read_list(sel: Selector, url: str, options: Mapping[str, Any]) -> ListPage:
    """Candidate page URLs (title unknown) and nested sitemaps."""
    sel.remove_namespaces()
    root = sel.xpath("/*")
    name = root[0].xpath("name()").get() if root else None
    if name not in ("urlset", "sitemapindex"):
        return ListPage(recognised=False, problem=f"not a sitemap (root element {name!r})")
    include = re.compile(options.get("include") or ".")
    if name == "sitemapindex":
        return ListPage(next=[PageRequest(urljoin(url, loc.strip())) for loc in sel.xpath("//sitemap/loc/text()").getall()])
    links = []
    for entry in sel.xpath("//url"):
        loc = (entry.xpath("loc/text()").get() or "").strip()
        if loc and include.search(loc):
            lastmod = (entry.xpath("lastmod/text()").get() or "").strip()[:10] or None
            links.append(Link(urljoin(url, loc), "", lastmod))
    return ListPage(links=links)


def read_api(body: str, request: PageRequest, options: Mapping[str, Any]) -> ListPage:
    return ListPage(recognised=False, problem="sitemaps have no paging API")
