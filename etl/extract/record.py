"""The canonical report record of SCHEMA.md: its keys, and the record type to and from JSON."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Number = int | float | None
Table = dict[str, dict[str, Number]]

FORMATS = ("2019", "2021")  # the national forms; a report before them has format "legacy"
LEGACY = "legacy"
FIRST_NATIONAL_YEAR = 2019  # reports on 2019 and later follow a national form

# Section 二: category -> metrics, per national format, in printed order.
ACTIVE_DISCLOSURE: dict[str, dict[str, tuple[str, ...]]] = {
    "2019": {
        "regulations": ("made", "published", "total_published"),
        "normative_documents": ("made", "published", "total_published"),
        "licensing": ("items_last_year", "items_change", "decisions"),
        "other_services": ("items_last_year", "items_change", "decisions"),
        "penalties": ("items_last_year", "items_change", "decisions"),
        "coercion": ("items_last_year", "items_change", "decisions"),
        "fees": ("items_last_year", "items_change"),
        "procurement": ("procurement_items", "procurement_amount"),
    },
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalties": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("fee_amount",),
    },
}
MONEY_METRICS = frozenset({"procurement_amount", "fee_amount"})

APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")
APPLICANT_COLUMNS = APPLICANTS[:-1]

_DENIED = (
    "denied_state_secret", "denied_law_prohibited", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_files", "denied_query_items",
)
_UNAVAILABLE = ("unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear")
_REJECTED = (
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_mass_repeated",
    "rejected_confirmation",
)
OTHER_ROWS = {"2019": ("other",), "2021": ("other_no_correction", "other_unpaid_fee", "other_misc")}
# Section 三 outcome rows (the ones rule 2 sums), per format.
OUTCOME_ROWS = {
    fmt: ("granted", "partially_granted", *_DENIED, *_UNAVAILABLE, *_REJECTED, *others)
    for fmt, others in OTHER_ROWS.items()
}
APPLICATION_ROWS = {
    fmt: ("new_received", "carried_over", *outcomes, "total", "carried_forward")
    for fmt, outcomes in OUTCOME_ROWS.items()
}

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")

TABLES = ("active_disclosure", "applications", "review_litigation")
META = ("title", "publisher", "year", "publish_date", "format")


@dataclass
class Section:
    """One occurrence of a numbered section (一–六) as printed."""

    number: int
    title: str
    text: str
    occurrence: int = 1


@dataclass
class Note:
    """Something the parser noticed and wants a reader of the record to know."""

    code: str
    message: str
    table: str | None = None  # the table it concerns, when it concerns one


@dataclass
class Check:
    """The outcome of one 勾稽 rule on one cell: status is passed, failed or not assessable."""

    rule: str
    cell: str
    expected: Number
    found: Number
    status: str


@dataclass
class Record:
    source: str
    title: str | None = None
    publisher: str | None = None
    year: int | None = None
    publish_date: str | None = None
    format: str | None = None
    active_disclosure: Table = field(default_factory=dict)
    applications: Table = field(default_factory=dict)
    review_litigation: Table = field(default_factory=dict)
    duplicate_sections: list[int] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)  # {"verdict": …, "reasons": […]}, see etl.extract.quality
    # A legacy report's own statistics table: [{"label", "unit", "value"}], never national cells.
    legacy_statistics: list[dict[str, Any]] = field(default_factory=list)

    def note(self, code: str, message: str, table: str | None = None) -> None:
        self.notes.append(Note(code, message, table))

    def cells(self):
        """Every table cell as ((table, row, column), value), in record order."""
        for table in TABLES:
            for row, cols in getattr(self, table).items():
                for col, value in cols.items():
                    yield (table, row, col), value

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if c.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["sections"] = [Section(**s) for s in known.get("sections", [])]
        known["notes"] = [Note(**n) for n in known.get("notes", [])]
        known["checks"] = [Check(**c) for c in known.get("checks", [])]
        if known.get("format") is not None:
            known["format"] = str(known["format"])
        return cls(**known)
