"""Plain text (pasted reports, text renderings) → rows of cells.

Cells are separated by tabs, by `|` (pipe renderings and markdown tables, whose outer pipes and
|---| rule are not cells), or by runs of two or more spaces; a line
without separators is a row of one cell (the one-cell-per-line rendering needs nothing more, because
tables are matched by labels over the stream of cells, not by line).
"""
from __future__ import annotations

import re

from etl.extract.readers.cells import Cell

_PIPE = re.compile(r"\s*[|｜]\s*")
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")


_MARKDOWN_RULE = re.compile(r"^\s*[|｜]?\s*:?-+:?\s*(?:[|｜]\s*:?-+:?\s*)+[|｜]?\s*$")


def split_line(line: str) -> list[str]:
    line = line.rstrip("\r\n")
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    if _MARKDOWN_RULE.match(line):
        return []  # a markdown table's |---|---| rule
    if "|" in line or "｜" in line:
        cells = [c.strip() for c in _PIPE.split(line)]
        stripped = line.strip()
        if len(cells) > 2 and stripped[0] in "|｜" and stripped[-1] in "|｜" and any(cells):
            cells = cells[1:-1]  # a markdown row: its outer pipes are borders, not empty cells
        return cells
    stripped = line.strip()
    return [c.strip() for c in _SPACES.split(stripped)] if stripped else []


def read_text(text: str) -> list[list[str]]:
    """Rows of cells; cells of a separated line keep their index as grid column."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        cells = split_line(line)
        if any(cells):
            rows.append([Cell(c, i) for i, c in enumerate(cells)] if len(cells) > 1 else cells)
    return rows
