"""The three standard tables, read cell by cell from a stream of cells by their labels.

A table is never read by position in the document: row labels (规章, 1.属于国家秘密 …) open a row,
the values that follow belong to it, and column labels (自然人, 本年新制作数量 …) found in the same
section say which columns the values fill. This reads HTML grids, tab, pipe and one-cell-per-line
text alike, and survives header rows whose spans do not line up with the data rows.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, groupby

from etl.extract import labels
from etl.extract.align import align
from etl.extract.numbers import Value, money_unit, parse_value, to_wan
from etl.extract.readers.cells import Cell, SpanFiller
from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANT_COLUMNS,
    APPLICANTS,
    APPLICATION_ROWS,
    MONEY_METRICS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
    Number,
    Table,
)


@dataclass
class Extracted:
    """One table as read from one stretch of cells, with the notes its reading produced."""

    table: Table = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def filled(self) -> int:
        """How many cells carry a printed number: used to pick the occurrence that holds the table."""
        return sum(v is not None for cols in self.table.values() for v in cols.values())


def cell_stream(rows: list[list[str]]) -> list[str]:
    """Flatten rows into cells, splitting cells that print a label and its numbers together,
    and joining header words broken over two cells (商业 / 企业)."""
    out: list[str] = []
    for row in rows:
        line = id(row)  # which printed row a cell came from, the same in every stream of these rows
        for cell in row:
            if not _PAGE_MARK.match(cell):
                out.extend(_on_line(part, line) for part in _split_cell(cell))
    return _join_broken_labels(out)


def _on_line(token: str, line: int) -> Cell:
    """The token as a cell that knows which printed row it came from (values printed apart from their
    labels are matched to them line by line)."""
    cell = token if isinstance(token, Cell) else Cell(token)
    cell.line = line
    return cell


# A page number printed into the text (— 4 —, - 4 -, 第4页 共8页): not a cell of any table.
_PAGE_MARK = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$")


_MATCHERS = (labels.applicant, labels.metric, labels.application_row, labels.category,
             labels.review_outcome, labels.review_group)


def _label(token: str) -> bool:
    return any(m(token) for m in _MATCHERS)


def _join_broken_labels(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        a = tokens[i]
        b = tokens[i + 1] if i + 1 < len(tokens) else ""
        if a and b and not _is_value(a) and not _is_value(b) and not _label(a) and not _label(b) \
                and len(a) + len(b) <= 12 and _label(a + b):
            out.append(Cell(a + b, getattr(a, "col", None), getattr(a, "span", 1)))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _split_cell(cell: str) -> list[str]:
    """Split 'label 1 2 3' into the label and its values, and a header row printed in one cell
    ('自然人 法人或其他组织 总计') into its column labels."""
    parts = cell.split()
    if len(parts) < 2:
        return [cell]
    known = [_label(p) or labels.header_word(p) for p in parts]
    if sum(known) >= 2 and all(k or len(p) <= 8 for k, p in zip(known, parts, strict=True)):
        return parts
    if labels.application_row(parts[-1]) and not any(known[:-1]) \
            and all(len(p) <= 12 and not _is_value(p) for p in parts[:-1]):
        return [" ".join(parts[:-1]), parts[-1]]  # a group heading and the row label on one line
    n = len(parts)
    while n > 0 and parse_value(parts[n - 1]) is not None:
        n -= 1
    if n == len(parts):
        return [cell]
    return ([" ".join(parts[:n])] if n else []) + parts[n:]


def fit(tokens: list[str], k: int) -> list[str]:
    """Fit a row's printed cells to k columns.

    Span fillers go first, then empty cells (leading, then trailing, then inner) until k remain;
    a row left short is padded at the end. Printed blanks (—, /) always count as cells.
    """
    vals = list(tokens)
    for removable in (lambda t: isinstance(t, SpanFiller), lambda t: t == ""):
        for order in ("lead", "trail", "inner"):
            while len(vals) > k:
                idx = _find(vals, removable, order)
                if idx is None:
                    break
                del vals[idx]
    return vals + [""] * (k - len(vals))


def _find(vals: list[str], pred, order: str) -> int | None:
    if order == "lead":
        return 0 if vals and pred(vals[0]) else None
    if order == "trail":
        return len(vals) - 1 if vals and pred(vals[-1]) else None
    return next((i for i, t in enumerate(vals) if pred(t)), None)


Span = tuple[int, int]


def _span_of(token: str) -> Span | None:
    col = getattr(token, "col", None)
    return None if col is None else (col, token.end)


def by_grid(tokens: list[str], headers: dict[str, Span]) -> dict[str, str] | None:
    """Place a row's cells under the headers whose grid columns hold them, or None when the grid
    cannot say (no positions, headers sharing a column, a printed value under no header)."""
    starts = [start for start, _ in headers.values()]
    if len(headers) < 2 or len(set(starts)) != len(starts):
        return None
    placed: dict[str, str] = {}
    for token in tokens:
        if isinstance(token, SpanFiller):
            continue
        span = _span_of(token)
        if span is None:
            return None
        key = next((k for k, (a, b) in headers.items() if a <= span[0] <= b), None)
        if key is None or placed.get(key):
            if token == "":
                continue
            return None
        placed[key] = token
    return placed if any(placed.values()) else None


def _number(token: str) -> Value:
    v = parse_value(token)
    return v if v is not None else Value(None)


def _is_value(token: str) -> bool:
    return parse_value(token) is not None


class _Rows:
    """Collects candidate rows: a label followed by the values printed after it."""

    def __init__(self) -> None:
        self.candidates: dict[str, list[list[str]]] = {}
        self.current: list[str] | None = None

    def open(self, key: str) -> list[str]:
        self.current = []
        self.candidates.setdefault(key, []).append(self.current)
        return self.current

    def feed_value(self, token: str) -> bool:
        if self.current is None:
            return False
        self.current.append(token)
        return True

    def text(self) -> None:
        """A non-label text cell: it ends a row that has values, else continues the label."""
        if self.current is not None and any(self.current):
            self.current = None

    def best(self) -> dict[str, list[str]]:
        """Per key, the candidate with most printed cells (a table row beats a prose mention)."""
        return {k: max(c, key=lambda vals: sum(1 for t in vals if t)) for k, c in self.candidates.items()}


def active_disclosure(tokens: list[str], fmt: str) -> Extracted:
    allowed = ACTIVE_DISCLOSURE[fmt]
    rows = _Rows()
    Header = list[tuple[str, str | None, Span | None]]  # metric, money unit, grid columns
    headers: dict[int, Header] = {}
    header: Header = []
    after_data = False
    for token in tokens:
        if _is_value(token):
            after_data |= rows.feed_value(token) and bool(token)
            continue
        if cat := labels.category_tolerant(token):
            current = rows.open(cat)
            headers[id(current)] = header
            continue
        if m := labels.metric_tolerant(token):
            if after_data:
                header, after_data = [], False
            header = [*header, (m, money_unit(token), _span_of(token))]
            rows.current = None
            continue
        rows.text()
    out = Extracted()
    for cat, vals in rows.best().items():
        if cat not in allowed:
            if any(vals):
                out.notes.append(("unplaced", f"主动公开: row {cat} is not in the {fmt} form; its cells "
                                              f"{[t for t in vals if t]} are not used"))
            continue
        printed = [h for h in headers.get(id(vals), []) if h[0] in allowed[cat]]
        units = {m: u for m, u, _ in printed}
        if not printed or len(units) != len(printed):
            printed, units = [], {}
        grid = {m: span for m, _, span in printed if span}
        placed = by_grid(vals, grid) if len(grid) == len(printed) else None
        if placed is None:
            # A header that names every column gives their order; one that names some, the national form.
            metrics = [m for m, _, _ in printed] if len(printed) == len(allowed[cat]) else list(allowed[cat])
            fitted = fit(vals, len(metrics))
            placed = dict(zip(metrics, fitted, strict=False))
            if len(fitted) > len(metrics):
                out.notes.append(("extra_cells", f"主动公开 {cat}: {len(fitted) - len(metrics)} extra cells ignored"))
        row: dict[str, Number] = {}
        for m, token in placed.items():
            value = _number(token)
            row[m] = to_wan(value, units.get(m) or "万元") if m in MONEY_METRICS else value.number
        out.table[cat] = {m: row.get(m) for m in allowed[cat]}
    return out


# Section 三's rows in printed order, both formats' （六） rows included: a report of one format may
# print the other's (a 2021 report with one （六）其他处理 row).
APPLICATION_TEMPLATE = (*APPLICATION_ROWS["2021"][:-5], "other", *APPLICATION_ROWS["2021"][-5:])
_SUBROWS = ("other_no_correction", "other_unpaid_fee", "other_misc")


@dataclass
class _Item:
    """A printed text cell with the value cells that follow it."""

    token: str
    scored: tuple[str, float] | None
    values: list[str] = field(default_factory=list)

    @property
    def printed(self) -> bool:
        return any(self.values)


def _application_items(tokens: list[str]) -> tuple[list[_Item], list[str], dict[str, Span], set[int]]:
    """Text cells with their values; the applicant column headers in printed order with their grid spans;
    and which items are those headers.

    A text cell that is no row label, printed right after a label that has no values yet, continues that
    label (a remark, or the second half of a label split over two cells).
    """
    items: list[_Item] = []
    headers: list[tuple[int, str, Span | None]] = []  # item index, column, grid span
    for token in tokens:
        if _is_value(token):
            if items:
                items[-1].values.append(token)
            continue
        scored = labels.application_row_scored(token)
        last = items[-1] if items else None
        if last is not None and not last.printed:  # blank cells between the parts are layout
            # A continuation: it makes the label better, or it is a fragment (no numbering of its own,
            # not a label by itself) after a label.
            joined = labels.application_row_scored(last.token + token)
            fragment = last.scored and not labels.has_numbering(token) and (scored is None or scored[1] < 1) \
                and not labels.applicant_tolerant(token) and not labels.header_word(token)
            if joined and (joined[1] > max(s[1] if s else 0 for s in (scored, last.scored))
                           or fragment and joined[1] >= last.scored[1]):
                items[-1] = _Item(Cell(last.token + token, getattr(last.token, "col", None)), joined)
                continue
            if last.scored and not scored and not labels.applicant_tolerant(token) and not labels.header_word(token):
                last.values = []
                continue
        col = labels.applicant_tolerant(token)
        if col and (scored is None or scored[0] in ("total", "other_misc") and not labels.has_numbering(token)):
            headers.append((len(items), col, _span_of(token)))
        items.append(_Item(token, scored))
    named: list[str] = []
    positions: dict[str, Span] = {}
    header_items: set[int] = set()
    _rejoin_wrapped(items)
    last_row = max((i for i, item in enumerate(items) if item.scored and item.printed), default=len(items))
    for index, col, span in headers:
        if items[index].printed or index > last_row:
            continue  # 总计 / 其他 with figures after it: the row; after the last row: another table's
        header_items.add(index)
        if col not in named:
            named.append(col)
        if span and col not in positions:
            positions[col] = span
    return items, named, positions, header_items


def _rejoin_wrapped(items: list[_Item]) -> None:
    """A label a PDF wrapped inside its cell: the first line beside the figures (7．属 0 24 …), the rest on
    the next grid row with blank cells (于行政执法案卷). The figures take the label the two lines make."""
    for first, rest in zip(items, items[1:], strict=False):
        if first.scored is None and first.printed and rest.scored and not rest.printed:
            joined = labels.application_row_scored(first.token + rest.token)
            first.scored = joined if joined and joined[0] == rest.scored[0] else rest.scored
            rest.scored, rest.values = None, []
        elif _split_row(first, rest):
            # Layout text: 1.属于国家 0 / 秘密 0 0 0 0 0 0 — the label's second line sits among the figures.
            joined = labels.application_row_scored(first.token + rest.token)
            if joined and (first.scored is None or joined[1] >= first.scored[1]):
                first.scored = joined
            first.values += rest.values
            rest.scored, rest.values = None, []


def _split_row(first: _Item, rest: _Item) -> bool:
    """True when `rest` is the second line of `first`'s label with the rest of its figures."""
    a, b = (sum(1 for t in item.values if t) for item in (first, rest))
    return (0 < a < len(APPLICANT_COLUMNS) and b > 0 and a + b in (len(APPLICANT_COLUMNS), len(APPLICANTS))
            and rest.scored is None and len(rest.token) <= 8 and not labels.has_numbering(rest.token)
            and not labels.applicant_tolerant(rest.token) and not labels.header_word(rest.token))


