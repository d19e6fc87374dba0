"""Paths to the shared inputs and gold records every developer and CI run has at ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "fixtures" / "etl"


def shared_documents() -> list[Path]:
    return sorted((SHARED / "seeds").glob("*.txt")) + [SHARED / "real" / f"{n}.html" for n in
                                                       ("pingtan_2023", "shanghai_2019")]


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared material not found at {SHARED}")
    return SHARED
