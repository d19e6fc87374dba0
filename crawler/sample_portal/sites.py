"""What the sample portals serve: five government sites of the three CMS families, and the truth about them.

- sample-city (TRS, static paging over five list pages): a city government's column with its
  departments' reports, the real 上海市人民政府办公厅 2019 report, notices and the national template,
  a report published as PDF + DOCX attachments, a page that fails with 500 once, a redirect, a slow
  page, a dead link (404) and a link into a robots.txt-disallowed folder;
- sample-pingtan (TRS 动静结合): the real 平潭 list page, its first ten reports static (the real 2023
  report among them), the older ones behind the JSON search API;
- sample-district (Hanweb, GBK): records in the column's XML datastore, paged through the data proxy;
  one article served with a wrong charset header, one with malformed markup, and the 教育局 report that
  the department portal reposts;
- sample-dept (plain paged list): the 区教育局's own site — its reports, the repost, a report linked
  straight to a DOCX file, a notice;
- sample-archive (sitemap.xml): an archive's report collection — the five seed reports as text copies
  attached to landing pages — found only through its sitemap, beside pages that are not reports.

Everything is drawn from one seed, so the same seed serves the same bytes and the same manifest.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from crawler.sample_portal import chrome
from crawler.sample_portal.attachments import docx_bytes, pdf_bytes
from crawler.sample_portal.chrome import Entry, esc
from crawler.sample_portal.records import make_record, report_title
from etl.extract.record import Record
from etl.render import render_html

HTML = "text/html; charset=utf-8"
GBK_HTML = "text/html; charset=GBK"


@dataclass(frozen=True)
class SiteSpec:
    """What a portal definition needs to know about a sample site (no content)."""

    name: str
    title: str
    profile: str
    start_path: str
    overrides: dict[str, Any] = field(default_factory=dict)


SPECS = (
    SiteSpec("sample-city", "海州市人民政府（TRS，静态分页）", "trs", "/zwgk/zfxxgknb/index.html"),
    SiteSpec("sample-pingtan", "平潭综合实验区党工委管委会（TRS 动静结合）", "trs", "/zwgk/zfxxgkzl/zfxxgknb/index.html",
             {"search_api": "/fjdzapp/search"}),
    SiteSpec("sample-district", "海州市滨江区人民政府（Hanweb，GBK）", "hanweb", "/col/col4521/index.html"),
    SiteSpec("sample-dept", "海州市滨江区教育局（普通分页列表）", "plain", "/xxgk/ndbg/list.html",
             {"list_selector": "div.list"}),
    SiteSpec("sample-archive", "海州市档案馆年报汇编（sitemap.xml）", "sitemap", "/sitemap.xml", {"include": "/nbhb/"}),
)


@dataclass
class Resource:
    """One servable answer. quirk: "flaky" (500 on the first request), "slow" (answers late)."""

    body: bytes
    content_type: str = HTML
    status: int = 200
    location: str | None = None
    quirk: str | None = None


@dataclass
class Truth:
    """A report the sample portal serves, as the manifest prints it.

    status: served, robots (linked, but robots.txt forbids it) or missing (linked, answers 404).
    url is the address the list links; documents lists the attachments that carry the report's content
    when the page itself only points to them.
    """

    portal: str
    url: str
    title: str
    publisher: str | None
    year: int | None
    format: str | None
    status: str = "served"
    repost_of: str | None = None
    documents: list[str] = field(default_factory=list)
    source: str = "generated"
    failed_checks: bool = False
    quirk: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Site:
    spec: SiteSpec
    base: str
    routes: dict[str, Resource] = field(default_factory=dict)
    robots: str = "User-agent: *\nDisallow:\n"
    reports: list[Truth] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    api: dict[str, list[Entry]] = field(default_factory=dict)
    api_total: int = 0

    @property
    def name(self) -> str:
        return self.spec.name

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes, content_type: str = HTML, **kw: Any) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Resource(data, content_type, **kw)

    def answer(self, method: str, path: str, query: str, form: bytes) -> Resource | None:
        """The resource for a request, including the two paging APIs (which read their parameters)."""
        if path == "/fjdzapp/search" and "search" in self.api:
            return self._trs_search(parse_qs(query))
        if path == "/module/web/jpage/dataproxy.jsp" and "proxy" in self.api and method == "POST":
            return self._hanweb_proxy(parse_qs(query), parse_qs(form.decode("latin-1")))
        return self.routes.get(path)

    def _trs_search(self, query: dict[str, list[str]]) -> Resource:
        entries = self.api["search"]
        per_page = int(query.get("prepage", ["10"])[0])
        page = int(query.get("page", ["1"])[0])
        chunk = entries[(page - 1) * per_page: page * per_page]
        pages = -(-len(entries) // per_page)
        data = [{"doctitle": e.title, "chnldocurl": self.url(e.href), "docreltime": f"{e.date} 09:00:00"}
                for e in chunk]
        body = {"code": 200, "msg": "success", "data": data, "page": page, "pagecount": pages,
                "total": len(entries), "prepage": per_page}
        return Resource(json.dumps(body, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

    def _hanweb_proxy(self, query: dict[str, list[str]], form: dict[str, list[str]]) -> Resource:
        if form.get("columnid", [""])[0] != "4521":
            return Resource(b"<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>",
                            "text/xml; charset=GBK")
        entries = self.api["proxy"]
        start = int(query.get("startrecord", ["1"])[0])
        end = int(query.get("endrecord", [str(len(entries))])[0])
        body = chrome.hanweb_datastore(entries[start - 1:end], len(entries))
        return Resource(body.encode("gbk", "xmlcharrefreplace"), "text/xml; charset=GBK")


def _data(name: str) -> bytes:
    return resources.files("crawler.sample_portal.data").joinpath(name).read_bytes()


def _seed(name: str) -> bytes:
    return resources.files("crawler.sample_portal.data.seeds").joinpath(name).read_bytes()


def _date(rng: random.Random, year: int) -> str:
    return f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"


def _content(record: Record, rng: random.Random, charset: str = "utf-8") -> str:
    """The body of a rendered report (renderer's choice of markup, Word export now and then)."""
    page = render_html(record, charset=charset, spans=rng.random() < 0.7, word=rng.random() < 0.25, meta=False,
                       seed=rng.randrange(1 << 30))
    return chrome.body_of(page.decode(charset))


def _truth(site: Site, url: str, record: Record, **kw: Any) -> Truth:
    truth = Truth(site.name, url, record.title or "", record.publisher, record.year, record.format, **kw)
    site.reports.append(truth)
    return truth


def _malformed(page: str) -> str:
    """Markup as a broken CMS template leaves it: closing tags missing, a stray one, an unquoted attribute."""
    page = re.sub(r"</(p|td|tr|span)>", "", page)
    page = page.replace("</body>", '<div class="share" data-x="1></span></div>').replace("</html>", "")
    return page


# -- sample-city: TRS, static paging ---------------------------------------------------------------

def build_city(site: Site, rng: random.Random) -> None:
    column = "/zwgk/zfxxgknb/"
    name = "海州市人民政府"
    entries: list[Entry] = []
    serial = iter(range(30101, 40000, 7))

    def article(year: int, date: str, record: Record | None, *, quirk: str | None = None,
                folder: str = "") -> tuple[str, str]:
        day = date.replace("-", "")
        href = f"./{folder}{day[:6]}/t{day}_{next(serial)}.htm"
        path = column + href[2:]
        if record is not None:
            page = chrome.trs_article(site=name, title=record.title, date=date, content=_content(record, rng),
                                      publisher=record.publisher)
            site.add(path, page, quirk=quirk)
        return href, path

    specs = [("海州市人民政府办公室", range(2019, 2025)), ("海州市发展和改革委员会", range(2020, 2025)),
             ("海州市财政局", range(2021, 2025)), ("海州市生态环境局", range(2022, 2025))]
    quirks = {("海州市发展和改革委员会", 2022): "flaky", ("海州市财政局", 2023): "slow"}
    for publisher, years in specs:
        for year in years:
            date = _date(rng, year)
            broken = (publisher, year) == ("海州市财政局", 2022)
            record = make_record(rng, publisher=publisher, year=year, publish_date=date, broken=broken)
            quirk = quirks.get((publisher, year))
            if (publisher, year) == ("海州市生态环境局", 2022):
                # Moved after publication: the list still links the old address, which redirects.
                href, path = article(year, date, record)
                moved = path.replace(column, column + "moved/")
                site.routes[moved] = site.routes.pop(path)
                site.add(path, b"", status=301, location=moved)
                quirk = "redirect"
            else:
                href, path = article(year, date, record, quirk=quirk)
            _truth(site, site.url(path), record, failed_checks=broken, quirk=quirk)
            entries.append(Entry(href, record.title, date))

    # The real 2019 report of 上海市人民政府办公厅, in this portal's article template.
    real = _data("shanghai_2019.html").decode("utf-8")
    href, path = article(2019, "2020-01-31", None)
    site.add(path, chrome.trs_article(site=name, title="2019年上海市人民政府办公厅政府信息公开工作年度报告",
                                      date="2020-01-31", content=real))
    site.reports.append(Truth(site.name, site.url(path), "2019年上海市人民政府办公厅政府信息公开工作年度报告",
                              "上海市人民政府办公厅", 2019, "2019", source="real/shanghai_2019.html"))
    entries.append(Entry(href, "2019年上海市人民政府办公厅政府信息公开工作年度报告", "2020-01-31"))

    # Published as attachments only: the page says "see the attachments", the PDF and DOCX are the report.
    date = _date(rng, 2021)
    record = make_record(rng, publisher="海州市教育局", year=2021, publish_date=date)
    href, path = article(2021, date, None)
    folder = path.rsplit("/", 1)[0]
    stem = f"P0{date.replace('-', '')}{rng.randint(100000, 999999)}"
    site.add(f"{folder}/{stem}.pdf", pdf_bytes(record, 7), "application/pdf")
    site.add(f"{folder}/{stem}.docx", docx_bytes(record, 7),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    intro = f'<p style="text-indent: 2em;">{esc(record.title)}全文详见附件。</p>'
    site.add(path, chrome.trs_article(site=name, title=record.title, date=date, content=intro,
                                      publisher=record.publisher,
                                      files=[(f"./{stem}.pdf", f"{record.title}.pdf"),
                                             (f"./{stem}.docx", f"{record.title}.docx")]))
    _truth(site, site.url(path), record, documents=[site.url(f"{folder}/{stem}.pdf"),
                                                    site.url(f"{folder}/{stem}.docx")], quirk="attachments")
    entries.append(Entry(href, record.title, date))

    # A dead link, and a report in a folder robots.txt keeps crawlers out of.
    for publisher, year, folder_name, status in (("海州市审计局", 2020, "", "missing"),
                                                  ("海州市人民政府办公室", 2018, "lsbb/", "robots")):
        date = _date(rng, year)
        record = make_record(rng, publisher=publisher, year=year, publish_date=date)
        href, path = article(year, date, record if status == "robots" else None, folder=folder_name)
        _truth(site, site.url(path), record, status=status)
        entries.append(Entry(href, record.title, date))
    site.robots = f"User-agent: *\nDisallow: {column}lsbb/\n"

    for title, date in (("关于做好2024年度政府信息公开工作年度报告编制和发布工作的通知", "2024-12-10"),
                        ("中华人民共和国政府信息公开工作年度报告格式（2021年版）", "2021-09-26"),
                        ("海州市2024年政务公开工作要点", "2024-04-18")):
        href, path = article(0, date, None)
        site.add(path, chrome.trs_article(site=name, title=title, date=date,
                                          content=f"<p>{esc(title)}。各县（市、区）人民政府，市政府各部门：……</p>"))
        site.notices.append(site.url(path))
        entries.append(Entry(href, title, date))

    entries.sort(key=lambda e: e.date, reverse=True)
    per_page = 5
    pages = -(-len(entries) // per_page)
    for number in range(pages):
        chunk = entries[number * per_page:(number + 1) * per_page]
        page = chrome.trs_list(site=name, column="政府信息公开年报", entries=chunk, page=number, pages=pages)
        site.add(column + ("index.html" if number == 0 else f"index_{number}.html"), page)


# -- sample-pingtan: TRS 动静结合 ----------------------------------------------------------------------

def build_pingtan(site: Site, rng: random.Random) -> None:
    column = "/zwgk/zfxxgkzl/zfxxgknb/"
    name = "平潭综合实验区党工委管委会"
    publisher = "平潭综合实验区管理委员会"
    listing = _data("pingtan_list.html").decode("utf-8")
    static = re.findall(r'<a href="\./(\d{6}/t(\d{8})_\d+\.htm)"[^>]*title="([^"]+)"', listing)
    older = []
    for year in range(2015, 2011, -1):
        date = _date(rng, year)
        older.append((f"{date[:7].replace('-', '')}/t{date.replace('-', '')}_{rng.randint(10000, 79999)}.htm",
                      date.replace("-", ""), f"平潭综合实验区{year}年度政府信息公开工作年度报告"))
    for index, (href, day, title) in enumerate(static + older):
        date = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        year = int(re.search(r"(\d{4})年度", title).group(1))
        path = column + href
        if year == 2023:
            body = _data("pingtan_2023.html").decode("utf-8")
            site.add(path, chrome.trs_article(site=name, title=title, date=date, content=body))
            site.reports.append(Truth(site.name, site.url(path), title, None, 2023, "2021",
                                      source="real/pingtan_2023.html"))
        else:
            record = make_record(rng, publisher=publisher, year=year, publish_date=date, title=title)
            site.add(path, chrome.trs_article(site=name, title=title, date=date, content=_content(record, rng),
                                              publisher=publisher))
            _truth(site, site.url(path), record, quirk="search-api" if index >= len(static) else None)
    notice = "关于印发平潭综合实验区2015年政务公开工作要点的通知"
    notice_path = column + "201504/t20150410_41237.htm"
    site.add(notice_path, chrome.trs_article(site=name, title=notice, date="2015-04-10",
                                             content=f"<p>{notice}。</p>"))
    site.notices.append(site.url(notice_path))
    api_entries = [Entry(column + href, title, f"{day[:4]}-{day[4:6]}-{day[6:]}") for href, day, title in older]
    api_entries.insert(2, Entry(notice_path, notice, "2015-04-10"))
    # The real list page, with the record count of this portal (ten static, the rest from the API).
    total = len(static) + len(api_entries)
    site.add(column + "index.html", listing.replace("recordCount: '20'", f"recordCount: '{total}'"))
    site.api["search"] = [Entry(column + h, t, "") for h, _, t in static] + api_entries


# -- sample-district: Hanweb, GBK ------------------------------------------------------------------

REPOST_PUBLISHER = "海州市滨江区教育局"


def build_district(site: Site, rng: random.Random, repost: Record, repost_content: str) -> None:
    name = "海州市滨江区人民政府"
    column_id, unit_id = 4521, 15678
    entries: list[Entry] = []
    serial = iter(range(88201, 99999, 13))

    def article(record: Record, date: str, *, charset_header: str = GBK_HTML, quirk: str | None = None,
                content: str | None = None) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        path = f"/art/{y}/{m}/{d}/art_{column_id}_{next(serial)}.html"
        page = chrome.hanweb_article(site=name, title=record.title, date=date, publisher=record.publisher,
                                     content=content or _content(record, rng, "gbk"), column_id=column_id)
        if quirk == "malformed":
            page = _malformed(page)
        site.add(path, page.encode("gbk", "xmlcharrefreplace"), charset_header, quirk=quirk)
        entries.append(Entry(path, record.title, date))
        return path

    for publisher, years in (("海州市滨江区人民政府办公室", range(2019, 2025)),
                             ("海州市滨江区卫生健康委员会", range(2021, 2024))):
        for year in years:
            date = _date(rng, year)
            record = make_record(rng, publisher=publisher, year=year, publish_date=date)
            quirk = {("海州市滨江区人民政府办公室", 2020): "malformed",
                     ("海州市滨江区卫生健康委员会", 2022): "wrong-charset"}.get((publisher, year))
            header = HTML if quirk == "wrong-charset" else GBK_HTML
            path = article(record, date, charset_header=header, quirk=quirk)
            _truth(site, site.url(path), record, quirk=quirk)
    path = article(repost, repost.publish_date, content=repost_content)
    _truth(site, site.url(path), repost)
    for title, date in (("滨江区关于做好2023年度政府信息公开工作年度报告编制工作的通知", "2023-12-20"),
                        ("滨江区2024年政务公开工作要点", "2024-03-29")):
        y, m, d = (int(x) for x in date.split("-"))
        path = f"/art/{y}/{m}/{d}/art_{column_id}_{next(serial)}.html"
        site.add(path, chrome.hanweb_article(site=name, title=title, date=date, publisher="海州市滨江区人民政府办公室",
                                             content=f"<p>{esc(title)}。</p>", column_id=column_id
                                             ).encode("gbk", "xmlcharrefreplace"), GBK_HTML)
        site.notices.append(site.url(path))
        entries.append(Entry(path, title, date))
    entries.sort(key=lambda e: e.date, reverse=True)
    per_page, group = 2, 2
    first = entries[:per_page * group]
    site.add(f"/col/col{column_id}/index.html",
             chrome.hanweb_column(site=name, column="政府信息公开年报", column_id=column_id, unit_id=unit_id,
                                  entries=first, total=len(entries), per_page=per_page, group=group
                                  ).encode("gbk", "xmlcharrefreplace"), GBK_HTML)
    site.api["proxy"] = entries


# -- sample-dept: plain paged list ------------------------------------------------------------------

def build_dept(site: Site, rng: random.Random, repost: Record, repost_content: str, original: str) -> None:
    name = REPOST_PUBLISHER
    folder = "/xxgk/ndbg/"
    entries: list[Entry] = []
    for year in (2021, 2022, 2023, 2024):
        if year == 2023:
            record = repost
        else:
            date = _date(rng, year)
            record = make_record(rng, publisher=name, year=year, publish_date=date, scale=12)
        href = f"content_{rng.randint(1000, 9999)}.html"
        date = record.publish_date
        content = repost_content if record is repost else _content(record, rng)
        site.add(folder + href, chrome.plain_article(site=name, title=record.title, date=date, content=content))
        _truth(site, site.url(folder + href), record, repost_of=original if year == 2023 else None)
        entries.append(Entry(href, record.title, date))
    # A report linked straight to its Word file.
    date = _date(rng, 2020)
    record = make_record(rng, publisher=name, year=2020, publish_date=date, scale=12)
    docx = f"/uploadfiles/{date[:4]}/{date[5:7]}/{rng.randint(10**7, 10**8 - 1)}.docx"
    site.add(docx, docx_bytes(record, 11), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    _truth(site, site.url(docx), record, quirk="docx")
    entries.append(Entry(docx, record.title, date))
    notice = "关于转发《关于做好2023年度政府信息公开工作年度报告编制工作的通知》的通知"
    site.add(folder + "content_0001.html", chrome.plain_article(site=name, title=notice, date="2023-12-22",
                                                                content=f"<p>{esc(notice)}</p>"))
    site.notices.append(site.url(folder + "content_0001.html"))
    entries.append(Entry("content_0001.html", notice, "2023-12-22"))
    entries.sort(key=lambda e: e.date, reverse=True)
    per_page = 2
    pages = -(-len(entries) // per_page)
    for number in range(1, pages + 1):
        chunk = entries[(number - 1) * per_page:number * per_page]
        page = chrome.plain_list(site=name, column="政府信息公开工作年度报告", entries=chunk, page=number, pages=pages)
        site.add(folder + ("list.html" if number == 1 else f"list_{number}.html"), page)


# -- sample-archive: sitemap.xml --------------------------------------------------------------------

# The seeds' facts, as their gold records in ../shared/gold/seeds state them.
SEEDS = {
    "000_250f2460152f5126.txt": ("规划建设局2020年政府信息公开工作年度报告", "规划建设局", 2020, "2019"),
    "001_eb42678789e3d87b.txt": ("兴安区2020年政府信息公开工作年度报告", "兴安区政府办公室", 2020, "2019"),
    "002_1969cc7526291166.txt": ("朝阳市龙城区住房和城乡建设局2022年政府信息公开工作年度报告",
                                 "朝阳市龙城区住房和城乡建设局", 2022, "2021"),
    "003_1cc715efd28283f7.txt": ("城市改造办公室2020年政府信息公开工作年度报告", "西工区城市改造办公室", 2020, "2019"),
    "004_3dc16392cc7dc7e9.txt": ("2020年度政府信息公开工作年度报告（文本）", None, 2020, "2019"),
}


def build_archive(site: Site, rng: random.Random) -> None:
    name = "海州市档案馆"
    urls: list[tuple[str, str]] = []
    for index, (seed, (title, publisher, year, fmt)) in enumerate(SEEDS.items(), 1):
        page, text = f"/nbhb/{year + 1}/hb_{index:03d}.html", f"/nbhb/files/{seed}"
        site.add(text, _seed(seed), "text/plain; charset=utf-8")
        intro = f"<p>本页收录《{esc(title)}》文本，原文见附件。</p>"
        site.add(page, chrome.plain_article(site=name, title=title, date=f"{year + 1}-02-01", content=intro,
                                            files=[(f"/nbhb/files/{seed}", f"{title}（文本）.txt")]))
        site.reports.append(Truth(site.name, site.url(page), title, publisher, year, fmt,
                                  documents=[site.url(text)], source=f"seeds/{seed}"))
        urls.append((site.url(page), f"{year + 1}-02-01"))
    for year in (2022, 2023):
        date = _date(rng, year)
        record = make_record(rng, publisher=name, year=year, publish_date=date, scale=8)
        page = f"/nbhb/{year + 1}/dag_{year}.html"
        site.add(page, chrome.plain_article(site=name, title=record.title, date=date, content=_content(record, rng)))
        _truth(site, site.url(page), record)
        urls.append((site.url(page), date))
    about = "/nbhb/about.html"
    site.add(about, chrome.plain_article(site=name, title="政府信息公开工作年度报告汇编说明", date="2024-01-05",
                                         content="<p>本栏目汇编各单位公开的年度报告文本，供查阅。</p>"))
    site.notices.append(site.url(about))
    urls.append((site.url(about), "2024-01-05"))
    news = [(site.url(f"/xwzx/2024/n{i}.html"), "2024-05-0" + str(i)) for i in range(1, 4)]
    for i in range(1, 4):
        site.add(f"/xwzx/2024/n{i}.html", chrome.plain_article(site=name, title=f"档案馆开展第{i}期档案开放日活动",
                                                               date=f"2024-05-0{i}", content="<p>活动报道。</p>"))
    site.add("/sitemap.xml", chrome.sitemap_index([site.url("/sitemap/nbhb.xml"), site.url("/sitemap/news.xml")]),
             "application/xml")
    site.add("/sitemap/nbhb.xml", chrome.urlset(urls), "application/xml")
    site.add("/sitemap/news.xml", chrome.urlset(news), "application/xml")


def build_sites(bases: dict[str, str], seed: int = 2024) -> list[Site]:
    """Every sample site with its content; `bases` maps site name → http://127.0.0.1:PORT."""
    sites = {spec.name: Site(spec, bases[spec.name]) for spec in SPECS}
    rng = random.Random(seed)
    build_city(sites["sample-city"], random.Random(rng.random()))
    build_pingtan(sites["sample-pingtan"], random.Random(rng.random()))
    repost_rng = random.Random(rng.random())
    date = _date(repost_rng, 2023)
    repost = make_record(repost_rng, publisher=REPOST_PUBLISHER, year=2023, publish_date=date, scale=12,
                         title=report_title(REPOST_PUBLISHER, 2023, repost_rng))
    # A repost is the same text in another portal's page: render the content once, serve it twice.
    repost_content = _content(repost, repost_rng, "gbk")
    build_district(sites["sample-district"], random.Random(rng.random()), repost, repost_content)
    original = next(t.url for t in sites["sample-district"].reports if t.publisher == REPOST_PUBLISHER)
    build_dept(sites["sample-dept"], random.Random(rng.random()), repost, repost_content, original)
    build_archive(sites["sample-archive"], random.Random(rng.random()))
    return list(sites.values())


def portal_entries(bases: dict[str, str]) -> list[dict[str, Any]]:
    """The portal-file entries of the sample sites at the given base URLs."""
    entries = []
    for spec in SPECS:
        base = bases[spec.name]
        entry: dict[str, Any] = {"name": spec.name, "title": spec.title, "profile": spec.profile,
                                 "start_urls": [base + spec.start_path],
                                 "allowed_domains": [base.split("://", 1)[1]], "tags": ["sample"]}
        if spec.overrides:
            entry["overrides"] = dict(spec.overrides)
        entries.append(entry)
    return entries
