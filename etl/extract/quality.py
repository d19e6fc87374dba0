"""The record's own verdict on how far its figures can be trusted (SCHEMA.md `quality`).

complete: every template row of the format placed, every check passed or not assessable;
partial: template rows missing, cells unplaced or the document cut short;
doubtful: a check failed, or a cell's place had to be inferred and no check of its table confirmed it.
The verdict is derived from the record alone (its tables, notes and checks), so a stored record can be
re-judged without its document.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.extract.record import ACTIVE_DISCLOSURE, APPLICATION_ROWS, REVIEW_GROUPS, TABLES, Record

# Note codes by what they say about the record. A code in neither set is informational.
PARTIAL_NOTES = frozenset({"cells_missing", "unplaced", "cut_short", "no_tables", "format_unmatched"})
INFERRED_NOTES = frozenset({"header_inferred", "values_apart", "place_inferred", "read_by_ocr"})
# Which checks speak for which table (rules of SCHEMA.md).
RULES_OF = {"applications": ("1", "2", "3"), "review_litigation": ("4",), "active_disclosure": ()}
TABLE_NAMES = {"active_disclosure": "主动公开", "applications": "收到和处理申请", "review_litigation": "复议诉讼"}


@dataclass
class Quality:
    verdict: str = "complete"
    reasons: list[str] = field(default_factory=list)


def missing_rows(record: Record) -> dict[str, list[str]]:
    """Template rows of the record's format that the record does not hold, per table."""
    fmt = record.format
    if fmt not in ACTIVE_DISCLOSURE:
        return {}
    rows = set(record.applications)
    expected_apps = [r for r in APPLICATION_ROWS[fmt] if r not in ("other", "other_no_correction",
                                                                    "other_unpaid_fee", "other_misc")]
    others_printed = bool(rows & {"other", "other_no_correction", "other_unpaid_fee", "other_misc"})
    missing = {
        "active_disclosure": [c for c in ACTIVE_DISCLOSURE[fmt] if c not in record.active_disclosure],
        "applications": [r for r in expected_apps if r not in rows] + ([] if others_printed else ["other"]),
        "review_litigation": [g for g in REVIEW_GROUPS if g not in record.review_litigation],
    }
    return {table: keys for table, keys in missing.items() if keys}


def judge(record: Record) -> Quality:
    """The verdict and its reasons, in words a reader can act on."""
    if record.format == "legacy":
        return Quality("complete", ["legacy report (before the 2019 national forms): no national table cells"])
    partial: list[str] = []
    doubtful: list[str] = []
    for table, keys in missing_rows(record).items():
        partial.append(f"{TABLE_NAMES[table]}: {len(keys)} template row(s) not found ({', '.join(keys)})")
    failed = record.failed_checks
    if failed:
        cells = sorted({c.cell for c in failed})
        doubtful.append(f"{len(cells)} 勾稽 check(s) failed ({', '.join(cells[:5])}{' …' if len(cells) > 5 else ''})")
    for note in record.notes:
        if note.code in PARTIAL_NOTES:
            partial.append(note.message)
        elif note.code in INFERRED_NOTES and not _confirmed(record, note.table):
            doubtful.append(f"{note.message} — no check confirms it")
    if doubtful:
        return Quality("doubtful", doubtful + partial)
    if partial:
        return Quality("partial", partial)
    return Quality("complete", [])


def _confirmed(record: Record, table: str | None) -> bool:
    """True when the checks of `table` (every table when None) ran, at least one passed and none failed."""
    rules = RULES_OF.get(table, ()) if table else tuple(r for t in TABLES for r in RULES_OF[t])
    relevant = [c for c in record.checks if c.rule in rules]
    return bool(relevant) and any(c.status == "passed" for c in relevant) \
        and not any(c.status == "failed" for c in relevant)
