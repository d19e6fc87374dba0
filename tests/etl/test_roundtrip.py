"""Round trip: render a random canonical record the way portals print reports, parse it back, and get the
same record — metadata, every table cell and duplicated sections, compared as tools/score.py compares them
(numbers within 0.01, blank only equals blank)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from etl.extract.parse import parse_document
from etl.extract.record import META, Record
from etl.render import render_html, render_lines, render_pipes, render_tabs
from tests.etl.strategies import records, sentinel_record

# Shrinking a failing record takes minutes; set NIANBAO_SHRINK=1 to get the minimal example.
# CI runs the same examples every time (derandomize), so a red run can be replayed.
PHASES = tuple(Phase) if os.environ.get("NIANBAO_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
ROUND_TRIP = settings(max_examples=25, deadline=None, phases=PHASES, derandomize=os.environ.get("CI") == "true",
                      suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(0, 2**32 - 1)


def same(expected, found) -> bool:
    """tools/score.py's rule: numbers equal within 0.01, strings equal stripped, anything else exactly."""
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(found, numbers) and not isinstance(expected, bool) \
            and not isinstance(found, bool):
        return abs(expected - found) < 0.01
    if isinstance(expected, str) and isinstance(found, str):
        return expected.strip() == found.strip()
    return expected == found


def differences(expected: Record, found: Record) -> list[str]:
    wrong = []
    for key in META:
        want, got = getattr(expected, key), getattr(found, key)
        if key in ("year", "format") and want is not None and got is not None:
            got = type(want)(got)
        if not same(want, got):
            wrong.append(f"{key}: expected {want!r}, got {got!r}")
    parsed = dict(found.cells())
    for key, want in expected.cells():
        if not same(want, parsed.get(key)):
            wrong.append(f"{'/'.join(key)}: expected {want!r}, got {parsed.get(key)!r}")
    if sorted(expected.duplicate_sections) != sorted(found.duplicate_sections):
        wrong.append(f"duplicate_sections: expected {expected.duplicate_sections}, got {found.duplicate_sections}")
    return wrong


def assert_round_trip(record: Record, data: bytes, source: str, rendering: str) -> None:
    found = parse_document(data, source)
    wrong = differences(record, found)
    assert not wrong, f"{rendering}: {len(wrong)} field(s) differ:\n  " + "\n  ".join(wrong[:25])


@ROUND_TRIP
@given(record=records(), seed=seeds, meta=st.booleans())
def test_html_with_spans_utf8(record, seed, meta):
    assert_round_trip(record, render_html(record, seed=seed, meta=meta), "report.html", "html utf-8")


@ROUND_TRIP
@given(record=records(), seed=seeds, meta=st.booleans())
def test_html_gbk(record, seed, meta):
    assert_round_trip(record, render_html(record, charset="gbk", seed=seed, meta=meta), "report.html", "html gbk")


@ROUND_TRIP
@given(record=records(), seed=seeds, meta=st.booleans())
def test_html_spans_spelled_out_gb18030(record, seed, meta):
    data = render_html(record, charset="gb18030", spans=False, seed=seed, meta=meta)
    assert_round_trip(record, data, "report.html", "html gb18030 without spans")


@ROUND_TRIP
@given(record=records(), seed=seeds, meta=st.booleans(), charset=st.sampled_from(["utf-8", "gbk"]))
def test_word_html(record, seed, meta, charset):
    data = render_html(record, charset=charset, word=True, seed=seed, meta=meta)
    assert_round_trip(record, data, "report.htm", "word html")


# Text files come as UTF-8, UTF-8 with a byte-order mark (Windows Notepad) or GBK.
text_encodings = st.sampled_from(["utf-8", "utf-8-sig", "gbk"])


@ROUND_TRIP
@given(record=records(), seed=seeds, encoding=text_encodings)
def test_tabs_grid(record, seed, encoding):
    data = render_tabs(record, seed=seed, layout="grid").encode(encoding)
    assert_round_trip(record, data, "report.txt", f"tabs grid {encoding}")


@ROUND_TRIP
@given(record=records(), seed=seeds, encoding=text_encodings)
def test_tabs_cells(record, seed, encoding):
    data = render_tabs(record, seed=seed, layout="cells").encode(encoding)
    assert_round_trip(record, data, "report.txt", f"tabs cells {encoding}")


@ROUND_TRIP
@given(record=records(), seed=seeds, encoding=text_encodings)
def test_lines(record, seed, encoding):
    data = render_lines(record, seed=seed).encode(encoding)
    assert_round_trip(record, data, "report.txt", f"lines {encoding}")


@ROUND_TRIP
@given(record=records(), seed=seeds, encoding=text_encodings)
def test_pipes(record, seed, encoding):
    data = render_pipes(record, seed=seed).encode(encoding)
    assert_round_trip(record, data, "report.txt", f"pipes {encoding}")


RENDERINGS = {
    "html": lambda record, seed: (render_html(record, seed=seed), "report.html"),
    "word html": lambda record, seed: (render_html(record, word=True, charset="gbk", seed=seed), "report.htm"),
    "tabs": lambda record, seed: (render_tabs(record, seed=seed).encode(), "report.txt"),
    "lines": lambda record, seed: (render_lines(record, seed=seed).encode(), "report.txt"),
    "pipes": lambda record, seed: (render_pipes(record, seed=seed).encode(), "report.txt"),
}


@ROUND_TRIP
@given(record=records(duplicates=True), seed=seeds, rendering=st.sampled_from(sorted(RENDERINGS)))
def test_duplicated_sections(record, seed, rendering):
    """Sections printed twice (a narrative copy, then the tables) give each figure once, from the tables."""
    data, source = RENDERINGS[rendering](record, seed)
    assert_round_trip(record, data, source, f"{rendering}, sections {record.duplicate_sections} printed twice")


def test_differences_sees_every_field():
    """The comparison itself can fail: one changed cell, title, or duplicate list is reported."""
    record = sentinel_record("2019")
    other = Record.from_dict(record.to_dict())
    assert differences(record, other) == []
    other.title = (record.title or "") + "（修订）"
    table, row, col = next(key for key, _ in record.cells())
    getattr(other, table)[row][col] = (getattr(record, table)[row][col] or 0) + 1
    other.duplicate_sections = [2]
    assert len(differences(record, other)) == 3
