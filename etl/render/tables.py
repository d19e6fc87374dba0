"""The three standard tables of a report (sections 二, 三, 四) laid out as the national formats print them."""
from __future__ import annotations

from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANTS,
    MONEY_METRICS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
    Record,
)
from etl.render import labels as L
from etl.render.grid import Cell, Table
from etl.render.style import Style, change_text, count_text, money_text


def _parens(text: str, style: Style) -> str:
    """（一） as full-width, half-width or half-width followed by a space."""
    if style.parens == "full":
        return text
    for numeral in "一二三四五六七八九":
        full = f"（{numeral}）"
        if full in text:
            closing = ") " if style.parens == "half_space" and text.startswith(full) else ")"
            text = text.replace(full, f"({numeral}{closing}", 1)
    if style.parens == "half_space" and text.startswith("("):
        # Seed 000: (二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)
        text = text.replace("（", " (").replace("，", ", ")
    return text.replace("（", "(").replace("）", ")")


def _numbered(text: str, style: Style) -> str:
    if text[:1].isdigit() and text[1:2] == ".":
        return text[0] + style.numbering + text[2:]
    return text


def _header(text: str, style: Style) -> Cell:
    """A column header, maybe broken over two lines or spaced out like 自 然 人."""
    if style.header_split == "lines" and text in L.HEADER_BREAKS:
        cut = L.HEADER_BREAKS[text]
        return Cell((text[:cut], text[cut:]), kind="header")
    if style.header_split == "spaced" and len(text) <= 4:
        return Cell((" ".join(text),), kind="header")
    return Cell.of(text, "header")


def _split_label(cell: Cell, style: Style) -> Cell:
    """Break a long label before its parenthesised explanation: （二）部分公开 / （区分处理的，…）."""
    text = cell.lines[0]
    cut = max(text.find("（", 1), text.find("(", 1), text.find("：") + 1)
    if style.label_split and 0 < cut < len(text) - 1:
        cell.lines = (text[:cut], text[cut:])
    return cell


def _value(value, metric: str, style: Style) -> Cell:
    if metric in MONEY_METRICS:
        text = money_text(value, style)
    elif metric == "items_change":
        text = change_text(value, style)
    else:
        text = count_text(value, style)
    return Cell.of(text, "value")


def _metric_header(metric: str, fmt: str, style: Style) -> str:
    if metric == "decisions":
        return L.DECISIONS_HEADER[fmt]
    if metric in MONEY_METRICS:
        if style.money == "plain":
            options = L.MONEY_HEADERS_WITH_UNIT[metric]
            return _parens(options[style.money_header % len(options)], style)
        return L.MONEY_HEADERS_BARE[metric]
    return L.METRIC_HEADERS[metric][0]


def _row_label(category: str, fmt: str, style: Style) -> str:
    options = L.DISCLOSURE_ROWS[category]
    index = L.PREFERRED_ROW[fmt].get(category, 0)
    if not style.national_row_names:
        index = len(options) - 1 - index
    return options[index]


def _spread(cells: list[Cell], width: int, style: Style) -> list[Cell]:
    """Fill a short row out to `width` columns: widen its last cell, or add empty filler cells."""
    spare = width - sum(c.colspan for c in cells)
    if spare <= 0:
        return cells
    if style.narrow_blocks == "span":
        cells[-1].colspan += spare
        return cells
    return cells + [Cell.of("", "pad") for _ in range(spare)]


# Shanghai prints section 二 on a five-column grid whose header and data cells take different spans.
_SHIFTED = {
    ("header", 3): (1, 1, 2, 1), ("data", 3): (1, 2, 1, 1), ("first", 3): (1, 1, 2, 1),
    ("header", 2): (1, 2, 2), ("data", 2): (1, 2, 2), ("first", 2): (1, 2, 2),
}


def disclosure_tables(record: Record, fmt: str, style: Style) -> list[tuple[str | None, Table]]:
    """Section 二: one table of all 第二十条 blocks, or one table per block.

    Each table comes with the paragraph printed above it (a separate block's caption may stand outside).
    """
    layout = style.disclosure_layout
    if layout == "shifted" and fmt != "2019":
        layout = "single"
    width = 5 if layout == "shifted" else 4
    tables: list[tuple[str | None, Table]] = []
    table = Table()
    for position, (item, categories) in enumerate(L.DISCLOSURE_BLOCKS[fmt]):
        metrics = ACTIVE_DISCLOSURE[fmt][categories[0]]
        caption = _parens(L.ITEM_CAPTION.format(item=item), style)
        if layout == "separate":
            table = Table()
            width = 1 + len(metrics)
            tables.append((caption if style.caption_outside else None, table))
        elif not tables:
            tables.append((None, table))
        if layout != "separate" or not style.caption_outside:
            table.rows.append([Cell.of(caption, "header", colspan=width)])
        header = [_header(L.CONTENT_HEADER, style)] + [_header(_metric_header(m, fmt, style), style) for m in metrics]
        rows = [
            [Cell.of(_row_label(cat, fmt, style))]
            + [_value(record.active_disclosure.get(cat, {}).get(m), m, style) for m in metrics]
            for cat in categories
        ]
        if layout == "shifted":
            kind = "first" if position == 0 else "data"
            for cell, span in zip(header, _SHIFTED[("header", len(metrics))], strict=True):
                cell.colspan = span
            for row in rows:
                for cell, span in zip(row, _SHIFTED[(kind, len(metrics))], strict=True):
                    cell.colspan = span
        else:
            header = _spread(header, width, style)
            rows = [_spread(row, width, style) for row in rows]
        table.rows.append(header)
        table.rows.extend(rows)
    return tables


