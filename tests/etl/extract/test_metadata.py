"""Metadata sources in priority order, and fall-through when a source is empty or not a name."""
from __future__ import annotations

import pytest

from etl.extract.metadata import extract_metadata, find_year, title_year, valid_name
from etl.extract.parse import parse_document
from tests.etl.conftest import FIXTURES

PORTAL = FIXTURES / "trs_portal_pingtan_2023.html"


def _parse(page: str):
    return parse_document(page.encode("gb18030"), "page.html")


@pytest.fixture(scope="module")
def page() -> str:
    return PORTAL.read_bytes().decode("gb18030")


def test_portal_page_meta_tags(page):
    record = _parse(page)
    assert (record.title, record.publisher, record.publish_date, record.year) == (
        "平潭综合实验区2023年政府信息公开工作年度报告", "平潭综合实验区管委会办公室", "2024-01-29", 2023)
    assert record.applications["new_received"]["total"] == 81


@pytest.mark.parametrize("placeholder", ["1", "", "{{source}}", "<%=source%>", "null", "本网"])
def test_bad_content_source_falls_through_to_the_info_table(page, placeholder):
    page = page.replace('content="平潭综合实验区管委会办公室"', f'content="{placeholder}"')
    page = page.replace("<td>平潭综合实验区管委会办公室</td>", "<td>平潭综合实验区党工委办公室</td>")
    assert _parse(page).publisher == "平潭综合实验区党工委办公室"


def test_without_meta_tags_the_labelled_lines_and_title_serve(page):
    page = page.replace('name="ArticleTitle"', 'name="x1"').replace('name="PubDate"', 'name="x2"')
    page = page.replace('name="ContentSource"', 'name="x3"').replace("<table class=\"xxgk_info\">", "<table hidden>")
    page = page.replace("发布机构：", "索引：").replace("发布日期：", "生成：").replace("2024-01-29 16:05", "2024-01-30 09:00")
    record = _parse(page)
    assert (record.title, record.publisher, record.publish_date) == (
        "平潭综合实验区2023年政府信息公开工作年度报告", "平潭综合实验区管委会办公室", "2024-01-30")


def _meta(lines, meta=None):
    rows = [[line] for line in lines]
    return extract_metadata(meta or {}, rows, rows[:2], "\n".join(lines))


def test_signature_block_gives_publisher_and_date():
    m = _meta(["一、总体情况", "2022年，我局……", "六、其他需要报告的事项", "无。", "朝阳市龙城区住房和城乡建设局",
               "二〇二三年一月十六日"])
    assert (m.publisher, m.publish_date) == ("朝阳市龙城区住房和城乡建设局", "2023-01-16")


def test_name_line_above_a_title_without_one():
    m = _meta(["西工区城市改造办公室", "2020年度政府信息公开工作年度报告", "一、总体情况", "正文"])
    assert (m.title, m.publisher, m.year) == ("2020年度政府信息公开工作年度报告", "西工区城市改造办公室", 2020)


def test_publisher_from_title_before_or_after_the_year():
    assert _meta(["规划建设局2020年政府信息公开工作年度报告"]).publisher == "规划建设局"
    assert _meta(["2019年上海市人民政府办公厅政府信息公开工作年度报告"]).publisher == "上海市人民政府办公厅"


def test_breadcrumb_and_notices_are_not_titles():
    m = _meta(["首页 > 政务公开 > 2020年政府信息公开年报", "关于报送2020年政府信息公开工作年度报告的通知", "正文"])
    assert m.title is None


@pytest.mark.parametrize("title,text,body,year", [
    ("XX局2021年政府信息公开工作年度报告", "", "", 2021),
    ("XX局二〇二一年政府信息公开工作年度报告", "", "", 2021),
    (None, "本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。", "", 2020),
    (None, "公布2020年度我局信息公开工作年度报告。", "", 2020),
    (None, "", "2022年度我局无收到依申请公开请求。2022年，全局……", 2022),
    (None, "", "", None),
])
def test_year_sources(title, text, body, year):
    assert find_year(title, text, body) == year


