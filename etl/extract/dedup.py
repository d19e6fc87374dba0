"""When two parsed records are the same report: pure functions over records, no database.

The rules (each pinned by tests/etl/extract/test_dedup.py):

1. Byte-identical documents are stored once (sha256 in etl.store); each further URL is one more source.
2. Repost: two records are one report when they have the same body — the same year, text similarity
   >= SIMILARITY, and the same issuer (related publisher names, or the same title, or a publisher
   not found; same_issuer) — and equal tables (every non-blank cell equal). Similarity is the MinHash estimate of the Jaccard
   index of character shingles of the normalised prose of sections 一, 五 and 六 (record_text: NFKC,
   no whitespace or punctuation), so page chrome, encodings, whitespace and small edits do not matter.
3. Revision: the same body with different tables. Both versions are kept; ordered by publish date
   (then first fetch), the later one is current and each earlier one is superseded by its successor,
   with the differing cells listed (table_changes).
4. Canonical source of a report: the earliest publication (publish date, then fetch time) on the
   publisher's own portal (a portal whose name and the publisher's contain one another), else the
   earliest anywhere. The report's publisher is the one most of its sources name.
5. A section printed twice (the same block pasted again, perhaps renumbered) is loaded once
   (unique_sections); a narrative and a table version of one section are both kept.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import numpy as np
from datasketch import MinHash

from etl.extract.numbers import number
from etl.extract.record import TABLES, Record, Section

SIMILARITY = 0.8
NUM_PERM = 128
BANDS, ROWS = 32, 4  # LSH: pairs above SIMILARITY share a band hash almost surely (BANDS * ROWS == NUM_PERM)
SHINGLE = 4
SECTION_REPEAT = 0.8
PROSE_SECTIONS = (1, 5, 6)
_NOT_TEXT = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Text reduced to what survives any rendering: NFKC letters and digits, nothing else."""
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text)).lower()


def shingles(text: str) -> set[str]:
    """Overlapping SHINGLE-character pieces of normalised text (the whole text when shorter)."""
    return {text[i:i + SHINGLE] for i in range(max(1, len(text) - SHINGLE + 1))}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def unique_sections(sections: Iterable[Section]) -> list[Section]:
    """Sections without repeats (rule 5).

    An occurrence whose normalised text shares at least SECTION_REPEAT of its shingles (Jaccard) with an
    earlier kept occurrence of the same number is the same block printed again and is dropped; a
    narrative and a table version of a section differ and are both kept.
    """
    kept: list[tuple[Section, set[str]]] = []
    for section in sections:
        pieces = shingles(normalise_text(section.text))
        if not any(k.number == section.number and jaccard(pieces, p) >= SECTION_REPEAT for k, p in kept):
            kept.append((section, pieces))
    return [section for section, _ in kept]


def record_text(record: Record) -> str:
    """The normalised prose a record is compared by: sections 一, 五 and 六.

    The tables (二–四) are compared cell by cell instead; left in the text, identical tables (all zeros
    at many small offices) would make different reports look alike. A record without those sections
    uses all its sections, then its title and publisher, and without those its own fingerprint, so that
    two records with nothing to compare are never similar.
    """
    sections = unique_sections(record.sections)
    prose = "".join(normalise_text(s.text) for s in sections if s.number in PROSE_SECTIONS)
    return (prose or "".join(normalise_text(s.text) for s in sections)
            or normalise_text(f"{record.title or ''}{record.publisher or ''}") or record_fingerprint(record))


def minhash(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([piece.encode("utf-8") for piece in shingles(text)])
    return signature


def signature_bytes(signature: MinHash) -> bytes:
    return signature.hashvalues.astype(np.uint64).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint64) == np.frombuffer(b, dtype=np.uint64)))


def record_signature(record: Record) -> bytes:
    """The record's MinHash signature as stored (the costly part of a load: compute it once per record)."""
    return signature_bytes(minhash(record_text(record)))


def band_hashes(signature: bytes) -> list[int]:
    """One signed 64-bit hash per LSH band of a stored signature, salted with the band number so that
    a single `hash IN (...)` finds every report sharing any band."""
    values = np.frombuffer(signature, dtype=np.uint64)
    return [int.from_bytes(hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8,
                                           salt=b.to_bytes(2, "big")).digest(), "big", signed=True)
            for b in range(BANDS)]


