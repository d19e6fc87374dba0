"""Readers: raw document bytes → a `Document` of rows of cell texts, whatever the rendering.

Every rendering (HTML page, Word-exported HTML, tab/pipe/one-cell-per-line text, PDF, DOCX) becomes
the same shape: a list of rows, each a list of cell strings, in reading order. A paragraph is a row of one cell;
a table row is a row of its cells. Everything downstream matches labels over these rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.extract.readers.cells import lines_of
from etl.extract.readers.encoding import decode, sniff_binary


class UnreadableDocument(ValueError):
    """The bytes are not a text or HTML document that a reader understands."""


@dataclass
class Document:
    rows: list[list[str]]
    meta: dict[str, str] = field(default_factory=dict)  # portal <meta name=…> tags, lower-case names
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    kind: str = "text"  # "html", "text", "pdf" or "docx"

    @property
    def lines(self) -> list[str]:
        """Each row's non-empty cells joined by a space: the document as plain lines."""
        return lines_of(self.rows)


def read_document(data: bytes, content_type: str | None = None) -> Document:
    from etl.extract.readers.docx import legacy_office_kind, read_docx
    from etl.extract.readers.html import looks_like_html, read_html
    from etl.extract.readers.pdf import read_pdf
    from etl.extract.readers.text import read_text

    binary = sniff_binary(data)
    if binary == "PDF":
        meta: dict[str, str] = {}
        return Document(read_pdf(data, meta), meta, kind="pdf")
    if binary == "ZIP/Office Open XML":
        meta = {}
        return Document(read_docx(data, meta), meta, kind="docx")
    if binary == "OLE2 (DOC/XLS/WPS)":
        raise UnreadableDocument(legacy_office_kind(data))
    if binary:
        raise UnreadableDocument(f"binary file ({binary}), not a text, HTML, PDF or Word document")
    decoded = decode(data, content_type)
    if looks_like_html(decoded.text):
        rows, meta = read_html(decoded.text)
        kind = "html"
    else:
        rows, meta, kind = read_text(decoded.text), {}, "text"
    return Document(rows, meta, decoded.declared, decoded.detected, kind)