def _spread_apart_values(items: list[_Item], width: int, headers: set[int]) -> list[str]:
    """Rows printed apart from their labels (a run of label lines, then a run of value lines): the value
    lines go to the labels in turn, one line each, when there are as many lines as labels (or, lines
    lost, exactly `width` values a label). `headers`: indices of items that are column headers."""
    notes: list[str] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and not items[j].printed:  # labels, and group headings between them
            j += 1
        ends_with_values = j < len(items) and items[j].scored
        run = [items[k] for k in range(i, j + 1) if k < len(items) and k not in headers and items[k].scored]
        if ends_with_values and len(run) >= 2:
            values = [t for t in run[-1].values if t]
            lines = [list(group) for _, group in groupby(values, key=lambda t: getattr(t, "line", None))]
            if len(lines) == len(run) and all(len(line) <= width for line in lines):
                for item, line in zip(run, lines, strict=True):
                    item.values = line
            elif len(values) == width * len(run):
                for k, item in enumerate(run):
                    item.values = values[k * width:(k + 1) * width]
            else:
                run = []
            if run:
                notes.append(f"{len(run)} rows printed apart from their values ({run[0].token} … {run[-1].token})")
        i = j + 1
    return notes


def _typical_width(items: list[_Item]) -> int | None:
    counts = Counter(len(item.values) for item in items if item.scored and item.printed)
    return counts.most_common(1)[0][0] if counts else None


