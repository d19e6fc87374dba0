"""Hypothesis strategies for canonical records that look like real reports.

Records come in both national formats with every key of their format, mostly zeros (as most reports
are), some blanks, now and then large figures (up to 10^7), signed 本年增/减 and money with up to four
decimals. Publishers are plausible government bodies; years fit the format (2019 format for 2019-2020,
2021 format from 2021); a report is published in the year after the one it covers.
"""
from __future__ import annotations

import calendar

from hypothesis import strategies as st

from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANTS,
    APPLICATION_ROWS,
    MONEY_METRICS,
    OUTCOME_ROWS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
    Record,
)

PROVINCES = ("河南", "福建", "辽宁", "广西", "四川", "山东", "湖南", "江苏", "贵州", "云南")
CITIES = ("洛阳", "朝阳", "桂林", "成都", "济南", "长沙", "南京", "贵阳", "昆明", "厦门", "福州", "郑州")
DISTRICTS = ("西工", "龙城", "兴安", "武侯", "历下", "岳麓", "江宁", "南明", "盘龙", "思明", "鼓楼", "金水")
COUNTIES = ("平潭", "宁乡", "长丰", "兰陵", "安溪", "永嘉", "桐庐", "德清")
TOWNS = ("城关", "新桥", "石门", "白沙", "青山", "高桥", "花园", "东湖")
AGENCIES = (
    "人民政府办公室", "人民政府", "发展和改革局", "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局",
    "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "规划建设局",
    "司法局", "退役军人事务局", "城市改造办公室", "政务服务数据管理局",
)
PROVINCIAL = ("教育厅", "财政厅", "民政厅", "交通运输厅", "人民政府办公厅")


@st.composite
def publishers(draw) -> tuple[str, str]:
    """A government body: (full name, the short name a title may use, e.g. 规划建设局)."""
    form = draw(st.sampled_from(("city_district", "district", "city", "county_town", "street", "province")))
    agency = draw(st.sampled_from(AGENCIES))
    if form == "city_district":
        region = f"{draw(st.sampled_from(CITIES))}市{draw(st.sampled_from(DISTRICTS))}区"
        return region + agency, draw(st.sampled_from((region + agency, region[3:] + agency, agency)))
    if form == "district":
        return f"{draw(st.sampled_from(DISTRICTS))}区{agency}", agency
    if form == "city":
        return f"{draw(st.sampled_from(CITIES))}市{agency}", agency
    if form == "county_town":
        name = f"{draw(st.sampled_from(COUNTIES))}县{draw(st.sampled_from(TOWNS))}镇人民政府"
        return name, name
    if form == "street":
        name = f"{draw(st.sampled_from(DISTRICTS))}区{draw(st.sampled_from(TOWNS))}街道办事处"
        return name, name
    name = f"{draw(st.sampled_from(PROVINCES))}省{draw(st.sampled_from(PROVINCIAL))}"
    return name, name


@st.composite
def dates_after(draw, year: int) -> str:
    """A publication date in the year after `year`, mostly in its first quarter as the rules ask."""
    month = draw(st.one_of(st.integers(1, 3), st.integers(1, 12)))
    day = draw(st.integers(1, calendar.monthrange(year + 1, month)[1]))
    return f"{year + 1}-{month:02d}-{day:02d}"


def _counts(blanks: str):
    """Cell values: mostly 0, some small, a few large; blanks as the record's blank habit says."""
    kinds = ["zero", "zero", "zero", "small", "small", "large"] + (["blank"] if blanks == "some" else [])
    return st.sampled_from(kinds).flatmap(lambda kind: {
        "zero": st.just(None if blanks == "zero_is_blank" else 0),
        "small": st.integers(1, 30),
        "large": st.integers(31, 10**7),
        "blank": st.none(),
    }[kind])


def _changes(blanks: str):
    return st.one_of(_counts(blanks), st.integers(-10**4, -1), st.integers(1, 10**4))


def _money(blanks: str):
    """万元 with up to four decimals (exactly representable in 元), or whole 万元."""
    return st.one_of(_counts(blanks), st.integers(1, 10**9).map(lambda n: n / 10000),
                     st.integers(1, 10**4).map(lambda n: n / 100))


