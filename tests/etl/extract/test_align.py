"""Template alignment: printed rows of section 三 matched to the national form, whatever was misprinted."""
from __future__ import annotations

import pytest

from etl.extract.align import align
from etl.extract.record import APPLICANTS, APPLICATION_ROWS
from etl.extract.tables import active_disclosure, applications

HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开", "partially_granted": "（二）部分公开", "denied_state_secret": "1.属于国家秘密",
    "denied_law_prohibited": "2.其他法律行政法规禁止公开", "denied_security_stability": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益", "denied_internal_affairs": "5.属于三类内部事务信息",
    "denied_process_info": "6.属于四类过程性信息", "denied_enforcement_files": "7.属于行政执法案卷",
    "denied_query_items": "8.属于行政查询事项", "unavailable_not_held": "1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "2.没有现成信息需要另行制作", "unavailable_unclear": "3.补正后申请内容仍不明确",
    "rejected_petition": "1.信访举报投诉类申请", "rejected_duplicate": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物", "rejected_mass_repeated": "4.无正当理由大量反复申请",
    "rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息", "other": "（六）其他处理",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他", "total": "（七）总计", "carried_forward": "四、结转下年度继续办理",
}


def _values(row_index: int) -> list[str]:
    """Seven distinct figures per row (six applicants and their sum), so a shifted cell shows."""
    cells = [row_index * 10 + k for k in range(1, 7)]
    return [str(v) for v in cells] + [str(sum(cells))]


def _table(fmt: str, labels: dict[str, str] | None = None, header=HEADER, rows=None) -> list[str]:
    labels = {**LABELS, **(labels or {})}
    tokens = list(header)
    for i, key in enumerate(rows or APPLICATION_ROWS[fmt]):
        tokens += [labels[key], *_values(i)]
    return tokens


def _expected(fmt: str, rows=None) -> dict:
    return {key: dict(zip(APPLICANTS, map(int, _values(i)), strict=True))
            for i, key in enumerate(rows or APPLICATION_ROWS[fmt])}


def test_align_keeps_order_and_lets_neighbours_decide():
    # The second item is as close to b as to c; its neighbour c decides.
    assert align([{"a": 1}, {"b": 0.7, "c": 0.7}, {"c": 1}], ["a", "b", "c"]) == ["a", "b", "c"]
    assert align([{"a": 1}, {"x": 1}, {"c": 1}], ["a", "b", "c"]) == ["a", None, "c"]
    assert align([{"b": 1}, {"a": 1}], ["a", "b"]) in (["b", None], [None, "a"])


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_well_printed_table(fmt):
    out = applications(_table(fmt), fmt)
    assert out.table == _expected(fmt) and not out.notes


@pytest.mark.parametrize("misprint", [
    {"denied_state_secret": "1.属于国家密"},             # a character missing
    {"denied_internal_affairs": "5.属于三类内容事务信息"},  # a character wrong
    {"unavailable_needs_creation": "2.没有现成信息需要另行制制作"},  # doubled
    {"rejected_publication": "3.要求提供公开出"},        # truncated
    {"denied_enforcement_files": "7.属于行政执法案"},
])
def test_one_misprinted_label(misprint):
    assert applications(_table("2021", misprint), "2021").table == _expected("2021")


def test_label_split_over_two_cells():
    tokens = _table("2021")
    i = tokens.index(LABELS["denied_third_party"])
    tokens[i:i + 1] = ["4.保护第三方", "合法权益"]
    assert applications(tokens, "2021").table == _expected("2021")


def test_one_missing_row():
    rows = [r for r in APPLICATION_ROWS["2021"] if r != "denied_query_items"]
    assert applications(_table("2021", rows=rows), "2021").table == _expected("2021", rows)


def test_one_extra_row_is_noted_not_guessed():
    tokens = _table("2021")
    i = tokens.index(LABELS["granted"])
    tokens[i:i] = ["其中：网上申请", "1", "0", "0", "0", "0", "0", "1"]
    out = applications(tokens, "2021")
    assert out.table == _expected("2021")
    assert [code for code, _ in out.notes] == ["unplaced"] and "网上申请" in out.notes[0][1]


def test_2021_report_printing_other_as_one_row():
    rows = [*APPLICATION_ROWS["2019"]]
    out = applications(_table("2021", rows=rows), "2021")
    assert out.table == _expected("2021", rows) and "other" in out.table and "other_misc" not in out.table


