"""The storage/ETL commands of `nianbao`, run as a user runs them, on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import hashlib
import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from etl.cli import app
from etl.extract.record import Record
from etl.render import render_html
from models.db import ENV_URL

runner = CliRunner()


def nianbao(*args: str, code: int = 0):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == code, (result.output, result.exception)
    return result


def inconsistent_report(shared_dir, folder):
    """A rendered report whose 自然人 column breaks 勾稽 rules 1 and 2 (one granted application too many)."""
    gold = json.loads((shared_dir / "gold/seeds/000_250f2460152f5126.json").read_text("utf-8"))
    gold["applications"]["granted"]["natural_person"] += 1
    path = folder / "inconsistent.html"
    path.write_bytes(render_html(Record.from_dict(gold), seed=5))
    return path


def test_import_etl_and_inspect(db_url, tmp_path, shared_dir):
    db = ("--db", db_url)
    extra = tmp_path / "extra"
    extra.mkdir()
    bad = inconsistent_report(shared_dir, extra)
    (extra / ".hidden").write_text("skipped")

    first = nianbao("import", shared_dir / "seeds", shared_dir / "real", extra, *db, code=1)  # the list page
    assert "stored 9 new documents (0 already stored)" in first.output
    assert "parsed 8 (unchanged 0, new 8, reposts 0, revisions 0, updated 0); not reports 1; failed 0; checks failed 1" \
        in first.output
    again = nianbao("import", shared_dir / "seeds" / "000_250f2460152f5126.txt", *db)
    assert "stored 0 new documents (1 already stored)" in again.output and ": 0 documents;" in again.output
    assert ": 0 documents;" in nianbao("etl", *db).output
    assert "parsed 8 (unchanged 8, new 0" in nianbao("etl", "--all", "--workers", "2", "--timeout", "30", *db).output
    nianbao("etl", "--timeout", "0", *db, code=2)
    nianbao("etl", "--all", "--failed", *db, code=2)

    counts = json.loads(nianbao("stats", "--json", *db).output)
    assert {k: counts[k] for k in ("documents", "reports", "report_sources", "failed_documents")} == {
        "documents": 9, "reports": 8, "report_sources": 8, "failed_documents": 0}
    assert counts["failed_checks"] == 2 and counts["reports_with_failed_checks"] == 1
    assert counts["reports_by_year"] == {"2019": 1, "2020": 5, "2022": 1, "2023": 1}
    assert counts["reports_by_format"] == {"2019": 6, "2021": 2}
    assert counts["current_reports_by_year_and_format"] == {
        "2019": {"2019": 1}, "2020": {"2019": 5}, "2022": {"2021": 1}, "2023": {"2021": 1}}
    assert (counts["reposts_merged"], counts["current_reports_with_failed_checks"]) == (0, 1)
    assert "reports: 8" in nianbao("stats", *db).output

    failed = [json.loads(line) for line in nianbao("checks", "--json", *db).output.splitlines()]
    assert [(c["publisher"], c["rule"], c["cell"], c["expected"], c["found"]) for c in failed] == [
        ("规划建设局", "2", "applications/total/natural_person", 1, 0),
        ("规划建设局", "3", "applications/granted/total", 1, 0)]
    listed = nianbao("checks", *db).output
    assert "rule 2 applications/total/natural_person: expected 1, found 0" in listed and "2 failed checks" in listed

    shanghai_url = (shared_dir / "real/shanghai_2019.html").resolve().as_uri()
    shown = nianbao("show", shanghai_url, *db).output
    assert "title: 2019年上海市人民政府办公厅政府信息公开工作年度报告" in shown
    assert f"* {shanghai_url}" in shown and "regulations.total_published = 524" in shown
    bad_id = failed[0]["report_id"]
    details = json.loads(nianbao("show", str(bad_id), "--json", *db).output)
    assert details["sources"][0]["url"] == bad.resolve().as_uri()
    assert details["record"]["applications"]["granted"]["natural_person"] == \
        json.loads((shared_dir / "gold/seeds/000_250f2460152f5126.json").read_text("utf-8"))[
            "applications"]["granted"]["natural_person"] + 1
    assert "no report 999" in nianbao("show", "999", *db, code=1).output

    for fmt in ("csv", "jsonl", "parquet"):
        nianbao("export", "--format", fmt, "--out", tmp_path / "out", *db)
    nianbao("export", "--format", "xlsx", "--out", tmp_path / "out", *db, code=2)
    with (tmp_path / "out/reports.csv").open(encoding="utf-8") as f:
        wide = list(csv.DictReader(f))
    jsonl = [json.loads(line) for line in (tmp_path / "out/reports.jsonl").read_text("utf-8").splitlines()]
    parquet = pq.read_table(tmp_path / "out/reports.parquet").to_pylist()
    assert len(wide) == len(jsonl) == len(parquet) == 8
    shanghai = next(r for r in parquet if r["publisher"] == "上海市人民政府办公厅")
    assert shanghai["active_disclosure__regulations__total_published"] == 524
    assert shanghai["canonical_url"] == shanghai_url and shanghai["sources"] == 1
    assert [r["report_id"] for r in jsonl] == [int(r["report_id"]) for r in wide] == [r["report_id"] for r in parquet]
    facts = pq.read_table(tmp_path / "out/applications.parquet").to_pylist()
    assert {"report_id", "year", "format", "publisher", "region_code", "province", "prefecture", "county",
            "quality", "row", "applicant", "count"} == set(facts[0])
    assert len(facts) == sum(1 for line in (tmp_path / "out/applications.jsonl").open(encoding="utf-8"))
    assert "schema is current" in nianbao("db", "upgrade", *db).output


def test_default_database_is_a_sqlite_file_under_data(tmp_path, monkeypatch, shared_dir):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_URL, raising=False)
    nianbao("import", shared_dir / "seeds" / "001_eb42678789e3d87b.txt")
    assert (tmp_path / "data" / "nianbao.sqlite").is_file()
    assert json.loads(nianbao("stats", "--json").output)["reports"] == 1
    monkeypatch.setenv(ENV_URL, str(tmp_path / "other.sqlite"))
    assert "no nianbao database at" in nianbao("stats", "--json", code=2).output
    assert not (tmp_path / "other.sqlite").exists()
    assert json.loads(nianbao("stats", "--json", "--db", "data/nianbao.sqlite").output)["reports"] == 1


def test_a_read_only_database_is_inspected_by_every_reading_command(tmp_path, shared_dir):
    shared = tmp_path / "shared"
    shared.mkdir()
    db = shared / "nianbao.sqlite"
    nianbao("import", shared_dir / "seeds", "--db", db)

    def state():
        return sorted(p.name for p in shared.iterdir()), db.stat().st_mtime_ns, hashlib.sha256(db.read_bytes()).digest()

    before = state()
    db.chmod(0o444)
    shared.chmod(0o555)
    try:
        assert json.loads(nianbao("stats", "--json", "--db", db).output)["reports"] == 5
        assert "report 1 (current)" in nianbao("show", "1", "--db", db).output
        assert "failed checks" in nianbao("checks", "--db", db).output
        assert "0 documents failed or are not reports" in nianbao("failures", "--db", db).output
        nianbao("export", "--format", "jsonl", "--out", tmp_path / "out", "--db", db)
        assert len((tmp_path / "out/reports.jsonl").read_text("utf-8").splitlines()) == 5
    finally:
        shared.chmod(0o755)
        db.chmod(0o644)
    assert state() == before  # not a byte written, no -wal/-shm file left beside it


def test_failed_and_not_report_documents_are_named(tmp_path, shared_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"note{i:02}.txt").write_text(f"会议通知 {i}：请各单位按时参加。", encoding="utf-8")
    db = ("--db", tmp_path / "x.sqlite")
    out = nianbao("import", folder, *db, code=1).output
    named = [line.strip() for line in out.splitlines() if line.strip().startswith("not a report: document")]
    assert len(named) == 10
    assert named[0].startswith(f"not a report: document 1: {(folder / 'note00.txt').resolve().as_uri()}: ")
    assert "… and 2 more: `nianbao failures` (or --verbose) lists them all" in out
    verbose = nianbao("etl", "--all", "--verbose", *db).output  # not-reports are listed, not failures: exit 0
    assert sum(1 for line in verbose.splitlines() if line.strip().startswith("not a report: document")) == 12
    listed = nianbao("failures", "--json", *db).output.splitlines()
    rows = [json.loads(line) for line in listed]
    assert [(r["document_id"], r["status"]) for r in rows] == [(i, "not_report") for i in range(1, 13)]
    assert rows[11]["url"] == (folder / "note11.txt").resolve().as_uri() and rows[11]["error"]
