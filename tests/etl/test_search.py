"""Bigram terms and queries for the sections' full-text index."""
from __future__ import annotations

import sqlite3

from etl.search import bigrams, fts_query


def test_chinese_runs_become_overlapping_bigrams_other_words_stay_whole():
    assert bigrams("依申请公开，2023年 GDP") == "依申 申请 请公 公开 2023 年 gdp"
    assert bigrams("一") == "一"


def test_queries_are_phrases_of_bigrams():
    assert fts_query("申请公开") == '"申请 请公 公开"'
    assert fts_query('"信息 公开" 2023') == '"信息 息公 公开" "2023"'
    assert fts_query("  ") == '""'


def test_any_word_of_two_characters_or_more_is_found_inside_a_sentence():
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(terms, tokenize='unicode61')")
    db.execute("INSERT INTO t (rowid, terms) VALUES (1, ?), (2, ?)",
               (bigrams("本机关全年依申请公开政府信息共计五件"), bigrams("主动公开规章三件")))

    def found(q):
        return [r for (r,) in db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", (fts_query(q),))]

    assert found("申请") == [1] and found("公开") == [1, 2] and found("政府信息") == [1]
    assert found("申请规章") == [] and found("公开 规章") == [2]
