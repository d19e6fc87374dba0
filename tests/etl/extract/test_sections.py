import pytest

from etl.extract.sections import by_number, heading, split_sections


@pytest.mark.parametrize("text,number", [
    ("一、总体情况", 1), ("、总体情况", 1), ("一 、总体情况", 1), ("三三、收到和处理政府信息公开申请情况", 3),
    ("二、主动公开政府信息情况", 2), ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", 4),
    ("五、存在的主要问题及改进情况", 5), ("五、政府信息公开工作存在的问题及改进情况", 5),
    ("六、其他需要报告的事项", 6), ("第一部分 总体情况", 1), ("主动公开政府信息情况", 2),
])
def test_headings(text, number):
    assert heading([text])[0] == number


@pytest.mark.parametrize("text", [
    "（一）主动公开情况", "1、总体情况", "三、本年度办理结果", "四、结转下年度继续办理",
    "总体情况：2020年，我局认真贯彻落实条例，扎实做好各项工作，取得了良好成效。",
])
def test_not_headings(text):
    assert heading([text]) is None


def test_run_together_headings_split_and_empty_occurrence_ignored():
    rows = [["六、其他需要报告的事项一、总体情况"], ["正文"], ["六、其他需要报告的事项"], ["无"]]
    _, occurrences = split_sections(rows)
    assert [o.number for o in occurrences] == [6, 1, 6]
    grouped = by_number(occurrences)
    assert {n: len(o) for n, o in grouped.items()} == {1: 1, 6: 1}


def test_section_printed_twice_has_two_occurrences():
    rows = [["二、主动公开政府信息情况"], ["叙述"], ["三、收到和处理政府信息公开申请情况"], ["叙述"],
            ["二、主动公开政府信息情况"], ["规章", "0"]]
    grouped = by_number(split_sections(rows)[1])
    assert len(grouped[2]) == 2 and len(grouped[3]) == 1


@pytest.mark.parametrize("text,number", [
    ("一、总体情况概述", 1), ("二、主动公开政府信息", 2), ("五、存在问题及改进措施", 5),
    ("五、工作中存在的问题和整改措施", 5), ("五、政府信息公开工作存在的主要问题及改进情况", 5),
    ("六、其他需要报告事项", 6), ("四、政府信息公开行政复议和行政诉讼情况", 4),
])
def test_heading_wording_variants(text, number):
    assert heading([text])[0] == number


def test_heading_broken_into_cells_by_a_pdf_tool():
    from etl.extract.sections import heading

    assert heading(["一", "、总体情况"])[0] == 1
    assert heading(["三 、收到和处理政府信息公开申请情况"])[0] == 3
    assert heading(["一、本年新收政府信息公开申请数量", "3", "0"]) is None
