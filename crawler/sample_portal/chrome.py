"""The page templates of the sample portals: TRS, Hanweb and plain-site lists and articles.

Markup follows what those CMSs print (TRS meta tags and `.TRS_Editor`, `createPageHTML` paging,
Hanweb's `<script type="text/xml">` datastore and jpage call, an info table above the article), so the
crawler meets the structures it meets on real portals.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_EDITOR = re.compile(r'^\s*<div class="TRS_Editor">(.*)</div>\s*$', re.S)


@dataclass(frozen=True)
class Entry:
    """One line of a list page: the link (relative to the list page or absolute path), title and date."""

    href: str
    title: str
    date: str


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def body_of(page: str) -> str:
    """The content of a rendered report page, without its own page frame and editor div."""
    match = _BODY.search(page)
    inner = match.group(1) if match else page
    editor = _EDITOR.match(inner)
    return editor.group(1) if editor else inner


def _nav(site: str) -> str:
    return (f'<div class="header"><div class="logo"><a href="/">{esc(site)}</a></div><ul class="nav">'
            '<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
            '<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>')


def _footer(site: str) -> str:
    return (f'<div class="footer"><p>主办：{esc(site)}　网站标识码：3302000012</p>'
            '<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p></div>')


def _attachment_block(files: list[tuple[str, str]]) -> str:
    if not files:
        return ""
    links = "".join(f'<p><a href="{esc(href)}" target="_blank">{esc(text)}</a></p>' for href, text in files)
    return f'<div class="appendix">附件：{links}</div>'


def trs_article(*, site: str, title: str, date: str, content: str, publisher: str | None = None,
                files: list[tuple[str, str]] = (), charset: str = "utf-8") -> str:
    source = f'<meta name="ContentSource" content="{esc(publisher)}">\n' if publisher else ""
    info = f"<span>来源：{esc(publisher)}</span>" if publisher else ""
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="{charset}">\n<title>{esc(title)}_{esc(site)}</title>\n'
        f'<meta name="SiteName" content="{esc(site)}">\n<meta name="ColumnName" content="政府信息公开年报">\n'
        f'<meta name="ArticleTitle" content="{esc(title)}">\n<meta name="PubDate" content="{date} 09:00">\n{source}'
        '<link rel="stylesheet" type="text/css" href="/images/trt_ui_v2.css">\n</head>\n<body>\n'
        f'{_nav(site)}\n<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="../">政府信息公开年报</a></div>\n'
        f'<div class="article">\n<h1 class="article-title">{esc(title)}</h1>\n'
        f'<div class="article-info"><span>发布时间：{date}</span>{info}<span>字号：大 中 小</span></div>\n'
        f'<div class="TRS_Editor">{content}</div>\n{_attachment_block(list(files))}\n</div>\n'
        f'{_footer(site)}\n</body>\n</html>\n'
    )


def trs_list(*, site: str, column: str, entries: list[Entry], page: int, pages: int) -> str:
    rows = "\n".join(
        f'<li><a href="{esc(e.href)}" target="_blank" title="{esc(e.title)}">{esc(e.title)}</a>'
        f'<span class="date">{e.date}</span></li>' for e in entries)
    return (
        f'<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>{esc(column)}_{esc(site)}</title>\n'
        f'<meta name="SiteName" content="{esc(site)}">\n<meta name="ColumnName" content="{esc(column)}">\n'
        f'</head>\n<body>\n{_nav(site)}\n<div class="list-box">\n<div class="list-title">{esc(column)}</div>\n'
        f'<ul class="list">\n{rows}\n</ul>\n<div class="page" id="page"></div>\n'
        '<script type="text/javascript">\n'
        f"var countPage = {pages}//共多少页\n"
        f'createPageHTML(countPage, {page}, "index", "html");\n</script>\n</div>\n{_footer(site)}\n</body>\n</html>\n'
    )


def hanweb_article(*, site: str, title: str, date: str, content: str, publisher: str | None, column_id: int,
                   charset: str = "gb2312") -> str:
    return (
        f'<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f'<title>{esc(title)}</title>\n<meta name="ArticleTitle" content="{esc(title)}">\n'
        f'<meta name="PubDate" content="{date} 10:12">\n<meta name="ContentSource" content="{esc(publisher)}">\n'
        f'<meta name="ColumnName" content="政府信息公开年报">\n<meta name="SiteName" content="{esc(site)}">\n'
        '<script type="text/javascript" src="/script/jquery.min.js"></script>\n</head>\n<body>\n'
        f'<div id="barrierfree_container">\n{_nav(site)}\n<div class="main">\n'
        '<table class="xxgk_table" width="100%" border="1" cellspacing="0">\n'
        f'<tr><td>索引号：</td><td>11330102MB1C{column_id}/{date[:4]}-00{column_id % 97}</td>'
        '<td>公开方式：</td><td>主动公开</td></tr>\n'
        f'<tr><td>发布机构：</td><td>{esc(publisher)}</td><td>成文日期：</td><td>{date}</td></tr>\n</table>\n'
        f'<div class="article-title"><h1>{esc(title)}</h1></div>\n<div id="zoom">{content}</div>\n'
        f'</div>\n{_footer(site)}\n</div>\n</body>\n</html>\n'
    )


def hanweb_record(entry: Entry) -> str:
    return (f'<record><![CDATA[<li><a href="{esc(entry.href)}" title="{esc(entry.title)}" target="_blank">'
            f'{esc(entry.title)}</a><span class="bt-data-time">{entry.date}</span></li>]]></record>')


def hanweb_datastore(entries: list[Entry], total: int) -> str:
    records = "\n".join(hanweb_record(e) for e in entries)
    return (f'<?xml version="1.0" encoding="GBK"?>\n<datastore>\n<totalrecord>{total}</totalrecord>\n'
            f'<recordset>\n{records}\n</recordset>\n</datastore>\n')


def hanweb_column(*, site: str, column: str, column_id: int, unit_id: int, entries: list[Entry], total: int,
                  per_page: int, group: int) -> str:
    records = "\n".join(hanweb_record(e) for e in entries)
    proxy = (f"/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid=3&amp;path=/&amp;columnid={column_id}"
             f"&amp;unitid={unit_id}&amp;webname={esc(site)}&amp;permissiontype=0")
    return (
        '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
        f'<title>{esc(column)}</title>\n<meta name="ColumnName" content="{esc(column)}">\n</head>\n<body>\n'
        f'{_nav(site)}\n<div class="main"><div class="lm-title">{esc(column)}</div>\n<div class="lm-list">\n'
        f'<div id="{unit_id}"><script type="text/xml"><datastore>\n'
        f'<nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>\n<recordset>\n{records}\n</recordset>\n'
        '</datastore></script></div>\n'
        '<script language="javascript" src="/module/web/jpage/jpage.js" charset="utf-8"></script>\n'
        "<script>\n$(document).ready(function(){\n"
        f"  $('#{unit_id}').jpage({{dataStore: dataStore, dataBefore: '<ul class=\"list\">', dataAfter: '</ul>',\n"
        f"    perPage: {per_page}, totalRecord: {total}, groupSize: {group}, barPosition: 'bottom',\n"
        "    proxyUrl: '/module/web/jpage/dataproxy.jsp', ajaxParam: {col: 1, appid: 1, webid: 3}});\n});\n"
        f"</script>\n</div></div>\n{_footer(site)}\n</body>\n</html>\n"
    )


def plain_article(*, site: str, title: str, date: str, content: str, files: list[tuple[str, str]] = ()) -> str:
    return (
        f'<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f'<title>{esc(title)} - {esc(site)}</title>\n</head>\n<body>\n<div class="top">{esc(site)}</div>\n'
        f'<div class="content">\n<h2 class="title">{esc(title)}</h2>\n<div class="time">{date}</div>\n'
        f'<div class="text">{content}</div>\n{_attachment_block(list(files))}\n</div>\n</body>\n</html>\n'
    )


def plain_list(*, site: str, column: str, entries: list[Entry], page: int, pages: int) -> str:
    rows = "\n".join(f'<tr><td><a href="{esc(e.href)}">{esc(e.title)}</a></td><td>{e.date}</td></tr>'
                     for e in entries)
    links = ['<a href="list.html">首页</a>']
    if page > 1:
        links.append(f'<a href="{"list.html" if page == 2 else f"list_{page - 1}.html"}">上一页</a>')
    if page < pages:
        links.append(f'<a href="list_{page + 1}.html">下一页</a>')
    links.append(f'<a href="{"list.html" if pages == 1 else f"list_{pages}.html"}">尾页</a>')
    return (
        f'<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        f'<title>{esc(column)} - {esc(site)}</title>\n</head>\n<body>\n<div class="top">{esc(site)}</div>\n'
        f'<div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a></div>\n'
        f'<div class="list"><h3>{esc(column)}</h3>\n<table width="100%">\n{rows}\n</table></div>\n'
        f'<div class="pager">第{page}/{pages}页 {" ".join(links)}</div>\n</body>\n</html>\n'
    )


def sitemap_index(locs: list[str]) -> str:
    items = "\n".join(f"  <sitemap><loc>{esc(loc)}</loc></sitemap>" for loc in locs)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}\n</sitemapindex>\n')


def urlset(urls: list[tuple[str, str]]) -> str:
    items = "\n".join(f"  <url><loc>{esc(loc)}</loc><lastmod>{mod}</lastmod></url>" for loc, mod in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{items}\n</urlset>\n')
