"""The cosmetic choices of one rendering, drawn from a seed so that a failing example can be replayed.

Choices change how a report looks, never what it says: every option prints the same canonical values.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from etl.render.grid import NBSP

# How a blank (None) cell is printed. Plain-text renderings only use marks that survive as text.
BLANKS = {
    "html": ("", NBSP, "—", "-", "/"),
    "grid": ("", "—", "-", "/"),
    "text": ("—", "-", "/"),
}

# How section headings print; Word's automatic numbering is lost when a report is copied out as text.
HEADINGS = {
    "html": ("plain", "plain", "plain", "spaced"),
    "grid": ("plain", "plain", "spaced", "lost"),
    "text": ("plain", "plain", "plain", "spaced", "lost"),
}


@dataclass(frozen=True)
class Style:
    blank: str = ""
    plus_sign: bool = True  # +2 rather than 2 for a positive 本年增/减
    minus: str = "-"  # or the full-width －, as a Chinese input method types it
    money: str = "plain"  # plain: bare 万元 under a header with the unit; wan: 330.55万; yuan: 251000元
    money_suffix: str = "万"
    money_2dp: bool = False  # 168.60 rather than 168.6 when two decimals suffice
    money_header: int = 0
    header_split: str = "none"  # none | lines (本年新 / 制作数量) | spaced (自 然 人)
    parens: str = "full"  # full （一） | half (一) | half_space (一) 予以公开
    numbering: str = "."  # 1.属于国家秘密, 1．, 1、
    law_variant: bool = False  # 2.其他法律法规禁止公开
    short_partial: bool = False  # （二）部分公开 without its explanation
    check_note: bool = True  # the 勾稽 note in the corner of the applications table (else an empty corner)
    label_split: bool = False  # long labels broken over two lines in their cell, as Word cells wrap them
    caption_outside: bool = False  # one table per 第二十条 block, its caption a paragraph above it
    national_row_names: bool = True  # 规范性文件 in 2019, 行政规范性文件 from 2021
    disclosure_layout: str = "single"  # single | separate | shifted (Shanghai's offset colspans)
    narrow_blocks: str = "span"  # span: last metric spans the spare columns; pad: empty filler cells
    apps_layout: str = "standard"  # standard | total_top (总计 beside 申请人情况) | no_total
    info: str = "line"  # none | line (发布机构：… 发布日期：…) | lines | table
    info_labels: int = 0
    info_date: str = "iso"  # iso 2021-01-30 | time 2021-01-30 09:12:00 | chinese 2021年01月30日 | slash 2021/01/30
    thousands: bool = False  # 12,345
    heading: str = "plain"  # plain 一、总体情况 | spaced 一 、总体情况 | lost 、总体情况 (Word numbering dropped)
    crlf: bool = False  # text saved with Windows line ends
    signature: bool = True
    signature_date: str = "plain"  # plain 2022年12月30日 | padded 2022年01月05日 | hanzi 二〇二二年十二月三十日
    intro: bool = True
    subsections: bool = True
    table_lead: bool = False
    problems_title: int = 0
    repeat_labels: bool = False  # spans flattened: repeat a row label in the cells it covered

    @classmethod
    def draw(cls, rng: random.Random, medium: str = "html", **fixed: object) -> Style:
        """A random style for `medium` (html, grid, text); `fixed` pins any field."""
        unknown = set(fixed) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown style options: {sorted(unknown)}")
        style = cls(
            blank=rng.choice(BLANKS[medium]),
            plus_sign=rng.random() < 0.7,
            minus=rng.choice(("-",) * 9 + ("－",)),
            money=rng.choice(("plain", "plain", "wan", "yuan")),
            money_suffix=rng.choice(("万", "万元")),
            money_2dp=rng.random() < 0.4,
            money_header=rng.randrange(3),
            header_split=rng.choice(("none", "none", "lines", "spaced")),
            parens=rng.choice(("full", "full", "half", "half_space")),
            numbering=rng.choice((".", ".", ".", "．", "、")),
            law_variant=rng.random() < 0.3,
            short_partial=rng.random() < 0.15,
            check_note=rng.random() < 0.85,
            label_split=rng.random() < 0.25,
            caption_outside=rng.random() < 0.5,
            national_row_names=rng.random() < 0.8,
            disclosure_layout=rng.choice(("single", "single", "separate", "shifted")),
            narrow_blocks=rng.choice(("span", "pad")),
            apps_layout=rng.choice(("standard", "standard", "total_top", "no_total")),
            info=rng.choice(("none", "line", "lines", "table")),
            info_labels=rng.randrange(3),
            info_date=rng.choice(("iso", "time", "time", "chinese", "slash")),
            thousands=rng.random() < 0.15,
            heading=rng.choice(HEADINGS[medium]),
            crlf=rng.random() < 0.2,
            signature=rng.random() < 0.6,
            signature_date=rng.choice(("plain", "plain", "padded", "hanzi")),
            intro=rng.random() < 0.7,
            subsections=rng.random() < 0.7,
            table_lead=rng.random() < 0.3,
            problems_title=rng.randrange(2),
            repeat_labels=rng.random() < 0.3,
        )
        return replace(style, **fixed)  # type: ignore[arg-type]


def without_spans(style: Style) -> Style:
    """The style of a rendering that spells spans out as empty cells.

    Shanghai's offset colspans only line values up with their headers while the spans are there; spelled
    out, a value would sit under the empty remains of a neighbour's header, which no reader could place.
    """
    return replace(style, disclosure_layout="single") if style.disclosure_layout == "shifted" else style


def decimal_text(value: float | int | Decimal) -> str:
    """A number as plain digits, no exponent and no trailing zeros (1E+2 → 100, 2.50 → 2.5)."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def grouped(text: str, style: Style) -> str:
    """12345.5 as 12,345.5 when the style groups thousands."""
    if not style.thousands:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, dot, fraction = text.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


def count_text(value: float | int | None, style: Style) -> str:
    return style.blank if value is None else grouped(decimal_text(value), style)


def change_text(value: float | int | None, style: Style) -> str:
    if value is None:
        return style.blank
    text = grouped(decimal_text(value), style).replace("-", style.minus)
    return f"+{text}" if style.plus_sign and value > 0 else text


def money_text(value: float | int | None, style: Style) -> str:
    """万元 printed as the style says; the printed amount always converts back to `value` 万元 exactly."""
    if value is None:
        return style.blank
    amount = Decimal(repr(value))
    if style.money == "yuan":
        return grouped(decimal_text(amount * 10000), style) + "元"
    text = decimal_text(amount)
    if style.money_2dp and amount == amount.quantize(Decimal("0.01")):
        text = f"{amount:.2f}"
    text = grouped(text, style)
    return text + style.money_suffix if style.money == "wan" else text
