"""A report's fact tables as stored, and read back as SCHEMA.md tables (show, export, cross-year checks)."""
from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from etl.extract.numbers import number
from etl.rows import FACTS


def _table(rows, key_a: str, key_b: str, value: str) -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        table.setdefault(getattr(row, key_a), {})[getattr(row, key_b)] = number(getattr(row, value))
    return table


def report_tables(session: Session, report_id: int) -> dict[str, dict[str, dict[str, Any]]]:
    """A stored report's three tables, {table: {row: {column: value}}} with SCHEMA.md keys."""
    return {table: _table(session.exec(select(model).where(model.report_id == report_id).order_by(model.id)).all(),
                          *keys)
            for table, (model, *keys) in FACTS.items()}


