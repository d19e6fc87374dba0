"""The de-duplication rules of etl.extract.dedup, one by one, and on rendered reposts stored in the database."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from etl.extract.dedup import (
    Sighting,
    band_hashes,
    canonical_source,
    minhash,
    normalise_text,
    own_portal,
    record_text,
    report_publisher,
    same_body,
    signature_bytes,
    similarity,
    table_cells,
    table_changes,
    table_fingerprint,
    unique_sections,
)
from etl.extract.record import Record, Section
from etl.render import render_html, render_lines
from etl.reports import report_details
from etl.runs import run_etl
from etl.store import store_document
from models import Report

PROSE = ("2020年，本机关认真贯彻落实《条例》要求，坚持以公开为常态、不公开为例外，"
         "全年主动公开政府信息495条，及时更新机构职能、政策文件等基础信息，做好重点领域信息公开。")


def signature(text: str) -> bytes:
    return signature_bytes(minhash(normalise_text(text)))


def test_normalised_text_ignores_whitespace_punctuation_and_width():
    assert normalise_text("一、总体情况\n\t（一）主动公开： ２０２０年，") == normalise_text("一 总体情况（一）主动公开2020年")
    assert normalise_text("一、总体情况") == "一总体情况"


def test_section_pasted_twice_is_kept_once_narrative_and_table_both_kept():
    sections = [
        Section(1, "一、总体情况", PROSE),
        Section(2, "二、主动公开政府信息情况", "本年度制发规范性文件3件。"),
        Section(2, "二、主动公开政府信息情况", "第二十条第（一）项 信息内容 本年新制作数量 规章 0 0 0", 2),
        Section(5, "五、存在的主要问题及改进情况", "1.公开内容不够全面。2.解读形式单一。下一步将加强培训，完善制度。"),
        Section(5, "五、存在的主要问题", "公开内容不够全面。 2.解读形式单一。 下一步将加强培训，完善制度。", 2),
        Section(6, "六、其他需要报告的事项", PROSE, 1),
    ]
    kept = [(s.number, s.occurrence) for s in unique_sections(sections)]
    assert kept == [(1, 1), (2, 1), (2, 2), (5, 1), (6, 1)]  # 5 again is the same block; 6 is another number


def test_similarity_of_renderings_and_of_different_texts():
    same = signature(PROSE)
    rewrapped = signature(PROSE.replace("，", "，\n  ").replace("。", "。 "))
    edited = signature(PROSE.replace("全年主动公开", "全年累计主动公开"))
    other = signature("2021年，本局依法做好政府信息公开申请办理工作，全年受理申请12件，均在法定期限内答复。")
    assert similarity(same, rewrapped) == 1.0
    assert 0.7 <= similarity(same, edited) < 1.0
    assert similarity(same, other) < 0.2
    assert sum(a == b for a, b in zip(band_hashes(same), band_hashes(edited), strict=True)) >= 1
    assert sum(a == b for a, b in zip(band_hashes(same), band_hashes(other), strict=True)) == 0


def test_records_with_nothing_to_compare_are_not_similar():
    a = Record("a", year=2020, applications={"granted": {"total": 1}})
    b = Record("b", year=2020, applications={"granted": {"total": 2}})
    assert similarity(signature_bytes(minhash(record_text(a))), signature_bytes(minhash(record_text(b)))) < 0.2


OFFICE = Record("a", year=2020, publisher="兴安区政府办公室", title="兴安区2020年政府信息公开工作年度报告")


@pytest.mark.parametrize(("other", "score", "expected"), [
    (OFFICE, 0.85, True),                                                   # much the same prose
    (Record("b", year=2020, publisher="兴安区 政府办公室"), 0.85, True),     # publisher compared normalised
    (Record("b", year=2020, publisher="宁夏回族自治区兴安区政府办公室"), 0.85, True),  # the longer name
    (Record("b", year=2020, publisher=None), 0.85, True),                   # publisher not found
    (Record("b", year=2020, publisher="兴安区人民政府", title="兴安区2020年政府信息公开工作年度报告"), 0.95, True),
    (Record("b", year=2020, publisher="兴安区人民政府", title="兴安区政府2020年度报告"), 0.95, False),
    (Record("b", year=2020, publisher="兴安区发展和改革局"), 1.0, False),   # another office's template prose
    (OFFICE, 0.6, False),                                                   # another text
    (Record("b", year=2021, publisher="兴安区政府办公室"), 1.0, False),      # another year is another report
])
def test_same_body(other, score, expected):
    assert same_body(OFFICE, other, score) is expected
    assert same_body(other, OFFICE, score) is expected


def test_tables_compare_by_value_not_by_rendering():
    base = Record("a", format="2019", applications={"granted": {"natural_person": 3, "total": 3.0, "commercial": None}})
    same = Record("b", format="2019", applications={"granted": {"natural_person": 3.0, "total": 3}})
    changed = Record("c", format="2019", applications={"granted": {"natural_person": 4, "total": 4}})
    other_format = Record("d", format="2021", applications={"granted": {"natural_person": 3, "total": 3}})
    assert table_fingerprint(base) == table_fingerprint(same)
    assert len({table_fingerprint(r) for r in (base, changed, other_format)}) == 3
    assert table_changes(table_cells(base), table_cells(changed)) == [
        {"table": "applications", "row": "granted", "column": "natural_person", "old": 3, "new": 4},
        {"table": "applications", "row": "granted", "column": "total", "old": 3, "new": 4},
    ]
    added = Record("e", format="2019", applications={"granted": {"natural_person": 3, "total": 3, "research": 0}})
    assert table_changes(table_cells(base), table_cells(added)) == [
        {"table": "applications", "row": "granted", "column": "research", "old": None, "new": 0}]


def test_canonical_source_is_the_earliest_on_the_publishers_own_portal():
    assert own_portal("兴安区政府办公室网站", "兴安区政府办公室")
    assert not own_portal("兴安区人民政府", "兴安区政府办公室")
    assert not own_portal(None, "兴安区政府办公室")
    office = "兴安区政府办公室"
    sightings = [
        Sighting(("xa-gov", "兴安区人民政府"), "兴安区人民政府", date(2021, 1, 20), datetime(2021, 1, 21), 1),  # repost
        Sighting(("兴安区政府办公室",), office, date(2021, 2, 1), datetime(2021, 2, 2), 2),  # later copy
        Sighting(("xa-office", "兴安区政府办公室（信息公开）"), office, date(2021, 1, 30), datetime(2021, 3, 1), 3),
        Sighting((), None, None, datetime(2021, 1, 1), 4),
    ]
    assert report_publisher(sightings) == office  # named by two sources of four
    assert canonical_source(sightings) == (2, [False, True, True, False])
    # without any source on the publisher's portal: the earliest publication, then the earliest fetch
    elsewhere = [Sighting(("a",), office, None, datetime(2021, 1, 1), 1),
                 Sighting(("b",), office, date(2021, 5, 1), datetime(2021, 6, 1), 2),
                 Sighting(("c",), office, date(2021, 5, 1), datetime(2021, 5, 2), 3)]
    assert canonical_source(elsewhere) == (2, [False, False, False])


@pytest.fixture(scope="module")
def gold_record(shared_dir) -> Record:
    return Record.from_dict(json.loads((shared_dir / "gold/seeds/001_eb42678789e3d87b.json").read_text("utf-8")))


def test_rendered_repost_on_three_portals_is_one_report(engine, gold_record):
    """The department's page, the district portal's GBK Word-pasted copy, and a text copy."""
    # The district's copy is the office's text, with the district's name where the office's stood.
    district = render_html(gold_record, charset="gbk", word=True, seed=1).replace(
        "兴安区政府办公室".encode("gbk"), "兴安区人民政府".encode("gbk"))
    copies = [  # (document, portal, whose portal it is, fetched)
        (district, "xa-gov", "兴安区人民政府门户网站", datetime(2021, 1, 29)),
        (render_html(gold_record, seed=1), "xa-office", "兴安区政府办公室（信息公开专栏）", datetime(2021, 2, 3)),
        (render_lines(gold_record, seed=1).encode("utf-8"), "archive", None, datetime(2021, 1, 31)),
    ]
    with Session(engine) as session:
        for i, (data, portal, title, fetched) in enumerate(copies):
            store_document(session, data=data, url=f"http://portal{i}.gov.cn/report", portal=portal,
                           portal_title=title, fetched_at=fetched,
                           content_type="text/plain" if i == 2 else "text/html")
        session.commit()
    summary = run_etl(engine)
    assert (summary.new, summary.reposts, summary.failed) == (1, 2, 0)
    with Session(engine) as session:
        (report,) = session.exec(select(Report)).scalars()
        stored = report_details(session, report)
    # the office's own portal, although the district's copy was fetched first
    assert [(s["portal"], s["own_portal"], s["canonical"]) for s in stored["sources"]] == [
        ("xa-office", True, True), ("xa-gov", False, False), ("archive", False, False)]
    assert stored["record"]["publisher"] == "兴安区政府办公室"
    assert table_cells(Record.from_dict({"source": "", **stored["record"]})) == table_cells(gold_record)


def test_rendered_revision_is_a_second_version(engine, gold_record):
    corrected = Record.from_dict({**gold_record.to_dict(), "publish_date": "2021-03-15"})
    corrected.review_litigation["review"]["upheld"] = 3
    corrected.review_litigation["review"]["total"] = 6
    with Session(engine) as session:
        for name, record in (("first", gold_record), ("corrected", corrected)):
            store_document(session, data=render_html(record, seed=3), url=f"http://x.gov.cn/{name}",
                           content_type="text/html")
        session.commit()
    summary = run_etl(engine)
    assert (summary.new, summary.revisions) == (1, 1)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 2
        current = session.exec(select(Report).where(Report.status == "current")).scalar_one()
        old = session.exec(select(Report).where(Report.status == "superseded")).scalar_one()
    assert current.publish_date == date(2021, 3, 15) and old.superseded_by_id == current.id
    assert old.changes == [
        {"table": "review_litigation", "row": "review", "column": "upheld", "old": 2, "new": 3},
        {"table": "review_litigation", "row": "review", "column": "total", "old": 5, "new": 6},
    ]


def test_three_versions_loaded_out_of_order_form_one_chain(engine, gold_record):
    def version(date_text: str, pending: int) -> Record:
        record = Record.from_dict({**gold_record.to_dict(), "publish_date": date_text})
        record.review_litigation["litigation_direct"]["pending"] = pending
        return record

    versions = {"2021-01-30": 0, "2021-02-20": 1, "2021-03-15": 2}
    with Session(engine) as session:
        for date_text in ("2021-03-15", "2021-01-30", "2021-02-20"):
            store_document(session, data=render_html(version(date_text, versions[date_text]), seed=3),
                           url=f"http://x.gov.cn/{date_text}", content_type="text/html")
        session.commit()
    assert run_etl(engine).revisions == 2
    with Session(engine) as session:
        by_date = {r.publish_date.isoformat(): r for r in session.exec(select(Report)).scalars()}
    first, second, third = (by_date[d] for d in versions)
    assert (first.superseded_by_id, second.superseded_by_id, third.superseded_by_id) == (second.id, third.id, None)
    assert [r.status for r in (first, second, third)] == ["superseded", "superseded", "current"]
    assert [(c["old"], c["new"]) for c in first.changes] == [(0, 1)]
    assert [(c["row"], c["column"], c["old"], c["new"]) for c in second.changes] == [
        ("litigation_direct", "pending", 1, 2)]
