"""A parse that hands its failure back instead of raising: what a worker process returns for a document."""
from __future__ import annotations

from etl.extract.parse import NotAReport, parse_document
from etl.extract.record import Record


class ParseError(RuntimeError):
    """A parser crash, described (the original exception may not pickle back from a worker process)."""


def describe_error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, NotAReport | ParseError) else f"{type(exc).__name__}: {exc}"


def parse_bytes(data: bytes, source: str, content_type: str | None) -> Record | NotAReport | ParseError:
    """The record, or why there is none: NotAReport, or a ParseError describing the crash."""
    try:
        return parse_document(data, source, content_type=content_type)
    except NotAReport as exc:
        return exc
    except Exception as exc:  # one bad document must not stop a run: the error is recorded
        return ParseError(describe_error(exc))