def _applicant_columns(named: list[str], width: int | None) -> tuple[list[str], str | None]:
    """The columns the values fill, in printed order, and what had to be inferred (None: the header said).

    A header naming every column is followed; one naming some, or none, is completed from the national
    form when the rows carry its 7 values (or 6: no 总计 column).
    """
    full = list(APPLICANTS)
    if set(named) in (set(full), set(APPLICANT_COLUMNS)):
        return named, None
    if width == len(full) or width is None or width > len(full):
        what = "no applicant header" if not named else f"the header names {len(named)} of 7 applicant columns"
        return full, f"{what}; columns taken in the national order (7 values a row)"
    if width == len(full) - 1:
        what = "no applicant header" if not named else f"the header names {len(named)} of 7 applicant columns"
        return list(APPLICANT_COLUMNS), f"{what}; rows print 6 values: the six applicant columns, no 总计"
    if len(named) == width:
        return named, None
    return full, f"rows print {width} values, the header names {len(named)} columns; placed by the national form"


def _lost_cells(values: list[Number], cols: list[str]) -> dict[str, Number]:
    """A row that printed fewer cells than its columns lost blank cells (a text extraction drops them):
    keep the cells on which every placement of the blanks consistent with rule 3 (总计 = the six applicant
    columns, blanks counting 0) agrees; the rest stay null."""
    missing = len(cols) - len(values)
    if not 0 < missing <= 2 or "total" not in cols:
        return {}
    placements = []
    for gaps in combinations(range(len(cols)), missing):
        it = iter(values)
        row = {c: (None if k in gaps else next(it)) for k, c in enumerate(cols)}
        parts = sum(row[c] or 0 for c in APPLICANT_COLUMNS)
        if row["total"] is None or abs(parts - row["total"]) < 0.01:
            placements.append(row)
    if any(p["total"] is not None for p in placements):  # a placement the check confirms beats one it cannot
        placements = [p for p in placements if p["total"] is not None]
    first = placements[0] if placements else {}
    return {c: first[c] for c in first if all(p[c] == first[c] for p in placements)}


