"""Word documents (DOCX) → rows: body paragraphs and table rows in document order, cells on Word's grid.

The body XML is walked directly rather than through `doc.paragraphs` and `doc.tables`, which lose the
order of paragraphs and tables and repeat a merged cell once per grid column it covers.
"""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from etl.extract.readers import UnreadableDocument
from etl.extract.readers.cells import Cell, clean_text, filler

_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM = (
    qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"))
_TEXTBOX = qn("w:txbxContent")
_MOVED_AWAY = qn("w:moveFrom")  # tracked move: the text also sits at its w:moveTo
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RUN_TEXT = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def read_docx(data: bytes, meta: dict[str, str] | None = None) -> list[list[str]]:
    """Rows of a Word document's body; UnreadableDocument when the file is not one.

    `meta`, when given, receives the title of the document's properties (often a template's leftover,
    so the rows decide the record's title).
    """
    document = _open(data)
    if meta is not None and (title := clean_text(document.core_properties.title or "")):
        meta["title"] = title
    return _Walker().body(document.element.body)


def _open(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableDocument(f"corrupted ZIP/Office file ({exc})") from exc
    if "word/document.xml" not in names:
        raise UnreadableDocument(_not_word(archive, names))
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as exc:
        raise UnreadableDocument(f"Word document could not be opened ({type(exc).__name__}: {exc})") from exc


def _not_word(archive: zipfile.ZipFile, names: set[str]) -> str:
    """Why a ZIP file that holds no word/document.xml is refused."""
    if "xl/workbook.xml" in names:
        return "Excel workbook (XLSX), not a Word document"
    if "ppt/presentation.xml" in names:
        return "PowerPoint presentation (PPTX), not a Word document"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if "opendocument.text" in mimetype:
            return "OpenDocument text (ODT) is not supported; convert to DOCX"
        return f"OpenDocument file ({mimetype}), not a Word document"
    return "ZIP archive, not a Word document"


def legacy_office_kind(data: bytes) -> str:
    """What an OLE2 compound file holds, from the stream names in its directory."""
    if "WordDocument".encode("utf-16-le") in data:
        return "legacy Word/WPS binary (OLE2)"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "legacy Excel workbook (XLS), not a report document"
    return "OLE2 compound file that is neither a Word/WPS document nor a workbook; not supported"


class _Walker:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def body(self, element) -> list[list[str]]:
        self.blocks(element)
        return self.rows

    def blocks(self, element) -> None:
        """Paragraphs and tables under `element`, through content controls and custom XML wrappers."""
        for child in element:
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
                self.blocks(child)

    def paragraph(self, p) -> None:
        """One row per line (a manual line break often separates a heading from its text); cells at tabs."""
        for line in _text(p).split("\n"):
            cells = [clean_text(c) for c in line.split("\t")]
            while cells and not cells[0]:
                cells.pop(0)
            while cells and not cells[-1]:
                cells.pop()
            if len(cells) == 1:
                self.rows.append(cells)
            elif cells:
                self.rows.append([Cell(c, i) for i, c in enumerate(cells)])
        # Text boxes anchored in the paragraph come after it.
        for box in p.iter(_TEXTBOX):
            if not _hidden(box, p):
                self.blocks(box)

    def table(self, tbl) -> None:
        if _is_layout(tbl):
            for tc in _cells_of(tbl):
                self.blocks(tc)
            return
        for tr in _rows_of(tbl):
            cells: list[str] = []
            col = _int_val(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0)
            for tc in _direct(tr, _TC):
                props = tc.find(qn("w:tcPr"))
                span = _int_val(None if props is None else props.find(qn("w:gridSpan")), 1)
                if _continues(props, "w:vMerge"):
                    pass  # the cell above spans this row: nothing new here, as a rowspan in HTML
                elif _continues(props, "w:hMerge") and (last := _last_cell(cells)) is not None:
                    last.span += span  # Word 97's horizontal merge: this cell widens the one before
                    cells.extend(filler(col + i) for i in range(span))
                else:
                    cells.append(Cell(_cell_text(tc), col, span))
                    cells.extend(filler(col + i) for i in range(1, span))
                col += span
            if any(cells):
                self.rows.append(cells)


def _last_cell(cells: list[str]) -> Cell | None:
    return next((c for c in reversed(cells) if type(c) is Cell), None)


def _direct(parent, tag: str):
    """Children with `tag`, looking through content-control and custom-XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM):
            yield from _direct(child, tag)


def _rows_of(tbl):
    return _direct(tbl, _TR)


def _cells_of(tbl):
    for tr in _rows_of(tbl):
        yield from _direct(tr, _TC)


def _is_layout(tbl) -> bool:
    """A table used for page layout: it holds tables, or is one or two cells of prose."""
    if any(t is not tbl for t in tbl.iter(_TBL)):
        return True
    cells = list(_cells_of(tbl))
    return len(cells) <= 2 and sum(len(_cell_text(tc)) for tc in cells) > 200


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(1 if default else 0, min(int(element.get(qn("w:val"), default)), 63))
    except ValueError:
        return default


def _continues(props, tag: str) -> bool:
    """Whether a vMerge/hMerge mark makes this cell the continuation of a merged cell."""
    mark = None if props is None else props.find(qn(tag))
    return mark is not None and mark.get(qn("w:val"), "continue") != "restart"


def _cell_text(tc) -> str:
    """A cell's paragraphs joined without separator: a header typed over two lines is one word."""
    return clean_text("".join(_text(p).replace("\n", "") for p in tc.iter(_P)
                          if not any(a.tag == _FALLBACK for a in p.iterancestors())))


def _text(p) -> str:
    """A paragraph's visible text: runs, tabs and breaks; not deleted, hidden or fallback content,
    nor the paragraphs of text boxes anchored in it."""
    parts = []
    for node in p.iter(*_RUN_TEXT):
        if _hidden(node, p):
            continue
        value = _RUN_TEXT[node.tag]
        parts.append(node.text or "" if value is None else value)
    return "".join(parts)


def _hidden(node, p) -> bool:
    for anc in node.iterancestors():
        if anc is p:
            return False
        if anc.tag in (_FALLBACK, _TEXTBOX, _MOVED_AWAY) or anc.tag == qn("w:r") and _vanished(anc):
            return True
    return False


def _vanished(run) -> bool:
    props = run.find(qn("w:rPr"))
    mark = None if props is None else props.find(qn("w:vanish"))
    return mark is not None and mark.get(qn("w:val"), "true") not in ("0", "false")
