"""Dates in every Chinese form → ISO 'YYYY-MM-DD' (our normalisation first, then dateparser)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

import dateparser

CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "Ｏ": "0", "O": "0", "o": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_DATE = re.compile(r"([〇○零Ｏ一二三四五六七八九Oo]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
_NUMERIC = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")


def _cn_number(s: str) -> int:
    """一 … 三十一 → 1 … 31."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (int(CN_DIGITS[tens]) if tens else 1) * 10 + (int(CN_DIGITS[ones]) if ones else 0)
    return int("".join(CN_DIGITS[c] for c in s))


def normalize_date_text(text: str) -> str:
    """Rewrite Chinese-numeral dates (二〇二一年一月三十日) as 2021年1月30日; NFKC everything else."""
    text = unicodedata.normalize("NFKC", text)

    def repl(m: re.Match) -> str:
        year = "".join(CN_DIGITS[c] for c in m.group(1))
        return f"{year}年{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日"

    return _CN_DATE.sub(repl, text)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day.isoformat() if 1990 <= y <= 2100 else None


def parse_date(text: str | None) -> str | None:
    """The first date in `text` as 'YYYY-MM-DD', or None. Prefixes like 发布日期： are ignored."""
    if not text:
        return None
    t = normalize_date_text(text)
    if m := _NUMERIC.search(t):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    parsed = dateparser.parse(t, languages=["zh", "en"], settings={"STRICT_PARSING": True})
    return _valid(parsed.year, parsed.month, parsed.day) if parsed else None
