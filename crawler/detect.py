"""Which links and pages are annual reports: pure functions over titles and URLs.

A portal's 年报 column also lists notices about the reports (关于做好…年度报告工作的通知), the blank
national template (…年度报告格式), work plans (政务公开工作要点) and commentary (图解…). Those name the
report too, so the rule is: the title names an information-disclosure annual report with a year, and
none of the words that mark a document *about* the reports.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from etl.extract.metadata import title_year

_SPACE = re.compile(r"\s+")
# 政府信息公开 / 政务公开 … 年度报告 / 年报 / 工作报告, in that order.
_REPORT = re.compile(r"(政府信息公开|政务信息公开|信息公开|政务公开).*?(年度报告|年报|工作报告)")
_NOT_REPORT = re.compile(
    r"关于.{0,60}(通知|通报|函|意见|办法|批复)|通知$|报告格式|格式|模板|范本|参考文本|工作要点|要点|"
    r"编制|提纲|图解|解读|一图读懂|抽查|评估|考核|测评|统计表|目录|指南|征集|报送"
)
# .txt: text copies some portals attach beside the scanned or Word original.
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".txt")


def clean_title(text: str | None) -> str:
    """Collapse whitespace (list titles are often split over lines or padded)."""
    return _SPACE.sub("", text or "")


def is_report_title(title: str | None) -> bool:
    """True for the title of an annual information-disclosure report with a year."""
    title = clean_title(title)
    return bool(_REPORT.search(title)) and report_year(title) is not None and not _NOT_REPORT.search(title)


def report_year(title: str | None) -> int | None:
    """The year a report title is about, by the ETL's own rule (etl.extract.metadata.title_year)."""
    return title_year(clean_title(title))


def is_attachment_url(url: str) -> bool:
    """True when the URL's path ends in a document format portals attach reports in."""
    path = PurePosixPath(urlsplit(url).path.lower())
    return path.suffix in ATTACHMENT_EXTENSIONS
