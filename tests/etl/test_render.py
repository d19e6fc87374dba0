"""The renderer on its own: well-formed documents in their charset, every figure printed exactly once in
the form the style asks for, the span layouts of the national tables, and the cosmetic variants."""
from __future__ import annotations

import re
from dataclasses import asdict
from html.parser import HTMLParser

import lxml.html
import pytest
from hypothesis import given, settings

from etl.extract.record import ACTIVE_DISCLOSURE, APPLICATION_ROWS, MONEY_METRICS, REVIEW_GROUPS, Record
from etl.render import Style, render_html, render_lines, render_pipes, render_tabs
from etl.render.document import chinese_date
from etl.render.grid import Cell, Table
from etl.render.style import change_text, money_text
from tests.etl.strategies import records, sentinel_record

VOID = {"meta", "br", "link", "img", "hr", "input", "col", "area", "base", "wbr"}
FORMATS = ("2019", "2021")


def pinned(**fields) -> dict:
    """Every Style field fixed (defaults unless given), so a test sees exactly the variant it names."""
    return {**asdict(Style()), **fields}


class _Balance(HTMLParser):
    """Checks that every element is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


def _html_text(data: bytes, charset: str) -> str:
    return data.decode(charset)


def _table_cells(page: str) -> list[str]:
    """Texts of all table cells, whitespace and &nbsp; removed."""
    root = lxml.html.fromstring(page)
    return [re.sub(r"\s+", "", cell.text_content().replace("\xa0", " ")) for cell in root.iter("td", "th")
            if not cell.findall(".//table")]


def _text_tokens(text: str) -> list[str]:
    return [t.strip() for t in re.split(r"[\t\n|]", text) if t.strip()]


def _printed_forms(value, metric: str) -> set[str]:
    """Every way the renderer may print `value`."""
    if metric in MONEY_METRICS:
        return {money_text(value, Style(money=m, money_suffix=s, money_2dp=d, thousands=t))
                for m in ("plain", "wan", "yuan") for s in ("万", "万元") for d in (True, False) for t in (True, False)}
    if metric == "items_change":
        return {change_text(value, Style(plus_sign=p, thousands=t, minus=m))
                for p in (True, False) for t in (True, False) for m in ("-", "－")}
    return {str(value), f"{value:,}"}


def _expected(record: Record) -> list[tuple[str, set[str]]]:
    return [("/".join(key), _printed_forms(value, key[2])) for key, value in record.cells() if value is not None]


RENDERINGS = {
    "html": lambda r, seed, **o: _table_cells(render_html(r, seed=seed, **o).decode()),
    "html_gbk_flat": lambda r, seed, **o: _table_cells(render_html(r, charset="gbk", spans=False, seed=seed,
                                                                   **o).decode("gbk")),
    "word": lambda r, seed, **o: _table_cells(render_html(r, word=True, meta=False, seed=seed, **o).decode()),
    "tabs_grid": lambda r, seed, **o: _text_tokens(render_tabs(r, seed=seed, layout="grid", **o)),
    "tabs_cells": lambda r, seed, **o: _text_tokens(render_tabs(r, seed=seed, layout="cells", **o)),
    "lines": lambda r, seed, **o: _text_tokens(render_lines(r, seed=seed, **o)),
    "pipes": lambda r, seed, **o: _text_tokens(render_pipes(r, seed=seed, **o)),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("rendering", RENDERINGS)
@pytest.mark.parametrize("seed", range(4))
def test_every_figure_is_printed_exactly_once(rendering, fmt, seed):
    record = sentinel_record(fmt, blanks=seed % 2 == 1)
    cells = RENDERINGS[rendering](record, seed)
    for key, forms in _expected(record):
        hits = [c for c in cells if c in forms]
        assert len(hits) == 1, f"{rendering} seed {seed}: {key} printed {len(hits)} times as {forms}"


@pytest.mark.parametrize("rendering", ["lines", "pipes", "tabs_cells", "tabs_grid"])
@pytest.mark.parametrize("mark", ["—", "-", "/"])
def test_blank_cells_print_the_blank_mark_once_each(rendering, mark):
    record = sentinel_record("2019", blanks=True)
    blanks = sum(value is None for _, value in record.cells())
    tokens = RENDERINGS[rendering](record, 0, **pinned(blank=mark))
    assert blanks > 10 and tokens.count(mark) == blanks


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb18030"])
@pytest.mark.parametrize("word", [False, True])
@pytest.mark.parametrize("meta", [False, True])
def test_html_decodes_in_its_declared_charset_and_is_well_formed(charset, word, meta):
    record = sentinel_record("2021", blanks=True)
    for seed in range(3):
        data = render_html(record, charset=charset, word=word, meta=meta, seed=seed)
        page = data.decode(charset)  # strict: raises on a byte the charset does not hold
        declared = re.search(r"charset=\"?([\w-]+)", page).group(1).lower()
        assert declared == charset or (charset == "gbk" and declared == "gb2312")
        assert "\ufffd" not in page and record.publisher in page
        checker = _Balance()
        checker.feed(page)
        checker.close()
        assert checker.errors == [] and checker.stack == []


def test_gbk_pages_declare_gb2312_only_when_every_character_fits():
    record = sentinel_record("2021")
    declared = set()
    for seed in range(30):
        page = render_html(record, charset="gbk", seed=seed).decode("gbk")
        label = re.search(r"charset=\"?([\w-]+)", page).group(1).lower()
        declared.add(label)
        if label == "gb2312":
            page.encode("gb2312")
    assert {"gbk", "gb2312"} <= declared


def _grid_widths(table) -> set[int]:
    """Row widths of an HTML table, spans taken into account."""
    taken: dict[tuple[int, int], bool] = {}
    widths = set()
    rows = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.findall("td") + tr.findall("th"):
            while taken.get((r, c)):
                c += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    taken[(r + dr, c + dc)] = True
            c += int(cell.get("colspan", 1))
        widths.add(max([col + 1 for (row, col) in taken if row == r], default=0))
    return widths


@pytest.mark.parametrize("word", [False, True])
@pytest.mark.parametrize("spans", [False, True])
@pytest.mark.parametrize("fmt", FORMATS)
def test_report_tables_are_rectangular(word, spans, fmt):
    """Rowspans and colspans tile each table exactly, in every layout variant."""
    record = sentinel_record(fmt)
    for layout in ("single", "separate", "shifted"):
        for apps in ("standard", "total_top"):
            page = render_html(record, word=word, spans=spans, seed=1,
                               **pinned(disclosure_layout=layout, apps_layout=apps, narrow_blocks="pad"))
            root = lxml.html.fromstring(page.decode())
            tables = [t for t in root.iter("table") if "信息内容" in t.text_content() or "自然人" in
                      t.text_content() or "复议后起诉" in t.text_content()]
            tables = [t for t in tables if not t.findall(".//table")]
            assert len(tables) >= 3
            for table in tables:
                assert len(_grid_widths(table)) == 1, f"{layout}/{apps}: ragged table"
                if not spans:
                    assert not table.xpath(".//*[@rowspan or @colspan]")


def test_table_model_rejects_overlapping_spans():
    with pytest.raises(ValueError):
        Table([[Cell.of("a", rowspan=2), Cell.of("b")], [Cell.of("c"), Cell.of("d")]]).expand()
    assert Table([[Cell.of("a", rowspan=2), Cell.of("b")], [Cell.of("c")]]).width == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_applications_table_has_the_national_header_and_label_spans(fmt):
    page = render_html(sentinel_record(fmt), seed=0, **pinned()).decode()
    root = lxml.html.fromstring(page)
    spans = {re.sub(r"\s+", "", c.text_content()): (int(c.get("rowspan", 1)), int(c.get("colspan", 1)))
             for c in root.iter("td", "th")}
    outcomes = 20 if fmt == "2019" else 22
    assert spans["三、本年度办理结果"] == (outcomes, 1)
    assert spans["（三）不予公开"] == (8, 1) and spans["（四）无法提供"] == (3, 1)
    assert spans["申请人情况"] == (1, 7) and spans["法人或其他组织"] == (1, 5) and spans["自然人"] == (2, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    assert spans["行政诉讼"] == (1, 10) and spans["未经复议直接起诉"] == (1, 5)
    assert (spans["（六）其他处理"] == (3, 1)) == (fmt == "2021")


def test_total_column_is_left_out_only_when_totals_are_row_sums():
    def applicant_headers(record):
        page = render_html(record, **pinned(apps_layout="no_total")).decode()
        table = next(t for t in lxml.html.fromstring(page).iter("table") if "自然人" in t.text_content())
        return [re.sub(r"\s+", "", c.text_content()) for c in table.iter("td", "th")]

    record = sentinel_record("2021")
    assert "总计" in applicant_headers(record)
    for cols in record.applications.values():
        cols["total"] = sum(v for a, v in cols.items() if a != "total")
    cells = applicant_headers(record)
    assert "总计" not in cells and "（七）总计" in cells and "其他" in cells


def test_portal_page_meta_tags_carry_the_metadata():
    record = sentinel_record("2019")
    page = render_html(record, meta=True, seed=2).decode()
    assert f'<meta name="ArticleTitle" content="{record.title}">' in page
    assert f'<meta name="ContentSource" content="{record.publisher}">' in page
    assert re.search(r'<meta name="PubDate" content="2021-01-25( \d\d:\d\d)?">', page)
    neighbours = [render_html(record, meta=True, seed=s).decode() for s in range(6)]
    assert any("上一篇：" in page and "洛阳市人民政府2019年政府信息公开工作年度报告" in page for page in neighbours)
    bare = render_html(record, meta=False, seed=2).decode()
    assert "ArticleTitle" not in bare and "ContentSource" not in bare and "PubDate" not in bare
    assert record.title in bare


def test_metadata_is_printed_in_the_body_even_without_info_line():
    record = sentinel_record("2021")
    text = render_lines(record, **pinned(info="none", signature=False, blank="—"))
    assert text.startswith(record.title + "\n")
    assert text.rstrip().endswith(f"{record.publisher}\n\n2023年1月25日")


def test_signature_dates_in_chinese_form():
    assert chinese_date("2022-12-30", "plain") == "2022年12月30日"
    assert chinese_date("2022-01-05", "padded") == "2022年01月05日"
    assert chinese_date("2022-12-30", "hanzi") == "二〇二二年十二月三十日"
    assert chinese_date("2021-10-09", "hanzi") == "二〇二一年十月九日"
    record = sentinel_record("2021")
    # the 〇 form only appears when the date is printed plainly elsewhere too
    assert "二〇二三年一月二十五日" not in render_lines(record, **pinned(info="none", signature_date="hanzi"))
    assert "二〇二三年一月二十五日" in render_lines(record, **pinned(info="line", signature_date="hanzi"))


def test_record_without_title_or_publisher_prints_neither():
    record = sentinel_record("2021")
    record.title = record.publisher = None
    for text in (render_lines(record, seed=3), render_html(record, seed=3).decode()):
        assert "住房和城乡建设局" not in text and "2022年" in text


def test_money_prints_convert_back_to_the_same_wan():
    assert money_text(25.1, Style(money="yuan")) == "251000元"
    assert money_text(5949.088667, Style(money="yuan")) == "59490886.67元"
    assert money_text(330.55, Style(money="wan", money_suffix="万")) == "330.55万"
    assert money_text(168.6, Style(money="plain", money_2dp=True)) == "168.60"
    assert money_text(0.0001, Style(money="plain")) == "0.0001"
    assert money_text(None, Style(blank="/")) == "/"
    assert change_text(2, Style(plus_sign=True)) == "+2" and change_text(-3, Style()) == "-3"
    assert change_text(0, Style(plus_sign=True)) == "0" and change_text(2, Style(plus_sign=False)) == "2"
    assert change_text(-12345, Style(thousands=True)) == "-12,345"
    assert change_text(-3, Style(minus="－")) == "－3"
    assert money_text(1234.5, Style(money="yuan", thousands=True)) == "12,345,000元"
    assert money_text(1234.5, Style(money="wan", thousands=True, money_2dp=True)) == "1,234.50万"


@pytest.mark.parametrize("money,header,cell", [
    ("plain", "采购总金额（单位：万元）", "{wan}"),
    ("wan", "采购总金额", "{wan}万"),
    ("yuan", "采购总金额", "{yuan}元"),
])
def test_money_header_and_cell_agree_on_the_unit(money, header, cell):
    record = sentinel_record("2019")
    amount = record.active_disclosure["procurement"]["procurement_amount"]
    assert str(amount).endswith(".1234")
    cells = _table_cells(render_html(record, **pinned(money=money)).decode())
    assert header in cells and cell.format(wan=amount, yuan=round(amount * 10000)) in cells


def test_header_words_split_or_spaced():
    record = sentinel_record("2019")
    split = render_html(record, seed=0, **pinned(header_split="lines")).decode()
    assert re.search(r"本年新(<br ?/?>|</p><p[^>]*>)制作数量", split)
    assert "自 然 人" in render_html(record, seed=0, **pinned(header_split="spaced")).decode()
    assert "\t商业\n企业\n" in render_tabs(record, layout="cells", **pinned(header_split="lines", blank="-"))


def test_word_export_traits():
    record = sentinel_record("2021")
    page = render_html(record, word=True, meta=False, seed=4).decode()
    assert "<meta name=ProgId content=Word.Document>" in page and "class=MsoNormal" in page
    root = lxml.html.fromstring(page)
    layout = root.xpath("//body//table")[0]
    assert len(layout.xpath("./tr | ./tbody/tr")) == 1 and "其他需要报告的事项" in layout.text_content()
    apps = next(t for t in root.iter("table") if "结转下年度继续办理" in t.text_content() and t is not layout)
    rows = apps.xpath("./tr | ./tbody/tr")
    last_data = max(i for i, tr in enumerate(rows) if "结转下年度继续办理" in tr.text_content())
    assert rows[last_data + 1:] and all(not tr.text_content().strip("\xa0 \n") for tr in rows[last_data + 1:])
    assert "<![if !supportMisalignedColumns]>" in page


def test_pipes_pad_rows_to_the_table_width_and_end_the_table_without_a_pipe():
    record = sentinel_record("2021")
    text = render_pipes(record, **pinned(blank="—", apps_layout="standard"))
    start = text.index("（本列数据")
    block = text[start:text.index("四、政府信息公开行政复议")].splitlines()
    assert block[2] == "|" * 8  # 勾稽 note and 申请人情况 in a ten-column grid
    assert block[-1] == str(record.applications["carried_forward"]["total"])
    assert all(line.endswith("|") for line in block[:-1])


def test_tabs_grid_rows_have_the_table_width():
    text = render_tabs(sentinel_record("2019"), layout="grid", **pinned())
    start = text.index("（本列数据")
    rows = text[start:text.index("\n\n", start)].splitlines()
    assert len(rows) == 3 + 2 + 20 + 1 and {row.count("\t") for row in rows} == {9}


def test_sections_printed_twice_keep_the_tables_once():
    record = sentinel_record("2019")
    record.duplicate_sections = [2, 3, 4, 5, 6]
    text = render_lines(record, **pinned(blank="—"))
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        assert text.count(heading) == 2
    assert text.count("（本列数据") == 1 and text.index("六、其他需要报告的事项") < text.index("（本列数据")


def test_same_seed_same_document_and_seeds_vary_the_look():
    record = sentinel_record("2021")
    assert render_html(record, seed=7) == render_html(record, seed=7)
    assert render_pipes(record, seed=7) == render_pipes(record, seed=7)
    assert len({render_html(record, seed=s) for s in range(8)}) == 8
    assert len({render_tabs(record, seed=s) for s in range(8)}) > 4


def test_bad_options_are_refused():
    record = sentinel_record("2021")
    with pytest.raises(ValueError, match="charset"):
        render_html(record, charset="latin-1")
    with pytest.raises(TypeError, match="unknown style options"):
        render_lines(record, colour="red")
    with pytest.raises(ValueError, match="layout"):
        render_tabs(record, layout="columns")


@settings(max_examples=40, deadline=None)
@given(record=records())
def test_strategies_make_canonical_records(record):
    fmt = record.format
    assert (fmt == "2019") == (record.year <= 2020) and 2019 <= record.year <= 2025
    assert set(record.active_disclosure) == set(ACTIVE_DISCLOSURE[fmt])
    assert all(set(record.active_disclosure[c]) == set(ms) for c, ms in ACTIVE_DISCLOSURE[fmt].items())
    assert list(record.applications) == list(APPLICATION_ROWS[fmt])
    assert list(record.review_litigation) == list(REVIEW_GROUPS)
    if record.publish_date:
        assert int(record.publish_date[:4]) == record.year + 1
    if record.title:
        assert str(record.year) in record.title and record.publisher
    for (_, _, metric), value in record.cells():
        if value is None:
            continue
        assert abs(value) <= 10**9  # drawn cells stay within 10^7; totals and sums of them add up
        if metric in MONEY_METRICS:
            assert round(value * 10000) == pytest.approx(value * 10000, abs=1e-6)
        else:
            assert value == int(value) and (value >= 0 or metric == "items_change")
    assert any(value is not None for _, value in record.cells())


def test_spelled_out_grids_do_not_use_offset_spans():
    """Shanghai's offset colspans cannot be spelled out: flattened renderings fall back to the plain grid."""
    record = sentinel_record("2019")
    text = render_tabs(record, layout="grid", **pinned(disclosure_layout="shifted"))
    section = text[text.index("第二十条第（一）项"):text.index("三、收到和处理")]
    assert {line.count("\t") for line in section.strip("\n").splitlines()} == {3}
    shifted = render_html(record, **pinned(disclosure_layout="shifted")).decode()
    assert 'colspan="5"' in shifted
    assert 'colspan="5"' not in render_html(record, spans=False, **pinned(disclosure_layout="shifted")).decode()


def test_the_words_belong_to_the_report_not_to_the_rendering():
    """Renderings and reposts of one report print the same prose; another report reads differently."""
    import random

    from etl.render.document import build_document

    def after(record, seed, heading):
        rng = random.Random(seed)
        blocks = build_document(record, Style.draw(rng, "text"), rng)
        index = next(i for i, b in enumerate(blocks) if b.kind == "heading" and heading in b.text)
        return blocks[index + 1].text

    record = sentinel_record("2021")
    for heading in ("总体情况", "存在的主要问题", "其他需要报告的事项"):
        assert len({after(record, seed, heading) for seed in range(6)}) == 1
    other = sentinel_record("2021")
    other.publisher, other.title = "桂林市教育局", "桂林市教育局2022年政府信息公开工作年度报告"
    assert after(other, 0, "总体情况") != after(record, 0, "总体情况")
