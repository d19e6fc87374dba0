"""Degraded renderings: a report as portals and extraction tools really print it, mistakes included.

Each noise model is one thing real reports show in section 三 (the largest table), applied to the printed rows
of a tab-separated or markdown rendering:

- typo: one or two row labels with a character missing, doubled or wrong (and maybe one label or header
  of section 二 or 四);
- wrap: a label broken over two lines, its values after the second part;
- header: the applicant header missing, or naming only some columns, or renaming them (合计, 其他组织);
- other_row: a 2021 report printing （六）其他处理 as one row (its three sub-rows summed);
- apart: the labels printed as a run, then the values line by line, blank cells dropped (PDF text);
- split: the table broken over two pages, a page number between, the header printed again.

`render_noisy` returns the text and the record it prints (other_row changes the record), so a test can
compare the parse with what the noise leaves recoverable.
"""
from __future__ import annotations

import copy
import random
from dataclasses import replace

from etl.extract.numbers import parse_value
from etl.extract.record import Record
from etl.render.document import Block, build_document, record_format
from etl.render.style import Style, without_spans

NOISES = ("typo", "wrap", "header", "other_row", "apart", "split")
MEDIA = ("tabs", "markdown")
_FIRST_SUBROW = "申请人无正当理由逾期不补正"
_RENAMED = {"总计": "合计", "其他": "其他组织"}


def _rows_of(block: Block) -> list[list[str]]:
    """A table as printed rows of cell texts, spans spelled out as empty cells."""
    return [[slot.cell.joined("") if slot.first_row and slot.first_col else "" for slot in row]
            for row in block.table.expand()]


def _is_applications(rows: list[list[str]]) -> bool:
    return any("自然人" in cell for row in rows for cell in row)


def _split_at_data(rows: list[list[str]]) -> int:
    """Index of the first data row (本年新收…): the rows before it are the header."""
    return next(i for i, row in enumerate(rows) if any("本年新收" in c for c in row))


def _label_index(row: list[str]) -> int | None:
    """The position of a row's own label: its last non-empty text cell before the values."""
    found = None
    for i, cell in enumerate(row):
        if cell and not _numeric(cell):
            found = i
    return found


def _numeric(text: str) -> bool:
    return parse_value(text) is not None


