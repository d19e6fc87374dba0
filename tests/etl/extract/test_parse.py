"""parse_document and `nianbao parse` on inputs that are not reports, and on generated variants."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from etl.extract.parse import NotAReport, parse_document
from tests.etl.conftest import FIXTURES, SHARED

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\t \n", "empty"),
    (PNG, "PNG image"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"\x00\x01\x02\x03binary\x00", "binary"),
])
def test_non_documents(data, reason):
    with pytest.raises(NotAReport, match=reason):
        parse_document(data, "x")


def test_notice_about_reports_is_not_a_report():
    with pytest.raises(NotAReport, match="no annual report tables"):
        parse_document((FIXTURES / "notice_about_reports.html").read_bytes(), "notice.html")


def test_blank_national_template_is_not_a_report():
    with pytest.raises(NotAReport, match="no figures"):
        parse_document((FIXTURES / "blank_template_2021.txt").read_bytes(), "template.txt")


def _run(*args):
    return subprocess.run([sys.executable, "-m", "etl.cli", "parse", *map(str, args)], capture_output=True,
                          text=True)


def test_cli_reports_bad_files_and_parses_the_others(shared_dir, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    image = tmp_path / "scan.png"
    image.write_bytes(PNG)
    good = SHARED / "seeds" / "001_eb42678789e3d87b.txt"
    result = _run(empty, good, image, FIXTURES / "notice_about_reports.html", "--out", tmp_path / "out")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"{empty}: ") and "empty" in errors[0]
    assert "PNG" in errors[1] and "notice_about_reports.html" in errors[2]
    record = json.loads((tmp_path / "out" / f"{good.stem}.json").read_text(encoding="utf-8"))
    assert record["publisher"] == "兴安区政府办公室"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{good.stem}.json"]


def test_cli_prints_json_lines_one_record_a_line(shared_dir):
    files = [SHARED / "seeds" / "000_250f2460152f5126.txt", SHARED / "real" / "pingtan_2023.html"]
    result = _run(*files)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]  # every line is one whole JSON record
    assert [r["source"] for r in records] == [f.name for f in files]
    assert records[1]["active_disclosure"]["fees"]["fee_amount"] == pytest.approx(5949.088667)
    pretty = _run(files[1], "--pretty")
    assert pretty.returncode == 0 and len(pretty.stdout.splitlines()) > 50
    assert json.loads(pretty.stdout) == records[1]


def test_missing_file_is_reported(tmp_path):
    result = _run(tmp_path / "nope.html")
    assert result.returncode == 1 and "nope.html" in result.stderr


def test_text_extracted_from_a_pdf_with_space_separated_cells_and_wrapped_labels():
    """Cells separated by single spaces, 2021 （六） labels wrapped over two lines, signature block."""
    record = parse_document((FIXTURES / "pdf_text_2022.txt").read_bytes(), "pdf_text_2022.txt")
    assert (record.title, record.publisher, record.year, record.publish_date, record.format) == (
        "某某县交通运输局2022年政府信息公开工作年度报告", "某某县交通运输局", 2022, "2023-01-20", "2021")
    assert record.active_disclosure["licensing"] == {"decisions": 1234}
    assert record.active_disclosure["fees"] == {"fee_amount": 12.5}
    assert record.applications["new_received"] == {"natural_person": 10, "commercial": 2, "research": 0,
                                                   "social_welfare": 0, "legal_services": 1, "other_org": 0,
                                                   "total": 13}
    assert set(record.applications) >= {"other_no_correction", "other_unpaid_fee", "other_misc"}
    assert record.review_litigation["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0,
                                                              "pending": 1, "total": 1}
    assert not record.failed_checks


def test_review_table_printed_with_one_row_per_group():
    record = parse_document((FIXTURES / "pdf_text_2022_transposed_review.txt").read_bytes(), "t.txt")
    assert record.review_litigation == {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1},
        "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
        "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 2, "pending": 0, "total": 2},
    }


def test_failed_checks_keep_the_printed_values_and_say_where(shared_dir):
    text = (SHARED / "seeds" / "003_1cc715efd28283f7.txt").read_text(encoding="utf-8")
    # A 总计 of 0 beside an upheld case of 1, as real reports print it.
    text = text.replace("1\t0\t0\t0\t1\t0\t0\t0\t0\t0", "1\t0\t0\t0\t0\t0\t0\t0\t0\t0")
    record = parse_document(text.encode("utf-8"), "broken.txt")
    assert record.review_litigation["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    failed = [(c.rule, c.cell, c.expected, c.found) for c in record.failed_checks]
    assert failed == [("4", "review_litigation/review/total", 1, 0)]


def test_header_rows_printed_as_single_space_separated_cells():
    """PDF text copies print each header row in one cell; without 总计 the row sum is the total."""
    text = ("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 法人或其他组织\n"
            "商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
            "一、本年新收政府信息公开申请数量 10 2 0 0 1 0\n二、上年结转政府信息公开申请数量 — 1 0 0 0 0\n")
    record = parse_document(text.encode("utf-8"), "t.txt")
    assert record.applications["new_received"] == {"natural_person": 10, "commercial": 2, "research": 0,
                                                   "social_welfare": 0, "legal_services": 1, "other_org": 0,
                                                   "total": 13}
    assert record.applications["carried_over"]["natural_person"] is None
    assert record.applications["carried_over"]["total"] == 1
    assert "total_column_missing" in [n.code for n in record.notes]


def test_a_parser_crash_on_one_file_is_reported_and_the_others_are_parsed(shared_dir, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import etl.cli

    real = etl.cli.parse_file

    def crashing(path):
        if path.name == "boom.txt":
            raise KeyError("unexpected")
        return real(path)

    monkeypatch.setattr(etl.cli, "parse_file", crashing)
    boom = tmp_path / "boom.txt"
    boom.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(etl.cli.app, ["parse", str(boom), str(SHARED / "real" / "pingtan_2023.html"),
                                              "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{boom}: not parsed: parser error (KeyError" in result.output
    assert (tmp_path / "out" / "pingtan_2023.json").exists()
