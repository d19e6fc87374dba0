"""The 勾稽 checks of SCHEMA.md. They record what is wrong and where; they never change a value."""
from __future__ import annotations

from collections.abc import Iterable

from etl.extract.record import APPLICANTS, OUTCOME_ROWS, REVIEW_OUTCOMES, Check, Number, Record

_COLUMNS = APPLICANTS[:-1]


def check(rule: str, cell: str, expected_parts: Iterable[Number], found: Number) -> Check:
    """One rule on one cell: expected = sum of parts (blanks count as 0); etl.crossyear uses it too.

    Not assessable when every summed cell is blank, or the checked cell itself is blank (a report that
    leaves its 总计 column empty has asserted nothing there).
    """
    parts = list(expected_parts)
    if found is None or all(p is None for p in parts):
        return Check(rule, cell, None, found, "not assessable")
    expected = sum(p for p in parts if p is not None)
    status = "passed" if abs(expected - (found or 0)) < 0.01 else "failed"
    return Check(rule, cell, expected, found, status)


def run_checks(record: Record) -> list[Check]:
    checks: list[Check] = []
    apps = record.applications
    # Both formats' （六） rows: a report of one format may print the other's.
    outcomes = tuple(dict.fromkeys(OUTCOME_ROWS["2021"] + OUTCOME_ROWS["2019"]))
    if apps:
        def cell(row: str, col: str) -> Number:
            return apps.get(row, {}).get(col)

        for col in APPLICANTS:
            # Rule 1: 新收 + 结转 = 总计 + 结转下年 (both sides may be blank).
            left = [cell("new_received", col), cell("carried_over", col)]
            right = [cell("total", col), cell("carried_forward", col)]
            if all(v is None for v in left + right):
                checks.append(Check("1", f"applications/*/{col}", None, None, "not assessable"))
            else:
                checks.append(check("1", f"applications/new_received+carried_over/{col}", left,
                                     sum(v for v in right if v is not None)))
            # Rule 2: 总计 row = sum of outcome rows.
            checks.append(check("2", f"applications/total/{col}", (cell(r, col) for r in outcomes),
                                 cell("total", col)))
        for row in apps:
            # Rule 3: the 总计 column = the six applicant columns.
            checks.append(check("3", f"applications/{row}/total", (cell(row, c) for c in _COLUMNS),
                                 cell(row, "total")))
    for group, cols in record.review_litigation.items():
        # Rule 4: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
        checks.append(check("4", f"review_litigation/{group}/total",
                             (cols.get(o) for o in REVIEW_OUTCOMES[:-1]), cols.get("total")))
    return checks
