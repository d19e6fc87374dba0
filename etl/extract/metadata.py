"""Title, publisher, publish date and report year, each from the most trustworthy source present.

Priority: portal meta tags (ArticleTitle, PubDate, ContentSource); info tables and labelled lines
(发布机构 / 发布日期 / 成文日期 / 发布时间 / 发布来源); the signature block (name and date at the end);
a name line printed just above the title; the title itself. A value that is empty or not a name
(portals put "1" or a template placeholder there) falls through to the next source. The year comes
from the title or the statistics period, never from the publish date alone.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from etl.extract.dates import CN_DIGITS, normalize_date_text, parse_date
from etl.extract.numbers import normalize
from etl.extract.readers.cells import lines_of

_ORG_SUFFIX = re.compile(
    r"(人民政府|政府|办公厅|办公室|办|管委会|委员会|委|局|厅|署|院|中心|所|站|处|部|队|会|街道办事处|街道|镇|乡|"
    r"公司|集团|馆|学校|大学|医院|监狱|分局|支队|大队|总队|海关|银行)$"
)
_PLACEHOLDER = re.compile(r"[{}<>$%#\[\]]|^(null|none|undefined|nan|\d+)$|^(本网|本站|原创|转载|网站|门户网站|政府网站)$", re.I)
_YEAR = re.compile(r"(20[0-4]\d|19[9]\d)\s*年")
_LABELLED = {
    "publisher": r"发布机构|发布单位|发文机关|发文单位|发布来源|信息来源|来源单位|来源",
    "published": r"发布日期|发布时间|公开日期|发文日期",
    "written": r"成文日期|印发日期",
    "date": r"(?<!统计)(?<!截止)(?:日期|时间)",
    "title": r"标题|文章标题|名称",
}
_LABEL_RE = {k: re.compile(rf"(?:{p})\s*[:：]\s*(.*)") for k, p in _LABELLED.items()}
_ANY_LABEL = re.compile(r"\s*(?:" + "|".join(_LABELLED.values()) + r"|浏览次数|点击数|字号|作者|索引号|分类)\s*[:：]")


@dataclass
class Metadata:
    title: str | None = None
    publisher: str | None = None
    publish_date: str | None = None
    year: int | None = None


def valid_name(value: str | None, *, need_suffix: bool = False) -> str | None:
    """The name if it looks like an issuing body, else None (empty, numeric, placeholder, prose)."""
    if not value:
        return None
    name = re.sub(r"\s+", "", value).strip("：:，,。;；")
    if not 2 <= len(name) <= 40 or _PLACEHOLDER.search(name):
        return None
    if re.search(r"[。，；！？,;!?:：]|\d{4}|版权|主办|承办|技术支持|地址|电话|备案|网站标识", name):
        return None  # prose, or a page footer (主办单位：…, 版权所有 …)
    cjk = sum("\u4e00" <= c <= "\u9fff" for c in name)
    if cjk < len(name) * 0.6:
        return None
    if need_suffix and not _ORG_SUFFIX.search(name):
        return None
    return name


def _is_title(line: str) -> bool:
    t = normalize(line)
    return (
        ("年度报告" in t or "年报" in t)
        and bool(_YEAR.search(_arabic_years(t)))
        and not re.search(r"[>›»]|当前位置|首页", t)
        and len(t) <= 60
        and not t.endswith(("。", "，", "；"))
        and not re.match(r"^(根据|按照|现将|本报告|依据|为|关于.*通知)", t)
        and "通知" not in t
    )


_MARKUP = re.compile(r"^\s*#+\s*|\*\*|__")
_INNER_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\d])[ \t\u3000\xa0]+(?=[\u4e00-\u9fff\d])")
_SITE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|--?|——|－|—)\s*")


def clean_title(text: str) -> str:
    """A title as printed, without markdown markers (#, **) and the spaces set between CJK characters
    and digits (2020 年度 → 2020年度)."""
    return _INNER_SPACE.sub("", _MARKUP.sub("", text)).strip()


def _without_site(title: str) -> str:
    """A page <title> without its site part (…年度报告_XX门户网站, …年度报告-XX县发改局): the part that is the report's."""
    parts = _SITE_SEPARATORS.split(title)
    return next((p for p in parts if _is_title(p)), parts[0]).strip()


def _title_lines(lines: list[str]) -> list[str]:
    """Candidate title lines of the head: each line, and each line joined with the next (a title wrapped
    over two lines)."""
    head = [clean_title(line) for line in lines[:60] if line.strip()]
    out: list[str] = []
    for i, line in enumerate(head):
        out.append(line)
        if i + 1 < len(head) and not _is_title(line) and not _is_title(head[i + 1]) \
                and len(line) <= 40 and len(head[i + 1]) <= 40:
            out.append(line + head[i + 1])
    return out


def find_title(meta: dict[str, str], lines: list[str], labelled: list[str]) -> str | None:
    """The printed heading first (a page <title> carries the site's name), then the labelled title."""
    if (t := meta.get("articletitle")) and _is_title(clean_title(t)):
        return clean_title(t)
    for t in labelled:
        if _is_title(clean_title(t)):
            return clean_title(t)
    for line in _title_lines(lines):
        if _is_title(line):
            return line
    if (t := meta.get("html_title")) and _is_title(t := _without_site(clean_title(t))):
        return t
    if (t := meta.get("title")) and _is_title(clean_title(t)):  # PDF / DOCX document properties
        return clean_title(t)
    return None


def _labelled(kind: str, rows: list[list[str]]) -> list[str]:
    """Values printed after a label, inline (发布时间：…) or in the next cell of an info table."""
    found = []
    for row in rows:
        cells = [c for c in row if c]
        for i, cell in enumerate(cells):
            for m in _LABEL_RE[kind].finditer(cell):
                value = _ANY_LABEL.split(m.group(1))[0].strip()
                if kind == "publisher":
                    value = value.split()[0] if value.split() else ""
                if value:
                    found.append(value)
            bare = re.sub(r"[\s:：]", "", cell)
            if re.fullmatch(_LABELLED[kind], bare) and i + 1 < len(cells):
                found.append(cells[i + 1])
    return found


_NAME_AND_DATE = re.compile(r"^(?P<name>\S.*?)\s*(?P<date>[\d〇○零一二三四五六七八九十]{4}\s*年.{1,6}月.{1,6}日)$")


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(name, date) of the signature block at the very end: a name line and a date line, or both on one line."""
    tail = lines[-6:]
    for i in range(len(tail) - 1, -1, -1):
        date = parse_date(tail[i]) if _date_only(tail[i]) else None
        if date:
            name = valid_name(tail[i - 1], need_suffix=True) if i > 0 else None
            return name, date
        if (m := _NAME_AND_DATE.match(tail[i].strip())) and (name := valid_name(m["name"], need_suffix=True)):
            return name, parse_date(m["date"])
    if tail and (name := valid_name(tail[-1], need_suffix=True)):
        return name, None
    return None, None


def _date_only(line: str) -> bool:
    t = normalize_date_text(line)
    return bool(re.fullmatch(r"\s*\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*", t))


def _name_above_title(lines: list[str]) -> str | None:
    """A bare name line printed right above a title that has none (西工区XX办 / 2020年度…年度报告)."""
    for prev, line in zip(lines[:20], lines[1:21], strict=False):
        name = valid_name(prev, need_suffix=True)
        if name and _is_title(line) and re.match(r"^\s*\d{4}\s*年", normalize(line)):
            return name
    return None


def _name_in_title(title: str | None, *, need_suffix: bool = False) -> str | None:
    if not title:
        return None
    t = normalize(title)
    m = re.match(r"^(.*?)(?:关于)?\d{4}年度?", t)
    if m and (name := valid_name(m.group(1), need_suffix=need_suffix)):
        return name
    m = re.match(r"^\d{4}年度?(.*?)(?:政府)?信息公开", t)
    if m and (name := valid_name(m.group(1), need_suffix=need_suffix)):
        return name
    return None


def _same_body(a: str, b: str) -> bool:
    """Two printings of one body's name: equal, or one inside the other (XX区政府办 / XX区人民政府办公室 are not
    told apart here, and need not be)."""
    return a in b or b in a


def _arabic_years(text: str) -> str:
    """二〇二〇年 → 2020年, so that years printed in Chinese numerals are found like any other."""
    return re.sub(r"([〇○零Ｏ一二三四五六七八九]{4})(?=年)",
                  lambda m: "".join(CN_DIGITS[c] for c in m.group(1)), text)


_REPORT_WORDS = re.compile(r"(?:政府信息公开|政务信息公开|信息公开|政务公开).*?(?:年度报告|年报|工作报告)")


def title_year(title: str | None) -> int | None:
    """The year a report title is about: the last year printed before the report's own words
    ("2024年发布 2023年度政府信息公开工作年度报告" → 2023), else the first year in the title."""
    if not title:
        return None
    t = _arabic_years(normalize(title))
    m = _REPORT_WORDS.search(t)
    before = _YEAR.findall(t[: m.start()]) if m else []
    years = before[-1:] or _YEAR.findall(t)[:1]
    return int(years[0]) if years else None


def find_year(title: str | None, text: str, body: str) -> int | None:
    """From the title, the statistics period (统计期限), a 'YYYY年度…报告' phrase, or the body's most cited year."""
    if year := title_year(title):
        return year
    text, body = _arabic_years(text), _arabic_years(body)
    t = normalize(text)
    m = re.search(r"统计(?:期限|期间|时限|时间|区间|范围)[^。]{0,12}?(\d{4})年", t)
    if m:
        return int(m.group(1))
    if m := re.search(r"(\d{4})年度?[^。]{0,30}?年度报告", t):
        return int(m.group(1))
    years = Counter(int(y) for y in _YEAR.findall(normalize(body)) if 2008 <= int(y) <= 2100)
    return years.most_common(1)[0][0] if years else None


