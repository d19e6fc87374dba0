"""Printed tables as HTML thinks of them: rows of cells with row and column spans.

Every rendering starts from this one model, so an HTML page, a Word export and the plain-text copies of
the same record always carry the same cells; only the way spans are flattened differs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

NBSP = "\xa0"


@dataclass
class Cell:
    """One printed cell. `lines` are the cell's lines as printed (a split header has two)."""

    lines: tuple[str, ...]
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # label | header | value | pad (a filler cell with nothing to say)

    @classmethod
    def of(cls, text: str, kind: str = "label", *, rowspan: int = 1, colspan: int = 1) -> Cell:
        return cls((text,), rowspan, colspan, kind)

    def joined(self, separator: str = "") -> str:
        return separator.join(self.lines)


@dataclass
class Slot:
    """One position of the fully expanded grid and the cell that covers it."""

    cell: Cell
    first_row: bool  # the cell starts on this row
    first_col: bool  # the cell starts in this column


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    trailing_empty_rows: int = 0  # Word leaves blank rows below the data

    def expand(self) -> list[list[Slot]]:
        """The grid with every span spelled out; raises if the spans do not tile a rectangle."""
        grid: list[list[Slot | None]] = []
        for r, row in enumerate(self.rows):
            while len(grid) <= r:
                grid.append([])
            c = 0
            for cell in row:
                while c < len(grid[r]) and grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    while len(grid) <= r + dr:
                        grid.append([])
                    target = grid[r + dr]
                    while len(target) < c + cell.colspan:
                        target.append(None)
                    for dc in range(cell.colspan):
                        if target[c + dc] is not None:
                            raise ValueError(f"overlapping cells at row {r + dr}, column {c + dc}")
                        target[c + dc] = Slot(cell, dr == 0, dc == 0)
                c += cell.colspan
        width = max(len(row) for row in grid)
        if len(grid) != len(self.rows) or any(len(row) != width or None in row for row in grid):
            raise ValueError("table spans do not form a rectangle")
        return grid  # type: ignore[return-value]

    @property
    def width(self) -> int:
        return len(self.expand()[0])