@pytest.mark.parametrize("value,name", [
    ("兴安区政府办公室", "兴安区政府办公室"), (" 上海市人民政府办公厅 ", "上海市人民政府办公厅"), ("1", None),
    ("", None), ("${source}", None), ("2022年12月30日", None), ("我局认真贯彻落实，取得成效。", None),
    ("主办单位：XX市人民政府办公室", None), ("版权所有XX市人民政府办公室", None),
])
def test_valid_name(value, name):
    assert valid_name(value) == name


def test_statistics_period_is_not_the_publish_date_and_the_signature_outranks_bare_date_labels():
    m = _meta(["某局2020年政府信息公开工作年度报告", "统计时间：2020年1月1日至2020年12月31日", "一、总体情况", "正文",
               "某某县交通运输局", "2021年1月20日"])
    assert (m.publisher, m.publish_date, m.year) == ("某某县交通运输局", "2021-01-20", 2020)
    assert _meta(["某局2020年政府信息公开工作年度报告", "时间：2021-01-05", "一、总体情况", "正文"]).publish_date == \
        "2021-01-05"


@pytest.mark.parametrize("title,year", [
    ("2024年发布：海州市2023年政府信息公开年报", 2023),
    ("平潭综合实验区2023年度政府信息公开工作年度报告", 2023),
    ("XX局政府信息公开工作年度报告（2020年）", 2020),
    ("二〇二一年XX局政府信息公开工作年度报告", 2021),
    ("政府信息公开工作年度报告", None),
])
def test_title_year_is_the_year_before_the_report_words(title, year):
    assert title_year(title) == year


def test_signature_with_name_and_date_on_one_line():
    m = _meta(["一、总体情况", "正文", "六、其他需要报告的事项", "无。", "某某县交通运输局    2023年1月20日"])
    assert (m.publisher, m.publish_date) == ("某某县交通运输局", "2023-01-20")


@pytest.mark.parametrize("html_title", [
    "瑞金市发展和改革委员会2021年政府信息公开工作年度报告-瑞金市发改委",
    "瑞金市发展和改革委员会2021年政府信息公开工作年度报告_瑞金市人民政府门户网站",
    "瑞金市人民政府门户网站|瑞金市发展和改革委员会2021年政府信息公开工作年度报告",
])
def test_page_title_loses_its_site_part(html_title):
    m = extract_metadata({"html_title": html_title}, [["一、总体情况"], ["2021年，我委……"]], [], "")
    assert m.title == "瑞金市发展和改革委员会2021年政府信息公开工作年度报告"


@pytest.mark.parametrize("lines", [
    ["瑞金市发展和改革委员会", "2021年政府信息公开", "工作年度报告", "一、总体情况"],
    ["正文", "瑞金市发展和改革委员会2021年政府信息", "公开工作年度报告", "一、总体情况"],
])
def test_title_wrapped_over_two_lines_is_joined(lines):
    m = _meta(lines)
    assert m.title == "".join(lines[1:3]) and m.year == 2021


@pytest.mark.parametrize("printed", ["# 2021 年度瑞金市发改委政府信息公开工作年度报告",
                                     "**2021年度瑞金市发改委政府信息公开工作年度报告**",
                                     "2021 年度瑞金市发改委政府信息公开工作年度报告"])
def test_markdown_markers_and_spaced_digits_leave_the_title(printed):
    assert _meta([printed, "一、总体情况"]).title == "2021年度瑞金市发改委政府信息公开工作年度报告"


def test_portal_wide_source_line_loses_to_the_body_the_title_and_signature_name():
    lines = ["平潭综合实验区管委会办公室2023年政府信息公开工作年度报告", "来源：平潭综合实验区党工委管委会",
             "一、总体情况", "2023年，我办……", "平潭综合实验区管委会办公室", "2024年1月29日"]
    assert _meta(lines).publisher == "平潭综合实验区管委会办公室"


def test_source_line_naming_the_body_in_full_stays():
    lines = ["福州市2023年政府信息公开工作年度报告", "来源：福州市人民政府办公厅", "一、总体情况", "……"]
    assert _meta(lines).publisher == "福州市人民政府办公厅"


def test_author_meta_tag_names_the_publisher():
    m = extract_metadata({"author": "瑞金市发展和改革委员会"}, [["2021年政府信息公开工作年度报告"]], [], "")
    assert m.publisher == "瑞金市发展和改革委员会"
