"""`nianbao` commands for exploring: browse (Datasette), chart (PNG + SVG), compare (one body across years)."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import text
from sqlmodel import Session

from etl.commands import _db_option, db_app, open_db
from etl.explore.compare import compare
from etl.explore.series import KINDS, chart_data
from models.db import database_url


def register(app: typer.Typer) -> None:
    """Add the exploring commands to the `nianbao` app."""

    @app.command("browse")
    def browse(
        port: int = typer.Option(8001, "--port", help="Port on 127.0.0.1 (0: any free port)."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        db: str | None = _db_option(),
    ) -> None:
        """Serve the database read-only in Datasette: labels, facets, canned queries, search, charts."""
        from etl.explore.browse import POSTGRES_HELP, schema_problem, serve

        url = database_url(db)
        if not url.startswith("sqlite"):
            typer.echo(POSTGRES_HELP, err=True)
            raise typer.Exit(2)
        path = Path(url.removeprefix("sqlite:///"))
        problem = schema_problem(path)
        if problem:
            typer.echo(f"{path}: {problem}", err=True)
            raise typer.Exit(1)
        typer.echo(f"serving {path} read-only at http://{host}:{port}/ (charts: /-/charts); Ctrl-C stops")
        serve(path, host, port)

    @db_app.command("to-sqlite")
    def to_sqlite(
        out: Path = typer.Argument(..., help="The new SQLite file."),
        db: str | None = _db_option(),
    ) -> None:
        """Copy the database (e.g. PostgreSQL) into a new SQLite file, search index included, for browse."""
        from etl.explore.sqlite_copy import copy_to_sqlite

        try:
            counts = copy_to_sqlite(open_db(db), out)
        except FileExistsError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"copied {sum(counts.values())} rows of {len(counts)} tables into {out}")

    @app.command("chart")
    def chart(
        kind: str = typer.Argument(..., help=f"One of {', '.join(KINDS)}."),
        out: Path = typer.Option(..., "--out", help="Folder for KIND.png and KIND.svg."),
        publisher: str | None = typer.Option(None, "--publisher", help="Only this publisher's reports."),
        region: str | None = typer.Option(None, "--region", help="Only reports of this province, prefecture, "
                                                                 "county or division code."),
        db: str | None = _db_option(),
    ) -> None:
        """Draw a chart across years (current reports); prints the files and the numbers plotted."""
        if kind not in KINDS:
            raise typer.BadParameter(f"KIND must be one of {', '.join(KINDS)}")
        from etl.explore.charts import chinese_labels, write_chart  # matplotlib: only when drawing

        chinese = chinese_labels()
        if not chinese:
            typer.echo("no CJK font installed (fonts-noto-cjk): labels are in English", err=True)
        engine = open_db(db)
        with engine.connect() as connection:
            series = chart_data(lambda sql, params: connection.execute(text(sql), params).all(), kind,
                                publisher, region, chinese)
        for path in write_chart(series, kind, out, " · ".join(x for x in (publisher, region) if x) or None):
            typer.echo(str(path))
        typer.echo(json.dumps(series, ensure_ascii=False))

    @app.command("compare")
    def compare_(
        publisher: str = typer.Argument(..., help="The publisher, as stored (or a unique part of its name)."),
        years: list[int] = typer.Argument(None, help="Two years to compare (default: every year stored)."),
        as_json: bool = typer.Option(False, "--json", help="As JSON."),
        changed: bool = typer.Option(False, "--changed", help="Only the cells that differ."),
        db: str | None = _db_option(),
    ) -> None:
        """One body's reports side by side, with the change of every cell and the cross-year checks."""
        if years and len(years) != 2:
            raise typer.BadParameter("give two years, or none")
        with Session(open_db(db)) as session:
            try:
                result = compare(session, publisher, years or None)
            except LookupError as exc:
                typer.echo(str(exc), err=True)
                raise typer.Exit(1) from None
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
            return
        _print_comparison(result, changed)


def _print_comparison(result: dict, changed_only: bool) -> None:
    console = Console()
    years = [str(r["year"]) for r in result["reports"]]
    table = Table(f"{result['publisher']}: " + ", ".join(f"{r['year']} (report {r['report_id']}, {r['format']})"
                                                         for r in result["reports"]))
    table.add_column("cell")
    for year in years:
        table.add_column(year, justify="right")
    for cell in result["cells"]:
        if changed_only and not any(c not in (None, 0) for c in cell["changes"]):
            continue
        shown = []
        for value, change in zip(cell["values"], [None, *cell["changes"]], strict=True):
            delta = f" ({change:+g})" if change not in (None, 0) else ""
            shown.append("" if value is None else f"{value:g}{delta}")
        table.add_row(f"{cell['label']} [{cell['key']}]", *shown)
    console.print(table)
    checks = result["cross_year_checks"]
    failed = [c for c in checks if c["status"] == "failed"]
    console.print(f"cross-year checks: {len(checks)}, failed {len(failed)}")
    for c in failed:
        console.print(f"  {c['year']} rule {c['rule']} {c['cell']}: last year's {c['expected']:g}, "
                      f"this year's {c['found']:g}")
