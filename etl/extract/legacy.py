"""The statistics table of a pre-2019 report (2008 regulation), kept as it is printed.

Such tables have no national form: each row is an indicator, its unit and its figure (主动公开政府信息数 条
2069). They are kept under their own key, never mapped into national cells.
"""
from __future__ import annotations

from etl.extract.numbers import normalize, parse_value, to_wan

_UNITS = frozenset({"条", "件", "个", "人", "人次", "次", "项", "万元", "元", "份", "期", "场", "篇", "%"})


def statistics(rows: list[list[str]]) -> list[dict[str, object]]:
    """Every printed (label, unit, value) row: a text label, a unit cell, then one figure."""
    found = []
    for row in rows:
        cells = [c for c in row if c.strip()]
        if len(cells) < 3:
            continue
        label, unit, figure = normalize(cells[0]), normalize(cells[-2]), parse_value(cells[-1])
        if unit not in _UNITS or figure is None or figure.blank or parse_value(label) is not None:
            continue
        value = to_wan(figure, unit) if unit in ("万元", "元") else figure.number
        found.append({"label": label, "unit": "万元" if unit == "元" else unit, "value": value})
    return found
