"""What every CMS profile returns: the links of a list page and how to reach the next page.

Profiles are pure functions over a parsel Selector (or an API response body): no Scrapy, no network, so
a saved page under tests/fixtures/ is all a test needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector

_DATE = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})")


@dataclass(frozen=True)
class Link:
    """One entry of a list: absolute URL, its title as listed, and the listed date when there is one."""

    url: str
    title: str
    date: str | None = None


@dataclass(frozen=True)
class PageRequest:
    """The next list page to read: a static page, or a call to the CMS's paging API.

    `kind` tells the spider which parser reads the answer ("list" for HTML, "api" for the profile's
    API format); `formdata` makes it a POST; `state` is handed back to the profile with the answer.
    """

    url: str
    kind: str = "list"
    formdata: dict[str, str] | None = None
    state: dict[str, Any] = field(default_factory=dict)


@dataclass
class ListPage:
    """A list page as read by a profile.

    `recognised` is False when the page does not have the layout the profile expects (the portal
    changed its CMS or template): the spider reports that as an error instead of silently finding nothing.
    """

    links: list[Link] = field(default_factory=list)
    next: list[PageRequest] = field(default_factory=list)
    recognised: bool = True
    problem: str | None = None


def row_date(anchor: Selector) -> str | None:
    """The date printed in the list row of a link (TRS lists put it in a sibling span/dd/td)."""
    for row in anchor.xpath("ancestor::*[self::li or self::dl or self::tr or self::p][1]"):
        return list_date(" ".join(row.css("::text").getall()))
    return None


def list_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    return f"{y:04d}-{m:02d}-{d:02d}"


def search(pattern: str, text: str, flags: int = 0) -> str | None:
    match = re.search(pattern, text, flags)
    return match.group(1) if match else None


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
