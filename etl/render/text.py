"""Plain-text copies of a report, the way text comes out of portals, Word and PDF tools.

- lines: every paragraph and every table cell on its own line, blank lines between (a copied web page);
- pipes: each cell followed by " |", rows padded with empty cells to the table width (an HTML-to-text dump);
- tabs, layout "grid": one table row per line, cells tab-separated, spans spelled out as empty cells;
- tabs, layout "cells": one cell per tab-indented line, a blank line after each row (Word's "save as text").
"""
from __future__ import annotations

import random
from dataclasses import replace

from etl.extract.record import Record
from etl.render.document import Block, build_document
from etl.render.grid import Table
from etl.render.style import Style, without_spans


def _rng(seed: int | random.Random) -> random.Random:
    return seed if isinstance(seed, random.Random) else random.Random(seed)


def _document(record: Record, seed: int | random.Random, medium: str, options: dict) -> tuple[list[Block], Style,
                                                                                                  random.Random]:
    rng = _rng(seed)
    style = Style.draw(rng, medium, **options)
    if medium == "grid":
        style = without_spans(style)
    if style.info == "table":
        style = replace(style, info="lines")
    return build_document(record, style, rng), style, rng


def _line_ends(text: str, style: Style) -> str:
    return text.replace("\n", "\r\n") if style.crlf else text


def _info_lines(block: Block, rng: random.Random) -> list[str]:
    colon = rng.choice(("：", ":"))
    items = [f"{label}{colon}{value}" for label, value in block.pairs]
    return items if block.text == "lines" else ["　".join(items)]


def _prose_lines(block: Block, rng: random.Random) -> list[str]:
    """The lines a non-table block prints."""
    if block.kind == "info":
        return _info_lines(block, rng)
    if block.kind == "signature":
        return list(block.lines)
    return [block.text]


def render_lines(record: Record, *, seed: int | random.Random = 0, **options: object) -> str:
    """Every paragraph and table cell on a line of its own, separated by blank lines (like seed 001)."""
    blocks, style, rng = _document(record, seed, "text", options)
    joiner = rng.choice((" ", ""))
    items: list[str] = []
    for block in blocks:
        if block.kind != "table":
            items.extend(_prose_lines(block, rng))
            continue
        for row in block.table.rows:
            items.extend(text for text in (cell.joined(joiner) for cell in row) if text)
    return _line_ends("\n\n".join(items) + "\n", style)


def _pipe_table(table: Table) -> list[str]:
    width = table.width
    cells: list[str] = []
    for index, row in enumerate(table.rows):
        texts = [cell.joined(" ") for cell in row]
        if index < len(table.rows) - 1:
            texts += [""] * (width - len(texts))
        cells.extend(texts)
    lines: list[str] = []
    empties = 0
    for position, text in enumerate(cells):
        if not text:
            empties += 1
            continue
        if empties:
            lines.append("|" * empties)
            empties = 0
        lines.append(text if position == len(cells) - 1 else f"{text} |")
    if empties:
        lines.append("|" * empties)
    return lines


def render_pipes(record: Record, *, seed: int | random.Random = 0, **options: object) -> str:
    """Cells as "text |" lines, empty cells as runs of "|", prose one paragraph a line (like seed 002)."""
    blocks, style, rng = _document(record, seed, "text", options)
    lines: list[str] = []
    for block in blocks:
        lines.extend(_pipe_table(block.table) if block.kind == "table" else _prose_lines(block, rng))
    return _line_ends("\n".join(lines) + "\n", style)


def _grid_table(table: Table, joiner: str) -> list[str]:
    lines = []
    for row in table.expand():
        texts = [slot.cell.joined(joiner) if slot.first_row and slot.first_col else "" for slot in row]
        lines.append("\t".join(texts))
    return lines


def _cell_table(table: Table, rng: random.Random) -> list[str]:
    lines = []
    for row in table.expand():
        for slot in row:
            if not slot.first_col:
                continue
            if not slot.first_row:
                lines.append("\t")
                continue
            text = slot.cell.joined("\n")
            trailing = " " if slot.cell.kind == "value" and rng.random() < 0.2 else ""
            lines.append("\t" + text + trailing)
        lines.append("")
    return lines


def render_tabs(record: Record, *, seed: int | random.Random = 0, layout: str | None = None,
                **options: object) -> str:
    """Tab-separated text: layout "grid" (one row a line, like seed 000) or "cells" (like seed 004)."""
    rng = _rng(seed)
    layout = layout or rng.choice(("grid", "cells"))
    if layout not in ("grid", "cells"):
        raise ValueError(f"unknown tabs layout {layout!r}; use 'grid' or 'cells'")
    blocks, style, rng = _document(record, rng, "grid" if layout == "grid" else "text", options)
    joiner = rng.choice(("", " "))
    out: list[str] = []
    for block in blocks:
        if block.kind == "table":
            out.append("\n".join(_grid_table(block.table, joiner) if layout == "grid"
                                 else _cell_table(block.table, rng)))
        else:
            out.append("\n".join(_prose_lines(block, rng)))
    return _line_ends(("\n\n" if layout == "grid" else "\n").join(out) + "\n", style)
