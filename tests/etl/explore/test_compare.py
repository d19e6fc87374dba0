"""`nianbao compare`: one body's reports side by side with the change of every cell."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from etl.cli import app
from tests.etl.collection import TIEDONG


def test_compare_two_years_cell_by_cell_with_the_cross_year_checks(collection):
    result = CliRunner().invoke(app, ["compare", "铁东区", "2019", "2020", "--json", "--db", str(collection.path)])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    first, second = collection.records[(TIEDONG, 2019)], collection.records[(TIEDONG, 2020)]
    assert shown["publisher"] == TIEDONG and [r["year"] for r in shown["reports"]] == [2019, 2020]
    cells = {c["key"]: c for c in shown["cells"]}
    granted = cells["applications/granted/natural_person"]
    a, b = first.applications["granted"]["natural_person"], second.applications["granted"]["natural_person"]
    assert granted["values"] == [a, b] and granted["changes"] == [b - a]
    assert granted["label"] == "予以公开 · 自然人"
    failed = [c for c in shown["cross_year_checks"] if c["status"] == "failed"]
    assert [(c["year"], c["rule"], c["cell"]) for c in failed] == [(2020, "Y2", "active_disclosure/licensing/items_last_year")]


def test_compare_as_a_table_and_unknown_publishers(collection):
    db = ["--db", str(collection.path)]
    table = CliRunner().invoke(app, ["compare", TIEDONG, *db])
    assert table.exit_code == 0 and "cross-year checks: " in table.output and "failed 1" in table.output
    assert "予以公开 · 自然人" in table.output
    missing = CliRunner().invoke(app, ["compare", "不存在的机关", *db])
    assert missing.exit_code == 1 and "no publisher '不存在的机关'" in missing.output
    assert CliRunner().invoke(app, ["compare", TIEDONG, "2019", *db]).exit_code == 2
