"""`nianbao` commands of the storage/ETL stage: import, etl, db upgrade, stats, show, checks, failures, export.

Every command takes `--db URL_OR_PATH` (else $NIANBAO_DATABASE_URL, else data/nianbao.sqlite); a plain
path is a SQLite file ending in .sqlite or .db. Writing commands (import, etl, db upgrade) migrate the
schema; reading commands open the database read-only and refuse one that is missing or out of date
(models.db.open_database). Failures are printed and exit as etl.console says.
"""
from __future__ import annotations

import json
import mimetypes
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import Engine
from sqlmodel import Session

from etl.console import (
    FAILURES,
    OK,
    SHOWN,
    NianbaoTyper,
    close_with_command,
    fail,
    info,
    problem,
    quiet,
    using_database,
    verbose,
)
from etl.crawl_runs import COUNTS
from etl.export import EXPORT_FORMATS, export
from etl.extract.readers import Tools
from etl.extract.record import META, TABLES
from etl.interrupts import Interrupted, finishing, stop_on_signals
from etl.load import receive_document
from etl.reports import failed_checks, failed_documents, find_report, report_details, stats
from etl.runs import TIMEOUT, TOOL_TIMEOUT, RunSummary, run_etl
from models.db import ENV_URL, database_url, display, open_database, upgrade_db
from models.retry import retrying
from models.statuses import DocumentStatus

DB_HELP = (f"Database URL, or a SQLite file path ending in .sqlite or .db (default: ${ENV_URL}, "
           "else data/nianbao.sqlite).")
db_app = NianbaoTyper(name="db", help="Database schema.", no_args_is_help=True)


def _db_option():
    return typer.Option(None, "--db", help=DB_HELP, show_default=False)


def open_db(db: str | None, *, write: bool = False, create: bool = True, upgrade: bool = True) -> Engine:
    """The command's database (models.db.open_database), named in any later error of the command."""
    using_database(display(database_url(db)))
    return close_with_command(open_database(db, write=write, create=create, upgrade=upgrade))


