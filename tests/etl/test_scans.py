"""Scans, image pages and legacy Word files reach the database as records, or wait with a status saying why.

The scans are made here: gold records rendered to HTML (etl.render), printed to PDF by LibreOffice,
rasterised at 150 dpi with noise and a slight skew (tests/fixtures/etl/office/scans.py). The .doc is
LibreOffice's own save of a DOCX fixture. Tesseract (chi_sim) and LibreOffice are OS packages the
Makefile installs; without them these tests are skipped, and fail when CI=true. Missing tools are
simulated by configuration (NIANBAO_TESSDATA, NIANBAO_SOFFICE pointing nowhere).
"""
from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from etl.cli import app
from etl.extract.parse import NotAReport, parse_document
from etl.extract.readers import NeedsConversion, NeedsOCR, Tools, read_document
from etl.extract.readers.ocr import clean
from etl.extract.readers.tools import ocr_missing, soffice_path
from etl.extract.record import Record
from etl.render import render_html
from etl.store import store_document
from models import Document, Note, Report
from models.db import get_engine, init_db
from tests.conftest import _unavailable
from tests.etl.conftest import FIXTURES
from tests.etl.extract.test_readers_office import _ole2
from tests.etl.test_roundtrip import same
from tests.fixtures.etl.office.scans import image_page, png, print_html, scan_pages, scanned_pdf

OFFICE = FIXTURES / "office"
DPI = 150
runner = CliRunner()


@pytest.fixture(scope="module")
def tools():
    if (why := ocr_missing()) or soffice_path() is None:
        _unavailable(f"OCR or LibreOffice missing ({why or 'soffice not found'}): run `make os-packages` as root")


def _gold(shared_dir, name: str) -> Record:
    return Record.from_dict(json.loads((shared_dir / "gold" / "seeds" / f"{name}.json").read_text("utf-8")))


def _scan(record: Record, seed: int):
    return scan_pages(print_html(render_html(record, seed=seed)), dpi=DPI, seed=seed)


def cells_right(expected: Record, found: Record) -> tuple[int, int]:
    """(cells read right, cells of the expected record)."""
    got = dict(found.cells())
    cells = list(expected.cells())
    return sum(1 for key, want in cells if same(want, got.get(key))), len(cells)


def nianbao(*args, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.output, result.exception)
    return result.output


# ---- without the tools: the documents wait, with the reason ------------------------------------


def test_scans_and_images_wait_for_ocr_when_it_is_switched_off():
    with pytest.raises(NeedsOCR, match=r"PDF has no text layer on 2 of 2 pages \(scanned\?\); they need OCR, "
                                       "which is switched off"):
        parse_document((OFFICE / "scanned.pdf").read_bytes(), "scanned.pdf", tools=Tools.none())
    image = png(scan_pages((OFFICE / "pingtan_2023.pdf").read_bytes(), dpi=30)[0])
    with pytest.raises(NeedsOCR, match="PNG image needs OCR, which is switched off"):
        read_document(image, tools=Tools.none())
    page = image_page([scan_pages((OFFICE / "pingtan_2023.pdf").read_bytes(), dpi=30)[0]], "年报")
    with pytest.raises(NeedsOCR, match="report page of images needs OCR"):
        read_document(page, tools=Tools.none())
    remote = page.replace(b'src="data:', b'src="page-1.png" data-x="')
    with pytest.raises(NeedsOCR, match=r"image http://example.gov.cn/r/page-1.png is not stored"):
        read_document(remote, url="http://example.gov.cn/r/report.html")


