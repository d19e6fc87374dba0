"""Exporting the dataset: a wide table with one row per report, and the long fact tables.

    paths = export(session, out_dir, "parquet")   # or "csv", "jsonl"

Files: reports (wide: metadata and every SCHEMA.md cell of both formats as `<table>__<row>__<column>`),
active_disclosure, applications, review_litigation (long: one cell per row, SCHEMA.md keys),
check_results and report_sources. Every report is exported, superseded versions too (see `status`).
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import func
from sqlmodel import Session, select

from etl.extract.numbers import number
from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANTS,
    APPLICATION_ROWS,
    FORMATS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
)
from etl.rows import FACTS
from models import (
    ActiveDisclosureFact,
    ApplicationFact,
    CheckResult,
    Report,
    ReportSource,
    ReviewLitigationFact,
)

EXPORT_FORMATS = ("csv", "jsonl", "parquet")
META_COLUMNS = {
    "report_id": pa.int64(), "status": pa.string(), "superseded_by": pa.int64(), "publisher": pa.string(),
    "year": pa.int64(), "title": pa.string(), "publish_date": pa.string(), "format": pa.string(),
    "parser_version": pa.string(), "canonical_url": pa.string(), "sources": pa.int64(),
    "failed_checks": pa.int64(), "quality": pa.string(), "quality_reasons": pa.string(),
}
LONG_TABLES: dict[str, tuple[Any, dict[str, pa.DataType]]] = {
    "active_disclosure": (ActiveDisclosureFact, {"report_id": pa.int64(), "category": pa.string(),
                                                 "metric": pa.string(), "value": pa.float64()}),
    "applications": (ApplicationFact, {"report_id": pa.int64(), "row": pa.string(), "applicant": pa.string(),
                                       "count": pa.int64()}),
    "review_litigation": (ReviewLitigationFact, {"report_id": pa.int64(), "group": pa.string(),
                                                 "outcome": pa.string(), "count": pa.int64()}),
    "check_results": (CheckResult, {"report_id": pa.int64(), "rule": pa.string(), "cell": pa.string(),
                                    "expected": pa.float64(), "found": pa.float64(), "status": pa.string()}),
    "report_sources": (ReportSource, {"report_id": pa.int64(), "document_id": pa.int64(), "url": pa.string(),
                                      "portal": pa.string(), "publisher": pa.string(), "publish_date": pa.string(),
                                      "fetched_at": pa.string(), "own_portal": pa.bool_(),
                                      "canonical": pa.bool_()}),
}


def cell_columns() -> dict[tuple[str, str, str], str]:
    """(table, row, column) → wide column name, for every cell of both national formats."""
    keys: dict[tuple[str, str, str], None] = {}
    for fmt in FORMATS:
        for category, metrics in ACTIVE_DISCLOSURE[fmt].items():
            keys.update({("active_disclosure", category, m): None for m in metrics})
    for fmt in FORMATS:
        keys.update({("applications", row, a): None for row in APPLICATION_ROWS[fmt] for a in APPLICANTS})
    keys.update({("review_litigation", g, o): None for g in REVIEW_GROUPS for o in REVIEW_OUTCOMES})
    return {key: "__".join(key) for key in keys}


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def wide_rows(session: Session) -> tuple[list[dict[str, Any]], dict[str, pa.DataType]]:
    columns = cell_columns()
    schema = dict(META_COLUMNS)
    schema.update({name: pa.float64() if key[0] == "active_disclosure" else pa.int64()
                   for key, name in columns.items()})
    cells: dict[int, dict[str, Any]] = defaultdict(dict)
    for table, (model, row_key, col_key, value_key) in FACTS.items():
        for fact in session.exec(select(model)).all():
            name = columns.get((table, getattr(fact, row_key), getattr(fact, col_key)))
            if name:
                cells[fact.report_id][name] = getattr(fact, value_key)
    counts = dict(session.exec(select(ReportSource.report_id, func.count()).group_by(ReportSource.report_id)).all())
    canonical = dict(session.exec(select(ReportSource.report_id, ReportSource.url).where(ReportSource.canonical)).all())
    rows = []
    for report in session.exec(select(Report).order_by(Report.id)).all():
        row = {"report_id": report.id, "status": report.status, "superseded_by": report.superseded_by_id,
               "publisher": report.publisher, "year": report.year, "title": report.title,
               "publish_date": _plain(report.publish_date), "format": report.format,
               "parser_version": report.parser_version, "canonical_url": canonical.get(report.id),
               "sources": counts.get(report.id, 0), "failed_checks": report.failed_checks,
               "quality": report.quality, "quality_reasons": "; ".join(report.quality_reasons or [])}
        row.update({name: cells[report.id].get(name) for name in columns.values()})
        rows.append(row)
    return rows, schema


def long_rows(session: Session, table: str) -> tuple[list[dict[str, Any]], dict[str, pa.DataType]]:
    model, schema = LONG_TABLES[table]
    facts = session.exec(select(model).order_by(model.report_id, model.id)).all()
    return [{key: _plain(getattr(fact, key)) for key in schema} for fact in facts], schema


def write_table(rows: list[dict[str, Any]], schema: dict[str, pa.DataType], path: Path, fmt: str) -> None:
    """One table in one format; text formats print whole numbers without a decimal point."""
    if fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema(list(schema.items()))), path)
        return
    rows = [{key: number(value) for key, value in row.items()} for row in rows]
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(schema))
            writer.writeheader()
            writer.writerows(rows)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")


def export(session: Session, out_dir: Path, fmt: str) -> list[Path]:
    """Write every export table to out_dir/<table>.<fmt>; return the paths written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = {"reports": wide_rows(session)} | {name: long_rows(session, name) for name in LONG_TABLES}
    paths = []
    for name, (rows, schema) in tables.items():
        path = out_dir / f"{name}.{fmt}"
        write_table(rows, schema, path, fmt)
        paths.append(path)
    return paths