def _files(paths: list[Path]) -> list[Path]:
    """The files named, and every non-hidden file under the folders named, in a stable order."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            found.append(path)
        else:
            raise fail(f"{path}: no such file or folder (nothing was stored)")
    return found


@retrying
def _store_file(engine: Engine, path: Path, portal: str | None) -> tuple[int, bool]:
    with Session(engine) as session:
        received = receive_document(session, data=path.read_bytes(), url=path.resolve().as_uri(),
                                    content_type=mimetypes.guess_type(path.name)[0], portal=portal)
        session.commit()
        return received.document.id, received.created


def _timeout_option():
    return typer.Option(TIMEOUT, "--timeout", min=0.1, help="Seconds one document may take to parse; a parse "
                                                           "that takes longer is stopped and the document failed.")


def _no_ocr_option():
    return typer.Option(False, "--no-ocr", help="Do not OCR scanned pages and image pages: such documents "
                                                "wait with the status needs_ocr.")


def _ocr_timeout_option():
    return typer.Option(TOOL_TIMEOUT, "--ocr-timeout", min=0.1, help="Seconds one document may take when it "
                                                                      "is read by OCR or converted.")


def _run(engine: Engine, mode: str, workers: int, timeout: float, db: str | None,
         document_ids: list[int] | None = None, *, no_ocr: bool = False, ocr_timeout: float = TOOL_TIMEOUT
         ) -> RunSummary:
    """One ETL run with a progress bar; on a stop signal, its summary and how to continue, then the exit."""
    console = Console(stderr=True, quiet=quiet())
    try:
        with Progress(TextColumn("[bold]etl"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("etl", total=None)
            return run_etl(engine, mode, workers=workers, timeout=timeout, document_ids=document_ids,
                           tools=Tools(ocr=not no_ocr), tool_timeout=ocr_timeout,
                           on_start=lambda total: bar.update(task, total=total),
                           progress=lambda _outcome: bar.advance(task))
    except Interrupted as exc:
        summary = getattr(exc, "summary", None)
        if summary is None:  # stopped before the run began
            raise
        _print_summary(summary)
        again = "nianbao etl --stale" + (f" --db {db}" if db else "")
        raise fail(f"interrupted by {exc.name} after {summary.documents} of {summary.total} documents "
                   f"(run {summary.run_id} recorded as interrupted); continue with `{again}`",
                   exc.exit_code) from None


def _print_summary(summary: RunSummary) -> None:
    info(f"run {summary.run_id}: {summary.documents} documents; parsed {summary.parsed} "
         f"(unchanged {summary.unchanged}, new {summary.new}, reposts {summary.reposts}, "
         f"revisions {summary.revisions}, updated {summary.updated}); not reports {summary.not_reports}; "
         f"failed {summary.failed}; checks failed {summary.checks_failed}; waiting for OCR {summary.needs_ocr}, "
         f"for conversion {summary.needs_conversion}")
    named = [("failed", *e) for e in summary.errors] + [("not a report", *e) for e in summary.not_report_reasons]
    shown = named if verbose() else named[:SHOWN]
    for kind, document_id, error in shown:
        problem(f"  {kind}: document {document_id}: {error}")
    if len(shown) < len(named):
        problem(f"  … and {len(named) - len(shown)} more: `nianbao failures` (or --verbose) lists them all")


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the `nianbao` app."""
    app.add_typer(db_app, name="db")

    @db_app.command("upgrade")
    def db_upgrade(db: str | None = _db_option()) -> None:
        """Create or migrate the schema to the newest version, and say which it did."""
        engine = open_db(db, write=True, upgrade=False)
        try:
            info(upgrade_db(engine, display(engine.url)))
        finally:
            engine.dispose()

    @app.command("import")
    def import_(
        paths: list[Path] = typer.Argument(..., help="Files or folders (searched recursively) to store and parse."),
        portal: str | None = typer.Option(None, "--portal", help="Portal the files came from."),
        workers: int = typer.Option(1, "--workers", min=1, help="Parser processes."),
        timeout: float = _timeout_option(),
        no_ocr: bool = _no_ocr_option(),
        ocr_timeout: float = _ocr_timeout_option(),
        db: str | None = _db_option(),
    ) -> None:
        """Store documents (each byte-identical file once) and parse them into reports."""
        files = _files(paths)
        engine = open_db(db, write=True)
        stored: list[tuple[int, bool]] = []
        with stop_on_signals():
            try:
                for path in files:
                    with finishing():
                        stored.append(_store_file(engine, path, portal))
            except Interrupted as exc:
                raise fail(f"interrupted by {exc.name} after storing {len(stored)} of {len(files)} files (each "
                           f"stored once); run the same `nianbao import` again to continue", exc.exit_code) from None
            created = sum(1 for _, new in stored if new)
            info(f"stored {created} new documents ({len(stored) - created} already stored)")
            summary = _run(engine, "stale", workers, timeout, db, [doc_id for doc_id, _ in stored],
                           no_ocr=no_ocr, ocr_timeout=ocr_timeout)
        _print_summary(summary)
        raise typer.Exit(FAILURES if summary.failed or summary.not_reports else OK)

    @app.command("etl")
    def etl(
        all_: bool = typer.Option(False, "--all", help="Re-parse every stored document."),
        stale: bool = typer.Option(False, "--stale", help="Documents never parsed or parsed by an older parser "
                                                          "(the default)."),
        failed: bool = typer.Option(False, "--failed", help="Documents whose last parse failed."),
        workers: int = typer.Option(1, "--workers", min=1, help="Parser processes."),
        timeout: float = _timeout_option(),
        no_ocr: bool = _no_ocr_option(),
        ocr_timeout: float = _ocr_timeout_option(),
        db: str | None = _db_option(),
    ) -> None:
        """Re-parse stored documents offline and load the reports (running it twice changes nothing).

        --stale also takes the documents waiting for OCR or conversion once the tool can run.
        Exits 1 when a document failed to parse (documents that are no report are listed, not failures)."""
        chosen = [mode for mode, flag in zip(("all", "stale", "failed"), (all_, stale, failed), strict=True) if flag]
        if len(chosen) > 1:
            raise typer.BadParameter("choose one of --all, --stale, --failed")
        engine = open_db(db, write=True, create=False)
        with stop_on_signals():
            summary = _run(engine, chosen[0] if chosen else "stale", workers, timeout, db, no_ocr=no_ocr,
                           ocr_timeout=ocr_timeout)
        _print_summary(summary)
        raise typer.Exit(FAILURES if summary.failed else OK)

    @app.command("stats")
    def stats_(
        as_json: bool = typer.Option(False, "--json", help="Machine-readable counts."),
        db: str | None = _db_option(),
    ) -> None:
        """Reports by year, format, status and quality verdict; documents, failed checks and the latest crawl runs."""
        with Session(open_db(db)) as session:
            counts = stats(session)
        if as_json:
            typer.echo(json.dumps(counts, ensure_ascii=False, indent=1))
            return
        console = Console()
        for key, value in counts.items():
            if not isinstance(value, dict | list):
                console.print(f"{key.replace('_', ' ')}: {value}")
        for key in ("reports_by_year", "reports_by_format", "reports_by_status", "current_reports_by_quality",
                    "documents_by_status"):
            table = Table(key.replace("_", " "))
            table.add_column("n", justify="right")
            for name, n in counts[key].items():
                table.add_row(name, str(n))
            console.print(table)
        typer.echo("\n".join(_crawl_lines(counts["crawl_runs"])))

    @app.command("show")
    def show(
        key: str = typer.Argument(..., metavar="ID|URL", help="Report id, or a URL the report was found at."),
        as_json: bool = typer.Option(False, "--json", help="The whole report as JSON."),
        db: str | None = _db_option(),
    ) -> None:
        """One report: its record, checks, sources, notes and versions."""
        with Session(open_db(db)) as session:
            report = find_report(session, key)
            if report is None:
                raise fail(f"no report {key}", FAILURES)
            details = report_details(session, report)
        if as_json:
            typer.echo(json.dumps(details, ensure_ascii=False, indent=1))
            return
        _print_details(details)

    @app.command("checks")
    def checks(
        as_json: bool = typer.Option(False, "--json", help="As JSON lines."),
        db: str | None = _db_option(),
    ) -> None:
        """Every failed 勾稽 check with its cell, expected and found values."""
        _listing(db, failed_checks, as_json, "failed checks",
                 lambda row: f"report {row['report_id']} {row['publisher'] or '?'} {row['year'] or '?'} "
                             f"[{row['report_status']}]: rule {row['rule']} {row['cell']}: "
                             f"expected {row['expected']}, found {row['found']}")

    @app.command("export")
    def export_(
        fmt: str = typer.Option("csv", "--format", help=f"One of {', '.join(EXPORT_FORMATS)}."),
        out: Path = typer.Option(..., "--out", help="Folder for the exported files."),
        excel: bool = typer.Option(False, "--excel", help="CSV for Excel: UTF-8 with a byte-order mark."),
        db: str | None = _db_option(),
    ) -> None:
        """Write the reports (wide, one row per report) and the long fact tables to DIR."""
        if fmt not in EXPORT_FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
        if out.exists() and not out.is_dir():
            raise fail(f"--out {out} is a file; give a folder for the exported files")
        if excel and fmt != "csv":
            raise typer.BadParameter("--excel goes with --format csv")
        with Session(open_db(db)) as session:
            for path in export(session, out, fmt, excel):
                info(str(path))

    @app.command("failures")
    def failures(
        as_json: bool = typer.Option(False, "--json", help="As JSON lines."),
        db: str | None = _db_option(),
    ) -> None:
        """Every stored document whose last parse failed, found no report or waits for OCR or conversion, and
        every document OCR read into a doubtful report, with the reason."""
        _listing(db, failed_documents, as_json, _failures_counted,
                 lambda row: f"document {row['document_id']} [{row['status']}] {row['error']}")