def _placed_by_neighbours(items: list[_Item], placed: dict[str, _Item], fmt: str) -> dict[str, _Item]:
    """Rows whose label could not be read (a PDF kept two characters of it) placed by their neighbours:
    between two placed rows, as many unreadable rows of figures as the form has free rows there are those
    rows, in order."""
    position = {id(item): i for i, item in enumerate(items)}
    order = sorted(placed.items(), key=lambda kv: position[id(kv[1])])
    found: dict[str, _Item] = {}
    own = set(APPLICATION_ROWS[fmt])
    for (before, a), (after, b) in zip(order, order[1:], strict=False):
        start, end = APPLICATION_TEMPLATE.index(before), APPLICATION_TEMPLATE.index(after)
        free = [k for k in APPLICATION_TEMPLATE[start + 1:end] if k in own and k not in placed]
        orphans = [it for it in items[position[id(a)] + 1:position[id(b)]]
                   if it.scored is None and sum(1 for t in it.values if t) >= 2]
        if free and len(orphans) == len(free):
            found.update(zip(free, orphans, strict=True))
    return found


def _grid_of_rows(rows: list[_Item], cols: list[str]) -> dict[str, Span]:
    """Column positions read off the rows themselves, when the header does not give them all: the grid
    columns in which the rows print their figures, when there are as many as the columns."""
    spans = {span for item in rows for t in item.values if t and (span := _span_of(t)) is not None}
    starts = sorted({a for a, _ in spans})
    if len(starts) != len(cols) or len(spans) != len(starts):
        return {}
    return dict(zip(cols, sorted(spans), strict=True))


