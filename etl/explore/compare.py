"""One body's reports side by side across years, with the change of every cell (`nianbao compare`)."""
from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from etl.crossyear import RULES
from etl.explore.dictionary import cell_label, cells
from etl.extract.numbers import number
from etl.facts import report_tables
from models import CheckResult, Report


def _publisher(session: Session, name: str) -> str:
    """The stored publisher named exactly, else the only one whose name contains `name`."""
    if session.exec(select(Report.id).where(Report.publisher == name)).first() is not None:
        return name
    found = sorted(set(session.exec(select(Report.publisher).where(Report.publisher.contains(name))).all()))
    if len(found) == 1:
        return found[0]
    raise LookupError(f"no publisher {name!r}" if not found else
                      f"{name!r} fits several publishers: {', '.join(found)}")


def compare(session: Session, publisher: str, years: list[int] | None = None) -> dict[str, Any]:
    """{publisher, reports (one current report a year), cells (key, label, values, changes), cross_year_checks}."""
    name = _publisher(session, publisher)
    query = select(Report).where(Report.publisher == name, Report.status == "current", Report.year.is_not(None))
    if years:
        query = query.where(Report.year.in_(years))
    reports: dict[int, Report] = {}
    for report in session.exec(query.order_by(Report.year, Report.id)).all():
        reports.setdefault(report.year, report)
    if not reports:
        raise LookupError(f"no current report of {name!r}" + (f" for {years[0]} or {years[1]}" if years else ""))
    chosen = list(reports.values())
    tables = [report_tables(session, r.id) for r in chosen]
    rows = []
    for table, row, column, _formats in cells():
        values = [t.get(table, {}).get(row, {}).get(column) for t in tables]
        if all(v is None for v in values):
            continue
        changes = [number(b - a) if a is not None and b is not None else None for a, b in zip(values, values[1:], strict=False)]
        rows.append({"key": f"{table}/{row}/{column}", "label": cell_label(table, row, column)[0],
                     "values": values, "changes": changes})
    checks = session.exec(select(CheckResult, Report.year).join(Report, Report.id == CheckResult.report_id)
                          .where(CheckResult.report_id.in_([r.id for r in chosen]), CheckResult.rule.in_(RULES))
                          .order_by(Report.year, CheckResult.id)).all()
    return {"publisher": name,
            "reports": [{"year": r.year, "report_id": r.id, "format": r.format, "title": r.title} for r in chosen],
            "cells": rows,
            "cross_year_checks": [{"year": year, "report_id": c.report_id, "rule": c.rule, "cell": c.cell,
                                   "expected": number(c.expected), "found": number(c.found), "status": c.status}
                                  for c, year in checks]}
