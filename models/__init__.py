"""SQLModel tables, engine from URL, alembic migrations (see models.db and models.tables)."""
from models.tables import (
    ActiveDisclosureFact,
    ApplicationFact,
    CheckResult,
    CrawlRun,
    CrawlRunError,
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
    "ActiveDisclosureFact", "ApplicationFact", "CheckResult", "CrawlRun", "CrawlRunError", "Document", "DocumentUrl",
    "EtlRun", "EtlRunError", "Note", "Portal", "Report", "ReportBand", "ReportSource", "ReviewLitigationFact", "Section",
]
