"""The numbers the charts plot, across years, for one publisher, a region or the whole collection.

    series = chart_data(query, "applications", publisher=None, region="福建省")   # {label: {year: value}}

`query(sql, params)` returns rows: an SQLAlchemy connection (`nianbao chart`) or Datasette's sqlite3
connection (the charts page of `nianbao browse`) both serve, so the numbers plotted are read by the same
SQL everywhere. Only current reports count. Drawing is etl.explore.charts.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Query = Callable[[str, dict[str, Any]], list[tuple]]
Series = dict[str, dict[int, float]]

# Outcome groups of section 三, by the prefix of their SCHEMA row keys.
OUTCOME_GROUPS = {"granted": ("予以公开", "granted"), "partially_granted": ("部分公开", "partially granted"),
                  "denied": ("不予公开", "denied"), "unavailable": ("无法提供", "unavailable"),
                  "rejected": ("不予处理", "not handled"), "other": ("其他处理", "other handling")}
REVIEW_OUTCOMES = {"upheld": ("维持", "upheld"), "corrected": ("纠正", "corrected"),
                   "other": ("其他", "other"), "pending": ("尚未审结", "pending")}
KINDS = {
    "applications": ("申请数量及办理结果", "Applications received and their outcomes"),
    "grant_rate": ("予以公开（含部分公开）比例", "Grant rate (granted or partially granted, of handled)"),
    "review_litigation": ("行政复议、行政诉讼结果", "Administrative review and litigation outcomes"),
    "reports": ("各年度报告数（按格式）", "Reports per year and format"),
    "failing_checks": ("未通过勾稽校验的报告比例", "Share of reports failing a check"),
}
_SELECT = "r.status = 'current' AND r.year IS NOT NULL"


def _where(publisher: str | None, region: str | None) -> tuple[str, dict[str, Any]]:
    clauses, params = [_SELECT], {}
    if publisher:
        clauses.append("r.publisher = :publisher")
        params["publisher"] = publisher
    if region:
        clauses.append("(r.province = :region OR r.prefecture = :region OR r.county = :region "
                       "OR r.region_code = :region)")
        params["region"] = region
    return " AND ".join(clauses), params


def _group(row: str) -> str:
    return next((g for g in OUTCOME_GROUPS if row == g or row.startswith(g + "_")), "other")


def chart_data(query: Query, kind: str, publisher: str | None = None, region: str | None = None,
               chinese: bool = True) -> Series:
    """The numbers a chart plots: series label → {year: value}."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart {kind!r}; expected one of {', '.join(KINDS)}")
    where, params = _where(publisher, region)
    lang = 0 if chinese else 1
    series: Series = {}

    def add(label: str, year: int, value: float) -> None:
        series.setdefault(label, {})
        series[label][year] = series[label].get(year, 0) + value

    if kind in ("applications", "grant_rate"):
        rows = query("SELECT r.year, a.row, SUM(a.count) FROM application_facts a JOIN reports r ON r.id = a.report_id "
                     f"WHERE {where} AND a.applicant = 'total' AND a.count IS NOT NULL GROUP BY r.year, a.row", params)
        received = ("本年新收申请", "received this year")[lang]
        series[received] = {}  # first: drawn as a line over the outcomes, stacked in printed order
        series.update({label[lang]: {} for label in OUTCOME_GROUPS.values()})
        handled: dict[int, float] = {}
        granted: dict[int, float] = {}
        for year, row, n in rows:
            if row == "new_received":
                add(received, year, n)
            elif row not in ("carried_over", "carried_forward", "total"):
                group = _group(row)
                handled[year] = handled.get(year, 0) + n
                if group in ("granted", "partially_granted"):
                    granted[year] = granted.get(year, 0) + n
                add(OUTCOME_GROUPS[group][lang], year, n)
        if kind == "grant_rate":
            label = KINDS["grant_rate"][lang]
            return {label: {y: round(granted.get(y, 0) / n, 4) for y, n in sorted(handled.items()) if n}}
    elif kind == "review_litigation":
        rows = query("SELECT r.year, f.outcome, SUM(f.count) FROM review_litigation_facts f "
                     f"JOIN reports r ON r.id = f.report_id WHERE {where} AND f.outcome != 'total' "
                     "AND f.count IS NOT NULL GROUP BY r.year, f.outcome", params)
        for year, outcome, n in rows:
            add(REVIEW_OUTCOMES[outcome][lang], year, n)
    elif kind == "reports":
        for year, fmt, n in query(f"SELECT r.year, r.format, COUNT(*) FROM reports r WHERE {where} "
                                  "GROUP BY r.year, r.format", params):
            add(fmt or ("未知", "unknown")[lang], year, n)
    else:
        rows = query(f"SELECT r.year, COUNT(*), SUM(CASE WHEN r.failed_checks > 0 THEN 1 ELSE 0 END) FROM reports r "
                     f"WHERE {where} GROUP BY r.year", params)
        series[KINDS["failing_checks"][lang]] = {year: round(failing / n, 4) for year, n, failing in rows}
    return {label: dict(sorted(values.items())) for label, values in series.items() if values}
