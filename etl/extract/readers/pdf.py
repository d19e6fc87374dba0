"""PDF reports → rows: ruled tables as rows of grid cells, the text around them as paragraphs, in page order.

Tables are found from their rules (pdfplumber's lines strategy). A table broken over pages is read on
one grid, so a value keeps the column of its header on the previous page. Text outside tables comes as
lines; wrapped lines are joined back into paragraphs and page numbers dropped, so a report reads as its
HTML copy does. Pages without ruled tables are read line by line, cells split at wide gaps, as the text
reader splits runs of spaces: pdfplumber's text strategy cuts prose into columns on such pages.
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from etl.extract.readers import NeedsOCR, UnreadableDocument
from etl.extract.readers.cells import Cell, clean_text, filler

# pdfminer warns once per glyph about fonts without a bounding box (Chromium and WPS PDFs); the text is fine.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
# New paragraph even without an indent: 一、 （一） 1. 1、 第一 ...
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十]+)")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页)?(?:\s*[/／]\s*(?:共\s*)?\d+\s*页?)?[-—–\s]*$")
_TOLERANCE = 2.0  # points: column edges this close are the same edge
_SCANNED_CHARS = 10  # a page with an image and fewer characters than this is a scan (a stamp, a page number)


@dataclass
class _Line:
    cells: list[str]  # one cell, or several where the line has wide gaps
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Grid:
    rows: list[list[tuple[str, float, float]]]  # per row: (text, x0, x1) of each cell starting there
    x0: float
    x1: float
    edges: list[float] = field(default_factory=list)  # left edges of the grid's columns


def read_pdf(data: bytes, meta: dict[str, str] | None = None, ocr_pages: list[int] | None = None
             ) -> list[list[str]]:
    """Rows of a PDF's pages; UnreadableDocument when it cannot be read, NeedsOCR when pages have no text
    layer (scanned) and OCR may not run.

    `meta`, when given, receives the title of the document information (rarely the report's own).
    `ocr_pages`, when given, lets pages without text be read by OCR, and receives their numbers.
    """
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if meta is not None and isinstance(title := pdf.metadata.get("Title"), str) and clean_text(title):
                meta["title"] = clean_text(title)
            pages = [_read_page(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises anything from KeyError to struct.error on a damaged file
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableDocument("PDF is password-protected") from exc
        raise UnreadableDocument(f"PDF could not be read ({type(cause).__name__}: {cause})") from exc
    if not pages:
        raise UnreadableDocument("PDF has no pages (damaged file?)")
    if scanned := [i for i, (_, n, _, dpi) in enumerate(pages) if n < _SCANNED_CHARS and dpi]:
        if ocr_pages is None:
            raise NeedsOCR(f"PDF has no text layer on {len(scanned)} of {len(pages)} pages (scanned?); "
                           "they need OCR, which is switched off")
        for i, items in zip(scanned, _ocr_pages(data, [(i, pages[i][3]) for i in scanned]), strict=True):
            pages[i] = (items, 0, 0, pages[i][3])
        ocr_pages += [i + 1 for i in scanned]
    chars = sum(n for _, n, _, _ in pages)
    if not chars and not scanned:
        raise UnreadableDocument("PDF has no text (blank pages)")
    if sum(n for _, _, n, _ in pages) > chars / 2:
        raise UnreadableDocument("PDF text has no Unicode mapping (fonts without ToUnicode); cannot be read")
    return _rows([item for items, _, _, _ in pages for item in items])


def _ocr_pages(data: bytes, pages: list[tuple[int, float]]) -> list[list[_Line | _Grid]]:
    """The items of the pages (0-based number, resolution of its scan), rendered at the scan's resolution
    (150-300 dpi) and read by OCR."""
    import pypdfium2

    from etl.extract.readers.ocr import page_items

    pdf = pypdfium2.PdfDocument(data)
    try:
        return [page_items(pdf[i].render(scale=(dpi := min(300.0, max(150.0, scan))) / 72).to_pil(), dpi)
                for i, scan in pages]
    finally:
        pdf.close()


def _read_page(page) -> tuple[list[_Line | _Grid], int, int, float]:
    """The page's lines and tables from top to bottom; its count of characters, of unmapped ones, and the
    resolution of its sharpest image (0 without images)."""
    page = page.dedupe_chars()  # bold faked by printing each character twice, as WPS exports do
    chars = page.chars
    unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    tables = [t for t in page.find_tables(_LINES) if len(t.columns) >= 2]
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not any(_inside(obj, b) for b in boxes))
    items: list[tuple[float, _Line | _Grid]] = []
    for table in tables:
        items.append((table.bbox[1], _grid(table)))
    height = float(page.height)
    for line in outside.extract_text_lines(return_chars=True, strip=True):
        if _margin_noise(line, height):
            continue
        if found := _line(line["chars"]):
            items.append((line["top"], found))
    items.sort(key=lambda item: item[0])
    dpi = max((image["srcsize"][0] * 72 / max(image["width"], 1.0) for image in page.images), default=0.0)
    return [item for _, item in items], len(chars), unmapped, dpi


def _inside(obj, bbox) -> bool:
    mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= mid_x <= bbox[2] and bbox[1] <= mid_y <= bbox[3]


def _margin_noise(line: dict, height: float) -> bool:
    """A page number in the top or bottom margin."""
    in_margin = line["bottom"] < height * 0.1 or line["top"] > height * 0.9
    return in_margin and bool(_PAGE_NUMBER.match(line["text"]))


def _line(chars: list[dict]) -> _Line | None:
    """A line's text, split into cells where the gap between characters is a character wide or more."""
    chars = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    if not chars:
        return None
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    cells, current = [], chars[0]["text"]
    for prev, char in zip(chars, chars[1:], strict=False):
        gap = char["x0"] - prev["x1"]
        if gap >= size * 0.9:
            cells.append(current)
            current = ""
        elif gap > size * 0.3:
            current += " "
        current += char["text"]
    cells.append(current)
    cells = [clean_text(c) for c in cells]
    return _Line(cells, chars[0]["x0"], chars[-1]["x1"], min(c["top"] for c in chars),
                 max(c["bottom"] for c in chars), size)


def _grid(table) -> _Grid:
    rows = []
    for row, texts in zip(table.rows, table.extract(), strict=True):
        cells = [(_cell_text(text), box[0], box[2]) for box, text in zip(row.cells, texts, strict=True) if box]
        rows.append(cells)
    x0, _, x1, _ = table.bbox
    return _Grid(rows, x0, x1, _merge_edges([x for row in rows for _, x, _ in row]))


def _cell_text(text: str | None) -> str:
    """A cell's lines joined without separator: a header wrapped in its cell (本年新 / 制作数量) is one word."""
    return clean_text("".join((text or "").split("\n")))


def _merge_edges(xs: list[float]) -> list[float]:
    edges: list[float] = []
    for x in sorted(xs):
        if not edges or x - edges[-1] > _TOLERANCE:
            edges.append(x)
    return edges


def _rows(items: list[_Line | _Grid]) -> list[list[str]]:
    _share_edges(items)
    rows: list[list[str]] = []
    lines = [item for item in items if isinstance(item, _Line) and len(item.cells) == 1]
    left = min((line.x0 for line in lines), default=0.0)
    right = max((line.x1 for line in lines), default=0.0)
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.cells[0])
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    previous: _Line | None = None
    for item in items:
        if isinstance(item, _Grid):
            rows.extend(_grid_rows(item))
            previous = None
            continue
        if previous is not None and _continues(previous, item, left, right, body):
            rows[-1] = [_join(rows[-1][0], item.cells[0])]
        elif len(item.cells) == 1:
            rows.append(item.cells)
        else:
            rows.append([Cell(c, i) for i, c in enumerate(item.cells)])
        previous = item if len(item.cells) == 1 else None
    return rows


