"""Full-text search over section texts (SQLite FTS5), with Chinese split into character bigrams.

SQLite's `unicode61` tokenizer keeps a run of Chinese characters as one token, so a search for a word
inside a sentence (申请 in 依申请公开工作) finds nothing. The index therefore holds each section's text
as overlapping character bigrams (依申 申请 请公 公开 …), and a query is turned into the phrase of its
bigrams: any word of two characters or more is found wherever it is printed.

    index_report_sections(session, report_id)   # the ETL, after writing a report's sections
    fts_query("信息公开 2023")                   # '"信息 息公 公开" "2023"', for `MATCH`

The index is the `sections_fts` table (rowid = sections.id; migration 0007), SQLite only; a trigger
drops a section's row when the section is deleted.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlmodel import Session

FTS_TABLE = "sections_fts"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+")
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')


def bigrams(value: str) -> str:
    """The text as index terms: Chinese runs as overlapping bigrams (a lone character as itself), other
    words as they are, all separated by spaces."""
    terms: list[str] = []
    for token in _TOKEN.findall(value):
        if re.match(rf"[{_CJK}]", token):
            terms += [token] if len(token) == 1 else [token[i:i + 2] for i in range(len(token) - 1)]
        else:
            terms.append(token.lower())
    return " ".join(terms)


def fts_query(query: str) -> str:
    """A search box query as an FTS5 MATCH expression over the bigram index: every word (or "quoted
    phrase") must occur, each as the phrase of its terms."""
    phrases = []
    for quoted, word in _QUOTED.findall(query):
        terms = bigrams(re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", quoted) if quoted else word)
        if terms:
            phrases.append(f'"{terms}"')
    return " ".join(phrases) or '""'


def supported(session: Session) -> bool:
    return session.connection().dialect.name == "sqlite"


def _insert(connection, rows) -> None:
    if rows:
        connection.execute(text(f"INSERT INTO {FTS_TABLE} (rowid, terms) VALUES (:id, :terms)"),
                           [{"id": sid, "terms": bigrams(f"{title}\n{body}")} for sid, title, body in rows])


def index_report_sections(session: Session, report_id: int) -> None:
    """(Re)index the sections of one report (its old rows went with its deleted sections)."""
    if not supported(session):
        return
    connection = session.connection()
    rows = connection.execute(text("SELECT id, title, text FROM sections WHERE report_id = :r"),
                              {"r": report_id}).all()
    connection.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                            "(SELECT id FROM sections WHERE report_id = :r)"), {"r": report_id})
    _insert(connection, rows)


def rebuild_index(connection) -> int:
    """Index every section from scratch (the migration that creates the index); the rows indexed."""
    connection.execute(text(f"DELETE FROM {FTS_TABLE}"))
    rows = connection.execute(text("SELECT id, title, text FROM sections")).all()
    _insert(connection, rows)
    return len(rows)
