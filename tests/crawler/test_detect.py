"""Which titles are annual reports, and which documents about reports are not."""
from __future__ import annotations

import pytest

from crawler.detect import is_attachment_url, is_report_title, report_year

REPORTS = [
    ("平潭综合实验区2023年度政府信息公开工作年度报告", 2023),
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", 2019),
    ("兴安区2020年政府信息公开工作年度报告", 2020),
    ("海州市教育局 2021年度\n  政府信息公开工作年度报告", 2021),
    ("市统计局2022年度政务公开工作年度报告", 2022),
    ("2024年发布：海州市2023年政府信息公开年报", 2023),
]
NOT_REPORTS = [
    "关于做好2024年度政府信息公开工作年度报告编制和发布工作的通知",
    "中华人民共和国政府信息公开工作年度报告格式（2021年版）",
    "海州市2024年政务公开工作要点",
    "关于印发平潭综合实验区2015年政务公开工作要点的通知",
    "图解：海州市人民政府2023年政府信息公开工作年度报告",
    "《海州市统计局2023年政府信息公开工作年度报告》解读",
    "政府信息公开工作年度报告",  # no year
    "2023年度部门预算公开",
    "关于转发《关于做好2023年度政府信息公开工作年度报告编制工作的通知》的通知",
    "2023年政府信息公开工作年度报告抽查评估结果",
]


@pytest.mark.parametrize(("title", "year"), REPORTS)
def test_report_titles_and_their_year(title, year):
    assert is_report_title(title)
    assert report_year(title) == year


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_notices_templates_and_commentary_are_not_reports(title):
    assert not is_report_title(title)


@pytest.mark.parametrize(("url", "attached"), [
    ("http://x.gov.cn/a/P020240308.pdf", True), ("http://x.gov.cn/a/b.DOCX", True), ("http://x.gov.cn/a.wps", True),
    ("http://x.gov.cn/a.xls?download=1", True), ("http://x.gov.cn/a/t20240308_1.htm", False),
    ("http://x.gov.cn/pdf/index.html", False),
])
def test_attachment_urls(url, attached):
    assert is_attachment_url(url) is attached
