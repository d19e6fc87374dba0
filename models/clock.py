"""The one clock of stored times: naive UTC, which SQLite and PostgreSQL DateTime columns both hold as is."""
from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def naive_utc(moment: datetime | None) -> datetime:
    """`moment` as naive UTC (now when None), whatever zone it carried."""
    if moment is None:
        return utcnow()
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
