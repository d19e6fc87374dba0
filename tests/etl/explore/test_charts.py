"""Charts: the numbers plotted are the rows' numbers; `nianbao chart` writes PNG and SVG."""
from __future__ import annotations

import json
import os
from collections import defaultdict

import pytest
from sqlalchemy import text
from sqlmodel import Session, select
from typer.testing import CliRunner

from etl.cli import app
from etl.explore import charts
from etl.explore.charts import cjk_font
from etl.explore.series import KINDS, chart_data
from models import ApplicationFact, Report, ReviewLitigationFact
from models.db import get_engine
from tests.etl.collection import PINGTAN, TIEDONG


@pytest.fixture(scope="module")
def rows(collection):
    engine = get_engine(collection.url)
    with Session(engine) as session:
        reports = {r.id: r for r in session.exec(select(Report).where(Report.status == "current")).all()}
        apps = [a for a in session.exec(select(ApplicationFact)).all() if a.report_id in reports]
        reviews = [f for f in session.exec(select(ReviewLitigationFact)).all() if f.report_id in reports]
    with engine.connect() as connection:
        def query(sql, params):
            return connection.execute(text(sql), params).all()

        series = {(kind, who): chart_data(query, kind, publisher=who) for kind in KINDS for who in (None, TIEDONG)}
        series[("reports", "福建省")] = chart_data(query, "reports", region="福建省")
        series[("grant_rate", "en")] = chart_data(query, "grant_rate", chinese=False)
    engine.dispose()
    return reports, apps, reviews, series


def test_applications_received_and_outcomes_are_the_stored_totals(rows):
    reports, apps, _, series = rows
    received, granted = defaultdict(int), defaultdict(int)
    for a in apps:
        report = reports[a.report_id]
        if a.applicant == "total" and a.count is not None and report.year is not None:
            if a.row == "new_received":
                received[report.year] += a.count
            elif a.row == "granted":
                granted[report.year] += a.count
    plotted = series[("applications", None)]
    assert plotted["本年新收申请"] == dict(sorted(received.items()))
    assert {y: v for y, v in plotted["予以公开"].items() if v} == {y: v for y, v in granted.items() if v}
    tiedong = series[("applications", TIEDONG)]["本年新收申请"]
    assert sorted(tiedong) == [2019, 2020]
    assert tiedong[2020] == sum(a.count for a in apps if reports[a.report_id].publisher == TIEDONG
                                and reports[a.report_id].year == 2020 and a.row == "new_received"
                                and a.applicant == "total")


def test_rates_reports_and_review_outcomes(rows, collection):
    reports, apps, reviews, series = rows
    tiedong = {r.year: r for r in reports.values() if r.publisher == TIEDONG}
    for year, report in tiedong.items():
        cells = {a.row: a.count for a in apps if a.report_id == report.id and a.applicant == "total"}
        handled = sum(n for row, n in cells.items() if row not in ("new_received", "carried_over", "total",
                                                                    "carried_forward"))
        granted = cells["granted"] + cells["partially_granted"]
        assert series[("grant_rate", TIEDONG)]["予以公开（含部分公开）比例"][year] == round(granted / handled, 4)
        upheld = sum(f.count for f in reviews if f.report_id == report.id and f.outcome == "upheld")
        assert series[("review_litigation", TIEDONG)]["维持"][year] == upheld
    assert sum(series[("reports", "福建省")]["2021"].values()) == sum(
        1 for r in reports.values() if r.province == "福建省")
    failing = series[("failing_checks", None)]["未通过勾稽校验的报告比例"]
    in_2023 = [r for r in reports.values() if r.year == 2023]
    assert failing[2023] == round(sum(r.failed_checks > 0 for r in in_2023) / len(in_2023), 4) > 0
    assert list(series[("grant_rate", "en")]) == ["Grant rate (granted or partially granted, of handled)"]


def test_chart_command_writes_png_and_svg_of_the_numbers(collection, tmp_path):
    result = CliRunner().invoke(app, ["chart", "applications", "--publisher", PINGTAN, "--out", str(tmp_path),
                                      "--db", str(collection.path)])
    assert result.exit_code == 0, result.output
    png, svg = tmp_path / "applications.png", tmp_path / "applications.svg"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    drawn = svg.read_text("utf-8")
    assert drawn.lstrip().startswith("<?xml") and "<svg" in drawn
    printed = json.loads(result.output.strip().splitlines()[-1])
    record = collection.records[(PINGTAN, 2023)]
    assert printed["本年新收申请" if cjk_font() else "received this year"] == {
        "2023": record.applications["new_received"]["total"]}
    assert CliRunner().invoke(app, ["chart", "pie", "--out", str(tmp_path)]).exit_code == 2


def test_labels_are_chinese_with_the_cjk_font_and_english_without(monkeypatch, tmp_path):
    if os.environ.get("CI") == "true":
        assert cjk_font() is not None, "fonts-noto-cjk is installed by make os-packages"
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    with pytest.warns(UserWarning, match="no CJK font"):
        assert charts.chinese_labels() is False
    png, svg = charts.write_chart({"received this year": {2022: 3, 2023: 5}}, "applications", tmp_path)
    assert "Applications received" in svg.read_text("utf-8") and png.is_file()