def test_missing_tools_are_named(monkeypatch):
    monkeypatch.setenv("NIANBAO_TESSDATA", "/nonexistent")
    monkeypatch.setenv("NIANBAO_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(NeedsOCR, match="chi_sim language data is not installed"):
        parse_document((OFFICE / "scanned.pdf").read_bytes(), "scanned.pdf")
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 600
    with pytest.raises(NeedsConversion, match="conversion needs LibreOffice"):
        parse_document(ole2, "report.doc")
    with pytest.raises(NeedsConversion, match="which is switched off"):
        parse_document(ole2, "report.doc", tools=Tools(convert=False))


def test_ocr_text_is_cleaned_of_tesseract_artefacts():
    assert clean("本 年 新 收  政府 信息") == "本年新收政府信息"
    assert clean("Word 2007 格式") == "Word 2007格式"
    assert clean("来源 :” 兴安区") == "来源:兴安区"
    assert clean("危及 “三安全一稳定”") == "危及“三安全一稳定”"
    assert (clean("十1"), clean("一 3"), clean("一、总体情况")) == ("+1", "-3", "一、总体情况")


def test_a_damaged_legacy_file_is_refused_with_libreoffices_reason(tools):
    ole2 = _ole2("WordDocument", "1Table")  # a directory naming Word's streams, and no streams
    with pytest.raises(NotAReport, match="LibreOffice could not convert the file"):
        parse_document(ole2, "report.doc")


def test_noise_only_scan_is_no_report(tools):
    """The scanned fixture's pages are grey noise: OCR'd, they hold no report tables."""
    with pytest.raises(NotAReport, match="no annual report tables found"):
        parse_document((OFFICE / "scanned.pdf").read_bytes(), "scanned.pdf")


# ---- a scanned PDF, an image page and a .doc through the ETL ------------------------------------


def test_scans_images_and_doc_files_wait_then_end_as_records(tools, shared_dir, tmp_path, monkeypatch):
    """Stored with the tools missing, they wait (stats and failures say so); once the tools are there,
    `etl --stale` reads them: the scan (2021 form) with its checks passing is complete, the image page
    (2019 form, one figure printed wrong) is doubtful, and the .doc equals its DOCX."""
    scanned_truth = _gold(shared_dir, "002_1969cc7526291166")
    imaged_truth = _gold(shared_dir, "001_eb42678789e3d87b")
    imaged_truth.applications["granted"]["natural_person"] = 3  # 总计 no longer adds up (rules 1 and 2)
    docx = (OFFICE / "pingtan_2023.docx").read_bytes()
    doc = _convert(docx)
    pages = _scan(imaged_truth, seed=5)
    scan = _scan(scanned_truth, seed=3)

    db = tmp_path / "scans.sqlite"
    engine = get_engine(db)
    init_db(engine)
    base = "http://example.gov.cn/gkml/2021/"
    with Session(engine) as session:
        ids = {"scan": store_document(session, data=scanned_pdf(scan, dpi=DPI),
                                      url=base + "scan.pdf")[0].id,
               "page": store_document(session, data=image_page(pages, "兴安区2020年政府信息公开工作年度报告",
                                                               inline=False), url=base + "report.html")[0].id,
               "doc": store_document(session, data=doc, url=base + "report.doc")[0].id}
        for i, page in enumerate(pages):
            store_document(session, data=png(page, dpi=DPI), url=f"{base}page-{i + 1}.png", parent_id=ids["page"],
                           content_type="image/png")
        session.commit()
        images = [d.id for d in session.exec(select(Document).where(Document.parent_id == ids["page"])).all()]

    monkeypatch.setenv("NIANBAO_SOFFICE", "/nonexistent/soffice")
    out = nianbao("etl", "--no-ocr", "--db", db)
    assert "waiting for OCR 2, for conversion 1" in out
    statuses = _statuses(engine, ids)
    assert statuses["scan"] == ("needs_ocr", f"{base}scan.pdf: PDF has no text layer on {len(scan)} of "
                                             f"{len(scan)} pages (scanned?); they need OCR, which is switched off")
    assert statuses["page"] == ("needs_ocr", f"{base}report.html: report page of images needs OCR, which is "
                                             "switched off")
    assert statuses["doc"] == ("needs_conversion", f"{base}report.doc: conversion needs LibreOffice (soffice), "
                                                   "which is not installed")
    counts = json.loads(nianbao("stats", "--json", "--db", db))
    assert (counts["documents_waiting_for_ocr"], counts["documents_waiting_for_conversion"],
            counts["reports"]) == (2, 1, 0)
    assert counts["documents_by_status"]["needs_ocr"] == 2
    listed = nianbao("failures", "--db", db)
    assert f"document {ids['doc']} [needs_conversion] {base}report.doc: " in listed
    assert "3 documents failed or are not reports; needs_conversion 1; needs_ocr 2" in listed
    assert "0 documents" in nianbao("etl", "--stale", "--no-ocr", "--db", db)  # nothing it can read yet

    monkeypatch.delenv("NIANBAO_SOFFICE")
    out = nianbao("etl", "--stale", "--workers", "2", "--db", db)
    assert "3 documents; parsed 3" in out and "waiting for OCR 0, for conversion 0" in out

    with Session(engine) as session:
        found = {name: Record.from_dict(session.get(Document, i).record) for name, i in ids.items()}
        reports = {name: session.exec(select(Report).where(Report.document_id == i)).one() for name, i in ids.items()}
        ocr_notes = set(session.exec(select(Note.report_id).where(Note.code == "read_by_ocr")).all())
        assert all(session.get(Document, i).status == "new" for i in images)  # the page's images, not reports
    for name, truth in (("scan", scanned_truth), ("page", imaged_truth)):
        right, total = cells_right(truth, found[name])
        assert right / total >= 0.97, f"{name}: {right}/{total} cells right"
        assert reports[name].id in ocr_notes
    assert (found["scan"].publisher, found["scan"].year, found["scan"].format) == \
        (scanned_truth.publisher, 2022, "2021")
    assert reports["scan"].quality == "complete" and not found["scan"].failed_checks
    assert reports["page"].quality == "doubtful"
    assert {c.cell for c in found["page"].failed_checks} >= {"applications/total/natural_person"}
    expected_doc = parse_document(docx, "report.docx")
    assert (found["doc"].active_disclosure, found["doc"].applications, found["doc"].review_litigation) == \
        (expected_doc.active_disclosure, expected_doc.applications, expected_doc.review_litigation)
    assert (found["doc"].year, found["doc"].format) == (expected_doc.year, expected_doc.format)
    assert [n.code for n in found["doc"].notes] == ["converted_legacy_office"] + [n.code for n in expected_doc.notes]
    assert reports["doc"].quality == expected_doc.quality["verdict"]

    counts = json.loads(nianbao("stats", "--json", "--db", db))
    assert (counts["reports"], counts["reports_read_by_ocr"], counts["reports_read_by_ocr_doubtful"],
            counts["documents_waiting_for_ocr"], counts["documents_waiting_for_conversion"]) == (3, 2, 1, 0, 0)
    listed = nianbao("failures", "--db", db)
    assert f"document {ids['page']} [ocr_doubtful] {base}report.html: report {reports['page'].id}: " in listed
    assert "1 documents failed or are not reports; ocr_doubtful 1" in listed
    engine.dispose()


def _statuses(engine, ids: dict[str, int]) -> dict[str, tuple[str, str | None]]:
    with Session(engine) as session:
        return {name: (d.status, d.error) for name, i in ids.items() if (d := session.get(Document, i))}


def _convert(docx: bytes) -> bytes:
    from etl.extract.readers.convert import convert

    return convert(docx, "report.docx", "doc:MS Word 97")
