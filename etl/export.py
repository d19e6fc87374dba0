"""Exporting the dataset: a wide table with one row per report, and the long fact tables.

    paths = export(session, out_dir, "parquet")   # or "csv", "jsonl"

Files: reports (wide: metadata and every SCHEMA.md cell of both formats as `<table>__<row>__<column>`),
active_disclosure, applications, review_litigation (long: one cell per row, SCHEMA.md keys),
check_results (with each rule's text), report_sources, active_disclosure_harmonised (section 二 in one set
of columns for both formats, etl.harmonise) and schema.json (every table's columns and Arrow types).
Every long table repeats its report's year, format, publisher and region; counts are integers (empty
when blank), money in 万元 is a float, dates are dates. Every report is exported, superseded versions too
(see `status`). Labels of every column: docs/data-dictionary.md.
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

from etl.explore.dictionary import CHECK_RULES
from etl.extract.numbers import number
from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANTS,
    APPLICATION_ROWS,
    FORMATS,
    MONEY_METRICS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
)
from etl.harmonise import harmonised_columns, harmonised_name
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
# Who and where a report is: the first columns of the wide table, repeated on every long table's rows.
CONTEXT_COLUMNS = {"year": pa.int64(), "format": pa.string(), "publisher": pa.string(), "region_code": pa.string(),
                   "province": pa.string(), "prefecture": pa.string(), "county": pa.string(), "quality": pa.string()}
META_COLUMNS = {
    "report_id": pa.int64(), **CONTEXT_COLUMNS, "status": pa.string(), "superseded_by": pa.int64(),
    "title": pa.string(), "publish_date": pa.date32(), "parser_version": pa.string(), "canonical_url": pa.string(),
    "sources": pa.int64(), "failed_checks": pa.int64(), "quality_reasons": pa.string(),
}
_LEAD = {"report_id": pa.int64(), **CONTEXT_COLUMNS}
LONG_TABLES: dict[str, tuple[Any, dict[str, pa.DataType]]] = {
    "active_disclosure": (ActiveDisclosureFact, {**_LEAD, "category": pa.string(), "metric": pa.string(),
                                                 "value": pa.float64()}),
    "applications": (ApplicationFact, {**_LEAD, "row": pa.string(), "applicant": pa.string(), "count": pa.int64()}),
    "review_litigation": (ReviewLitigationFact, {**_LEAD, "group": pa.string(), "outcome": pa.string(),
                                                 "count": pa.int64()}),
    "check_results": (CheckResult, {**_LEAD, "rule": pa.string(), "rule_text": pa.string(), "cell": pa.string(),
                                    "expected": pa.int64(), "found": pa.int64(), "status": pa.string()}),
    "report_sources": (ReportSource, {**_LEAD, "document_id": pa.int64(), "url": pa.string(), "portal": pa.string(),
                                      "source_publisher": pa.string(), "publish_date": pa.date32(),
                                      "fetched_at": pa.timestamp("ms"), "own_portal": pa.bool_(),
                                      "canonical": pa.bool_()}),
}
# A fact column exported under another name (the report's own column of that name comes first).
_RENAMED = {"source_publisher": "publisher"}


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


def _contexts(session: Session) -> dict[int, dict[str, Any]]:
    return {r.id: {key: getattr(r, key) for key in CONTEXT_COLUMNS} for r in session.exec(select(Report)).all()}


def _integer(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def wide_rows(session: Session) -> tuple[list[dict[str, Any]], dict[str, pa.DataType]]:
    columns = cell_columns()
    schema = dict(META_COLUMNS)
    schema.update({name: pa.float64() if key[2] in MONEY_METRICS else pa.int64() for key, name in columns.items()})
    cells: dict[int, dict[str, Any]] = defaultdict(dict)
    for table, (model, row_key, col_key, value_key) in FACTS.items():
        for fact in session.exec(select(model)).all():
            name = columns.get((table, getattr(fact, row_key), getattr(fact, col_key)))
            if name:
                value = getattr(fact, value_key)
                cells[fact.report_id][name] = value if schema[name] == pa.float64() else _integer(value)
    counts = dict(session.exec(select(ReportSource.report_id, func.count()).group_by(ReportSource.report_id)).all())
    canonical = dict(session.exec(select(ReportSource.report_id, ReportSource.url).where(ReportSource.canonical)).all())
    rows = []
    for report in session.exec(select(Report).order_by(Report.id)).all():
        row = {"report_id": report.id, **{key: getattr(report, key) for key in CONTEXT_COLUMNS},
               "status": report.status, "superseded_by": report.superseded_by_id, "title": report.title,
               "publish_date": report.publish_date, "parser_version": report.parser_version,
               "canonical_url": canonical.get(report.id), "sources": counts.get(report.id, 0),
               "failed_checks": report.failed_checks, "quality_reasons": "; ".join(report.quality_reasons or [])}
        row.update({name: cells[report.id].get(name) for name in columns.values()})
        rows.append(row)
    return rows, schema


def long_rows(session: Session, table: str) -> tuple[list[dict[str, Any]], dict[str, pa.DataType]]:
    """One fact a row, with its report's context columns (and, for checks, the rule's text)."""
    model, schema = LONG_TABLES[table]
    contexts = _contexts(session)
    rules = {rule: zh for rule, (zh, _en) in CHECK_RULES.items()}
    rows = []
    for fact in session.exec(select(model).order_by(model.report_id, model.id)).all():
        row = dict(contexts[fact.report_id])
        for key, kind in schema.items():
            if key in row:
                continue
            if key == "rule_text":
                row[key] = rules.get(fact.rule)
            else:
                value = getattr(fact, _RENAMED.get(key, key))
                row[key] = _integer(value) if kind == pa.int64() else value
        rows.append({"report_id": fact.report_id, **row})
    return rows, schema


def harmonised_rows(session: Session) -> tuple[list[dict[str, Any]], dict[str, pa.DataType]]:
    """Section 二 with one set of columns for both formats (HARMONISED), the other metrics in their own."""
    contexts = _contexts(session)
    schema = {**_LEAD, **{name: pa.float64() if name.split("__")[1] in MONEY_METRICS else pa.int64()
                          for name in harmonised_columns()}}
    values: dict[int, dict[str, Any]] = defaultdict(dict)
    for fact in session.exec(select(ActiveDisclosureFact)).all():
        fmt = contexts[fact.report_id]["format"]
        name = harmonised_name(fmt, fact.category, fact.metric)
        if name in schema:
            values[fact.report_id][name] = _integer(fact.value) if schema[name] == pa.int64() else fact.value
    rows = [{"report_id": rid, **context, **{name: values[rid].get(name) for name in schema if name not in _LEAD}}
            for rid, context in sorted(contexts.items())]
    return rows, schema


def write_table(rows: list[dict[str, Any]], schema: dict[str, pa.DataType], path: Path, fmt: str,
                excel: bool = False) -> None:
    """One table in one format; text formats print whole numbers without a decimal point, dates as
    YYYY-MM-DD. `excel`: the CSV starts with a UTF-8 BOM, so Excel on Chinese Windows reads it right."""
    if fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema(list(schema.items()))), path)
        return
    rows = [{key: number(_plain(value)) for key, value in row.items()} for row in rows]
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(schema))
            writer.writeheader()
            writer.writerows(rows)
    else:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")


def export(session: Session, out_dir: Path, fmt: str, excel: bool = False) -> list[Path]:
    """Write every export table to out_dir/<table>.<fmt>, and schema.json (each table's columns and their
    Arrow types, for typed reading of the text formats); return the paths written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(EXPORT_FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = ({"reports": wide_rows(session)} | {name: long_rows(session, name) for name in LONG_TABLES}
              | {"active_disclosure_harmonised": harmonised_rows(session)})
    paths = []
    for name, (rows, schema) in tables.items():
        path = out_dir / f"{name}.{fmt}"
        write_table(rows, schema, path, fmt, excel)
        paths.append(path)
    types = {name: {column: str(kind) for column, kind in schema.items()} for name, (_rows, schema) in tables.items()}
    (out_dir / "schema.json").write_text(json.dumps(types, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths + [out_dir / "schema.json"]
