"""Hanweb (大汉) portals: `/col/col1234/index.html` lists, `/art/2023/5/15/art_1234_56789.html` articles.

A column page carries its first records inside `<script type="text/xml"><datastore>…<recordset>
<record><![CDATA[<li>…</li>]]></record>…`, drawn by the jpage script; later records come from a POST to
the data proxy (`/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15`) whose form
fields are the query of the datastore's `<nextgroup>` link, and whose answer is the same datastore XML
with a `<totalrecord>`.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.detect import clean_title
from crawler.profiles.base import Link, ListPage, PageRequest, as_int, list_date, search

ARTICLE = re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html?$")
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"


def read_list(sel: Selector, url: str, options: Mapping[str, Any]) -> ListPage:
    """Records of a column page and the data-proxy request for the records after them."""
    stores = sel.css('script[type="text/xml"]::text').getall()
    if not stores:
        return ListPage(recognised=False, problem='no <script type="text/xml"> datastore (Hanweb jpage list)')
    store = "\n".join(stores)
    links = records(store, url)
    scripts = "\n".join(sel.css("script:not([type='text/xml'])::text").getall())
    total = as_int(search(r"totalRecord\s*:\s*[\"']?(\d+)", scripts)) or as_int(
        search(r"<totalrecord>\s*(\d+)", store))
    per_page = as_int(search(r"perPage\s*:\s*[\"']?(\d+)", scripts)) or 15
    group = as_int(search(r"groupSize\s*:\s*[\"']?(\d+)", scripts)) or 3
    proxy = search(r"proxyUrl\s*:\s*[\"']([^\"']+)", scripts) or DEFAULT_PROXY
    page = ListPage(links=links)
    form = _proxy_form(store)
    on_page = len(_RECORD.findall(store))  # records, with or without a link: the proxy counts them all
    if total and on_page < total and form is not None:
        state = {"list_url": url, "proxy": urljoin(url, proxy), "form": form, "per_page": per_page,
                 "group": group, "total": total}
        page.next = [_proxy_request(state, on_page + 1)]
    return page


def read_api(body: str, request: PageRequest, options: Mapping[str, Any]) -> ListPage:
    """Records of one data-proxy answer and the request for the group after it."""
    if "<datastore" not in body and "<recordset" not in body:
        return ListPage(recognised=False, problem="data proxy answer is not a Hanweb datastore")
    state = request.state
    links = records(body, state["list_url"])
    total = as_int(search(r"<totalrecord>\s*(\d+)", body)) or state["total"]
    page = ListPage(links=links)
    end = state["end"]
    if links and end < total:
        page.next = [_proxy_request({**state, "total": total}, end + 1)]
    return page


def records(store: str, base: str) -> list[Link]:
    """Every record of a datastore: the link of its `<li>` fragment, title and date."""
    links: list[Link] = []
    for fragment in _RECORD.findall(store):
        row = Selector(text=fragment)
        anchor = row.xpath("//a[@href]")
        if not anchor:
            continue
        anchor = anchor[0]
        title = clean_title(anchor.attrib.get("title") or " ".join(anchor.css("::text").getall()))
        date = list_date(" ".join(row.css("::text").getall()))
        if title:
            links.append(Link(urljoin(base, anchor.attrib["href"].strip()), title, date))
    return links


def _proxy_form(store: str) -> dict[str, str] | None:
    match = _NEXTGROUP.search(store)
    href = search(r"href\s*=\s*[\"']([^\"']+)", match.group(1)) if match else None
    if not href:
        return None
    form = dict(parse_qsl(urlsplit(html.unescape(href)).query, keep_blank_values=True))
    form.pop("page", None)
    form.setdefault("col", "1")
    form.setdefault("appid", "1")
    form.setdefault("sourceContentType", "1")
    return form


def _proxy_request(state: dict[str, Any], start: int) -> PageRequest:
    end = min(start + state["per_page"] * state["group"] - 1, state["total"])
    query = urlencode({"startrecord": start, "endrecord": end, "perpage": state["per_page"]})
    return PageRequest(f"{state['proxy']}?{query}", kind="api", formdata=dict(state["form"]),
                       state={**state, "start": start, "end": end})
