"""Page images (scanned PDF pages, a report page's <img> files, image attachments) → rows, by OCR.

Tables are found from their ruling lines, not from the order OCR reads text in: the page is
straightened (the skew whose row profile is sharpest), long horizontal and vertical strokes are
kept as the table's rules, and every closed box between them is a cell, read on its own by Tesseract
(chi_sim). Text outside the tables is read as lines. Cells and lines become the same items the PDF
reader builds from a text layer, so a scanned report yields the rows its text PDF would.
"""
from __future__ import annotations

import io
import re
import threading

import cv2
import numpy as np
from PIL import Image

from etl.extract.readers import NeedsOCR, UnreadableDocument
from etl.extract.readers.pdf import _Grid, _Line, _line, _rows
from etl.extract.readers.tools import OCR_LANGUAGE, ocr_missing, tessdata_dir

DPI = 200  # scanned PDF pages are rendered at this resolution
_MAX_SKEW = 3.0  # degrees a scan may be turned
_LINE_SIZE = 2.0  # points: OCR'd line heights are rounded to this, so lines of one paragraph match
_EM = 0.85  # a line's ink is this much taller than its font size (brackets, quotes reach past the em)
_INK = 0.004
_MARGIN = 10  # pixels of white set around a cell's box for Tesseract  # share of a cell's pixels that must be ink for it to hold text
# Tesseract puts spaces between CJK characters; only spaces between two Latin letters or digits are real.
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_SIGNED = re.compile(r"^([十+＋一—－-])\s*(\d[\d.,]*)$")  # a change in a count: +1, -3
_local = threading.local()


def _api():
    """One Tesseract engine per process (loading chi_sim takes a while)."""
    if getattr(_local, "api", None) is None:
        if why := ocr_missing():
            raise NeedsOCR(f"page images need OCR, but {why}")
        import tesserocr

        _local.api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=OCR_LANGUAGE,
                                             psm=tesserocr.PSM.SINGLE_BLOCK)
    return _local.api


def open_image(data: bytes, what: str = "image") -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:  # Pillow raises many kinds on a damaged file
        raise UnreadableDocument(f"{what} could not be read ({type(exc).__name__}: {exc})") from exc
    return image


def read_images(images: list[Image.Image], dpi: float | None = None) -> list[list[str]]:
    """Rows of the pages in `images`, in order (a table continued on the next page stays on one grid)."""
    return _rows([item for image in images for item in page_items(image, dpi)])


def page_items(image: Image.Image, dpi: float | None = None) -> list[_Line | _Grid]:
    """The lines and tables of one page image, top to bottom, in points as the PDF reader measures them."""
    dpi = dpi or _dpi(image)
    straight = _straighten(np.asarray(image.convert("L")))
    rules = _rules(straight, dpi)
    gray = cv2.medianBlur(straight, 3)  # specks of a scan gone
    ink = _without_specks(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1], dpi)
    api = _api()
    page = np.maximum(gray, 255 - cv2.dilate(ink, np.ones((3, 3), np.uint8)))  # the specks whitened
    scale = 72.0 / dpi
    items: list[tuple[float, _Line | _Grid]] = []
    text_only = page.copy()
    for box in _tables(rules, dpi):
        x, y, w, h = box
        grid = _table(api, page, ink, rules[y:y + h, x:x + w], (x, y), scale)
        if grid is not None:
            items.append((y * scale, grid))
            text_only[y:y + h, x:x + w] = 255
    items += [(line.top, line) for line in _lines(api, text_only, scale)]
    items.sort(key=lambda item: item[0])
    return [item for _, item in items]


def _dpi(image: Image.Image) -> float:
    """The resolution an image file declares; a page of A4 width when it declares none."""
    declared = image.info.get("dpi")
    if declared and 50 <= float(declared[0]) <= 1200:
        return float(declared[0])
    return image.width / 8.27


def _straighten(gray: np.ndarray) -> np.ndarray:
    """The page turned back by the skew (within ±3°, to 0.1°) that makes its rows of ink sharpest."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]

    def sharpness(angle: float) -> float:
        profile = _rotate(ink, angle, 0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.4, best + 0.41, 0.1), key=sharpness)
    return gray if abs(best) < 0.05 else _rotate(gray, best, 255)


def _without_specks(ink: np.ndarray, dpi: float) -> np.ndarray:
    """Ink with the dots too small to be part of a character (dust, scanner noise) taken out."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < (dpi / 150) ** 2 * 5
    small[0] = False
    cleaned = ink.copy()
    cleaned[small[labels]] = 0
    return cleaned


def _rotate(image: np.ndarray, angle: float, background: int) -> np.ndarray:
    h, w = image.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=background)


