"""What a document says about itself up front — for a crawl's items, before (and without) the full parse.

The listing's link title and date, and the head of the page (meta tags, <title>, the 来源 / 发布 lines
of its first rows) read by the ETL's own reader and metadata functions: bounded work, no table parse.
The full parse (etl.extract.parse) later reads the same fields from the whole document.
"""
from __future__ import annotations

from etl.extract.dates import parse_date
from etl.extract.metadata import Metadata, extract_metadata, title_year
from etl.extract.readers.html import looks_like_html, read_html
from etl.extract.readers.text import read_text

HEAD_CHARS = 200_000  # a page's head and first screens; the rest is the report's body
HEAD_ROWS = 40  # the rows extract_metadata reads labelled values from anyway


def page_head(text: str | None, listed_title: str | None = None, listed_date: str | None = None) -> Metadata:
    """Title, publisher, publish date and year of a page (`text`: decoded, None for a binary file), each
    from the page head when it says, else from the listing."""
    rows: list[list[str]] = []
    meta: dict[str, str] = {}
    if text:
        head = text[:HEAD_CHARS]
        rows, meta = read_html(head) if looks_like_html(head) else (read_text(head), {})
        rows = rows[:HEAD_ROWS]
    found = extract_metadata(meta, rows, rows, "")
    listed = "".join((listed_title or "").split()) or None
    return Metadata(title=found.title or listed, publisher=found.publisher,
                    publish_date=found.publish_date or parse_date(listed_date),
                    year=title_year(found.title) or title_year(listed) or found.year)
