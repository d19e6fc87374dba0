"""Cell values shared by all readers: the text, and where the table grid puts it."""
from __future__ import annotations

import re

# Every kind of space a rendering pads cells with (ideographic, non-breaking, zero-width).
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u200b]+")


def clean_text(text: str) -> str:
    """A cell's or line's text with its spaces collapsed to one and trimmed."""
    return _SPACES.sub(" ", text).strip()


class Cell(str):
    """A cell's text with its grid position: first column `col` and `span` columns.

    `col` is None when the rendering has no grid (one cell per line, prose). Positions let a value be
    placed under the header whose columns it shares, even when cells around it are blank.
    """

    col: int | None
    span: int

    def __new__(cls, text: str, col: int | None = None, span: int = 1) -> Cell:
        cell = super().__new__(cls, text)
        cell.col, cell.span = col, span
        return cell

    @property
    def end(self) -> int | None:
        return None if self.col is None else self.col + self.span - 1


class SpanFiller(Cell):
    """An empty cell standing in for the extra columns of a colspan: never a value of its own."""


def filler(col: int | None = None) -> SpanFiller:
    return SpanFiller("", col)


def lines_of(rows: list[list[str]]) -> list[str]:
    """Each non-empty row as one line of its non-empty cells joined by a space."""
    return [" ".join(c for c in row if c) for row in rows if any(row)]
