"""What a report page itself says: its title and the attachments it links (PDF, DOC, DOCX, WPS, XLS…)."""
from __future__ import annotations

from urllib.parse import urljoin

from parsel import Selector

from crawler.detect import clean_title, is_attachment_url
from crawler.profiles.base import Link

_TITLE_SOURCES = (
    'meta[name="ArticleTitle"]::attr(content)',  # TRS
    'meta[name="title"]::attr(content)',
    'meta[property="og:title"]::attr(content)',
    "h1 ::text",
    ".article-title ::text, .title ::text, .biaoti ::text",
    "title::text",
)


def page_titles(sel: Selector) -> list[str]:
    """Every title-like text of the page, most specific first (a <title> often adds the site name)."""
    titles = []
    for css in _TITLE_SOURCES:
        found = clean_title(" ".join(sel.css(css).getall()))
        if found and found not in titles:
            titles.append(found)
    return titles


def attachments(sel: Selector, url: str) -> list[Link]:
    """Attachment links of a report page, absolute, each once, with the link text as title."""
    found: dict[str, Link] = {}
    for anchor in sel.xpath("//a[@href]"):
        absolute = urljoin(url, anchor.attrib["href"].strip())
        if is_attachment_url(absolute) and absolute not in found:
            title = clean_title(" ".join(anchor.css("::text").getall()) or anchor.attrib.get("title"))
            found[absolute] = Link(absolute, title)
    return list(found.values())
