"""Every shared document parses to its gold record, cell by cell, scored by the project's own scorer."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from etl.extract.parse import parse_file
from tests.etl.conftest import SHARED, shared_documents


def _gold(path):
    sub = "seeds" if path.parent.name == "seeds" else "real"
    return json.loads((SHARED / "gold" / sub / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", shared_documents(), ids=lambda p: p.stem)
def test_document_equals_gold(shared_dir, path):
    gold = _gold(path)
    record = parse_file(path).to_dict()
    for key in ("title", "publisher", "year", "publish_date", "format"):
        if key in gold:
            assert record[key] == gold[key], key
    for table in ("active_disclosure", "applications", "review_litigation"):
        assert record[table].keys() == gold[table].keys(), table
        for row, cols in gold[table].items():
            for col, value in cols.items():
                got = record[table][row][col]
                assert (got is None and value is None) or abs(got - value) < 0.01, (table, row, col, got, value)
    assert record["duplicate_sections"] == gold["duplicate_sections"]


def test_score_tool_prints_100_percent(shared_dir, tmp_path):
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    for path in shared_documents():
        (gold_dir / f"{path.stem}.json").write_text(json.dumps(_gold(path), ensure_ascii=False))
    result = subprocess.run([sys.executable, "-m", "etl.cli", "parse", *map(str, shared_documents()),
                             "--out", str(out_dir)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    score = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold_dir), str(out_dir)],
                           capture_output=True, text=True)
    assert score.stdout.strip().splitlines()[-1].endswith("(100.0%)"), score.stdout


def test_seed_003_duplicates_note_the_disagreeing_prose(shared_dir):
    record = parse_file(SHARED / "seeds" / "003_1cc715efd28283f7.txt")
    assert record.duplicate_sections == [2, 3, 4, 5, 6]
    notes = [n.message for n in record.notes if n.code == "duplicate_disagrees"]
    assert len(notes) == 1 and "other_services" in notes[0] and "prose says 1" in notes[0]
    assert record.active_disclosure["other_services"]["decisions"] == 0


def test_table_without_total_column_gets_row_sums_and_a_note(shared_dir):
    record = parse_file(SHARED / "seeds" / "000_250f2460152f5126.txt")
    assert "total_column_missing" in [n.code for n in record.notes]