def applications(tokens: list[str], fmt: str, row_keys: tuple[str, ...] = APPLICATION_TEMPLATE) -> Extracted:
    """Section 三: printed rows aligned to the national template, their values placed under the applicant
    columns by the grid, the header, or the national form (with a note saying which had to be inferred)."""
    out = Extracted()
    items, named, positions, header_items = _application_items(tokens)
    width = next((w for w in (_typical_width(items), len(named)) if w in (6, 7)), len(APPLICANTS))
    for message in _spread_apart_values(items, width, header_items):
        out.notes.append(("values_apart", message))
    width = _typical_width(items)
    rows = []
    for item in (it for it in items if it.scored and it.values):
        printed = [t for t in item.values if t]
        if len(printed) <= 2 * len(APPLICANTS):
            rows.append(item)
        else:  # the values of several rows after one label, with no way to tell whose
            out.notes.append(("unplaced", f"收到和处理申请表: {len(printed)} values after 「{item.token}」 "
                                          "cannot be matched to their rows; not used"))
    keys = align([{item.scored[0]: item.scored[1] * (1.5 if item.printed else 1.0)} for item in rows],
                 APPLICATION_TEMPLATE)
    placed = {key: item for item, key in zip(rows, keys, strict=True) if key}
    for key, item in _placed_by_neighbours(items, placed, fmt).items():
        placed[key] = item
        out.notes.append(("place_inferred", f"收到和处理申请表: row 「{item.token}」 read as {key}, the one row "
                                            "of the form its neighbours leave free"))
    inside = [i for i, item in enumerate(items) if any(item is p for p in placed.values())]
    for item in items[inside[0]:inside[-1]] if inside else []:
        if all(item is not p for p in placed.values()) and sum(1 for t in item.values if t) >= 2:
            out.notes.append(("unplaced", f"收到和处理申请表: row 「{item.token}」 fits no place of the form; "
                                          f"its cells {[t for t in item.values if t]} are not used"))
    if "other" in placed and not placed["other"].printed and set(_SUBROWS) & placed.keys():
        del placed["other"]  # the （六） group heading printed as a row of blanks above its sub-rows
    if not placed:
        return Extracted()
    # Multi-row headers scramble the order of header cells: values go in the national order, or where the
    # grid puts them.
    cols, inferred = _applicant_columns(sorted(named, key=APPLICANTS.index), width)
    if inferred:
        out.notes.append(("header_inferred", f"收到和处理申请表: {inferred}"))
    total_missing = "total" not in cols
    grid = positions if positions.keys() == set(cols) else _grid_of_rows(list(placed.values()), cols)
    for key, item in placed.items():
        row: dict[str, Number]
        by_position = by_grid(item.values, grid)
        if by_position is not None:
            row = {a: _number(t).number for a, t in by_position.items()}
        else:
            fitted = fit(item.values, len(cols))
            if len(item.values) < len(cols) and len(cols) == len(APPLICANTS) and item.printed:
                numbers = [_number(t).number for t in item.values]
                row = _lost_cells(numbers, cols)
                out.notes.append(("cells_missing", f"收到和处理申请表 {key}: {len(item.values)} of {len(cols)} "
                                                   f"cells printed ({' '.join(item.values)}); "
                                                   "cells whose place is not certain are left blank"))
            else:
                row = dict(zip(cols, (_number(t).number for t in fitted), strict=False))
                if total_missing and len(fitted) == len(cols) + 1:
                    row["total"] = _number(fitted[-1]).number
        if total_missing and "total" not in row:
            present = [row.get(a) for a in APPLICANT_COLUMNS if row.get(a) is not None]
            row["total"] = sum(present) if present else None
        out.table[key] = {a: row.get(a) for a in APPLICANTS}
    if total_missing and out.table:
        out.notes.append(("total_column_missing", "收到和处理申请表无总计列：total 为各申请人列之和"))
    out.table = {k: out.table[k] for k in row_keys if k in out.table}
    return out


