"""Plain paged HTML lists: every link of a list area, and the page behind its "下一页" link.

Small portals built without a known CMS print the list as ordinary links and page with `list_2.html`,
`?page=2` and the like; the only thing to know is where the list is (override `list_selector`) and what
the next-page link says (override `next_text`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from crawler.detect import clean_title
from crawler.profiles.base import Link, ListPage, PageRequest, row_date

DEFAULT_NEXT = r"^(下一页|下页|后页|next|›|>)$"


def read_list(sel: Selector, url: str, options: Mapping[str, Any]) -> ListPage:
    """Links of the list area and its next page."""
    selector = options.get("list_selector") or "body"
    areas = sel.css(selector)
    if not areas:
        return ListPage(recognised=False, problem=f"no list area matches {selector!r}")
    next_text = re.compile(options.get("next_text") or DEFAULT_NEXT, re.I)
    links: dict[str, Link] = {}
    following: list[PageRequest] = []
    for anchor in sel.xpath("//a[@href]"):  # the pager is often outside the list area
        text = clean_title(" ".join(anchor.css("::text").getall()))
        absolute = urljoin(url, anchor.attrib["href"].strip())
        if (next_text.search(text) or anchor.attrib.get("rel") == "next") and absolute != url:
            following.append(PageRequest(absolute))
            break
    for anchor in areas.xpath(".//a[@href]"):
        href = anchor.attrib["href"].strip()
        text = clean_title(" ".join(anchor.css("::text").getall()))
        if href.startswith(("javascript:", "#", "mailto:")) or next_text.search(text):
            continue
        absolute = urljoin(url, href)
        title = clean_title(anchor.attrib.get("title")) or text
        if title and absolute not in links:
            links[absolute] = Link(absolute, title, row_date(anchor))
    if not following:
        following = [PageRequest(urljoin(url, h)) for h in sel.css('link[rel="next"]::attr(href)').getall()[:1]]
    return ListPage(links=list(links.values()), next=following)


def read_api(body: str, request: PageRequest, options: Mapping[str, Any]) -> ListPage:
    return ListPage(recognised=False, problem="plain lists have no paging API")
