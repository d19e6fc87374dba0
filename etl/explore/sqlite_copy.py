"""A SQLite copy of a database (PostgreSQL, usually), so that `nianbao browse` can serve it.

    copied = copy_to_sqlite(engine, Path("copy.sqlite"))   # {table: rows copied}

The copy gets the schema by the migrations, every row of every table (in foreign-key order, in batches),
and then its full-text index, which only SQLite has.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, delete, insert, select
from sqlmodel import SQLModel

import models  # noqa: F401  (every table on the metadata)
from etl.search import rebuild_index
from models.db import get_engine, init_db

BATCH = 500


def copy_to_sqlite(source: Engine, path: Path) -> dict[str, int]:
    """Copy every table of `source` into a new SQLite file at `path` (which must not exist)."""
    if path.exists():
        raise FileExistsError(f"{path} exists: the copy goes into a new file")
    target = get_engine(path)
    init_db(target)
    counts: dict[str, int] = {}
    try:
        with source.connect() as reading, target.begin() as writing:
            for table in SQLModel.metadata.sorted_tables:
                writing.execute(delete(table))  # reference tables the migrations filled come from the source
                counts[table.name] = 0
                result = reading.execution_options(yield_per=BATCH).execute(select(table))
                for rows in result.partitions(BATCH):
                    writing.execute(insert(table), [dict(row._mapping) for row in rows])
                    counts[table.name] += len(rows)
            rebuild_index(writing)
    finally:
        target.dispose()
    return counts
