"""The database retry policy: a transient error (dropped connection, terminated backend, locked SQLite
file) rolls the transaction back and runs it again with backoff. It sleeps, so the crawl calls it off the
reactor thread only."""
from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_exponential


def is_transient(exc: BaseException) -> bool:
    """A database error that a fresh connection and a retried transaction can get past."""
    return isinstance(exc, OperationalError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


retrying = retry(retry=retry_if_exception(is_transient), stop=stop_after_attempt(10),
                 wait=wait_exponential(multiplier=0.1, max=3), reraise=True)