def extract_metadata(meta: dict[str, str], rows: list[list[str]], preamble: list[list[str]],
                     body: str) -> Metadata:
    """`rows`: the whole document; `preamble`: its rows before the first section; `body`: section text.

    Labelled values are looked for in the head of the document: the preamble, and at least 40 rows.
    """
    lines = lines_of(rows)
    head_rows = rows[:max(len(preamble), 40)]
    title = find_title(meta, lines, _labelled("title", head_rows))
    sig_name, sig_date = _signature(lines)
    # The body the report names itself in its title (and, if signed, in its signature).
    in_title = _name_in_title(title, need_suffix=True)
    named = [in_title] if in_title and (not sig_name or _same_body(sig_name, in_title)) else []
    publishers = [meta.get("contentsource"), meta.get("author"), *_labelled("publisher", head_rows), sig_name,
                  _name_above_title(lines), _name_in_title(title)]
    publisher = next((n for p in publishers if (n := valid_name(p))), None)
    if publisher and named and not any(_same_body(publisher, n) for n in named):
        publisher = named[0]  # a portal-wide 来源 line names the site's body, not the report's
    dates = [meta.get("pubdate"), meta.get("publishdate"), *_labelled("published", head_rows),
             *_labelled("written", head_rows), sig_date, *_labelled("date", head_rows)]
    publish_date = next((d for v in dates if (d := parse_date(v))), None)
    text = "\n".join(lines)
    return Metadata(title, publisher, publish_date, find_year(title, text, body))

