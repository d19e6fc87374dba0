"""TRS WCM portals: `index.html`, `index_1.html`… lists of `./202503/t20250310_97791.htm` articles.

Two paging styles share the template:
- static: every list page is a file, the count is in `createPageHTML(pages, current, "index", "html")`;
- 动静结合 ("static and dynamic"): only the first `maxStaticIndex` pages are files; the rest come from the
  site's JSON search API, configured in a `listModel({quickMode: "动静结合", listArgs: {...},
  pagebar: {prepage, recordCount}})` call (see ../shared/real/pingtan_list.html). Records carry the fields
  the page's template shows: `doctitle`, `chnldocurl`, `docreltime`.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin

from parsel import Selector

from crawler.detect import clean_title, is_attachment_url
from crawler.profiles.base import Link, ListPage, PageRequest, as_int, list_date, row_date, search

ARTICLE = re.compile(r"(^|/)t\d{8}_\d+\.s?html?$")
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\w+)\s*,\s*(\d+)\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")
_VAR = r"(?:var\s+)?{name}\s*=\s*(\d+)"
_QUICK_MODE = re.compile(r"quickMode\s*:\s*[\"']动静结合[\"']")
DEFAULT_SEARCH_API = "/fjdzapp/search"


def read_list(sel: Selector, url: str, options: Mapping[str, Any]) -> ListPage:
    """Links and next page of one static TRS list page."""
    links = article_links(sel, url)
    scripts = "\n".join(sel.css("script::text").getall())
    page = ListPage(links=links)
    dynamic = _QUICK_MODE.search(scripts)
    static = _CREATE_PAGE.search(scripts)
    if dynamic:
        page.next = _first_api_page(scripts, url, len(links), options)
    elif static:
        page.next = _next_static_page(static, scripts, url)
    elif not links:
        page.recognised = False
        page.problem = "no TRS article links (tYYYYMMDD_N.htm) and no TRS paging script"
    return page


def read_api(body: str, request: PageRequest, options: Mapping[str, Any]) -> ListPage:
    """Links of one page of the 动静结合 JSON search API, and the request for the page after it."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        return ListPage(recognised=False, problem=f"search API answer is not JSON: {exc}")
    records = _records(data)
    if records is None:
        return ListPage(recognised=False, problem="search API answer holds no record list (data/datas/list)")
    base = request.state.get("list_url", request.url)
    links = []
    for rec in records:
        href = rec.get("chnldocurl") or rec.get("docpuburl") or rec.get("url")
        title = clean_title(rec.get("doctitle") or rec.get("title"))
        if href and title:
            links.append(Link(urljoin(base, href), title, list_date(str(rec.get("docreltime") or ""))))
    page = ListPage(links=links)
    number, pages = request.state["page"], request.state["pages"]
    pages = as_int(_find(data, ("pagecount", "pageCount", "totalPage", "totalpage"))) or pages
    if links and number < pages:
        page.next = [_api_request(request.state, number + 1, pages, options)]
    return page


def article_links(sel: Selector, url: str) -> list[Link]:
    """Every TRS article (or attachment) link of a list page, with its title and listed date."""
    links: dict[str, Link] = {}
    for anchor in sel.xpath("//a[@href]"):
        href = anchor.attrib["href"].strip()
        absolute = urljoin(url, href)
        if not (ARTICLE.search(href.split("?")[0]) or is_attachment_url(absolute)):
            continue
        title = clean_title(anchor.attrib.get("title") or " ".join(anchor.css("::text").getall()))
        if title and absolute not in links:
            links[absolute] = Link(absolute, title, row_date(anchor))
    return list(links.values())


def _next_static_page(match: re.Match, scripts: str, url: str) -> list[PageRequest]:
    count, current, prefix, suffix = match.groups()
    pages = int(count) if count.isdigit() else as_int(search(_VAR.format(name=count), scripts))
    if not pages or int(current) + 1 >= pages:
        return []
    return [PageRequest(urljoin(url, f"{prefix}_{int(current) + 1}.{suffix}"))]


def _first_api_page(scripts: str, url: str, static_links: int, options: Mapping[str, Any]) -> list[PageRequest]:
    static_pages = as_int(search(r"maxStaticIndex\s*:\s*(\d+)", scripts)) or 1
    per_page = as_int(search(r"prepage\s*:\s*[\"']?(\d+)", scripts)) or max(static_links, 1)
    records = as_int(search(r"recordCount\s*:\s*[\"']?(\d+)", scripts)) or 0
    pages = math.ceil(records / per_page) if records else static_pages + 1
    if static_pages >= pages:
        return []
    args = _list_args(scripts)
    state = {"list_url": url, "args": args, "per_page": per_page}
    return [_api_request(state, static_pages + 1, pages, options)]


def _api_request(state: dict[str, Any], number: int, pages: int, options: Mapping[str, Any]) -> PageRequest:
    query = {**state["args"], "prepage": str(state["per_page"]), "page": str(number)}
    api = urljoin(state["list_url"], options.get("search_api") or DEFAULT_SEARCH_API)
    return PageRequest(f"{api}?{urlencode(query)}", kind="api", state={**state, "page": number, "pages": pages})


def _list_args(scripts: str) -> dict[str, str]:
    """listArgs of the listModel call; `SiteInfo.x` references and `"" || "v"` defaults resolved."""
    block = search(r"listArgs\s*:\s*\{(.*?)\}", scripts, re.S) or ""
    args: dict[str, str] = {}
    for key, expr in re.findall(r"(\w+)\s*:\s*((?:\"[^\"]*\"|'[^']*'|[^,\"'\n])+)", block):
        literals = re.findall(r"[\"']([^\"']*)[\"']", expr)
        if literals:
            args[key] = next((v for v in reversed(literals) if v), "")
            continue
        ref = re.match(r"\s*SiteInfo\.(\w+)", expr)
        value = search(rf"\b{ref.group(1)}\s*:\s*[\"']?(\w+)", scripts) if ref else expr.strip()
        args[key] = value or ""
    return args


def _records(data: Any) -> list[dict] | None:
    for key in ("data", "datas", "list", "docs", "records"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, list):
            return [r for r in value if isinstance(r, dict)]
        if isinstance(value, dict):
            nested = _records(value)
            if nested is not None:
                return nested
    return None


def _find(data: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(data, dict):
        for key in keys:
            if key in data:
                return data[key]
        for value in data.values():
            found = _find(value, keys)
            if found is not None:
                return found
    return None
