"""A parse that hands its failure back instead of raising: what a worker process returns for a document."""
from __future__ import annotations

from collections.abc import Mapping

from etl.extract.parse import NotAReport, parse_document
from etl.extract.readers import NeedsTool, Tools
from etl.extract.record import Record


class ParseError(RuntimeError):
    """A parser crash, described (the original exception may not pickle back from a worker process)."""


def describe_error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, NotAReport | ParseError | NeedsTool) else f"{type(exc).__name__}: {exc}"


def parse_bytes(data: bytes, source: str, content_type: str | None, tools: Tools | None = None,
                resources: Mapping[str, bytes] | None = None) -> Record | NotAReport | NeedsTool | ParseError:
    """The record, or why there is none: NotAReport, NeedsTool (it waits for OCR or conversion), or a
    ParseError describing the crash. `tools` and `resources` as etl.extract.parse.parse_document takes them."""
    try:
        return parse_document(data, source, content_type=content_type, tools=tools, resources=resources)
    except (NotAReport, NeedsTool) as exc:
        return exc
    except Exception as exc:  # one bad document must not stop a run: the error is recorded
        return ParseError(describe_error(exc))
