"""PDF and Word (DOCX) reports read like their HTML copies: same rows, same record, clear refusals.

Fixtures under tests/fixtures/etl/office/ are Shanghai's real 2019 report (its HTML page's paragraphs and
merged-cell tables) and Pingtan's 2023 record rendered by etl.render, written as DOCX with python-docx and
as PDF by generate.py there (regenerate with `python tests/fixtures/etl/office/generate.py`).
"""
from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.extract.parse import NotAReport, parse_document
from etl.extract.readers import read_document
from etl.extract.readers.cells import SpanFiller
from etl.extract.readers.docx import read_docx
from tests.etl.conftest import FIXTURES, SHARED
from tests.etl.strategies import records
from tests.etl.test_roundtrip import differences
from tests.fixtures.etl.office.generate import (
    blocks_from_record,
    docx_bytes,
    pdf_bytes,
    shanghai_blocks,
)

OFFICE = FIXTURES / "office"


def _html_record(name: str):
    return parse_document((SHARED / "real" / f"{name}.html").read_bytes(), f"{name}.html")


def _grid(rows, *, keep_empty: bool = True):
    """The table rows with every cell's text, grid column, span and whether it fills a span."""
    return [[(str(c), c.col, c.span, isinstance(c, SpanFiller)) for c in row if keep_empty or c]
            for row in rows if len(row) > 1]


# ---- the real report, as Word and PDF files --------------------------------------------------------


@pytest.mark.parametrize("name", ["shanghai_2019.docx", "shanghai_2019.pdf", "pingtan_2023.docx",
                                  "pingtan_2023.pdf"])
def test_office_copy_parses_to_the_record_of_its_html_page(shared_dir, name):
    expected = _html_record(name.split(".")[0])
    found = parse_document((OFFICE / name).read_bytes(), name)
    assert differences(expected, found) == []
    assert found.notes == expected.notes
    assert [s.number for s in found.sections] == [s.number for s in expected.sections]
    if name.startswith("shanghai"):  # printed from the page itself (Pingtan's prose is the renderer's)
        # Wrapped PDF lines are joined back into the paragraphs the page prints.
        assert [(s.title, s.text) for s in found.sections] == [(s.title, s.text) for s in expected.sections]


def test_docx_rows_are_the_html_rows(shared_dir):
    """gridSpan, vMerge and two-paragraph header cells give exactly the cells the HTML page gives."""
    html = read_document((SHARED / "real" / "shanghai_2019.html").read_bytes())
    doc = read_document((OFFICE / "shanghai_2019.docx").read_bytes())
    assert doc.kind == "docx" and doc.meta == {"title": "2019年上海市人民政府办公厅政府信息公开工作年度报告"}
    assert doc.rows == html.rows
    assert _grid(doc.rows) == _grid(html.rows)
    assert ["信息内容", "本年新制作数量", "本年新公开数量", "", "对外公开总数量"] in doc.rows


def test_pdf_tables_keep_their_grid_across_pages(shared_dir):
    """Section 二 starts at the foot of page 3 on four columns and goes on over five on page 4: read as one
    table, every cell has the column and span it has in the HTML. Pages repeat nothing else."""
    html = read_document((SHARED / "real" / "shanghai_2019.html").read_bytes())
    doc = read_document((OFFICE / "shanghai_2019.pdf").read_bytes())
    assert doc.kind == "pdf" and doc.meta == {"title": "2019年上海市人民政府办公厅政府信息公开工作年度报告"}
    assert _grid(doc.rows, keep_empty=False) == _grid(html.rows, keep_empty=False)
    assert not [row for row in doc.rows if "- " in row[0] and row[0].strip("- ").isdigit()]  # page numbers
    # The title is printed twice a hair apart (fake bold): read once.
    assert doc.rows[:2] == [["2019年上海市人民政府办公厅政府信息公开工作年度报告"], ["发布日期：2020-01-31"]]


def test_pdf_table_borders_drawn_as_filled_bars(shared_dir):
    """Word draws cell borders as thin filled rectangles rather than stroked lines."""
    found = parse_document(pdf_bytes(shanghai_blocks(SHARED), borders="fill"), "fill.pdf")
    assert differences(_html_record("shanghai_2019"), found) == []


def test_pdf_without_table_rules_keeps_prose_and_metadata(shared_dir):
    """Borderless tables lose their blank cells (nothing is printed there); the rest reads as usual."""
    expected = _html_record("shanghai_2019")
    found = parse_document((OFFICE / "shanghai_2019_unruled.pdf").read_bytes(), "unruled.pdf")
    assert (found.title, found.publisher, found.publish_date, found.year) == \
        (expected.title, expected.publisher, expected.publish_date, expected.year)
    assert [(s.number, s.text) for s in found.sections if s.number in (1, 5, 6)] == \
        [(s.number, s.text) for s in expected.sections if s.number in (1, 5, 6)]


# ---- rendered records -----------------------------------------------------------------------------

OFFICE_ROUND_TRIP = settings(max_examples=int(os.environ.get("NIANBAO_OFFICE_EXAMPLES", 8)), deadline=None,
                             derandomize=os.environ.get("CI") == "true",
                             suppress_health_check=[HealthCheck.too_slow])