def _continues(prev: _Line, line: _Line, left: float, right: float, body: float) -> bool:
    """Whether `line` carries on the paragraph of `prev`: a wrapped body line, or a title's second line."""
    if len(line.cells) != 1 or abs(prev.size - line.size) > 0.5:
        return False
    if prev.size > body + 0.5:  # a title set larger than the body, centred, wrapped
        middle = (left + right) / 2
        centred = all(abs((x.x0 + x.x1) / 2 - middle) < x.size for x in (prev, line))
        return centred and line.top - prev.bottom < prev.size
    wrapped = prev.x1 >= right - 3 * prev.size
    flush_left = line.x0 <= left + 0.5 * line.size
    return wrapped and flush_left and not _NUMBERED.match(line.cells[0])


def _join(a: str, b: str) -> str:
    """Chinese lines join without a space; Latin words broken at the line end keep theirs."""
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return f"{a} {b}"
    return a + b


def _share_edges(items: list[_Line | _Grid]) -> None:
    """Tables that follow each other with no text between (a table continued on the next page) and
    span the same width are one table: their columns are the union of the edges of all its parts."""
    run: list[_Grid] = []
    for item in [*items, None]:
        if isinstance(item, _Grid) and run and abs(item.x0 - run[-1].x0) <= _TOLERANCE \
                and abs(item.x1 - run[-1].x1) <= _TOLERANCE:
            run.append(item)
            continue
        if len(run) > 1:
            edges = _merge_edges([x for grid in run for x in grid.edges])
            for grid in run:
                grid.edges = edges
        run = [item] if isinstance(item, _Grid) else []


def _grid_rows(grid: _Grid) -> list[list[str]]:
    """Rows of cells on the grid's columns; a merged cell spans the columns whose edges it covers."""
    out = []
    for row in grid.rows:
        cells: list[str] = []
        for text, x0, x1 in row:
            col = _column(grid.edges, x0)
            end = col + sum(1 for e in grid.edges[col + 1:] if e < x1 - _TOLERANCE)
            cells.append(Cell(text, col, end - col + 1))
            cells.extend(filler(c) for c in range(col + 1, end + 1))
        if any(cells):
            out.append(cells)
    return out


def _column(edges: list[float], x: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - x))
