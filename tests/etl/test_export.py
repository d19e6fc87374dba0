"""Analysis-ready exports: typed, every long table with its report's context, section 二 harmonised."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.harmonise import harmonised_name
from tests.etl.collection import PINGTAN, TIEDONG

# schema.json's Arrow types → pandas' nullable dtypes, for reading the CSV.
PANDAS = {"int64": "Int64", "double": "Float64", "string": "string", "bool": "boolean"}


@pytest.fixture(scope="module")
def exported(collection, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    for args in (["--format", "parquet"], ["--format", "csv", "--excel"], ["--format", "jsonl"]):
        result = CliRunner().invoke(app, ["export", *args, "--out", str(out), "--db", str(collection.path)])
        assert result.exit_code == 0, result.output
    return out


def _csv(out, table: str) -> pd.DataFrame:
    types = json.loads((out / "schema.json").read_text("utf-8"))[table]
    dates = [c for c, t in types.items() if t.startswith(("date", "timestamp"))]
    frame = pd.read_csv(out / f"{table}.csv", encoding="utf-8-sig", parse_dates=dates,
                        dtype={c: PANDAS[t] for c, t in types.items() if t in PANDAS})
    assert list(frame.columns) == list(types)
    return frame


def test_parquet_round_trips_with_the_declared_types(exported):
    types = json.loads((exported / "schema.json").read_text("utf-8"))
    for table, columns in types.items():
        schema = pq.read_schema(exported / f"{table}.parquet")
        assert {f.name: str(f.type) for f in schema} == columns
    reports = pq.read_table(exported / "reports.parquet").to_pandas(types_mapper=pd.ArrowDtype)
    assert reports["publish_date"].dtype == pd.ArrowDtype(pa.date32())
    assert reports["applications__new_received__total"].dtype == pd.ArrowDtype(pa.int64())
    pingtan = reports[reports["publisher"] == PINGTAN].iloc[0]
    assert pingtan["publish_date"] == dt.date(2024, 1, 30) and pingtan["province"] == "福建省"
    assert pingtan["county"] == "平潭县" and pingtan["region_code"] == "350128"


def test_csv_for_excel_has_a_bom_and_reads_back_with_the_declared_dtypes(exported, collection):
    assert (exported / "reports.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    apps = _csv(exported, "applications")
    assert apps["count"].dtype == "Int64" and apps["year"].dtype == "Int64" and apps["publisher"].dtype == "string"
    record = collection.records[(TIEDONG, 2020)]
    cell = apps[(apps["publisher"] == TIEDONG) & (apps["year"] == 2020) & (apps["row"] == "granted")
                & (apps["applicant"] == "natural_person")]
    assert cell["count"].tolist() == [record.applications["granted"]["natural_person"]]
    assert set(cell["format"]) == {"2019"} and set(cell["province"]) == {"辽宁省"}
    reports = _csv(exported, "reports")
    assert str(reports["publish_date"].dtype).startswith("datetime64")
    assert reports["active_disclosure__fees__fee_amount"].dtype == "Float64"
    assert reports["active_disclosure__licensing__decisions"].dtype == "Int64"
    sources = _csv(exported, "report_sources")
    assert {"source_publisher", "publisher", "fetched_at"} <= set(sources.columns)


def test_long_tables_carry_the_reports_context_and_checks_their_rules_text(exported):
    for table in ("active_disclosure", "applications", "review_litigation", "check_results", "report_sources"):
        head = pq.read_schema(exported / f"{table}.parquet").names[:9]
        assert head == ["report_id", "year", "format", "publisher", "region_code", "province", "prefecture", "county",
                        "quality"]
    checks = pq.read_table(exported / "check_results.parquet").to_pylist()
    failed = [c for c in checks if c["status"] == "failed" and c["publisher"] == PINGTAN]
    assert failed and all(c["rule_text"].startswith(("总计", "本年新收")) for c in failed)
    assert {c["rule"] for c in checks if c["publisher"] == TIEDONG and c["year"] == 2020} >= {"Y1", "Y2"}


def test_harmonised_section_two_shares_columns_across_formats(exported, collection):
    rows = {(r["publisher"], r["year"]): r for r in
            pq.read_table(exported / "active_disclosure_harmonised.parquet").to_pylist()}
    old, new = collection.records[(TIEDONG, 2019)], collection.records[(PINGTAN, 2023)]
    assert rows[(TIEDONG, 2019)]["regulations__issued"] == old.active_disclosure["regulations"]["made"]
    assert rows[(PINGTAN, 2023)]["regulations__issued"] == new.active_disclosure["regulations"]["issued"]
    assert rows[(PINGTAN, 2023)]["licensing__decisions"] == new.active_disclosure["licensing"]["decisions"]
    assert rows[(TIEDONG, 2019)]["regulations__total_published__2019"] == \
        old.active_disclosure["regulations"]["total_published"]
    assert rows[(PINGTAN, 2023)]["regulations__total_published__2019"] is None
    assert rows[(TIEDONG, 2019)]["fees__fee_amount__2021"] is None
    assert harmonised_name("2019", "other_services", "decisions") == "other_services__decisions__2019"


def test_excel_goes_with_csv_only(collection, tmp_path):
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "--excel", "--out", str(tmp_path),
                                      "--db", str(collection.path)])
    assert result.exit_code == 2 and "--excel goes with --format csv" in result.output
