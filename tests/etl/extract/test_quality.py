"""The quality verdict: complete, partial or doubtful, from the record's rows, notes and checks."""
from __future__ import annotations

import copy

import pytest

from etl.extract.checks import run_checks
from etl.extract.parse import parse_document
from etl.extract.quality import judge
from tests.etl.conftest import FIXTURES


@pytest.fixture(scope="module")
def shanghai(shared_dir):
    return parse_document((shared_dir / "real" / "shanghai_2019.html").read_bytes(), "shanghai_2019.html")


def test_gold_reports_are_complete(shared_documents):
    for name, data in shared_documents.items():
        if name.endswith("list.html"):
            continue
        record = parse_document(data, name)
        assert record.quality["verdict"] == "complete", (name, record.quality)


def test_a_failed_check_makes_the_record_doubtful(shanghai):
    record = copy.deepcopy(shanghai)
    record.applications["granted"]["natural_person"] += 1
    record.checks = run_checks(record)
    quality = judge(record)
    assert quality.verdict == "doubtful" and "check(s) failed" in quality.reasons[0]


def test_missing_template_rows_make_it_partial(shanghai):
    record = copy.deepcopy(shanghai)
    del record.applications["denied_third_party"], record.review_litigation["litigation_direct"]
    record.checks = run_checks(record)
    quality = judge(record)
    assert quality.verdict == "partial"
    assert any("denied_third_party" in r for r in quality.reasons) and any("litigation_direct" in r
                                                                            for r in quality.reasons)


def test_an_inferred_place_needs_a_passing_check(shanghai):
    record = copy.deepcopy(shanghai)
    record.note("header_inferred", "收到和处理申请表: no applicant header", "applications")
    assert judge(record).verdict == "complete"  # rules 1–3 pass on the table whose columns were inferred
    record.note("values_apart", "主动公开: rows printed apart", "active_disclosure")
    assert judge(record).verdict == "doubtful"  # no check speaks for section 二


def test_ocr_read_record_is_doubtful_unless_its_checks_pass(shanghai):
    record = copy.deepcopy(shanghai)
    record.note("read_by_ocr", "read from page images by OCR")
    assert judge(record).verdict == "complete"
    record.checks = []
    assert judge(record).verdict == "doubtful"


def test_legacy_report_is_legacy_with_no_national_cell():
    record = parse_document((FIXTURES / "legacy_2015.html").read_bytes(), "legacy_2015.html")
    assert (record.format, record.year, record.publisher) == ("legacy", 2015, "荔城区人民政府办公室")
    assert record.title == "荔城区人民政府办公室2015年政府信息公开工作年度报告"
    assert not (record.active_disclosure or record.applications or record.review_litigation)
    assert not record.checks and record.sections
    stats = {row["label"]: row["value"] for row in record.legacy_statistics}
    assert stats["(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)"] == 2069
    assert stats["三、行政复议数量"] == 1 and stats["3.政府信息公开专项经费"] == 2.5
    assert record.quality["verdict"] == "complete" and "legacy" in record.quality["reasons"][0]


def test_report_of_a_national_year_without_tables_is_kept_with_a_note():
    page = (FIXTURES / "legacy_2015.html").read_text("utf-8").replace("2015", "2020").replace("2016", "2021")
    page = page[:page.index("<p>附表")] + "</div></body></html>"
    record = parse_document(page.encode("utf-8"), "no_tables.html")
    assert (record.format, record.year) == ("2019", 2020)
    assert [n.code for n in record.notes] == ["no_tables"] and record.quality["verdict"] == "partial"