def _typo(text: str, rng: random.Random) -> str:
    """One character of the label's wording (not its numbering) missing, doubled or replaced."""
    start = next((i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff" and c not in "一二三四五六七八九"), 0)
    i = rng.randrange(start + 1, len(text) - 1) if len(text) - start > 5 else len(text) - 1
    kind = rng.choice(("delete", "double", "replace"))
    if kind == "delete":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("的了和与及在是") + text[i + 1:]


def _long_labels(rows: list[list[str]], start: int) -> list[int]:
    return [r for r in range(start, len(rows)) if (i := _label_index(rows[r])) is not None
            and len(rows[r][i]) >= 8 and not rows[r][i].startswith(("（", "("))]


def _apply_typo(rows: list[list[str]], start: int, rng: random.Random) -> None:
    for r in rng.sample(_long_labels(rows, start), k=min(2, len(_long_labels(rows, start)))):
        i = _label_index(rows[r])
        rows[r][i] = _typo(rows[r][i], rng)


def _typo_anywhere(rows: list[list[str]], rng: random.Random) -> None:
    """One misprinted label or header of another table (sections 二 and 四), at most."""
    cells = [(r, c) for r, row in enumerate(rows) for c, text in enumerate(row)
             if len(text) >= 5 and not _numeric(text) and "第二十条" not in text and "单位" not in text]
    if cells and rng.random() < 0.5:
        r, c = rng.choice(cells)
        rows[r][c] = _typo(rows[r][c], rng)


def _apply_wrap(rows: list[list[str]], start: int, rng: random.Random) -> None:
    for r in sorted(rng.sample(_long_labels(rows, start), k=min(2, len(_long_labels(rows, start)))),
                    reverse=True):
        i = _label_index(rows[r])
        text = rows[r][i]
        cut = rng.randrange(3, len(text) - 3)
        first = [*rows[r][:i], text[:cut]]
        rows[r][:i + 1] = [*[""] * i, text[cut:]]
        rows.insert(r, first)


def _apply_header(rows: list[list[str]], start: int, rng: random.Random) -> None:
    kind = rng.choice(("missing", "some", "renamed"))
    for r in range(start):
        if kind == "missing":
            rows[r] = [c if not c or any(w in c for w in ("勾稽", "申请人情况")) else "" for c in rows[r]]
        elif kind == "some":
            rows[r] = [c if c in ("自然人", "总计", "法人或其他组织") or "勾稽" in c else "" for c in rows[r]]
        else:
            rows[r] = [_RENAMED.get(c, c) for c in rows[r]]


def _apply_other_row(rows: list[list[str]], record: Record) -> None:
    """Collapse the 2021 （六） group into one row of sums, in the printed rows and in the record."""
    first = next(r for r, row in enumerate(rows) if any(_FIRST_SUBROW in c for c in row))
    width = len(rows[first])
    subrows = rows[first:first + 3]
    sums = []
    for col in range(width):
        cells = [row[col] for row in subrows]
        if all(_numeric(c) for c in cells) and any(cells):
            numbers = [parse_value(c).number for c in cells]
            sums.append(str(sum(n for n in numbers if n is not None)) if any(n is not None for n in numbers)
                        else cells[0])
        else:
            sums.append("")
    label_end = max(_label_index(row) or 0 for row in subrows)
    rows[first:first + 3] = [["（六）其他处理"] + [""] * label_end + sums[label_end + 1:]]
    subs = [record.applications.pop(k) for k in ("other_no_correction", "other_unpaid_fee", "other_misc")
            if k in record.applications]
    if subs:
        record.applications["other"] = {
            col: (sum(v for s in subs if (v := s.get(col)) is not None) if any(s.get(col) is not None for s in subs)
                  else None)
            for col in subs[0]}
        order = [k for k in record.applications if k not in ("other", "total", "carried_forward")]
        record.applications = {k: record.applications[k] for k in [*order, "other", "total", "carried_forward"]
                               if k in record.applications}


def _apply_split(rows: list[list[str]], start: int, rng: random.Random) -> None:
    header = [list(row) for row in rows[:start]]
    # Between two rows of figures (a page does not end inside a wrapped label).
    at = rng.choice([r for r in range(start + 3, len(rows) - 2) if any(c and _numeric(c) for c in rows[r - 1])])
    rows[at:at] = [[f"— {rng.randint(2, 9)} —"], *header]


def _apart(rows: list[list[str]], start: int) -> list[str]:
    """The header as printed, then every label on a line, then every row's values on a line (blanks lost)."""
    lines = [" ".join(c for c in row if c) for row in rows[:start]]
    data = rows[start:]
    lines += [" ".join(c for c in row if c and not _numeric(c)) for row in data]
    lines += [" ".join(c for c in row if c and _numeric(c) and c.strip("-—/ ")) for row in data]
    return [line for line in lines if line]


def _markdown(rows: list[list[str]]) -> list[str]:
    width = max(len(row) for row in rows)
    lines = []
    for i, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * width)
    return lines


def render_noisy(record: Record, noises: set[str] | frozenset[str], *, seed: int | random.Random = 0,
                 medium: str = "tabs") -> tuple[str, Record]:
    """The report as text with `noises` applied to section 三, and the record that text prints."""
    unknown = set(noises) - set(NOISES)
    if unknown or medium not in MEDIA:
        raise ValueError(f"unknown noise {sorted(unknown)} or medium {medium!r}")
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    truth = copy.deepcopy(record)
    style = without_spans(replace(Style.draw(rng, "grid"), apps_layout="standard", header_split="none",
                                  label_split=False, repeat_labels=False, crlf=False))
    if style.info == "table":
        style = replace(style, info="lines")
    out: list[str] = []
    for block in build_document(record, style, rng):
        if block.kind != "table":
            out.extend(_text_lines(block))
            continue
        rows = _rows_of(block)
        if "typo" in noises and not _is_applications(rows):
            _typo_anywhere(rows, rng)
        if _is_applications(rows):
            start = _split_at_data(rows)
            if "other_row" in noises and record_format(record) == "2021":
                _apply_other_row(rows, truth)
            for name, apply in (("typo", _apply_typo), ("wrap", _apply_wrap), ("header", _apply_header),
                                ("split", _apply_split)):
                if name in noises:
                    apply(rows, start, rng)
            if "apart" in noises:
                out.extend(_apart(rows, start))
                continue
        out.extend(_markdown(rows) if medium == "markdown" else ["\t".join(row) for row in rows])
    return "\n".join(out) + "\n", truth


def _text_lines(block: Block) -> list[str]:
    if block.kind == "info":
        return ["　".join(f"{label}：{value}" for label, value in block.pairs)]
    if block.kind == "signature":
        return list(block.lines)
    return [block.text]
