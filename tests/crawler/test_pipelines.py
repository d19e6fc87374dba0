"""The item pipelines: metadata from the listing and the page head, the charset decided once, and no
reaching into the spider."""
from __future__ import annotations

import ast
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from crawler.items import DocumentItem
from crawler.pipelines import MetadataPipeline
from etl.extract.readers.encoding import Charset, decode

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = (files("crawler.sample_portal") / "data" / "shanghai_2019.html").read_bytes()


def item(body: bytes, content_type: str | None, **kwargs) -> DocumentItem:
    return DocumentItem(url="http://a.gov.cn/1.html", final_url="http://a.gov.cn/1.html", body=body,
                        content_type=content_type, http_status=200, portal="a", kind="report",
                        fetched_at=datetime(2024, 1, 2), **kwargs)


def test_a_page_head_gives_the_metadata_and_the_spiders_charset_decision_travels_on():
    page = "<html><head><meta charset='gbk'><title>2019年上海市人民政府办公厅政府信息公开工作年度报告_政务公开</title>" \
           "</head><body><p>来源：上海市人民政府办公厅　发布日期：2020-01-31</p><p>一、总体情况</p></body></html>"
    body = page.encode("gbk")
    decoded = decode(body, "text/html")
    done = MetadataPipeline().process_item(item(body, "text/html", decoded=decoded, listed_title="上海 年报",
                                                listed_date="2020-02-03"))
    assert (done.title, done.publisher, done.publish_date, done.year) == (
        "2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", "2020-01-31", 2019)
    assert done.charset == Charset("gbk", "gb18030") and done.decoded is None


def test_a_real_report_page_and_a_binary_file_from_its_listing():
    page = MetadataPipeline().process_item(item(SHANGHAI, "text/html", decoded=decode(SHANGHAI, "text/html")))
    assert (page.publisher, page.year) == ("上海市人民政府办公厅", 2019)
    pdf = MetadataPipeline().process_item(item(b"%PDF-1.4 binary", "application/pdf",
                                               listed_title="平潭综合实验区 2023年政府信息公开工作年度报告",
                                               listed_date="2024-01-19"))
    assert (pdf.title, pdf.publisher, pdf.publish_date, pdf.year) == (
        "平潭综合实验区2023年政府信息公开工作年度报告", None, "2024-01-19", 2023)
    assert pdf.charset == Charset(None, None)


def test_no_pipeline_touches_the_spider():
    for name in ("pipelines.py", "batches.py"):
        tree = ast.parse((ROOT / "crawler" / name).read_text(encoding="utf-8"))
        touched = [node.lineno for node in ast.walk(tree)
                   if (isinstance(node, ast.Attribute) and node.attr == "spider")
                   or (isinstance(node, ast.Name) and node.id == "spider")]
        assert touched == [], f"crawler/{name} lines {touched}"
