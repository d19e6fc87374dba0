"""Sections 一 to 六 of a report, found by their wording (numerals are often missing or doubled).

A heading is a short row whose text, once its numbering is stripped, starts with a known section
title. Numbering in brackets （一） or arabic 1、 marks sub-items, never a section. A section printed
more than once (a narrative and a table version, or a pasted block) gives several occurrences.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.extract.numbers import normalize, parse_value
from etl.extract.readers.cells import lines_of

_NUMERAL = r"(?:第?[一二三四五六七八九十]+(?:部分)?\s*[、.．，,]?|[、.．])"
SECTION_TITLES: list[tuple[int, str]] = [
    (1, r"(?:政府信息公开(?:工作)?)?总体情况|概述|基本情况"),
    (2, r"主动公开政府信息(?:的)?(?:情况)?|主动公开(?:政府)?信息(?:工作)?情况|主动公开情况"),
    (3, r"收到和处理政府信息公开申请(?:的)?(?:情况)?|依申请公开(?:政府信息)?(?:工作)?情况"),
    (4, r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、和及]?(?:提起)?行政诉讼(?:的)?(?:情况)?"
        r"|(?:被申请)?行政复议[、和及](?:提起)?行政诉讼(?:的)?情况"),
    (5, r"[^，。,]{0,14}?存在的?(?:主要)?(?:问题|不足)(?:及|和|与|以及)(?:其)?(?:改进|整改)(?:情况|措施|方向|计划)?"
        r"|(?:主要)?问题(?:及|和)改进(?:情况|措施)"),
    (6, r"其他需要报告的?事项|其他需报告的?事项"),
]
_HEADING = re.compile(
    rf"^(?P<num>{_NUMERAL})?\s*(?P<title>" + "|".join(f"(?P<s{n}>{p})" for n, p in SECTION_TITLES) + r")"
)
_MAX_HEADING = 40


@dataclass
class Occurrence:
    number: int
    title: str
    rows: list[list[str]] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return lines_of(self.rows)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def heading(row: list[str]) -> tuple[int, str, str] | None:
    """(section number, heading as printed, rest of the row text) if `row` opens a section."""
    cells = [c for c in row if c]
    # A heading is one cell, or a few that a PDF or layout tool broke it into (一 / 、总体情况).
    if not cells or len(cells) > 3 or len(cells) > 1 and any(parse_value(c) is not None for c in cells):
        return None
    text = normalize("".join(cells))
    m = _HEADING.match(text)
    if not m:
        return None
    number = next(n for n, _ in SECTION_TITLES if m.group(f"s{n}"))
    rest = text[m.end():]
    # Two headings run together ("六、其他需要报告的事项一、总体情况") split at the second numeral.
    if rest and _HEADING.match(rest) and re.match(_NUMERAL, rest):
        return number, text[: m.end()], rest
    if len(text) > _MAX_HEADING or rest.strip("：:。.") and not _trailing_ok(rest):
        return None
    return number, text, ""


def _trailing_ok(rest: str) -> bool:
    """Short remarks after a heading (（表格）, 概述) are fine; a sentence means the row is prose."""
    return bool(re.fullmatch(r"[(（][^()（）]{0,20}[)）]", rest)) or (
        len(rest) <= 8 and not re.search(r"[，。；,;：:\d]", rest))


def split_sections(rows: list[list[str]]) -> tuple[list[list[str]], list[Occurrence]]:
    """The rows before the first heading, and every section occurrence in order."""
    preamble: list[list[str]] = []
    occurrences: list[Occurrence] = []
    queue = list(rows)
    while queue:
        row = queue.pop(0)
        found = heading(row)
        if found is None:
            (occurrences[-1].rows if occurrences else preamble).append(row)
            continue
        number, title, rest = found
        occurrences.append(Occurrence(number, title))
        if rest:
            queue.insert(0, [rest])
    return preamble, occurrences


def by_number(occurrences: list[Occurrence]) -> dict[int, list[Occurrence]]:
    """Occurrences with a body, grouped by section number (an empty heading is not an occurrence)."""
    grouped: dict[int, list[Occurrence]] = {}
    for occ in occurrences:
        if any(any(c for c in row) for row in occ.rows):
            grouped.setdefault(occ.number, []).append(occ)
    return grouped
