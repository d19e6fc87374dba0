"""Figures a report states in prose, checked against its tables.

When a section is printed twice — a narrative and a table version — the record takes its figures from
the table; the narrative's own figures are compared with it and every disagreement becomes a note
(seed 003 says 其他对外管理服务事项 处理决定1件 in prose, 0 in its table).
"""
from __future__ import annotations

import re

from etl.extract import labels
from etl.extract.numbers import normalize
from etl.extract.record import Table

_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:件|项|条|个|次|万元|元)")
_CATEGORY = [(k, re.compile(p)) for k, p in labels.CATEGORIES]
_REVIEW = [("review", re.compile(r"行政复议")), ("litigation", re.compile(r"行政诉讼"))]


def _figure(text: str) -> float | None:
    m = _FIGURE.search(normalize(text))
    return float(m.group(1)) if m else None


def _mentions(lines: list[str], match) -> list[tuple[str, str, float]]:
    """(key, label line, figure) for each line naming a row, with the figure on it or the next line."""
    found = []
    for i, line in enumerate(lines):
        key = match(line)
        if not key:
            continue
        figure = _figure(line)
        if figure is None and i + 1 < len(lines) and not match(lines[i + 1]):
            figure = _figure(lines[i + 1])
        if figure is not None:
            found.append((key, line, figure))
    return found


def _category(line: str) -> str | None:
    """The one category a short line names (a line naming several is a heading, not a figure)."""
    t = labels.clean_label(line)
    keys = {k for k, p in _CATEGORY if p.search(t)}
    if "normative_documents" in keys:
        keys.discard("regulations")
    return keys.pop() if len(keys) == 1 and len(t) <= 40 else None


def _review(line: str) -> str | None:
    t = normalize(line)
    return next((k for k, p in _REVIEW if p.search(t)), None) if len(t) <= 60 else None


def disagreements(section: int, lines: list[str], table: Table) -> list[str]:
    """Messages for each figure the prose of `section` states that its table does not print."""
    out = []
    if section == 2:
        mentions = _mentions(lines, _category)
        rows = {k: [v for v in cols.values() if v is not None] for k, cols in table.items()}
    elif section == 3:
        mentions = _mentions(lines, lambda line: labels.application_row(line) if len(line) <= 80 else None)
        rows = {k: [cols.get("total")] if cols.get("total") is not None else [] for k, cols in table.items()}
    elif section == 4:
        mentions = _mentions(lines, _review)
        rows = {
            "review": [table.get("review", {}).get("total")],
            "litigation": [sum((table.get(g, {}).get("total") or 0) for g in ("litigation_direct",
                                                                              "litigation_after_review"))],
        }
    else:
        return out
    for key, line, figure in mentions:
        printed = [v for v in rows.get(key, []) if v is not None]
        if printed and not any(abs(figure - v) < 0.01 for v in printed):
            shown = ", ".join(f"{v:g}" for v in printed)
            out.append(f"section {section} is printed twice and disagrees: the prose says {figure:g} "
                       f"({line.strip()[:40]}), the table says {shown} for {key}; the table is kept")
    return out
