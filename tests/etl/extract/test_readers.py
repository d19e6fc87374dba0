"""Readers: the same report through every charset and HTML shape parses to the same record."""
from __future__ import annotations

import re

import pytest

from etl.extract.parse import parse_document
from etl.extract.readers import read_document
from etl.extract.readers.encoding import Charset, charset_of, declared_charset, decode
from etl.extract.readers.text import split_line
from tests.etl.conftest import SHARED

SHANGHAI = SHARED / "real" / "shanghai_2019.html"


@pytest.fixture(scope="module")
def shanghai(shared_dir) -> str:
    return SHANGHAI.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def expected(shanghai):
    return _tables(parse_document(shanghai.encode("utf-8"), "shanghai.html"))


def _tables(record):
    return (record.title, record.publisher, record.publish_date, record.year, record.format,
            record.active_disclosure, record.applications, record.review_litigation)


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>上海市人民政府</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("head,content_type", [
    ('<meta charset="gb2312">', None),
    ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', None),
    ("", "text/html; charset=gbk"),
    ("", None),  # declared nowhere
    ('<meta charset="utf-8">', None),  # declared wrongly
    ("", "text/html; charset=utf-8"),  # header wrong
])
def test_gbk_pages_however_declared(shanghai, expected, head, content_type):
    data = _page(shanghai, head).encode("gb18030")
    assert _tables(parse_document(data, "p.html", content_type=content_type)) == expected


def test_utf8_page_declared_as_gbk(shanghai, expected):
    data = _page(shanghai, '<meta charset="gbk">').encode("utf-8")
    assert decode(data).detected == "utf-8"
    assert _tables(parse_document(data, "p.html")) == expected


def test_decode_reports_declared_and_detected():
    data = _page("<p>政府信息公开</p>", '<meta charset="gb2312">').encode("gbk")
    decoded = decode(data)
    assert (decoded.declared, decoded.detected) == ("gb2312", "gb18030")
    assert "政府信息公开" in decoded.text


def test_word_export_layout_table_th_cells_and_spaced_words(shanghai, expected):
    body = shanghai.replace("<td", "<td class=MsoNormal").replace("</td>", "</td>")
    body = re.sub(r"<p align=\"center\">自然人</p>", "<p align=center><span>自 然 人</span></p>", body)
    body = body.replace(">结果维持<", "><span>结果</span><br/><span>维持</span><", 1)
    body = body.replace("<td class=MsoNormal nowrap=\"nowrap\" style=\"width:47px;\"><p align=\"center\">商业企业",
                        "<th nowrap><p class=MsoNormal>商业<br>企业", 1)
    # The whole body inside a one-cell layout table, as Word exports it, plus an empty trailing row.
    body = f"<table class=MsoNormalTable><tr><td>{body}</td></tr><tr><td></td><td></td></tr></table>"
    assert _tables(parse_document(_page(body).encode("utf-8"), "word.html")) == expected


def test_portal_chrome_after_the_report_is_not_read(shanghai):
    page = _page(f"<div class=nav>首页 &gt; 年度报告</div><div class=TRS_Editor>{shanghai}</div>"
                 "<div class=footer><p>主办单位：上海市人民政府办公厅</p><p>网站标识码3100000001</p></div>")
    doc = read_document(page.encode("utf-8"))
    assert not any("网站标识码" in line for line in doc.lines)
    assert doc.lines[0] == "首页 > 年度报告"


@pytest.mark.parametrize("line,cells", [
    ("规章\t0\t0\t0", ["规章", "0", "0", "0"]),
    ("\t\t2.重复申请\t0", ["", "", "2.重复申请", "0"]),
    ("信息内容 |", ["信息内容", ""]),
    ("|||", ["", "", "", ""]),
    ("行政许可    276    0    211", ["行政许可", "276", "0", "211"]),
    ("  一、总体情况  ", ["一、总体情况"]),
])
def test_text_rows(line, cells):
    assert split_line(line) == cells


def test_comments_and_scripts_inside_cells_print_nothing():
    html = ("<table><tr><td>规章<!--[if !supportLists]--><!--[endif]--></td>"
            "<td>0<script>var n = 12;</script></td><td><span>1</span><style>p{}</style></td></tr></table>")
    assert read_document(html.encode("utf-8")).rows == [["规章", "0", "1"]]


def test_sidebar_links_do_not_widen_the_report_body(shanghai):
    page = _page(f"<div class=side><p>行政复议</p><p>年度报告</p></div><div class=TRS_Editor>{shanghai}</div>"
                 "<div class=footer><p>网站标识码3100000001</p></div>")
    assert not any("网站标识码" in line for line in read_document(page.encode("utf-8")).lines)


def test_xhtml_page_with_an_xml_declaration(shanghai, expected):
    page = ('<?xml version="1.0" encoding="gb2312"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>t</title></head><body>{shanghai}</body></html>")
    assert _tables(parse_document(page.encode("gb18030"), "x.html")) == expected


def test_one_charset_decision_declared_and_used():
    assert declared_charset(b"x", "text/html; charset=GB2312") == "gb2312"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', None) == "utf-8"
    assert declared_charset(b"plain", None) is None
    assert charset_of("政府信息公开工作年度报告，本年新收申请数量".encode()) == Charset(None, "utf-8")
    # GBK bytes declared as UTF-8: used is what the parser really reads them in.
    gbk = "政府信息公开工作年度报告".encode("gbk")
    assert charset_of(gbk, "text/html; charset=utf-8") == Charset("utf-8", "gb18030")
    assert decode(gbk, "text/html; charset=utf-8").charset == charset_of(gbk, "text/html; charset=utf-8")
    assert charset_of(b"").used is None and charset_of(b"%PDF-1.4 ...").used is None
