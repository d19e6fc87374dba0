"""The `nianbao` command. Each stage's commands live beside the stage and register here."""
from __future__ import annotations

import json
from pathlib import Path

import typer

from etl.extract.parse import NotAReport, parse_file

app = typer.Typer(help="Collect and analyse government information disclosure annual reports.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """nianbao: parse, store, crawl and inspect annual reports."""


@app.command()
def parse(
    files: list[Path] = typer.Argument(..., help="Report documents (HTML, text) to parse."),
    out: Path | None = typer.Option(None, "--out", help="Write DIR/<input stem>.json instead of printing."),
) -> None:
    """Print the canonical record of each FILE as JSON (one per file)."""
    failed = 0
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for path in files:
        try:
            record = parse_file(path)
        except (NotAReport, OSError) as exc:
            failed += 1
            typer.echo(f"{path}: not parsed: {exc}", err=True)
            continue
        except Exception as exc:  # a parser bug on one file must not stop the others
            failed += 1
            typer.echo(f"{path}: not parsed: parser error ({type(exc).__name__}: {exc})", err=True)
            continue
        text = json.dumps(record.to_dict(), ensure_ascii=False, indent=1)
        if out:
            (out / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
        else:
            typer.echo(text)
    raise typer.Exit(1 if failed else 0)


def _register_stages() -> None:
    from crawler.commands import register as register_crawler
    from etl.commands import register as register_etl

    register_etl(app)
    register_crawler(app)


_register_stages()
if __name__ == "__main__":
    app()
