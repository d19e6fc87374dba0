"""`nianbao` commands of the crawl stage (sample-portal, demo)."""
from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `nianbao` app."""
