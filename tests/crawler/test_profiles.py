"""List and article extraction of every CMS profile, on saved pages (tests/fixtures/crawler)."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from crawler.profiles import hanweb, plain, sitemap, trs
from crawler.profiles.article import attachments, page_titles
from crawler.profiles.base import PageRequest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "crawler"
BASE = "http://127.0.0.1:8360"


def page(name: str, encoding: str = "utf-8", kind: str = "html") -> Selector:
    return Selector(text=(FIXTURES / name).read_bytes().decode(encoding), type=kind)


def test_real_pingtan_list_page_gives_its_ten_reports_and_the_search_api_call():
    url = "https://www.pingtan.gov.cn/zwgk/zfxxgkzl/zfxxgknb/index.html"
    # The real page ships once, with the sample portal that serves it.
    listing = (files("crawler.sample_portal") / "data" / "pingtan_list.html").read_text(encoding="utf-8")
    result = trs.read_list(Selector(text=listing), url, {})
    assert result.recognised
    assert len(result.links) == 10
    first = result.links[0]
    assert first.url == "https://www.pingtan.gov.cn/zwgk/zfxxgkzl/zfxxgknb/202603/t20260313_105587.htm"
    assert first.title == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert first.date == "2026-03-10"
    assert [link.title[7:11] for link in result.links] == [str(y) for y in range(2025, 2015, -1)]
    (api,) = result.next
    assert api.kind == "api"
    parts = urlsplit(api.url)
    assert parts.path == "/fjdzapp/search"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    # channelid comes from SiteInfo.searchId, classsql from the `"" || "chnlid=1813"` default.
    assert query == {"channelid": "200210", "classsql": "chnlid=1813", "sortfield": "-docorderpri,-docreltime",
                     "prepage": "10", "page": "2"}
    assert api.state["pages"] == 2


def test_trs_search_api_answer_gives_links_and_stops_at_the_last_page():
    base = "http://127.0.0.1:8361"  # the fixtures were saved from the sample portal at its default ports
    request = PageRequest(f"{base}/fjdzapp/search?page=2", kind="api",
                          state={"list_url": f"{base}/zwgk/zfxxgkzl/zfxxgknb/index.html", "args": {},
                                 "per_page": 10, "page": 2, "pages": 2})
    result = trs.read_api((FIXTURES / "trs_search_api.json").read_text(encoding="utf-8"), request, {})
    assert result.recognised and result.next == []
    assert len(result.links) == 5
    assert all(link.url.startswith(f"{base}/zwgk/zfxxgkzl/zfxxgknb/") for link in result.links)
    assert "关于印发平潭综合实验区2015年政务公开工作要点的通知" in [link.title for link in result.links]


def test_trs_api_answer_that_is_not_json_is_a_layout_problem():
    request = PageRequest(f"{BASE}/fjdzapp/search", kind="api", state={"page": 2, "pages": 3})
    result = trs.read_api("<html>error</html>", request, {})
    assert not result.recognised and "not JSON" in result.problem


def test_trs_static_paging_follows_createPageHTML_to_the_last_page():
    url = f"{BASE}/zwgk/zfxxgknb/index.html"
    first = trs.read_list(page("trs_index.html"), url, {})
    assert len(first.links) == 5
    assert [r.url for r in first.next] == [f"{BASE}/zwgk/zfxxgknb/index_1.html"]
    assert all(link.url.startswith(f"{BASE}/zwgk/zfxxgknb/20") and link.date for link in first.links)
    last = trs.read_list(page("trs_index_last.html"), f"{BASE}/zwgk/zfxxgknb/index_4.html", {})
    assert last.links and last.next == []


def test_trs_profile_rejects_a_page_of_another_cms():
    result = trs.read_list(page("hanweb_column_gbk.html", "gbk"), f"{BASE}/col/col4521/index.html", {})
    assert not result.recognised
    assert "TRS" in result.problem


def test_hanweb_column_records_and_data_proxy_request():
    url = f"{BASE}/col/col4521/index.html"
    result = hanweb.read_list(page("hanweb_column_gbk.html", "gbk"), url, {})
    assert result.recognised
    assert len(result.links) == 4
    assert all("/art/" in link.url and link.date for link in result.links)
    (proxy,) = result.next
    assert proxy.url == f"{BASE}/module/web/jpage/dataproxy.jsp?startrecord=5&endrecord=8&perpage=2"
    assert proxy.formdata["columnid"] == "4521" and proxy.formdata["unitid"] == "15678"
    assert proxy.formdata["webname"] == "海州市滨江区人民政府"
    assert proxy.state["total"] == 12


def test_hanweb_data_proxy_answer_continues_until_the_total():
    state = {"list_url": f"{BASE}/col/col4521/index.html", "proxy": f"{BASE}/module/web/jpage/dataproxy.jsp",
             "form": {"columnid": "4521"}, "per_page": 2, "group": 2, "total": 12, "start": 5, "end": 8}
    body = (FIXTURES / "hanweb_dataproxy.xml").read_bytes().decode("gbk")
    result = hanweb.read_api(body, PageRequest(state["proxy"], kind="api", state=state), {})
    assert len(result.links) == 4
    (following,) = result.next
    assert following.state["start"] == 9 and following.state["end"] == 12
    last = hanweb.read_api(body, PageRequest(state["proxy"], kind="api", state={**state, "start": 9, "end": 12}), {})
    assert last.next == []


def test_hanweb_profile_rejects_a_page_without_datastore():
    result = hanweb.read_list(page("trs_index.html"), f"{BASE}/zwgk/zfxxgknb/index.html", {})
    assert not result.recognised


def test_plain_list_links_in_the_list_area_and_next_page():
    url = f"{BASE}/xxgk/ndbg/list.html"
    result = plain.read_list(page("plain_list.html"), url, {"list_selector": "div.list"})
    assert [r.url for r in result.next] == [f"{BASE}/xxgk/ndbg/list_2.html"]
    assert len(result.links) == 2 and all(link.date for link in result.links)
    last = plain.read_list(page("plain_list_last.html"), f"{BASE}/xxgk/ndbg/list_3.html",
                           {"list_selector": "div.list"})
    assert last.next == [] and last.links
    missing = plain.read_list(page("plain_list.html"), url, {"list_selector": "div.articles"})
    assert not missing.recognised and "div.articles" in missing.problem


def test_sitemap_index_and_urlset_with_include_filter():
    base = "http://127.0.0.1:8364"
    index = sitemap.read_list(page("sitemap_index.xml", kind="xml"), f"{base}/sitemap.xml", {})
    assert [r.url for r in index.next] == [f"{base}/sitemap/nbhb.xml", f"{base}/sitemap/news.xml"]
    urls = sitemap.read_list(page("sitemap_urlset.xml", kind="xml"), f"{base}/sitemap/nbhb.xml",
                             {"include": r"/nbhb/\d{4}/"})
    assert len(urls.links) == 7
    assert all(link.title == "" and link.date for link in urls.links)
    html = sitemap.read_list(page("trs_index.html"), f"{BASE}/sitemap.xml", {})
    assert not html.recognised


def test_article_page_titles_and_attachments():
    sel = page("trs_article_attachments.html")
    # Most specific first: the TRS ArticleTitle (h1 repeats it), then the <title> with the site name.
    title = "2021年海州市教育局政府信息公开工作年度报告"
    assert page_titles(sel) == [title, f"{title}_海州市人民政府"]
    found = attachments(sel, f"{BASE}/zwgk/zfxxgknb/202202/t20220206_30234.htm")
    assert [Path(urlsplit(a.url).path).suffix for a in found] == [".pdf", ".docx"]
    assert all(a.url.startswith(f"{BASE}/zwgk/zfxxgknb/202202/P0") for a in found)