def table_cells(record: Record) -> dict[str, dict[str, dict[str, int | float]]]:
    """The record's tables without blank cells, numbers normalised (1.0 == 1), for comparison."""
    tables: dict = {}
    for (table, row, col), value in record.cells():
        if value is not None:
            tables.setdefault(table, {}).setdefault(row, {})[col] = number(value)
    return tables


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def table_fingerprint(record: Record) -> str:
    """Equal for records with equal format and equal tables."""
    return _digest([record.format, table_cells(record)])


def record_fingerprint(record: Record | dict) -> str:
    """Equal for records that load into identical rows (the source name aside); takes a record or its dict."""
    data = dict(record if isinstance(record, dict) else record.to_dict())
    data.pop("source", None)
    for table in TABLES:
        data[table] = {row: {col: number(v) for col, v in cols.items()} for row, cols in data[table].items()}
    return _digest(data)


def normalise_publisher(publisher: str | None) -> str | None:
    return normalise_text(publisher) or None if publisher else None


class Identity(Protocol):
    """What names a report: records and stored reports both have these."""

    year: int | None
    publisher: str | None
    title: str | None


def same_issuer(a: Identity, b: Identity) -> bool:
    """Rule 2's identity evidence: related publishers (one name contains the other), the same title, or
    a publisher the parser could not find — two offices with template prose and equal tables stay apart."""
    pub_a, pub_b = normalise_publisher(a.publisher), normalise_publisher(b.publisher)
    if pub_a is None or pub_b is None or pub_a in pub_b or pub_b in pub_a:
        return True
    title_a, title_b = normalise_text(a.title or ""), normalise_text(b.title or "")
    return bool(title_a) and title_a == title_b


def same_body(a: Identity, b: Identity, text_similarity: float) -> bool:
    """Rules 2 and 3: the same report, possibly revised — same year, same issuer, near-identical prose."""
    return a.year == b.year and text_similarity >= SIMILARITY and same_issuer(a, b)


def table_changes(old: dict, new: dict) -> list[dict]:
    """Cells that differ between two versions' tables (as from table_cells), in table order."""
    changes = []
    for table in TABLES:
        old_rows, new_rows = old.get(table, {}), new.get(table, {})
        for row in dict.fromkeys([*old_rows, *new_rows]):
            old_cols, new_cols = old_rows.get(row, {}), new_rows.get(row, {})
            for col in dict.fromkeys([*old_cols, *new_cols]):
                before, after = old_cols.get(col), new_cols.get(col)
                if before != after:
                    changes.append({"table": table, "row": row, "column": col, "old": before, "new": after})
    return changes


def own_portal(portal: str | None, publisher: str | None) -> bool:
    """A portal belongs to a publisher when one name contains the other (海州市滨江区教育局（列表）)."""
    a, b = normalise_text(portal or ""), normalise_text(publisher or "")
    return bool(a and b) and (a in b or b in a)


@dataclass(frozen=True)
class Sighting:
    """What rule 4 needs to know about one source of a report."""

    portals: tuple[str, ...]  # the portal's names (short name, title)
    publisher: str | None
    publish_date: date | None
    fetched_at: datetime
    document_id: int


def _earliest(s: Sighting) -> tuple:
    return (s.publish_date or date.max, s.fetched_at, s.document_id)


def report_publisher(sightings: list[Sighting]) -> str | None:
    """The publisher most sources name (a repost may name its own portal's body); ties go to the earliest."""
    named = [s for s in sightings if normalise_publisher(s.publisher)]
    if not named:
        return None
    votes = Counter(normalise_publisher(s.publisher) for s in named)
    return min(named, key=lambda s: (-votes[normalise_publisher(s.publisher)], _earliest(s))).publisher


def canonical_source(sightings: list[Sighting]) -> tuple[int, list[bool]]:
    """Rule 4: (index of the canonical sighting, whether each is on the report publisher's own portal)."""
    publisher = report_publisher(sightings)
    own = [any(own_portal(name, publisher) for name in s.portals) for s in sightings]
    best = min(range(len(sightings)), key=lambda i: (not own[i], _earliest(sightings[i])))
    return best, own