@pytest.mark.parametrize("header", [[], ["自然人", "总计"], ["自然人", "法人或其他组织", "总计"]])
def test_header_naming_some_or_no_columns_is_completed_from_the_form(header):
    out = applications(_table("2021", header=header), "2021")
    assert out.table == _expected("2021")
    assert [code for code, _ in out.notes] == ["header_inferred"]


def test_values_printed_apart_from_their_labels():
    tokens = list(HEADER)
    keys = APPLICATION_ROWS["2021"]
    tokens += [LABELS[k] for k in keys]
    for i in range(len(keys)):
        tokens += _values(i)
    out = applications(tokens, "2021")
    assert out.table == _expected("2021")
    assert [code for code, _ in out.notes] == ["values_apart"]


def test_row_that_lost_a_cell_leaves_it_blank_rather_than_shifting():
    tokens = _table("2021")
    i = tokens.index(LABELS["granted"])
    # 予以公开 printed 0 0 0 5 0 0 5 with its 商业企业 cell lost: only rule 3 can say where the gap was.
    tokens[i + 1:i + 8] = ["0", "0", "5", "0", "0", "5"]
    out = applications(tokens, "2021")
    granted = out.table["granted"]
    assert granted["total"] == 5 and list(granted.values()).count(5) == 1  # the other 5: place unknown
    assert all(granted[c] is None for c in APPLICANTS[:-1])
    assert any(code == "cells_missing" and "granted" in message for code, message in out.notes)


def test_row_that_lost_a_cell_whose_place_rule_3_decides():
    tokens = _table("2021")
    i = tokens.index(LABELS["granted"])
    tokens[i + 1:i + 8] = ["3", "1", "1", "1", "1", "1"]  # six printed, total missing: sum is 8, not 1
    out = applications(tokens, "2021")
    assert out.table["granted"] == dict(zip(APPLICANTS, [3, 1, 1, 1, 1, 1, None], strict=True))


def test_section_two_row_of_the_other_format_is_noted_not_placed():
    tokens = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "1", "0", "5",
              "行政规范性文件", "2", "1", "9", "信息内容", "采购项目数量", "采购总金额", "政府集中采购", "3", "12.5"]
    out = active_disclosure(tokens, "2021")
    assert out.table["regulations"] == {"issued": 1, "repealed": 0, "in_force": 5}
    assert "procurement" not in out.table
    assert [code for code, _ in out.notes] == ["unplaced"] and "procurement" in out.notes[0][1]


@pytest.mark.parametrize("label,key", [("行政许", "licensing"), ("行政处法", "penalties"), ("行政事业性收", "fees")])
def test_section_two_misprinted_category(label, key):
    out = active_disclosure(["信息内容", "本年处理决定数量", label, "7"], "2021")
    assert out.table[key] == {"decisions" if key != "fees" else "fee_amount": 7}


def test_header_shifted_one_column_from_the_values():
    from etl.extract.readers.cells import Cell

    tokens = [Cell(h, 2 + i) for i, h in enumerate(HEADER)]  # headers in grid columns 2–8
    for i, key in enumerate(APPLICATION_ROWS["2021"]):
        tokens += [Cell(LABELS[key], 0)] + [Cell(v, 3 + k) for k, v in enumerate(_values(i))]  # values in 3–9
    assert applications(tokens, "2021").table == _expected("2021")


def test_label_wrapped_inside_its_cell_by_a_pdf():
    # 7．属 beside the figures, 于行政执法案卷 on the next grid row with blank cells (Chromium's print, pdfplumber).
    tokens = _table("2021")
    i = tokens.index(LABELS["denied_enforcement_files"])
    tokens[i:i + 8] = ["7．属", *tokens[i + 1:i + 8], "于行政执法案卷", "", "", ""]
    out = applications(tokens, "2021")
    assert out.table == _expected("2021") and not out.notes


def test_unreadable_label_placed_by_its_neighbours():
    tokens = _table("2021")
    i = tokens.index(LABELS["denied_process_info"])
    tokens[i] = "四类过"  # two characters of 6.属于四类过程性信息, no numbering: no label can be read
    out = applications(tokens, "2021")
    assert out.table == _expected("2021")
    assert [code for code, _ in out.notes] == ["place_inferred"] and "denied_process_info" in out.notes[0][1]