def _sum(values):
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@st.composite
def records(draw, formats=("2019", "2021"), duplicates: bool = False, consistent: bool | None = None) -> Record:
    """A canonical record; `duplicates` also prints some sections twice (duplicate_sections); `consistent`
    (drawn when None) makes its figures pass the 勾稽 checks."""
    fmt = draw(st.sampled_from(formats))
    year = draw(st.integers(2019, 2020) if fmt == "2019" else st.integers(2021, 2025))
    publisher, short = draw(publishers())
    title_form = draw(st.sampled_from(("none", "full", "year_first", "annual", "short")))
    title = {
        "none": None,
        "full": f"{publisher}{year}年政府信息公开工作年度报告",
        "year_first": f"{year}年{publisher}政府信息公开工作年度报告",
        "annual": f"{publisher}{year}年度政府信息公开工作年度报告",
        "short": f"{short}{year}年政府信息公开工作年度报告",
    }[title_form]
    if title is None and draw(st.booleans()):
        publisher = None
    publish_date = draw(st.one_of(st.none(), dates_after(year)))
    blanks = draw(st.sampled_from(("none", "none", "some", "zero_is_blank")))
    consistent = draw(st.booleans()) if consistent is None else consistent

    active = {}
    for category, metrics in ACTIVE_DISCLOSURE[fmt].items():
        active[category] = {}
        for metric in metrics:
            strategy = _money if metric in MONEY_METRICS else _changes if metric == "items_change" else _counts
            active[category][metric] = draw(strategy(blanks))

    applicants = APPLICANTS[:-1]
    applications = {row: {a: draw(_counts(blanks)) for a in applicants} for row in APPLICATION_ROWS[fmt]}
    if consistent:
        for a in applicants:
            done = _sum(applications[row][a] for row in OUTCOME_ROWS[fmt])
            applications["total"][a] = done
            carried = applications["carried_over"][a] or 0
            forward = applications["carried_forward"][a] or 0
            new = (done or 0) + forward - carried
            if new < 0:  # more carried over than done and carried forward: carry over less
                applications["carried_over"][a], new = carried + new, 0
            applications["new_received"][a] = None if new == 0 and blanks == "zero_is_blank" else new
    for cols in applications.values():
        cols["total"] = _sum(cols.values()) if consistent else draw(_counts(blanks))

    review = {g: {o: draw(_counts(blanks)) for o in REVIEW_OUTCOMES} for g in REVIEW_GROUPS}
    if consistent:
        for cols in review.values():
            cols["total"] = _sum(cols[o] for o in REVIEW_OUTCOMES[:-1])

    record = Record(source="roundtrip", title=title, publisher=publisher, year=year, publish_date=publish_date,
                    format=fmt, active_disclosure=active, applications=applications, review_litigation=review)
    if all(value is None for _, value in record.cells()):
        record.applications["new_received"]["natural_person"] = 0  # a report prints at least one figure
    if duplicates:
        first = draw(st.integers(1, 6))
        last = draw(st.integers(first, 6))
        record.duplicate_sections = list(range(first, last + 1))
    return record


def sentinel_record(fmt: str = "2021", *, blanks: bool = False) -> Record:
    """A fixed record whose every cell holds a different figure, so a rendering can be searched for each.

    Counts are 1001, 1002, …; 本年增/减 alternate in sign; money has four decimals. With `blanks`, every
    seventh cell is left blank instead.
    """
    year = 2020 if fmt == "2019" else 2022
    record = Record(source="sentinel", title=f"洛阳市西工区住房和城乡建设局{year}年政府信息公开工作年度报告",
                    publisher="洛阳市西工区住房和城乡建设局", year=year, publish_date=f"{year + 1}-01-25",
                    format=fmt)
    serial = iter(range(1001, 100000))

    def value(metric: str):
        n = next(serial)
        if blanks and n % 7 == 0:
            return None
        if metric in MONEY_METRICS:
            return n + 0.1234
        if metric == "items_change":
            return n if n % 2 else -n
        return n

    record.active_disclosure = {c: {m: value(m) for m in ms} for c, ms in ACTIVE_DISCLOSURE[fmt].items()}
    record.applications = {r: {a: value(a) for a in APPLICANTS} for r in APPLICATION_ROWS[fmt]}
    record.review_litigation = {g: {o: value(o) for o in REVIEW_OUTCOMES} for g in REVIEW_GROUPS}
    return record
