"""Readers: raw document bytes → a `Document` of rows of cell texts, whatever the rendering.

Every rendering (HTML page, Word-exported HTML, tab/pipe/one-cell-per-line text, PDF, DOCX) becomes
the same shape: a list of rows, each a list of cell strings, in reading order. A paragraph is a row of one cell;
a table row is a row of its cells. Everything downstream matches labels over these rows.
"""
from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

from etl.extract.readers.cells import lines_of
from etl.extract.readers.encoding import decode, sniff_binary


class UnreadableDocument(ValueError):
    """The bytes are not a text or HTML document that a reader understands."""


class NeedsTool(UnreadableDocument):
    """The document can be read once a tool is installed or switched on; `status` is what it waits as
    (a models.statuses.DocumentStatus value)."""

    status = "needs_tool"


class NeedsOCR(NeedsTool):
    status = "needs_ocr"


class NeedsConversion(NeedsTool):
    status = "needs_conversion"


@dataclass(frozen=True)
class Tools:
    """What a parse may use: OCR (scanned pages, image pages), conversion of legacy Office files."""

    ocr: bool = True
    convert: bool = True

    @classmethod
    def none(cls) -> Tools:
        return cls(ocr=False, convert=False)


@dataclass
class Document:
    rows: list[list[str]]
    meta: dict[str, str] = field(default_factory=dict)  # portal <meta name=…> tags, lower-case names
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    kind: str = "text"  # "html", "text", "pdf", "docx", "doc" (converted) or "image"
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code, message) on how it was read

    @property
    def lines(self) -> list[str]:
        """Each row's non-empty cells joined by a space: the document as plain lines."""
        return lines_of(self.rows)


def read_document(data: bytes, content_type: str | None = None, tools: Tools | None = None,
                  resources: Mapping[str, bytes] | None = None, url: str | None = None) -> Document:
    """The document's rows, whatever its rendering. `tools` says whether OCR and conversion may run (both,
    by default); a document that needs one that may not or cannot run raises NeedsTool. `resources` are
    the stored files a page refers to (its images), by absolute URL; `url` is where the page was found."""
    from etl.extract.readers.docx import legacy_office_kind, read_docx
    from etl.extract.readers.html import image_sources, looks_like_html, read_html
    from etl.extract.readers.pdf import read_pdf
    from etl.extract.readers.text import read_text

    tools = tools or Tools()
    binary = sniff_binary(data)
    meta: dict[str, str] = {}
    if binary == "PDF":
        ocr_pages: list[int] | None = [] if tools.ocr else None
        rows = read_pdf(data, meta, ocr_pages)
        return Document(rows, meta, kind="pdf", notes=_ocr_notes(ocr_pages, "PDF page"))
    if binary == "ZIP/Office Open XML":
        return Document(read_docx(data, meta), meta, kind="docx")
    if binary == "OLE2 (DOC/XLS/WPS)":
        return _read_legacy(data, tools, legacy_office_kind(data))
    if binary and binary.endswith(" image"):
        return Document(_ocr(lambda: [data], tools, binary), kind="image", notes=_ocr_notes([1], binary))
    if binary:
        raise UnreadableDocument(f"binary file ({binary}), not a text, HTML, PDF or Word document")
    decoded = decode(data, content_type)
    notes: list[tuple[str, str]] = []
    if looks_like_html(decoded.text):
        rows, meta = read_html(decoded.text)
        kind = "html"
        if not any(len(row) > 1 for row in rows) and (sources := image_sources(decoded.text, url)):
            rows += _ocr(lambda: _image_files(sources, resources or {}), tools, "report page of images")
            notes = _ocr_notes(list(range(1, len(sources) + 1)), "page image")
    else:
        rows, meta, kind = read_text(decoded.text), {}, "text"
    return Document(rows, meta, decoded.declared, decoded.detected, kind, notes)


def _read_legacy(data: bytes, tools: Tools, kind: str) -> Document:
    from etl.extract.readers.convert import to_docx
    from etl.extract.readers.docx import read_docx

    if not kind.startswith("legacy Word/WPS"):
        raise UnreadableDocument(kind)
    if not tools.convert:
        raise NeedsConversion("legacy Word/WPS binary (OLE2) needs conversion, which is switched off")
    meta: dict[str, str] = {}
    rows = read_docx(to_docx(data), meta)
    return Document(rows, meta, kind="doc",
                    notes=[("converted_legacy_office", "legacy Word/WPS file converted to DOCX by LibreOffice")])


def _ocr(files: Callable[[], list[bytes]], tools: Tools, what: str) -> list[list[str]]:
    """The rows OCR reads off the image `files` (looked up only when OCR may run)."""
    if not tools.ocr:
        raise NeedsOCR(f"{what} needs OCR, which is switched off")
    from etl.extract.readers.ocr import open_image, read_images

    return read_images([frame for data in files() for frame in _frames(open_image(data, what))])


def _frames(image):
    """Every page of an image file (a multi-page TIFF has several)."""
    from PIL import ImageSequence

    return [frame.copy() for frame in ImageSequence.Iterator(image)]


def _image_files(sources: list[str], resources: Mapping[str, bytes]) -> list[bytes]:
    """The bytes of each image a page shows: inline (data: URI) or a stored file; NeedsOCR when one is missing."""
    files = []
    for source in sources:
        if source.startswith("data:"):
            files.append(_data_uri(source))
        elif source in resources:
            files.append(resources[source])
        else:
            raise NeedsOCR(f"report page of images: image {source} is not stored")
    return files


def _data_uri(uri: str) -> bytes:
    header, _, payload = uri.partition(",")
    try:
        return base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
    except ValueError as exc:
        raise UnreadableDocument(f"inline image could not be decoded ({exc})") from exc


def _ocr_notes(pages: list[int] | None, what: str) -> list[tuple[str, str]]:
    if not pages:
        return []
    listed = ", ".join(map(str, pages))
    return [("read_by_ocr", f"{what}{'s' if len(pages) > 1 else ''} {listed} read by OCR (Tesseract chi_sim): "
                            "figures are only as sure as the checks that pass on them")]