@OFFICE_ROUND_TRIP
@given(record=records(), seed=st.integers(0, 2**32 - 1))
def test_rendered_record_round_trips_through_docx_and_pdf(record, seed):
    blocks = blocks_from_record(record, seed)
    for kind, data in (("docx", docx_bytes(blocks)), ("pdf", pdf_bytes(blocks))):
        wrong = differences(record, parse_document(data, f"report.{kind}"))
        assert not wrong, f"{kind}: " + "\n  ".join(wrong[:20])


# ---- Word structure --------------------------------------------------------------------------------


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_merged_cells_keep_later_cells_in_their_columns():
    document = docx.Document()
    document.add_paragraph("表前段落")
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "结果"  # vMerge down three rows
    table.cell(0, 1).merge(table.cell(0, 2)).text = "申请人"  # gridSpan over two columns
    table.cell(0, 3).text = "总计"
    for c, text in ((1, "自然人"), (2, "法人"), (3, "9")):
        table.cell(1, c).text = text
    table.cell(2, 2).text = "5"  # column 1 left blank
    document.add_paragraph("表后段落")
    rows = read_docx(_save(document))
    assert _grid(rows) == [
        [("结果", 0, 1, False), ("申请人", 1, 2, False), ("", 2, 1, True), ("总计", 3, 1, False)],
        [("自然人", 1, 1, False), ("法人", 2, 1, False), ("9", 3, 1, False)],
        [("", 1, 1, False), ("5", 2, 1, False), ("", 3, 1, False)],
    ]
    assert rows[0] == ["表前段落"] and rows[-1] == ["表后段落"]


def test_docx_cell_paragraphs_and_line_breaks_join_without_separator():
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.paragraphs[0].text = "本年新"
    cell.add_paragraph("制作数量")
    table.cell(0, 1).paragraphs[0].add_run("社会公益").add_break()
    table.cell(0, 1).paragraphs[0].add_run("组织")
    assert read_docx(_save(document)) == [["本年新制作数量", "社会公益组织"]]


def test_docx_body_line_breaks_tabs_and_hidden_text():
    document = docx.Document()
    heading = document.add_paragraph()
    heading.add_run("一、总体情况").add_break()
    heading.add_run("本年度共收到申请10件。")
    document.add_paragraph("发布机构：某某局\t发布日期：2021-01-30")
    hidden = document.add_paragraph("可见")
    hidden.add_run("（隐藏批注）").font.hidden = True
    rows = read_docx(_save(document))
    assert rows[:2] == [["一、总体情况"], ["本年度共收到申请10件。"]]
    assert _grid(rows[2:3]) == [[("发布机构：某某局", 0, 1, False), ("发布日期：2021-01-30", 1, 1, False)]]
    assert rows[3] == ["可见"]


def test_docx_layout_table_is_read_as_the_blocks_it_holds():
    """A one-cell table wrapping the report (a common Word layout) yields its paragraphs and the data
    table nested in it, in order; content controls are looked through."""
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "二、主动公开政府信息情况"
    inner = cell.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "信息内容", (0, 1): "本年制发件数", (1, 0): "规章", (1, 1): "3"}.items():
        inner.cell(r, c).text = text
    cell.add_paragraph("三、收到和处理政府信息公开申请情况")
    document.element.body.insert(0, parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>目录里的标题</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"))
    rows = read_docx(_save(document))
    assert [list(map(str, row)) for row in rows] == [
        ["目录里的标题"], ["二、主动公开政府信息情况"], ["信息内容", "本年制发件数"], ["规章", "3"],
        ["三、收到和处理政府信息公开申请情况"],
    ]
    assert [c.col for c in rows[3]] == [0, 1]


# ---- documents that cannot be read -----------------------------------------------------------------


def _ole2(*streams: str) -> bytes:
    """The header and a directory sector of a compound file naming `streams`, as .doc/.wps/.xls have."""
    names = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for name in ("Root Entry", *streams))
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + names.ljust(512, b"\0")


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data,reason", [
    (_ole2("Workbook"), r"legacy Excel workbook \(XLS\)"),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), r"Excel workbook \(XLSX\), not a Word document"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "OpenDocument text"),
    (_zip({"readme.txt": b"report"}), "ZIP archive, not a Word document"),
    ((OFFICE / "shanghai_2019.docx").read_bytes()[:3000], "corrupted ZIP/Office file"),
    (_zip({"word/document.xml": b"<w:document"}), "Word document could not be opened"),
    ((OFFICE / "shanghai_2019.pdf").read_bytes()[:12000], r"PDF could not be read \(PSEOF"),
    (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF",
     "PDF has no pages"),
])
def test_unreadable_office_files_are_refused_with_the_reason(data, reason):
    with pytest.raises(NotAReport, match=reason):
        parse_document(data, "attachment")


def test_pdf_without_unicode_map_is_refused(shared_dir):
    """CID fonts with no ToUnicode map extract as (cid:N) codes: refused rather than parsed as garbage."""
    data = pdf_bytes(shanghai_blocks(SHARED)[:5], to_unicode=False)
    with pytest.raises(NotAReport, match="no Unicode mapping"):
        parse_document(data, "cid.pdf")


def test_scanned_fixture_is_a_pdf_of_images_only():
    """The scanned fixture really has pages (with images), so 'no text layer' is about the text
    (tests/etl/test_scans.py reads it)."""
    import pdfplumber

    with pdfplumber.open(OFFICE / "scanned.pdf") as pdf:
        assert len(pdf.pages) == 2 and all(page.images and not page.chars for page in pdf.pages)
