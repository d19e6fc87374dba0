"""HTML (portal pages, Word exports, bare fragments) → rows of cell texts and the portal meta tags."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from etl.extract.readers.cells import Cell, clean_text, filler

_SKIP = {"script", "style", "noscript", "template", "iframe", "select", "textarea", "button", "head", "title"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "blockquote",
    "pre", "center", "dd", "dt", "dl", "form", "header", "footer", "main", "nav", "aside", "body", "html",
    "tr", "td", "th", "tbody", "thead", "tfoot", "caption", "address", "figure", "hr",
}
# Section headings mark the report body (a sidebar link such as 行政复议指南 does not).
_HEADING_TEXT = re.compile(r"总体情况|主动公开政府信息|收到和处理政府信息公开申请|行政复议[、和及]|存在的?(?:主要)?问题|其他需要报告")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def looks_like_html(text: str) -> bool:
    head = text[:5000].lower()
    return bool(re.search(r"<(html|body|p|div|table|br|span|meta|td)\b", head))


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _cell_text(cell) -> str:
    """A table cell's text; words split over <p>/<br> inside one cell are joined back."""
    parts = []
    for node in cell.iter():
        tag = _tag(node)
        if tag and tag not in _SKIP and (node is cell or tag != "table") and node.text:
            parts.append(node.text)  # comments (no tag) and scripts print nothing of their own
        if node is not cell and node.tail:
            parts.append(node.tail)
    return clean_text("".join(parts))


def _is_layout_table(table) -> bool:
    """A table used for page layout (Word exports put the whole body in one): holds tables or prose."""
    if table.xpath(".//table"):
        return True
    rows = table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
    cells = [c for r in rows for c in r if _tag(c) in ("td", "th")]
    return len(cells) <= 2 and sum(len(_cell_text(c)) for c in cells) > 200


class _Walker:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = clean_text("".join(self.buf))
        self.buf = []
        if text:
            self.rows.append([text])

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag in _SKIP or not tag:
            self.text(el.tail)
            return
        if tag == "table" and not _is_layout_table(el):
            self.flush()
            self.table(el)
        elif tag == "br":
            self.flush()
        elif tag in _BLOCK or tag == "table":
            self.flush()
            self.text(el.text)
            for child in el:
                self.walk(child)
            self.flush()
        else:
            self.text(el.text)
            for child in el:
                self.walk(child)
        self.text(el.tail)

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def table(self, table) -> None:
        """Rows of a data table with each cell's grid column, honouring rowspan and colspan."""
        taken: set[tuple[int, int]] = set()
        r = -1
        for tr in table.iter("tr"):
            if _nearest_table(tr) is not table:
                continue
            r += 1
            cells: list[str] = []
            col = 0
            for c in tr:
                if _tag(c) not in ("td", "th"):
                    continue
                while (r, col) in taken:
                    col += 1
                span, down = _span(c, "colspan"), _span(c, "rowspan")
                cells.append(Cell(_cell_text(c), col, span))
                cells.extend(filler(col + i) for i in range(1, span))
                taken.update((r + dr, col + dc) for dr in range(down) for dc in range(span))
                col += span
            if any(cells):
                self.rows.append(cells)


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int((cell.get(attr) or "1").strip() or 1), 50))
    except ValueError:
        return 1


def _nearest_table(el):
    for anc in el.iterancestors():
        if _tag(anc) == "table":
            return anc
    return None


def _content_root(body):
    """The smallest element holding every section heading and data table: the report body proper."""
    marks = [t for t in body.iter("table") if not _is_layout_table(t)]
    for el in body.iter():
        tag = _tag(el)
        heading_tag = tag in ("p", "div", "h1", "h2", "h3", "h4", "strong", "b", "span", "font")
        if heading_tag and el.text and len(el.text) < 40 and _HEADING_TEXT.search(el.text):
            marks.append(el)
    if len(marks) < 2:
        return body
    chains = [[el, *el.iterancestors()][::-1] for el in marks]
    root = body
    for level in zip(*chains, strict=False):
        if all(x is level[0] for x in level):
            root = level[0]
        else:
            break
    return root if len(root.text_content()) > 0.3 * len(body.text_content()) else body


def read_html(text: str) -> tuple[list[list[str]], dict[str, str]]:
    """Rows of the report body (portal chrome before it kept, chrome after it dropped) and meta tags."""
    # lxml refuses text that still carries an XML declaration (<?xml … encoding=…?>, common on XHTML portals).
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return [], {}
    meta = {}
    for m in tree.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if name and content:
            meta.setdefault(name, content)
    if (title := tree.find(".//title")) is not None and title.text_content().strip():
        meta.setdefault("html_title", clean_text(title.text_content()))
    body = tree.find(".//body")
    if body is None:
        body = tree
    root = _content_root(body)
    walker = _Walker()
    if root is not body:
        # Chrome before the content (page title, 发布时间/来源 lines) carries metadata; after it, only footers.
        _walk_prefix(walker, body, root)
    walker.walk(root)
    walker.flush()
    return walker.rows, meta


def image_sources(text: str, url: str | None = None) -> list[str]:
    """The pictures a page shows in its body, in order, as absolute URLs (or data: URIs): the report itself
    on a "图片版" page. Icons and buttons (declared under 100 pixels either way) are left out."""
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return []
    sources = []
    for img in tree.iter("img"):
        src = (img.get("src") or "").strip()
        if not src or any(_pixels(img.get(a)) < 100 for a in ("width", "height")):
            continue
        sources.append(src if src.startswith("data:") or not url else urljoin(url, src))
    return sources


def _pixels(value: str | None) -> float:
    found = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value or "")
    return float(found.group(1)) if found else float("inf")


def _walk_prefix(walker: _Walker, el, stop) -> bool:
    """Walk `el` in document order until `stop` is reached; True once it has been."""
    if el is stop:
        return True
    tag = _tag(el)
    if tag in _SKIP or not tag:
        return False
    if stop not in el.iterdescendants():
        walker.walk(el)
        return False
    walker.flush()
    walker.text(el.text)
    for child in el:
        if _walk_prefix(walker, child, stop):
            walker.flush()
            return True
    return False