def review_litigation(tokens: list[str], *, in_section: bool = True) -> Extracted:
    """The 15 cells of section 四, after its header; inside the section, a bare row of values will do."""
    last_header = -1
    for i, token in enumerate(tokens):
        if not _is_value(token) and (labels.review_group_tolerant(token) or labels.review_outcome_tolerant(token)):
            last_header = i
    out = Extracted()
    if last_header < 0 and not in_section:
        return out
    by_row = _row_wise(tokens)
    if by_row:
        out.table = by_row
        return out
    width = len(REVIEW_OUTCOMES)
    values: list[str] = []
    for token in tokens[last_header + 1:]:
        if _is_value(token):
            values.append(token)
        elif len([t for t in values if t]) >= width * len(REVIEW_GROUPS) or (any(values) and last_header >= 0):
            break
        else:
            values = []
    if not any(values):
        return out
    fitted = fit(values, width * len(REVIEW_GROUPS))
    for gi, group in enumerate(REVIEW_GROUPS):
        chunk = fitted[gi * width:(gi + 1) * width]
        out.table[group] = {o: _number(t).number for o, t in zip(REVIEW_OUTCOMES, chunk, strict=False)}
    if len([t for t in values if t]) > width * len(REVIEW_GROUPS):
        out.notes.append(("extra_cells", "行政复议/诉讼表: more cells than 15, extra ignored"))
    return out


def _row_wise(tokens: list[str]) -> Table:
    """The transposed layout: each group label followed by its own five values."""
    table: Table = {}
    for i, token in enumerate(tokens):
        group = None if _is_value(token) else labels.review_group_tolerant(token)
        if not group:
            continue
        vals = []
        for t in tokens[i + 1:]:
            if not _is_value(t):
                break
            vals.append(t)
        if len([t for t in vals if t]) >= len(REVIEW_OUTCOMES) - 1:
            fitted = fit(vals, len(REVIEW_OUTCOMES))
            table[group] = {o: _number(t).number for o, t in zip(REVIEW_OUTCOMES, fitted, strict=False)}
    return table if len(table) == len(REVIEW_GROUPS) else {}


def national_form(active: Table, apps: Table) -> bool:
    """True when the printed tables are the national forms: most of section 三's rows, or of section 二's
    categories, were placed (an old free-form statistics table shares a few words with them, never most)."""
    return len(apps) >= len(APPLICATION_TEMPLATE) // 2 or len(active) >= 4


def detect_format(tokens: list[str]) -> str | None:
    """2019 or 2021 from the labels printed (None when the tables say nothing either way)."""
    new = {"issued", "repealed", "in_force", "fee_amount", "other_no_correction", "other_unpaid_fee"}
    old = {"made", "published", "total_published", "items_last_year", "items_change", "procurement_items",
           "procurement_amount", "other_services", "other"}
    votes = {"2019": 0, "2021": 0}
    for token in tokens:
        if _is_value(token):
            continue
        key = labels.metric(token) or labels.category(token) or labels.application_row(token)
        if key in new:
            votes["2021"] += 1
        elif key in old:
            votes["2019"] += 1
    if votes["2019"] == votes["2021"]:
        return None
    return max(votes, key=votes.__getitem__)
