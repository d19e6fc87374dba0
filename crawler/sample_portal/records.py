"""Random but seeded report records for the sample portal: every table filled, the 勾稽 rules holding.

`make_record(rng, …)` draws the counts a small government body reports; `broken=True` puts one total
off by one, so the demo has a failed check to show.
"""
from __future__ import annotations

import random

from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANT_COLUMNS,
    MONEY_METRICS,
    OUTCOME_ROWS,
    REVIEW_GROUPS,
    Record,
)

# How many applications each applicant kind files, relative to natural persons.
_WEIGHT = {"natural_person": 1.0, "commercial": 0.25, "research": 0.03, "social_welfare": 0.03,
           "legal_services": 0.1, "other_org": 0.05}
_COMMON_OUTCOMES = ("granted", "partially_granted", "unavailable_not_held", "denied_third_party",
                    "rejected_petition", "rejected_duplicate", "unavailable_unclear")


def report_title(publisher: str, year: int, rng: random.Random) -> str:
    return rng.choice((f"{publisher}{year}年政府信息公开工作年度报告",
                       f"{publisher}{year}年度政府信息公开工作年度报告",
                       f"{year}年{publisher}政府信息公开工作年度报告"))


def make_record(rng: random.Random, *, publisher: str, year: int, publish_date: str, title: str | None = None,
                scale: int = 30, broken: bool = False) -> Record:
    """A complete record of `publisher`'s report for `year` in the national format of that year."""
    fmt = "2021" if year >= 2021 else "2019"
    record = Record(source="", title=title or report_title(publisher, year, rng), publisher=publisher, year=year,
                    publish_date=publish_date, format=fmt)
    record.active_disclosure = _active_disclosure(rng, fmt)
    record.applications = _applications(rng, fmt, scale)
    record.review_litigation = _review(rng)
    if broken:
        record.applications["total"]["natural_person"] += 1
        record.applications["total"]["total"] += 1
    return record


def _active_disclosure(rng: random.Random, fmt: str) -> dict[str, dict[str, int | float]]:
    table: dict[str, dict[str, int | float]] = {}
    for category, metrics in ACTIVE_DISCLOSURE[fmt].items():
        row: dict[str, int | float] = {}
        for metric in metrics:
            if metric in MONEY_METRICS:
                row[metric] = round(rng.uniform(0, 900), 2) if rng.random() < 0.6 else 0
            elif metric in ("total_published", "in_force", "items_last_year"):
                row[metric] = rng.randint(5, 400)
            elif metric in ("decisions",):
                row[metric] = rng.randint(0, 3000)
            else:
                row[metric] = rng.randint(0, 30)
        table[category] = row
    return table


def _applications(rng: random.Random, fmt: str, scale: int) -> dict[str, dict[str, int]]:
    rows = {name: {} for name in ("new_received", "carried_over", *OUTCOME_ROWS[fmt], "total", "carried_forward")}
    for column in APPLICANT_COLUMNS:
        weight = _WEIGHT[column]
        new = rng.randint(0, max(1, round(scale * weight)))
        carried = rng.randint(0, max(0, round(3 * weight)))
        forward = rng.randint(0, min(new + carried, max(0, round(3 * weight))))
        decided = new + carried - forward
        outcome = dict.fromkeys(OUTCOME_ROWS[fmt], 0)
        for _ in range(decided):
            outcome[rng.choice(_COMMON_OUTCOMES[: rng.randint(2, len(_COMMON_OUTCOMES))])] += 1
        rows["new_received"][column] = new
        rows["carried_over"][column] = carried
        for name, value in outcome.items():
            rows[name][column] = value
        rows["total"][column] = decided
        rows["carried_forward"][column] = forward
    for cells in rows.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_COLUMNS)
    return rows


def _review(rng: random.Random) -> dict[str, dict[str, int]]:
    table = {}
    for group in REVIEW_GROUPS:
        cells = {outcome: rng.choice((0, 0, 0, 1, 1, 2, 3)) for outcome in ("upheld", "corrected", "other", "pending")}
        cells["total"] = sum(cells.values())
        table[group] = cells
    return table
