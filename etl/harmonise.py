"""Section 二 of both national formats in one set of columns, where the two mean the same thing.

The 2019 and 2021 forms word section 二 differently. Two metrics mean the same in both:
- 规章 / 规范性文件: 2019 本年新制作数量 (`made`) = 2021 本年制发件数 (`issued`) → `<category>__issued`;
- 行政许可 / 行政处罚 / 行政强制: 处理决定数量 (`decisions`, both formats) → `<category>__decisions`.
Every other metric has no counterpart (2019 本年新公开数量 and 对外公开总数量, 2021 本年废止件数 and
现行有效件数 — in force is not the same as published in total —, the 2019 item counts and changes, 2021
fees in 万元, 2019 procurement, 2019 其他对外管理服务事项) and keeps a column of its own,
`<category>__<metric>__<format>`, empty for reports of the other format.
"""
from __future__ import annotations

from etl.extract.record import ACTIVE_DISCLOSURE, FORMATS

# harmonised metric -> {format: the metric that format prints}
HARMONISED = {"issued": {"2019": "made", "2021": "issued"}, "decisions": {"2019": "decisions", "2021": "decisions"}}


def harmonised_name(fmt: str | None, category: str, metric: str) -> str:
    """The column of one section 二 cell of a report of format `fmt`."""
    for name, per_format in HARMONISED.items():
        if all(per_format[f] in ACTIVE_DISCLOSURE[f].get(category, ()) for f in FORMATS) and \
                per_format.get(fmt or "") == metric:
            return f"{category}__{name}"
    return f"{category}__{metric}__{fmt}"


def harmonised_columns() -> list[str]:
    """Every column of the harmonised table, shared columns first, in printed order."""
    names: dict[str, None] = {}
    for fmt in FORMATS:
        for category, metrics in ACTIVE_DISCLOSURE[fmt].items():
            names.update({harmonised_name(fmt, category, m): None for m in metrics})
    shared = [n for n in names if n.count("__") == 1]
    return shared + [n for n in names if n.count("__") == 2]