def _total_column_is_sum(record: Record) -> bool:
    """A report may leave out the 总计 column only when every row's total is the sum of its six cells."""
    for cols in record.applications.values():
        parts = [cols.get(a) for a in APPLICANTS[:-1]]
        if None in parts or cols.get("total") is None or abs(sum(parts) - cols["total"]) > 1e-9:
            return False
    return bool(record.applications)


def applications_table(record: Record, fmt: str, style: Style) -> Table:
    """Section 三: two header rows under 申请人情况, the row labels three columns deep."""
    layout = style.apps_layout
    if layout == "no_total" and not _total_column_is_sum(record):
        layout = "standard"
    columns = APPLICANTS if layout != "no_total" else APPLICANTS[:-1]
    note = _split_label(Cell.of(_parens(L.CHECK_NOTE, style), "header", rowspan=3, colspan=3), style)
    if not style.check_note:
        note = Cell.of("", "pad", rowspan=3, colspan=3)
    people = _header(L.APPLICANT_HEADERS["natural_person"], style)
    people.rowspan = 2
    organisations = Cell.of(L.ORGANISATIONS, "header", colspan=5)
    kinds = [_header(L.APPLICANT_HEADERS[a], style) for a in APPLICANTS[1:6]]
    total = _header(L.APPLICANT_HEADERS["total"], style)
    if layout == "standard":
        total.rowspan = 2
        rows = [[note, Cell.of(L.APPLICANT_GROUP, "header", colspan=7)], [people, organisations, total], kinds]
    elif layout == "total_top":
        total.rowspan = 3
        rows = [[note, Cell.of(L.APPLICANT_GROUP, "header", colspan=6), total], [people, organisations], kinds]
    else:
        rows = [[note, Cell.of(L.APPLICANT_GROUP, "header", colspan=6)], [people, organisations], kinds]

    def values(row: str) -> list[Cell]:
        cols = record.applications.get(row, {})
        return [_value(cols.get(a), a, style) for a in columns]

    def top(row: str) -> list[Cell]:
        return [Cell.of(_parens(L.TOP_ROWS[row][0], style), colspan=3)] + values(row)

    rows += [top("new_received"), top("carried_over")]
    groups = L.OUTCOME_GROUPS[fmt]
    outcome_rows: list[list[Cell]] = []
    for group, members in groups:
        if members[0][1] is None:  # a single row labelled by its group, e.g. （一）予以公开
            label = L.SHORT_PARTIAL if style.short_partial and members[0][0] == "partially_granted" else group
            first = _split_label(Cell.of(_parens(label, style), colspan=2), style)
            outcome_rows.append([first] + values(members[0][0]))
            continue
        for index, (row, printed) in enumerate(members):
            variant = printed[-1] if style.law_variant else printed[0]
            cells = [Cell.of(_numbered(variant, style))] + values(row)
            if index == 0:
                cells.insert(0, Cell.of(_parens(group, style), rowspan=len(members)))
            outcome_rows.append(cells)
    outcome_rows[0].insert(0, Cell.of(L.RESULTS_GROUP, rowspan=len(outcome_rows)))
    rows += outcome_rows
    rows.append(top("carried_forward"))
    return Table(rows)


def review_table(record: Record, style: Style) -> Table:
    """Section 四: 行政复议 and the two 行政诉讼 groups side by side, one row of fifteen figures."""
    first = [_header(L.OUTCOME_HEADERS[o], style) for o in REVIEW_OUTCOMES]
    for cell in first:
        cell.rowspan = 2
    rows = [
        [Cell.of(L.REVIEW, "header", colspan=5), Cell.of(L.LITIGATION, "header", colspan=10)],
        first + [Cell.of(L.LITIGATION_GROUPS[g], "header", colspan=5) for g in REVIEW_GROUPS[1:]],
        [_header(L.OUTCOME_HEADERS[o], style) for _ in REVIEW_GROUPS[1:] for o in REVIEW_OUTCOMES],
        [_value(record.review_litigation.get(g, {}).get(o), o, style) for g in REVIEW_GROUPS for o in REVIEW_OUTCOMES],
    ]
    return Table(rows)
