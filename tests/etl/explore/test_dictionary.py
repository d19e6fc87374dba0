"""The generated data dictionary: the committed docs page and the database tables."""
from __future__ import annotations

import sqlite3

from etl.explore.dictionary import CHECK_RULES, DOC_PATH, cells, dictionary_rows, markdown


def test_docs_page_is_current():
    assert DOC_PATH.read_text("utf-8") == markdown(), "run: .venv/bin/python -m etl.explore.dictionary"


def test_every_cell_of_both_formats_is_labelled():
    rows = {r["name"]: r for r in dictionary_rows()}
    assert len(cells()) == sum(r["kind"] != "column" for r in rows.values())
    assert rows["applications__carried_over__total"]["label_zh"] == "上年结转政府信息公开申请数量 · 总计"
    assert rows["active_disclosure__fees__fee_amount"]["formats"] == "2021"
    assert rows["active_disclosure__regulations__made"]["label_en"] == "regulations · made this year"


def test_database_tables_hold_the_dictionary_and_rules(collection):
    with sqlite3.connect(f"file:{collection.path}?mode=ro", uri=True) as db:
        assert db.execute("SELECT count(*) FROM data_dictionary").fetchone()[0] == len(dictionary_rows())
        assert dict(db.execute("SELECT rule, text_zh FROM check_rules")) == {r: zh for r, (zh, _) in CHECK_RULES.items()}
