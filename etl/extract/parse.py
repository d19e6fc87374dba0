"""One document in, one canonical record out: readers → sections → tables → metadata → checks."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from etl.extract import legacy, tables
from etl.extract.checks import run_checks
from etl.extract.metadata import extract_metadata
from etl.extract.prose import disagreements
from etl.extract.quality import judge
from etl.extract.readers import NeedsTool, Tools, UnreadableDocument, read_document
from etl.extract.record import FIRST_NATIONAL_YEAR, LEGACY, Record, Section
from etl.extract.sections import Occurrence, by_number, split_sections
from etl.extract.tables import Extracted, cell_stream


class NotAReport(ValueError):
    """The document is readable but is not an annual report (or not readable at all); the message says why."""


# Which section holds which table.
_SECTION_OF = {"active_disclosure": 2, "applications": 3, "review_litigation": 4}


def parse_document(data: bytes, source: str, *, content_type: str | None = None, tools: Tools | None = None,
                   resources: Mapping[str, bytes] | None = None) -> Record:
    """Parse raw document bytes (HTML or text in any charset, PDF, DOCX, legacy DOC/WPS, scans and
    images) into a record.

    `source` names the document in the record (and, when a URL, is where the images of a page are
    resolved from, in `resources`); `content_type` is the HTTP Content-Type header when there was one
    (its charset is a hint); `tools` says whether OCR and conversion may run (etl.extract.readers.Tools).
    Raises NotAReport for empty, binary or non-report input, NeedsTool for a document that waits for OCR
    or conversion.
    """
    if not data.strip():
        raise NotAReport("empty document")
    try:
        doc = read_document(data, content_type, tools, resources, source)
    except NeedsTool:
        raise
    except UnreadableDocument as exc:
        raise NotAReport(str(exc)) from exc
    preamble, occurrences = split_sections(doc.rows)
    grouped = by_number(occurrences)
    all_cells = cell_stream(doc.rows)
    body = "\n".join(o.text for o in occurrences if o.number == 1) or "\n".join(o.text for o in occurrences)
    meta = extract_metadata(doc.meta, doc.rows, preamble, body)

    record = Record(source=source, title=meta.title, publisher=meta.publisher, year=meta.year,
                    publish_date=meta.publish_date)
    for code, message in doc.notes:
        record.note(code, message)
    detected = tables.detect_format(all_cells)
    fmt = detected or ("2021" if (meta.year or 2021) >= 2021 else "2019")
    record.format = fmt

    # Each reader takes the cells and whether they are its own section's (False: the whole document).
    readers = {
        "active_disclosure": lambda cells, _: tables.active_disclosure(cells, fmt),
        "applications": lambda cells, _: tables.applications(cells, fmt),
        "review_litigation": lambda cells, own: tables.review_litigation(cells, in_section=own),
    }
    extracted = {name: _best(read, grouped.get(_SECTION_OF[name], []), all_cells) for name, read in readers.items()}
    national = tables.national_form(extracted["active_disclosure"].table, extracted["applications"].table)
    if meta.year is not None and meta.year < FIRST_NATIONAL_YEAR and not national:
        if not meta.title:
            raise NotAReport("no national report tables and no report title")
        record.format = LEGACY  # the 2008 regulation's free-form report: no figure goes into a national cell
        record.legacy_statistics = legacy.statistics(doc.rows)
        record.note("legacy", f"a report on {meta.year}, before the national forms: its own tables are not "
                              "read into national cells")
    else:
        for name, found in extracted.items():
            setattr(record, name, found.table)
            for code, message in found.notes:
                record.note(code, message, name)
        if not (record.active_disclosure or record.applications or record.review_litigation):
            if not (meta.title and len(grouped) >= 3):
                raise NotAReport("no annual report tables found (主动公开 / 申请 / 复议诉讼)")
            record.note("no_tables", f"the report prints none of the national tables; format {fmt} from its year")
        elif not any(v is not None for _, v in record.cells()):
            raise NotAReport("the report tables carry no figures (a blank report template?)")
        elif not national:
            record.note("format_unmatched", "the tables printed match neither national form closely; "
                                            "only the rows that could be placed are kept")
        if detected is None and record.applications:
            record.note("format_from_year", f"tables name no format-specific labels; format {fmt} from the year")

    record.duplicate_sections = sorted(n for n, occs in grouped.items() if len(occs) > 1)
    for name, number in _SECTION_OF.items():
        for occ in grouped.get(number, []) if number in record.duplicate_sections else []:
            for message in disagreements(number, occ.lines, getattr(record, name)):
                record.note("duplicate_disagrees", message)
    record.sections = [
        Section(n, occ.title, occ.text, i + 1) for n, occs in sorted(grouped.items()) for i, occ in enumerate(occs)
    ]
    record.checks = run_checks(record)
    record.quality = asdict(judge(record))
    return record


def _best(read, occurrences: list[Occurrence], all_cells: list[str]) -> Extracted:
    """Read the table from each occurrence of its section and keep the one that holds it.

    When no occurrence holds it (section heading missing or unrecognised), read the whole document:
    the labels are specific enough to find the table wherever it is printed.
    """
    found = [read(cell_stream(occ.rows), True) for occ in occurrences]
    best = max(found, key=lambda e: e.filled, default=Extracted())
    if best.filled == 0:
        whole = read(all_cells, False)
        if whole.filled > 0 or not best.table:
            best = whole
    return best


def parse_file(path: str | Path) -> Record:
    path = Path(path)
    return parse_document(path.read_bytes(), path.name)
