"""`nianbao` commands of the storage/ETL stage (import, etl, db, stats, show, checks, export)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `nianbao` app."""
