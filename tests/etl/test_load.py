"""Loading stored documents into reports, on SQLite and PostgreSQL: idempotent, de-duplicated, nothing lost."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import MetaData, func, select, text
from sqlmodel import Session

import etl
import etl.extract.attempt
from etl.extract.dedup import table_cells
from etl.extract.parse import NotAReport, parse_document
from etl.extract.record import Record
from etl.load import load_document, receive_document
from etl.reports import report_details, stats
from etl.runs import run_etl
from models import ApplicationFact, Document, Report, ReportSource, Section

RUN_TABLES = {"etl_runs", "etl_run_errors", "alembic_version"}


def store(engine, documents: dict[str, bytes], **kwargs) -> dict[str, int]:
    """Store each named document at http://example.gov.cn/<name>; return name -> document id."""
    ids = {}
    with Session(engine) as session:
        for name, data in documents.items():
            document = receive_document(session, data=data, url=f"http://example.gov.cn/{name}",
                                        content_type="text/html" if name.endswith(".html") else "text/plain",
                                        **kwargs).document
            ids[name] = document.id
        session.commit()
    return ids


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table the ETL writes (the run log aside), in a stable order."""
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {name: sorted(tuple(map(repr, row)) for row in connection.execute(table.select()))
                for name, table in metadata.tables.items()
                if name not in RUN_TABLES and not name.startswith("sections_fts_")}  # FTS5's own storage


def details(engine, report_id: int) -> dict:
    with Session(engine) as session:
        return report_details(session, session.get(Report, report_id))


def record_of(stored: dict) -> Record:
    return Record.from_dict({"source": "", **stored["record"]})


def test_import_shared_documents(engine, shared_documents):
    ids = store(engine, shared_documents)
    summary = run_etl(engine)
    assert (summary.documents, summary.parsed, summary.new, summary.not_reports, summary.failed) == (8, 7, 7, 1, 0)
    with Session(engine) as session:
        counts = stats(session)
        assert {k: counts[k] for k in ("documents", "reports", "report_sources", "failed_documents")} == {
            "documents": 8, "reports": 7, "report_sources": 7, "failed_documents": 0}
        listing = session.get(Document, ids["pingtan_list.html"])
        assert listing.status == "not_report" and "pingtan_list.html" in listing.error
        for name, document_id in ids.items():
            if name == "pingtan_list.html":
                continue
            expected = parse_document(shared_documents[name], name, content_type=session.get(Document, document_id).content_type)
            report_id = session.exec(select(ReportSource.report_id).where(ReportSource.document_id == document_id)).scalar_one()
            stored = details(engine, report_id)
            assert table_cells(record_of(stored)) == table_cells(expected), name
            assert [stored["record"][k] for k in ("title", "publisher", "year", "publish_date", "format")] == [
                expected.title, expected.publisher, expected.year, expected.publish_date, expected.format]
            assert stored["sources"][0]["url"] == f"http://example.gov.cn/{name}"
            assert len(stored["checks"]) == len({(c.rule, c.cell) for c in expected.checks})


def test_etl_twice_changes_nothing(engine, shared_documents, shanghai_renderings):
    store(engine, shared_documents)
    store(engine, {f"{k}.html": v for k, v in shanghai_renderings.items()})
    first = run_etl(engine)
    before = snapshot(engine)
    again = run_etl(engine, "all")
    assert snapshot(engine) == before
    assert (again.documents, again.unchanged, again.not_reports, again.new) == (first.documents, first.parsed, 1, 0)
    assert run_etl(engine).documents == 0  # nothing stale is left


def test_newer_parser_version_reparses_what_it_produced(engine, shared_documents, monkeypatch):
    ids = store(engine, shared_documents)
    run_etl(engine)
    counts = {name: len(rows) for name, rows in snapshot(engine).items()}
    with Session(engine) as session:
        before = session.exec(select(ReportSource.report_id)
                              .where(ReportSource.document_id == ids["000_250f2460152f5126.txt"])).scalar_one()
    monkeypatch.setattr(etl, "PARSER_VERSION", "next")
    real_parse = etl.extract.attempt.parse_document

    def improved(data, source, **options):  # the next parser reads one more cell differently
        record = real_parse(data, source, **options)
        if source.endswith("000_250f2460152f5126.txt"):
            record.applications["granted"]["natural_person"] = 99
        return record

    monkeypatch.setattr(etl.extract.attempt, "parse_document", improved)
    summary = run_etl(engine)
    assert (summary.documents, summary.unchanged, summary.new, summary.not_reports) == (8, 6, 0, 1)
    assert {name: len(rows) for name, rows in snapshot(engine).items()} == counts
    with Session(engine) as session:
        assert set(session.exec(select(Document.parser_version)).scalars()) == {"next"}
        assert set(session.exec(select(Report.parser_version)).scalars()) == {"next"}
        report_id = session.exec(select(ReportSource.report_id)
                                 .where(ReportSource.document_id == ids["000_250f2460152f5126.txt"])).scalar_one()
        assert report_id == before  # rewritten in place
        assert session.exec(select(ApplicationFact.count).where(
            ApplicationFact.report_id == report_id, ApplicationFact.row == "granted",
            ApplicationFact.applicant == "natural_person")).scalar_one() == 99
    assert run_etl(engine).documents == 0


def test_repost_rendered_three_ways_is_one_report_with_three_sources(engine, shanghai_renderings):
    with Session(engine) as session:
        for name, portal, fetched in (("gbk_chrome", "中国上海", datetime(2020, 1, 31, 9)),
                                      ("original", "上海市人民政府办公厅", datetime(2020, 2, 1, 9)),
                                      ("edited", "某区政府网", datetime(2020, 1, 30, 9))):
            receive_document(session, data=shanghai_renderings[name], url=f"http://{portal}.cn/{name}.html",
                             portal=portal, content_type="text/html", fetched_at=fetched)
        session.commit()
    summary = run_etl(engine)
    assert (summary.new, summary.reposts) == (1, 2)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 1
        stored = report_details(session, session.exec(select(Report)).scalar_one())
    assert sorted(s["url"] for s in stored["sources"]) == [
        "http://上海市人民政府办公厅.cn/original.html", "http://中国上海.cn/gbk_chrome.html", "http://某区政府网.cn/edited.html"]
    # canonical: the publisher's own portal, although two reposts were fetched earlier
    assert [s["url"] for s in stored["sources"] if s["canonical"]] == ["http://上海市人民政府办公厅.cn/original.html"]
    assert stored["record"]["publisher"] == "上海市人民政府办公厅"
    assert stored["record"]["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"


def test_identical_bytes_at_a_new_url_become_a_new_source(engine, shanghai_renderings):
    store(engine, {"a.html": shanghai_renderings["original"]})
    run_etl(engine)
    store(engine, {"b.html": shanghai_renderings["original"]})
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Document)).scalar_one() == 1
        urls = sorted(session.exec(select(ReportSource.url)).scalars())
    assert urls == ["http://example.gov.cn/a.html", "http://example.gov.cn/b.html"]
    assert run_etl(engine).documents == 0


def test_identical_bytes_found_later_on_the_publishers_portal_become_canonical(engine, shanghai_renderings):
    store(engine, {"repost.html": shanghai_renderings["original"]}, portal="district", portal_title="某区人民政府")
    run_etl(engine)
    store(engine, {"own.html": shanghai_renderings["original"]}, portal="office", portal_title="上海市人民政府办公厅")
    with Session(engine) as session:
        sources = {s.url: (s.canonical, s.own_portal) for s in session.exec(select(ReportSource)).scalars()}
    assert sources == {"http://example.gov.cn/repost.html": (False, False),
                       "http://example.gov.cn/own.html": (True, True)}


@pytest.mark.parametrize("order", [("original", "revised"), ("revised", "original")])
def test_revised_republication_keeps_two_versions(engine, shanghai_renderings, order):
    for name in order:
        store(engine, {f"{name}.html": shanghai_renderings[name]})
        run_etl(engine)
    with Session(engine) as session:
        reports = {r.publish_date.isoformat(): r for r in session.exec(select(Report)).scalars()}
        assert sorted(reports) == ["2020-01-31", "2020-02-15"]
        old, new = reports["2020-01-31"], reports["2020-02-15"]
        assert (old.status, old.superseded_by_id, new.status, new.superseded_by_id) == (
            "superseded", new.id, "current", None)
        assert old.changes == [{"table": "active_disclosure", "row": "regulations", "column": "total_published",
                                "old": 524, "new": 525}]
        assert report_details(session, new)["supersedes"] == [old.id]


def test_parser_crash_is_recorded_and_the_run_goes_on(engine, shared_documents, monkeypatch):
    ids = store(engine, shared_documents)
    real_parse = etl.extract.attempt.parse_document

    def crashing(data, source, **options):
        if source.endswith("002_1969cc7526291166.txt"):
            raise ZeroDivisionError("division by zero in a table")
        return real_parse(data, source, **options)

    monkeypatch.setattr(etl.extract.attempt, "parse_document", crashing)
    summary = run_etl(engine)
    assert (summary.documents, summary.new, summary.failed) == (8, 6, 1)
    expected_error = "http://example.gov.cn/002_1969cc7526291166.txt: ZeroDivisionError: division by zero in a table"
    assert summary.errors == [(ids["002_1969cc7526291166.txt"], expected_error)]
    with Session(engine) as session:
        failed = session.get(Document, ids["002_1969cc7526291166.txt"])
        assert (failed.status, failed.error) == ("failed", expected_error)
        assert stats(session)["failed_documents"] == 1
        run_errors = session.exec(text("select document_id, error from etl_run_errors")).all()
        assert [tuple(r) for r in run_errors] == [(failed.id, expected_error)]
    monkeypatch.setattr(etl.extract.attempt, "parse_document", real_parse)
    retried = run_etl(engine, "failed")
    assert (retried.documents, retried.new, retried.failed) == (1, 1, 0)


def test_record_the_tables_cannot_hold_fails_only_its_document(engine, shared_documents):
    ids = store(engine, {"000.txt": shared_documents["000_250f2460152f5126.txt"]})
    bad = parse_document(shared_documents["000_250f2460152f5126.txt"], "000.txt")
    bad.applications["granted"]["natural_person"] = 2.5
    with Session(engine) as session:
        outcome = load_document(session, session.get(Document, ids["000.txt"]), bad)
        session.commit()
        assert outcome.status == "failed"
        assert outcome.error == "http://example.gov.cn/000.txt: ValueError: http://example.gov.cn/000.txt: " \
                                "applications.granted.natural_person = 2.5 is not a whole number"
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 0
        assert session.get(Document, ids["000.txt"]).status == "failed"


def test_duplicated_sections_are_loaded_once(engine, shared_documents):
    name = "003_1cc715efd28283f7.txt"
    store(engine, {name: shared_documents[name]})
    run_etl(engine)
    parsed = parse_document(shared_documents[name], name)
    assert parsed.duplicate_sections == [2, 3, 4, 5, 6]
    with Session(engine) as session:
        sections = session.exec(select(Section.number, Section.occurrence).order_by(Section.number,
                                                                                   Section.occurrence)).all()
        facts = session.exec(select(func.count()).select_from(ApplicationFact)).scalar_one()
    # 5 and 6 were pasted twice; 2-4 are printed as a narrative and as a table, both kept
    assert [tuple(s) for s in sections] == [(1, 1), (2, 1), (2, 2), (3, 1), (3, 2), (4, 1), (4, 2), (5, 1), (6, 1)]
    assert facts == sum(len(cols) for cols in parsed.applications.values())


def test_document_no_longer_a_report_drops_its_report(engine, shared_documents, monkeypatch):
    ids = store(engine, {"000.txt": shared_documents["000_250f2460152f5126.txt"]})
    run_etl(engine)
    monkeypatch.setattr(etl, "PARSER_VERSION", "next")

    def template(data, source, **options):
        raise NotAReport("the blank national template")

    monkeypatch.setattr(etl.extract.attempt, "parse_document", template)
    summary = run_etl(engine)
    assert summary.not_reports == 1
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Report)).scalar_one() == 0
        assert session.get(Document, ids["000.txt"]).error == "http://example.gov.cn/000.txt: the blank national template"
