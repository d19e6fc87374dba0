"""What every `nianbao` command shares: its options, how it prints, how it fails, its exit codes.

Every command takes `-q/--quiet` (only problems and the data asked for), `--verbose` (every failed
document, not the first ten), `--log-file FILE` (each line also appended there, with a UTC time) and
`--debug` (or NIANBAO_DEBUG=1: tracebacks). An error reaching a command's edge is printed as one
line, `nianbao COMMAND: what failed: why`, and sets the exit code:

    0  complete          1  completed, with failed documents or a portal error
    2  usage, configuration, file or database error (nothing was done, or the run could not go on)
    3  unexpected error (a bug: run again with --debug and report the traceback)
    130 / 143  interrupted by SIGINT (Ctrl-C) / SIGTERM (`kill`): the run is recorded as interrupted
"""
from __future__ import annotations

import functools
import inspect
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from etl.interrupts import Interrupted
from models.db import DatabaseError, reason

OK, FAILURES, USAGE, BUG, INTERRUPTED = 0, 1, 2, 3, 130
SHOWN = 10  # failed documents listed without --verbose


class _Settings:
    """The common options of the command being run (set by its edge, reset by the root callback)."""

    def __init__(self) -> None:
        self.quiet = self.verbose = self.debug = False
        self.log_file: Path | None = None
        self.command = "nianbao"
        self.database = ""
        self.engines: list = []  # disposed when the command ends (SQLite then folds its write-ahead log in)


settings = _Settings()


def quiet() -> bool:
    return settings.quiet


def verbose() -> bool:
    return settings.verbose


def _log(line: str) -> None:
    if settings.log_file:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with settings.log_file.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} {settings.command}: {line}\n")


def info(text: str) -> None:
    """What a run did (summaries, paths written): stdout unless --quiet, and the log file."""
    for line in text.splitlines():
        _log(line)
    if not settings.quiet:
        typer.echo(text)


def problem(text: str) -> None:
    """A document or portal that failed, a warning: stderr always, and the log file."""
    for line in text.splitlines():
        _log(line)
    typer.echo(text, err=True)


def fail(message: str, code: int = USAGE) -> typer.Exit:
    """Print `nianbao COMMAND: message` and return the Exit to raise."""
    problem(f"{settings.command}: {message}")
    return typer.Exit(code)


def using_database(name: str) -> None:
    """Name the database in any later error of this command."""
    settings.database = name


def close_with_command(engine):
    """Dispose `engine` when the command ends, however it ends."""
    settings.engines.append(engine)
    return engine


def describe(exc: BaseException) -> tuple[str, int]:
    """One line and an exit code for an exception that reached a command's edge."""
    if isinstance(exc, DatabaseError):
        return str(exc), USAGE
    if isinstance(exc, SQLAlchemyError | CommandError):
        return f"database {settings.database}: {reason(exc)}", USAGE
    if isinstance(exc, OSError):
        where = " -> ".join(str(f) for f in (exc.filename, exc.filename2) if f) or "file"
        return f"{where}: {exc.strerror or exc}", USAGE
    if isinstance(exc, ImportError):
        return f"cannot load {exc.name or 'a module'}: {exc}", USAGE
    return (f"unexpected error ({type(exc).__name__}: {' '.join(str(exc).split())}) — a bug; run again with "
            f"--debug and report the traceback"), BUG


COMMON = {
    "quiet": typer.Option(False, "-q", "--quiet", help="Print only problems and the data asked for."),
    "verbose": typer.Option(False, "--verbose", help=f"List every failed document (else the first {SHOWN})."),
    "log_file": typer.Option(None, "--log-file", dir_okay=False, help="Also append every line to FILE, with a UTC time."),
    "debug": typer.Option(False, "--debug", envvar="NIANBAO_DEBUG", help="Show tracebacks (also NIANBAO_DEBUG=1)."),
}
ANNOTATIONS = {"quiet": bool, "verbose": bool, "log_file": Path | None, "debug": bool}


def edge(function: Callable[..., Any], command: str, *, root: bool = False) -> Callable[..., Any]:
    """The command with the common options added, and every error at its edge as one line and an exit code."""
    signature = inspect.signature(function, eval_str=True)
    extra = [inspect.Parameter(f"nianbao_{key}", inspect.Parameter.KEYWORD_ONLY, default=option,
                               annotation=ANNOTATIONS[key]) for key, option in COMMON.items()]

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        if root:
            settings.__init__()
        options = {key: kwargs.pop(f"nianbao_{key}") for key in COMMON}
        for key, value in options.items():
            if value:
                setattr(settings, key, value)
        if not root:
            settings.command = command
        try:
            return function(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Interrupted as exc:
            raise fail(f"interrupted by {exc.name}", exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted by SIGINT", INTERRUPTED) from None
        except Exception as exc:
            if settings.debug:
                traceback.print_exc(file=sys.stderr)
            line, code = describe(exc)
            raise fail(line, code) from None
        finally:
            while settings.engines:
                settings.engines.pop().dispose()

    run.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])
    run.__annotations__ = {**function.__annotations__, **{p.name: p.annotation for p in extra}}
    return run


class NianbaoTyper(typer.Typer):
    """A Typer whose commands (and callback) all go through `edge`."""

    def command(self, name: str | None = None, **kwargs: Any):
        register = super().command(name, **kwargs)
        prefix = f"nianbao {self.info.name} " if isinstance(self.info.name, str) else "nianbao "

        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            register(edge(function, prefix + (name or function.__name__.strip("_").replace("_", "-"))))
            return function
        return decorator

    def callback(self, **kwargs: Any):
        register = super().callback(**kwargs)

        def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
            register(edge(function, "nianbao", root=True))
            return function
        return decorator
