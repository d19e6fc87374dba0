"""Paths to the shared inputs (../shared, fixture `shared_dir` in tests/conftest.py) and saved fixtures."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import SHARED
from tests.etl.collection import collection  # noqa: F401  (a small collection in SQLite, built once)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "etl"


def shared_documents() -> list[Path]:
    return sorted((SHARED / "seeds").glob("*.txt")) + [SHARED / "real" / f"{n}.html" for n in
                                                       ("pingtan_2023", "shanghai_2019")]