def _rules(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page's long straight strokes: table rules, never text. Rules are often thin and grey (a median
    filter would erase them), so ink is whatever is darker than its neighbourhood; short breaks a scan's
    noise leaves in a rule are closed."""
    gap = max(3, int(dpi * 0.03))
    found = []
    for length, horizontal in ((int(dpi * 0.5), True), (int(dpi * 0.2), False)):
        def kernel(n: int, horizontal=horizontal) -> np.ndarray:
            return cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if horizontal else (1, n))
        ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 8)
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel(gap))
        found.append(cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel(length)))
    return cv2.dilate(found[0] | found[1], np.ones((3, 3), np.uint8))


def _tables(rules: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of the ruled tables: connected rules at least an inch wide and a third high."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)
            if stats[i, 2] >= dpi and stats[i, 3] >= dpi / 3]


def _table(api, page: np.ndarray, ink: np.ndarray, rules: np.ndarray, origin: tuple[int, int], scale: float
           ) -> _Grid | None:
    """The table's cells (closed boxes between its rules), each read on its own, as a grid in points."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(255 - rules, connectivity=4)
    h, w = rules.shape
    boxes = [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)
             if stats[i, 2] >= 8 and stats[i, 3] >= 8 and stats[i, 0] > 0 and stats[i, 1] > 0
             and stats[i, 0] + stats[i, 2] < w and stats[i, 1] + stats[i, 3] < h]
    if len(boxes) < 2:
        return None
    ox, oy = origin
    tops = _cluster([y for _, y, _, _ in boxes], 6)
    rows: dict[int, list[tuple[str, float, float]]] = {}
    for x, y, bw, bh in sorted(boxes, key=lambda b: (b[1], b[0])):
        text = _cell_text(api, page, ink, ox + x, oy + y, bw, bh)
        row = min(range(len(tops)), key=lambda i: abs(tops[i] - y))
        rows.setdefault(row, []).append((text, (ox + x) * scale, (ox + x + bw) * scale))
    grid_rows = [sorted(cells, key=lambda c: c[1]) for _, cells in sorted(rows.items())]
    x0, x1 = ox * scale, (ox + w) * scale
    return _Grid(grid_rows, x0, x1, _edges([c[1] for row in grid_rows for c in row], 6 * scale))


def _cluster(values: list[float], tolerance: float) -> list[float]:
    """Representative values of groups of values each within `tolerance` of the previous one."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(g) / len(g) for g in groups]


def _edges(xs: list[float], tolerance: float) -> list[float]:
    return _cluster(xs, tolerance)


def _cell_text(api, page: np.ndarray, ink: np.ndarray, x: int, y: int, w: int, h: int) -> str:
    """A cell's text, read from its box alone set on a white margin (Tesseract skips text that touches
    the edge of what it is given)."""
    pad = 2
    inside = ink[y + pad:y + h - pad, x + pad:x + w - pad]
    if inside.size == 0 or np.count_nonzero(inside) < _INK * inside.size:
        return ""
    for image in (page, 255 - ink):  # grey reads best; Tesseract's own threshold sometimes loses it all
        api.SetImage(Image.fromarray(cv2.copyMakeBorder(image[y:y + h, x:x + w], _MARGIN, _MARGIN, _MARGIN,
                                                        _MARGIN, cv2.BORDER_CONSTANT, value=255)))
        if text := clean(api.GetUTF8Text().replace("\n", "")):
            return text
    return ""


def clean(text: str) -> str:
    """OCR text with the spaces Tesseract puts between CJK characters removed, other runs squeezed, stray
    quote marks (specks read as ” beside a colon) dropped, and a sign read as 十/一 before a figure restored."""
    text = _balanced_quotes(_CJK_SPACE.sub("", " ".join(text.split())))
    if signed := _SIGNED.match(text):
        text = ("+" if signed.group(1) in "十+＋" else "-") + signed.group(2)
    return text


def _balanced_quotes(text: str) -> str:
    return "".join(ch for ch, keep in zip(text, _paired(list(text)), strict=True) if keep)


def _paired(chars: list[str]) -> list[bool]:
    """Which characters to keep: all but the “ and ” that pair with no other."""
    keep = [True] * len(chars)
    opened: list[int] = []
    for i, ch in enumerate(chars):
        if ch == "“":
            opened.append(i)
        elif ch == "”":
            if opened:
                opened.pop()
            else:
                keep[i] = False
    for i in opened:
        keep[i] = False
    return keep


def _lines(api, gray: np.ndarray, scale: float) -> list[_Line]:
    """Text lines outside the tables, from Tesseract's character boxes: split into cells at wide gaps by
    the PDF reader's own rule, as if each character had the line's height as its size."""
    import tesserocr

    api.SetPageSegMode(tesserocr.PSM.AUTO)
    api.SetImage(Image.fromarray(gray))
    api.Recognize()
    lines: list[list[dict]] = []
    iterator, level = api.GetIterator(), tesserocr.RIL.SYMBOL
    for symbol in tesserocr.iterate_level(iterator, level):
        if not lines or symbol.IsAtBeginningOf(tesserocr.RIL.TEXTLINE):
            lines.append([])
        try:
            text, box = symbol.GetUTF8Text(level), symbol.BoundingBox(level)
        except RuntimeError:  # a page with nothing on it outside its tables
            continue
        if text and text.strip() and box:
            x0, top, x1, bottom = (v * scale for v in box)
            lines[-1].append({"text": text.strip(), "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    api.SetPageSegMode(tesserocr.PSM.SINGLE_BLOCK)
    found = []
    for chars in lines:
        chars = [c for c, keep in zip(chars, _paired([c["text"] for c in chars]), strict=True) if keep]
        if not chars:
            continue
        height = max(c["bottom"] for c in chars) - min(c["top"] for c in chars)
        size = _LINE_SIZE * round(height * _EM / _LINE_SIZE)
        for char in chars:
            char["size"] = size
        if (line := _line(chars)) and (cells := [c for c in map(clean, line.cells) if c]):
            line.cells = cells
            found.append(line)
    return found
