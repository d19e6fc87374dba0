"""The three standard tables, read cell by cell from a stream of cells by their labels.

A table is never read by position in the document: row labels (规章, 1.属于国家秘密 …) open a row,
the values that follow belong to it, and column labels (自然人, 本年新制作数量 …) found in the same
section say which columns the values fill. This reads HTML grids, tab, pipe and one-cell-per-line
text alike, and survives header rows whose spans do not line up with the data rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.extract import labels
from etl.extract.numbers import Value, money_unit, parse_value, to_wan
from etl.extract.readers.cells import Cell, SpanFiller
from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANTS,
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
        for cell in row:
            out.extend(_split_cell(cell))
    return _join_broken_labels(out)


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
        if cat := labels.category(token):
            current = rows.open(cat)
            headers[id(current)] = header
            continue
        if m := labels.metric(token):
            if after_data:
                header, after_data = [], False
            header = [*header, (m, money_unit(token), _span_of(token))]
            rows.current = None
            continue
        rows.text()
    out = Extracted()
    for cat, vals in rows.best().items():
        if cat not in allowed:
            continue
        printed = [h for h in headers.get(id(vals), []) if h[0] in allowed[cat]]
        units = {m: u for m, u, _ in printed}
        if not printed or len(units) != len(printed):
            printed, units = [], {}
        grid = {m: span for m, _, span in printed if span}
        placed = by_grid(vals, grid) if len(grid) == len(printed) else None
        if placed is None:
            metrics = [m for m, _, _ in printed] + [m for m in allowed[cat] if m not in units]
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


def applications(tokens: list[str], fmt: str, row_keys: tuple[str, ...]) -> Extracted:
    rows = _Rows()
    columns: set[str] = set()
    positions: dict[str, Span] = {}
    valued = False
    for token in tokens:
        if _is_value(token):
            valued |= rows.feed_value(token) and bool(token)
            continue
        key = labels.application_row(token)
        if key == "total" and not (valued or labels.has_numbering(token)):
            key = None  # the 总计 column header, not the （七）总计 row
        if key == "other_misc" and not {"other_no_correction", "other_unpaid_fee"} & rows.candidates.keys():
            key = None  # the 其他 column header
        if key and key not in row_keys:
            rows.current = None  # a group heading such as 2021's （六）其他处理
            continue
        if key:
            rows.open(key)
            continue
        if (col := labels.applicant(token)) and not rows.current:
            columns.add(col)
            if (span := _span_of(token)) and col not in positions:
                positions[col] = span
        rows.text()
    out = Extracted()
    cols = [a for a in APPLICANTS if a in columns] if len(columns) >= 2 else list(APPLICANTS)
    total_missing = "total" not in cols
    grid = positions if positions.keys() == set(cols) else {}
    for key, vals in rows.best().items():
        placed = by_grid(vals, grid)
        if placed is not None:
            row: dict[str, Number] = {a: _number(t).number for a, t in placed.items()}
            numbers = [row.get(a) for a in cols]
        else:
            numbers = [_number(t).number for t in fit(vals, len(cols))]
            row = dict(zip(cols, numbers, strict=False))
        if total_missing:
            if len(numbers) == len(cols) + 1:
                row["total"] = numbers[-1]
            else:
                present = [row.get(a) for a in APPLICANTS[:-1] if row.get(a) is not None]
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
        if not _is_value(token) and (labels.review_group(token) or labels.review_outcome(token)):
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
        group = None if _is_value(token) else labels.review_group(token)
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
