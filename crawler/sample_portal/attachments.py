"""Report attachments as portals publish them: a PDF and a Word (DOCX) file of the same printed report.

Both are written from the renderer's block model (etl.render.document.build_document), so they carry the
same title, prose and table cells as the HTML renderings. The PDF is written by hand — text in the
standard Adobe CJK font STSong-Light (UniGB-UCS2-H, which every reader knows without embedding) and
ruled table cells — so no PDF library is needed.
"""
from __future__ import annotations

import io
import random
import zlib

from docx import Document as WordDocument
from docx.table import _Cell

from etl.extract.record import Record
from etl.render.document import Block, build_document
from etl.render.style import Style

PAGE_W, PAGE_H, MARGIN = 595, 842, 56
FONT = 10.5
CELL_FONT = 7.0
LINE = 16


def report_blocks(record: Record, seed: int) -> list[Block]:
    rng = random.Random(seed)
    return build_document(record, Style.draw(rng, "html"), rng)


def docx_bytes(record: Record, seed: int) -> bytes:
    """The report as a Word document: headings, paragraphs and real Word tables (merged cells kept)."""
    doc = WordDocument()
    doc.core_properties.title = record.title or ""
    doc.core_properties.author = record.publisher or ""
    for block in report_blocks(record, seed):
        if block.kind == "title":
            doc.add_heading(block.text, level=1)
        elif block.kind == "info":
            doc.add_paragraph("　".join(f"{label}：{value}" for label, value in block.pairs))
        elif block.kind in ("heading", "subheading"):
            doc.add_heading(block.text, level=2 if block.kind == "heading" else 3)
        elif block.kind == "para":
            doc.add_paragraph(block.text)
        elif block.kind == "signature":
            for line in block.lines:
                doc.add_paragraph(line)
        elif block.kind == "table" and block.table is not None:
            _word_table(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _word_table(doc, block: Block) -> None:
    grid = block.table.expand()
    width = max(len(row) for row in grid)
    table = doc.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    # Cell objects taken once from the regular grid (table.cell() rescans the table on every call);
    # merges never overlap, so the corners of later merges stay valid.
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, row in enumerate(grid):
        for c, slot in enumerate(row):
            if slot.first_row and slot.first_col:
                cell = cells[r][c]
                if slot.cell.rowspan > 1 or slot.cell.colspan > 1:
                    cell = cell.merge(cells[r + slot.cell.rowspan - 1][c + slot.cell.colspan - 1])
                cell.text = slot.cell.joined("\n").strip("\xa0")


def pdf_bytes(record: Record, seed: int) -> bytes:
    """The report as a PDF: wrapped text lines and ruled tables on A4 pages."""
    pages: list[list[str]] = [[]]
    y = PAGE_H - MARGIN

    def room(height: float) -> None:
        nonlocal y
        if y - height < MARGIN:
            pages.append([])
            y = PAGE_H - MARGIN

    def text(line: str, x: float, size: float = FONT) -> None:
        pages[-1].append(f"BT /F1 {size} Tf {x:.1f} {y:.1f} Td <{_ucs2(line)}> Tj ET")

    def paragraph(line: str, size: float = FONT, indent: bool = True) -> None:
        nonlocal y
        per_line = int((PAGE_W - 2 * MARGIN) / size)
        body = ("　　" if indent else "") + line
        for start in range(0, max(len(body), 1), per_line):
            room(LINE)
            y -= LINE
            text(body[start:start + per_line], MARGIN, size)

    for block in report_blocks(record, seed):
        if block.kind == "title":
            paragraph(block.text, 15, indent=False)
            y -= 6
        elif block.kind == "info":
            paragraph("　".join(f"{label}：{value}" for label, value in block.pairs), indent=False)
        elif block.kind in ("heading", "subheading", "para"):
            paragraph(block.text, indent=block.kind == "para")
        elif block.kind == "signature":
            for line in block.lines:
                paragraph(line, indent=False)
        elif block.kind == "table" and block.table is not None:
            grid = block.table.expand()
            cols = max(len(row) for row in grid)
            first = min(150.0, (PAGE_W - 2 * MARGIN) / 3)
            widths = [first] + [(PAGE_W - 2 * MARGIN - first) / max(cols - 1, 1)] * (cols - 1)
            xs = [MARGIN + sum(widths[:i]) for i in range(cols + 1)]
            # Cell text wraps inside its cell, as Word prints it; a row is as tall as its tallest cell.
            def label_of(cell) -> str:
                return cell.joined("").strip("\xa0 ")

            def wrapped(label: str, width: float) -> list[str]:
                per = max(int((width - 4) / CELL_FONT), 1)
                return [label[i:i + per] for i in range(0, len(label), per)] or [""]

            heights = []
            for row in grid:
                height = LINE + 4
                for c, slot in enumerate(row):
                    if slot.first_col and slot.first_row and slot.cell.rowspan == 1:
                        width = xs[min(c + slot.cell.colspan, cols)] - xs[c]
                        height = max(height, len(wrapped(label_of(slot.cell), width)) * (CELL_FONT + 2) + 6)
                heights.append(height)
            for r, row in enumerate(grid):
                room(heights[r])
                top = y
                for c, slot in enumerate(row):
                    cell = slot.cell
                    if not (slot.first_col and slot.first_row):
                        continue
                    right = xs[min(c + cell.colspan, cols)]
                    bottom = top - sum(heights[r:r + cell.rowspan])
                    pages[-1].append(f"{xs[c]:.1f} {bottom:.1f} {right - xs[c]:.1f} {top - bottom:.1f} re S")
                    for i, part in enumerate(wrapped(label_of(cell), right - xs[c])):
                        y = top - (i + 1) * (CELL_FONT + 2) - 1
                        text(part, xs[c] + 2, CELL_FONT)
                y = top - heights[r]
            y -= 8
    return _pdf_file(pages, record.title or "")


def _ucs2(line: str) -> str:
    return "".join(f"{ord(ch):04X}" if ord(ch) < 0x10000 else "FF1F" for ch in line)


def _pdf_file(pages: list[list[str]], title: str) -> bytes:
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    page_tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
               b"/DescendantFonts [" + str(len(objects) + 2).encode() + b" 0 R] >>")
    add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor " + str(len(objects) + 2).encode() + b" 0 R /DW 1000 >>")
    add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    kids = []
    for ops in pages:
        stream = zlib.compress("\n".join(["0.5 w", *ops]).encode("ascii"))
        content = add(b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
                      + stream + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {page_tree} 0 R >>".encode()
    objects[page_tree - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                              + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    info = add(b"<< /Title <FEFF" + _ucs2(title).encode() + b"> /Producer (nianbao sample portal) >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
