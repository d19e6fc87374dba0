"""One document in, one canonical record out: the whole extraction path as a plain function."""
from __future__ import annotations

from pathlib import Path

from etl.record import Record


class NotAReport(ValueError):
    """The document is readable but is not an annual report; the message says why."""


def parse_document(data: bytes, source: str, *, content_type: str | None = None) -> Record:
    """Parse raw document bytes (HTML, text; any charset) into a record.

    `source` names the document in the record and in errors (a file name or URL);
    `content_type` is the HTTP Content-Type header when there was one (its charset is a hint).
    Raises NotAReport for empty, binary or non-report input.
    """
    from etl.pipeline import build_record

    return build_record(data, source, content_type=content_type)


def parse_file(path: str | Path) -> Record:
    path = Path(path)
    return parse_document(path.read_bytes(), path.name)
