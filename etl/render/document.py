"""A report as an ordered list of printed blocks (title, info line, headings, prose, tables, signature).

The writers (HTML, Word HTML, plain text) only decide markup; what is printed is settled here, once.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from etl.extract.record import Record
from etl.render import labels as L
from etl.render import prose
from etl.render.grid import Table
from etl.render.style import Style, decimal_text
from etl.render.tables import applications_table, disclosure_tables, review_table

INFO_LABELS = (("发布机构", "发布日期"), ("发布来源", "发布时间"), ("来源", "日期"))


@dataclass
class Block:
    kind: str  # title | info | heading | subheading | para | table | signature
    text: str = ""
    pairs: tuple[tuple[str, str], ...] = ()  # info: (label, value)
    lines: tuple[str, ...] = ()  # signature
    table: Table | None = None


def record_format(record: Record) -> str:
    """The national format the record is printed in: its own, else the one its year used."""
    if record.format in ("2019", "2021"):
        return record.format
    return "2021" if (record.year or 2021) >= 2021 else "2019"


def chinese_date(iso: str, form: str) -> str:
    """2022-12-30 as a signature prints it: 2022年12月30日, 2022年01月05日 or 二〇二二年十二月三十日."""
    year, month, day = (int(part) for part in iso.split("-"))
    if form == "padded":
        return f"{year}年{month:02d}月{day:02d}日"
    if form == "hanzi":
        return "".join(L.CHINESE_NUMERALS[int(d)] for d in str(year)) + f"年{_hanzi(month)}月{_hanzi(day)}日"
    return f"{year}年{month}月{day}日"


def _hanzi(number: int) -> str:
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else L.CHINESE_NUMERALS[tens] + "十")
    return head + (L.CHINESE_NUMERALS[ones] if ones else "") if number >= 10 else L.CHINESE_NUMERALS[ones]


def info_date(iso: str, style: Style, rng: random.Random) -> str:
    """The publication date as an info line prints it."""
    if style.info_date == "time":
        return f"{iso} {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    if style.info_date == "chinese":
        return chinese_date(iso, "padded")
    if style.info_date == "slash":
        return iso.replace("-", "/")
    return iso


def _heading(number: int, style: Style) -> Block:
    titles = L.SECTION_TITLES[number]
    numeral = {"plain": L.CHINESE_NUMERALS[number], "spaced": L.CHINESE_NUMERALS[number] + " ", "lost": ""}
    return Block("heading", f"{numeral[style.heading]}、{titles[style.problems_title % len(titles)]}")


def _summary(record: Record, number: int, fmt: str) -> str:
    """The narrative stand-in for a tabled section, used where a report prints the section twice."""
    def get(table: dict, row: str, col: str):
        value = table.get(row, {}).get(col)
        return None if value is None else decimal_text(value)

    if number == 2:
        made = get(record.active_disclosure, "normative_documents", "made" if fmt == "2019" else "issued")
        return f"本年度制发规范性文件{made}件。" if made is not None else "本年度主动公开政府信息情况如下。"
    if number == 3:
        new = get(record.applications, "new_received", "total")
        return f"本年新收政府信息公开申请{new}件。" if new is not None else "本年度依申请公开情况如下。"
    review = get(record.review_litigation, "review", "total")
    return f"本年度因政府信息公开被申请行政复议{review}件。" if review is not None else "行政复议、行政诉讼情况如下。"


def prose_rng(record: Record) -> random.Random:
    """A random source fixed by who reported on which year, for the words of the report."""
    key = f"{record.publisher}|{record.year}|{record.title}|{record.format}"
    return random.Random(int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big"))


class _Writer:
    """Collects the blocks of one document; each section knows its long and its short form."""

    def __init__(self, record: Record, style: Style, rng: random.Random) -> None:
        self.record, self.style, self.rng = record, style, rng
        self.fmt = record_format(record)
        self.blocks: list[Block] = []
        year = record.year or 2020
        self.names = {"year": year, "next_year": year + 1, "name": record.publisher or "本机关"}
        # The text is the report's, not the rendering's: drawn from the record, so every rendering and
        # repost of one report says the same words, and a section printed twice repeats itself exactly.
        words = prose_rng(record)
        pick = words.choice
        self.intro = prose.fill(pick(prose.INTRO), words, **self.names)
        self.opening = prose.fill(pick(prose.OPENING), words, **self.names)
        self.subsections = [(title, prose.fill(text, words, **self.names)) for title, text in prose.SUBSECTIONS]
        self.problems = [prose.fill(pick(prose.PROBLEMS), words, **self.names),
                         prose.fill(pick(prose.IMPROVEMENTS), words, **self.names)]
        self.other = prose.fill(pick(prose.OTHER_MATTERS), words, **self.names)

    def add(self, kind: str, text: str = "", **kw) -> None:
        self.blocks.append(Block(kind, text, **kw))

    def section(self, number: int, *, short: bool = False) -> None:
        self.blocks.append(_heading(number, self.style))
        record, style = self.record, self.style
        if number == 1:
            self.add("para", self.opening)
            if style.subsections and not short:
                for title, text in self.subsections:
                    self.add("subheading", title)
                    self.add("para", text)
        elif number in (2, 3, 4) and short:
            self.add("para", _summary(record, number, self.fmt))
        elif number in (2, 3, 4):
            if style.table_lead:
                self.add("para", prose.TABLE_LEAD)
            tables = {2: lambda: disclosure_tables(record, self.fmt, style),
                      3: lambda: [(None, applications_table(record, self.fmt, style))],
                      4: lambda: [(None, review_table(record, style))]}[number]()
            for caption, table in tables:
                if caption:
                    self.add("para", caption)
                self.add("table", table=table)
        elif number == 5:
            for text in self.problems:
                self.add("para", text)
        else:
            self.add("para", self.other)


def build_document(record: Record, style: Style, rng: random.Random, *, head_meta: bool = False) -> list[Block]:
    """Everything a report prints, in order. `head_meta`: the page's <meta> tags also carry the metadata."""
    w = _Writer(record, style, rng)
    if record.title:
        w.add("title", record.title.strip())
    info_pairs = []
    labels = INFO_LABELS[style.info_labels % len(INFO_LABELS)]
    if record.publisher:
        info_pairs.append((labels[0], record.publisher))
    if record.publish_date:
        info_pairs.append((labels[1], info_date(record.publish_date, style, rng)))
    show_info = style.info != "none" and bool(info_pairs)
    if show_info:
        w.add("info", pairs=tuple(info_pairs), text=style.info)
    if style.intro or not record.title:
        w.add("para", w.intro)
    repeated = sorted(set(record.duplicate_sections) & set(range(1, 7)))
    for number in range(1, 7):
        w.section(number, short=number in repeated)
        if number in repeated and number + 1 not in repeated:
            start = number
            while start - 1 in repeated:
                start -= 1
            for again in range(start, number + 1):
                w.section(again)
    # Publisher and date must be printed somewhere in the body: the info line, else the signature.
    if style.signature or (info_pairs and not show_info):
        lines = []
        if record.publisher:
            lines.append(record.publisher)
        if record.publish_date:
            form = style.signature_date
            if form == "hanzi" and not (show_info or head_meta):
                form = "plain"
            lines.append(chinese_date(record.publish_date, form))
        if lines:
            w.add("signature", lines=tuple(lines))
    return w.blocks