def _failures_counted(rows: list[dict]) -> str:
    """The failures' count line: the waiting and OCR-doubtful ones counted apart."""
    counts = Counter(row["status"] for row in rows)
    return "documents failed or are not reports" + "".join(
        f"; {status} {n}" for status, n in sorted(counts.items())
        if status not in (DocumentStatus.FAILED, DocumentStatus.NOT_REPORT))


def _listing(db: str | None, query: Callable[[Session], list[dict]], as_json: bool,
             counted: str | Callable[[list[dict]], str], line: Callable[[dict], str]) -> None:
    """Print the rows a reading query returns, as JSON lines or one line each followed by their count
    (`counted` names them, or says so from the rows)."""
    with Session(open_db(db)) as session:
        rows = query(session)
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False) if as_json else line(row))
    if not as_json:
        info(f"{len(rows)} {counted if isinstance(counted, str) else counted(rows)}")


def _crawl_lines(runs: list[dict]) -> list[str]:
    lines = ["latest crawl runs:"] if runs else ["no crawl runs"]
    for run in runs:
        counts = ", ".join(f"{key.replace('_', ' ')} {run[key]}" for key in COUNTS)
        problems = ", ".join(f"{kind.replace('_', ' ')} {n}" for kind, n in run["problems"].items()) or "none"
        started, finished = (run[key][:19].replace("T", " ") for key in ("started_at", "finished_at"))
        lines.append(f"  crawl {run['id']} {run['status']} ({run['close_reason']}), {started} to {finished} UTC, "
                     f"portals {', '.join(run['portals'])}: {counts}; problems: {problems}")
    return lines


