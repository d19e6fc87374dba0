"""Cross-year checks: pure rules over two reports' tables, and as recorded by the ETL."""
from __future__ import annotations

import copy
from datetime import datetime, timedelta

from sqlmodel import Session, select

from etl.crossyear import cross_year_checks
from etl.render import render_html
from etl.runs import run_etl
from etl.store import store_document
from models import CheckResult, Report
from models.db import get_engine
from tests.etl.collection import TIEDONG, tiedong_pair


def _tables(carried_over=None, carried_forward=None, licensing=None):
    tables = {"applications": {}, "active_disclosure": {}}
    if carried_over is not None:
        tables["applications"]["carried_over"] = carried_over
    if carried_forward is not None:
        tables["applications"]["carried_forward"] = carried_forward
    if licensing is not None:
        tables["active_disclosure"]["licensing"] = licensing
    return tables


def test_carried_over_must_equal_last_years_carried_forward():
    last = _tables(carried_forward={"natural_person": 3, "commercial": 1, "total": 4}, carried_over={})
    this = _tables(carried_over={"natural_person": 3, "commercial": 2, "total": 5})
    checks = {(c.cell, c.status, c.expected, c.found) for c in cross_year_checks(last, this, "2021", "2021")}
    assert ("applications/carried_over/natural_person", "passed", 3, 3) in checks
    assert ("applications/carried_over/commercial", "failed", 1, 2) in checks
    assert ("applications/carried_over/total", "failed", 4, 5) in checks
    assert ("applications/carried_over/research", "not assessable", None, None) in checks


def test_items_last_year_is_last_years_count_plus_change_in_the_2019_format_only():
    last = _tables(licensing={"items_last_year": 10, "items_change": -2, "decisions": 4})
    this = _tables(licensing={"items_last_year": 8, "items_change": 0})
    [check] = cross_year_checks(last, this, "2019", "2019")
    assert (check.rule, check.cell, check.expected, check.found, check.status) == (
        "Y2", "active_disclosure/licensing/items_last_year", 8, 8, "passed")
    this["active_disclosure"]["licensing"]["items_last_year"] = 9
    assert [c.status for c in cross_year_checks(last, this, "2019", "2019")] == ["failed"]
    assert cross_year_checks(last, this, "2019", "2021") == []  # 2021 prints no item counts


def test_the_fixture_pair_yields_exactly_one_failed_cross_year_check(collection):
    engine = get_engine(collection.url)
    with Session(engine) as session:
        reports = {r.year: r for r in session.exec(select(Report).where(Report.publisher == TIEDONG)).all()}
        assert sorted(reports) == [2019, 2020] and all(r.failed_checks == 0 for r in reports.values())
        rows = session.exec(select(CheckResult).where(CheckResult.rule.in_(("Y1", "Y2")))).all()
        first, second = collection.records[(TIEDONG, 2019)], collection.records[(TIEDONG, 2020)]
    engine.dispose()
    failed = [(c.report_id, c.rule, c.cell, c.expected, c.found) for c in rows if c.status == "failed"]
    expected = first.active_disclosure["licensing"]["items_last_year"] + first.active_disclosure["licensing"][
        "items_change"]
    assert failed == [(reports[2020].id, "Y2", "active_disclosure/licensing/items_last_year", expected, expected + 5)]
    assert second.active_disclosure["licensing"]["items_last_year"] == expected + 5
    assert {c.report_id for c in rows} == {reports[2020].id}  # only the later report carries them
    assert sum(c.status == "passed" and c.rule == "Y1" for c in rows) == 7  # every applicant column


def test_a_corrected_republication_carries_the_checks_and_the_superseded_version_none(engine):
    first, second = tiedong_pair()
    revised = copy.deepcopy(second)
    revised.active_disclosure["licensing"]["items_last_year"] -= 5
    revised.publish_date = "2021-03-01"
    with Session(engine) as session:
        for name, record in (("2019", first), ("2020", second), ("2020-revised", revised)):
            store_document(session, data=render_html(record, seed=3), url=f"http://example.gov.cn/{name}.html",
                           content_type="text/html", fetched_at=datetime(2021, 1, 1) + timedelta(days=len(name)))
        session.commit()
    run_etl(engine)
    with Session(engine) as session:
        reports = session.exec(select(Report).where(Report.year == 2020).order_by(Report.id)).all()
        assert [r.status for r in reports] == ["superseded", "current"]
        rows = session.exec(select(CheckResult.report_id, CheckResult.status)
                            .where(CheckResult.rule.in_(("Y1", "Y2")))).all()
    assert {rid for rid, _ in rows} == {reports[1].id} and {status for _, status in rows} == {"passed"}
