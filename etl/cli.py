"""The `nianbao` command. Each stage's commands live beside the stage and register here."""
from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import typer

from etl.console import FAILURES, OK, NianbaoTyper, info, problem
from etl.extract.parse import NotAReport, parse_file

app = NianbaoTyper(help="Collect and analyse government information disclosure annual reports.",
                  no_args_is_help=True, add_completion=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nianbao {version('nianbao')}")
        raise typer.Exit()


@app.callback()
def main(
    _show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
) -> None:
    """nianbao: parse, store, crawl and inspect annual reports."""


@app.command()
def parse(
    files: list[Path] = typer.Argument(..., help="Report documents (HTML, text, PDF, Word) to parse."),
    out: Path | None = typer.Option(None, "--out", help="Write DIR/<input stem>.json instead of printing."),
    pretty: bool = typer.Option(False, "--pretty", help="Indented JSON for people (default: one record a line)."),
) -> None:
    """Print the canonical record of each FILE as JSON Lines (one record a line)."""
    failed = 0
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for path in files:
        try:
            record = parse_file(path)
        except (NotAReport, OSError) as exc:
            failed += 1
            problem(f"{path}: not parsed: {exc}")
            continue
        except Exception as exc:  # a parser bug on one file must not stop the others
            failed += 1
            problem(f"{path}: not parsed: parser error ({type(exc).__name__}: {exc})")
            continue
        if out:
            target = out / f"{path.stem}.json"
            target.write_text(json.dumps(record.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            info(str(target))
        else:
            typer.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=1 if pretty else None))
    raise typer.Exit(FAILURES if failed else OK)


def _register_stages() -> None:
    from crawler.commands import register as register_crawler
    from etl.commands import register as register_etl
    from etl.explore.commands import register as register_explore

    register_etl(app)
    register_crawler(app)
    register_explore(app)


_register_stages()
if __name__ == "__main__":
    app()