def _print_details(details: dict) -> None:
    record = details["record"]
    superseded = f", superseded by {details['superseded_by']}" if details["superseded_by"] else ""
    lines = [f"report {details['id']} ({details['status']}{superseded})"]
    lines += [f"  {key}: {record[key]}" for key in META]
    lines.append(f"  quality: {details['quality']['verdict']}")
    lines += [f"    - {reason}" for reason in details["quality"]["reasons"]]
    for table in TABLES:
        filled = [(row, col, v) for row, cols in record[table].items() for col, v in cols.items() if v is not None]
        lines.append(f"{table} ({len(filled)} cells)")
        lines += [f"  {row}.{col} = {value}" for row, col, value in filled]
    failed = [c for c in details["checks"] if c["status"] == "failed"]
    lines.append(f"checks: {len(details['checks'])}, failed {len(failed)}")
    lines += [f"  {c['rule']} {c['cell']}: expected {c['expected']}, found {c['found']}" for c in failed]
    lines.append(f"sources ({len(details['sources'])}, * canonical)")
    lines += [f"  {'*' if s['canonical'] else ' '} {s['url'] or 'document ' + str(s['document_id'])} "
              f"portal={s['portal']} published={s['publish_date']} fetched={s['fetched_at']}"
              for s in details["sources"]]
    lines += [f"  changed in report {details['superseded_by']}: {c['table']}.{c['row']}.{c['column']} "
              f"{c['old']} -> {c['new']}" for c in details["changes"]]
    if details["supersedes"]:
        lines.append(f"supersedes reports {', '.join(map(str, details['supersedes']))}")
    lines.append(f"notes ({len(details['notes'])})")
    lines += [f"  {n['code']}: {n['message']}" for n in details["notes"]]
    typer.echo("\n".join(lines))
