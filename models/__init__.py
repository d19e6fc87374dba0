"""SQLModel tables, engine from URL, alembic migrations (see models.db and models.tables)."""
from models.tables import (
    ActiveDisclosureFact,
    ApplicationFact,
    CheckResult,
    CheckRule,
    CrawlRun,
    CrawlRunError,
    DataDictionaryEntry,
    Document,
    DocumentUrl,
    EtlRun,
    EtlRunError,
    Note,
    Portal,
    Report,
    ReportBand,
    ReportSource,
    ReviewLitigationFact,
    Section,
)

__all__ = [
    "ActiveDisclosureFact", "ApplicationFact", "CheckResult", "CheckRule", "CrawlRun", "CrawlRunError",
    "DataDictionaryEntry", "Document", "DocumentUrl", "EtlRun", "EtlRunError", "Note", "Portal", "Report",
    "ReportBand", "ReportSource", "ReviewLitigationFact", "Section",
]
