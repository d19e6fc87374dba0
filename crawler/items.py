"""What the spider hands the pipelines: one fetched document, raw bytes and where they came from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from etl.extract.readers.encoding import Charset, Decoded


@dataclass
class DocumentItem:
    """A fetched report page or attachment.

    `kind` is "report" (a page or file a list names as a report) or "attachment" (linked from a report
    page; `parent_url` names that page). `listed_title` / `listed_date` are what the list said; the
    metadata fields are filled by MetadataPipeline from the listing and the page head. `decoded`: the
    page as the spider read it for links (the reader's one charset decision), None for a binary file.
    """

    url: str
    final_url: str
    body: bytes
    content_type: str | None
    http_status: int
    portal: str
    kind: str
    fetched_at: datetime
    parent_url: str | None = None
    listed_title: str | None = None
    listed_date: str | None = None
    attachments: int = 0  # files a report page links
    decoded: Decoded | None = None
    charset: Charset | None = None
    title: str | None = None
    publisher: str | None = None
    year: int | None = None
    publish_date: str | None = None
    # Pipeline results: the stored document's id and whether its bytes were new.
    document_id: int | None = None
    created: bool | None = None
