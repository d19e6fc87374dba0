"""Cell values as printed → numbers: full-width digits, separators, signs, blanks and money units."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# What printed blanks look like; they become null (a printed 0 stays 0).
BLANKS = frozenset({"", "-", "—", "——", "–", "－", "/", "／", "\\", "空", "null", "none", "n/a", "…"})

_NUMBER = re.compile(
    r"^(?P<sign>[+\-−])?\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>万元|万|元|件|项|个|条|次|家|人|宗|%)?$"
)


@dataclass(frozen=True)
class Value:
    """One printed cell: `blank` for printed blanks, else `number` and the unit printed beside it."""

    number: float | int | None
    unit: str | None = None

    @property
    def blank(self) -> bool:
        return self.number is None


@lru_cache(maxsize=1 << 16)
def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) with all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# 无 ("none") in a count cell states a count of zero, like 零; a dash or slash leaves the cell blank.
_ZERO = frozenset({"零", "〇", "○", "无"})
# Changes printed in words: 增加2 / 增2 → +2, 减少3 / 减3 → -3.
_CHANGE = re.compile(r"^(增加|增|减少|减)(?=\d)")


@lru_cache(maxsize=1 << 16)
def parse_value(text: str) -> Value | None:
    """The value a cell prints, or None when the cell is not a value at all (a label, prose)."""
    t = normalize(text).strip("()（）")
    if t.lower() in BLANKS:
        return Value(None)
    if t in _ZERO:
        return Value(0)
    t = _CHANGE.sub(lambda m: "-" if m.group(1).startswith("减") else "+", t)
    m = _NUMBER.match(t)
    if not m:
        return None
    raw = m.group("num").replace(",", "")
    number: float | int = float(raw) if "." in raw else int(raw)
    if m.group("sign") in ("-", "−"):
        number = -number
    return Value(number, m.group("unit"))


def to_wan(value: Value, column_unit: str | None) -> float | int | None:
    """A money value in 万元: the cell's own unit wins over the column's (单位：元 / 万元)."""
    if value.number is None:
        return None
    unit = value.unit if value.unit in ("元", "万元", "万") else column_unit
    if unit == "元":
        return round(value.number / 10000, 6)
    return value.number


def money_unit(header: str) -> str | None:
    """The money unit a column header declares: 万元, 元, or None when it says nothing."""
    h = normalize(header)
    if "万元" in h or "万" in h:
        return "万元"
    if "元" in h:
        return "元"
    return None


def number(value: Any) -> Any:
    """A number as the record means it: a whole float is its int (13.0 → 13), anything else stays."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
