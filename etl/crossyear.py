"""Cross-year checks: a report against the same body's report of the year before, recorded like the 勾稽
checks (check_results, rules Y1 and Y2, on the later report). A mismatch is a failed check, never a stop.

Y1  per applicant column: this year's carried_over = last year's carried_forward;
Y2  (2019 format both years) per category with 上一年项目数量: this year's items_last_year = last year's
    items_last_year + items_change.

    cross_year_checks(last_tables, this_tables, last_format, this_format)   # pure, over SCHEMA tables
    refresh_cross_year(session, report)   # the ETL, after placing a report: its own and next year's checks
"""
from __future__ import annotations

from sqlalchemy import delete, insert
from sqlmodel import Session, select

from etl.extract.checks import check
from etl.extract.record import ACTIVE_DISCLOSURE, APPLICANTS, Check
from etl.facts import report_tables
from models import CheckResult, Report

RULES = ("Y1", "Y2")
_ITEM_CATEGORIES = tuple(c for c, metrics in ACTIVE_DISCLOSURE["2019"].items() if "items_last_year" in metrics)


def cross_year_checks(last: dict, this: dict, last_format: str | None, this_format: str | None) -> list[Check]:
    """The Y rules on two reports' tables ({table: {row: {column: value}}}), last year's first."""
    checks = []
    last_apps, this_apps = last.get("applications", {}), this.get("applications", {})
    if last_apps and this_apps:
        for col in APPLICANTS:
            checks.append(check("Y1", f"applications/carried_over/{col}",
                                 [last_apps.get("carried_forward", {}).get(col)],
                                 this_apps.get("carried_over", {}).get(col)))
    if last_format == this_format == "2019":
        last_ad, this_ad = last.get("active_disclosure", {}), this.get("active_disclosure", {})
        for category in _ITEM_CATEGORIES:
            before, now = last_ad.get(category, {}), this_ad.get(category, {})
            parts = [before.get("items_last_year"), before.get("items_change")]
            if parts[0] is None:  # no count to add a change to: nothing asserted
                parts = [None]
            if category in last_ad and category in this_ad:
                checks.append(check("Y2", f"active_disclosure/{category}/items_last_year", parts,
                                     now.get("items_last_year")))
    return checks


def _current(session: Session, publisher: str, year: int) -> Report | None:
    return session.exec(select(Report).where(Report.publisher == publisher, Report.year == year,
                                             Report.status == "current").order_by(Report.id)).first()


def _write(session: Session, later: Report, earlier: Report | None) -> None:
    session.exec(delete(CheckResult).where(CheckResult.report_id == later.id, CheckResult.rule.in_(RULES)))
    if earlier is None:
        return
    checks = cross_year_checks(report_tables(session, earlier.id), report_tables(session, later.id),
                               earlier.format, later.format)
    if checks:
        session.connection().execute(insert(CheckResult), [
            {"report_id": later.id, "rule": c.rule, "cell": c.cell, "expected": c.expected, "found": c.found,
             "status": c.status} for c in checks])


def refresh_cross_year(session: Session, report: Report) -> None:
    """Recompute the Y checks of the current report of `report`'s body and year (against last year's), and
    of next year's (against it); superseded versions of that year keep none."""
    publisher, year = report.publisher, report.year
    if publisher is None or year is None:
        return
    versions = select(Report.id).where(Report.publisher == publisher, Report.year == year,
                                       Report.status != "current")
    session.exec(delete(CheckResult).where(CheckResult.report_id.in_(versions), CheckResult.rule.in_(RULES)))
    current = _current(session, publisher, year)
    if current is None:
        return
    _write(session, current, _current(session, publisher, year - 1))
    following = _current(session, publisher, year + 1)
    if following is not None:
        _write(session, following, current)
    session.flush()
