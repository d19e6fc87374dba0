"""ETL runs: re-parse stored documents offline and load them, one transaction per document.

    summary = run_etl(engine, mode="stale", workers=2, progress=callback)

Modes: "stale" (the default: never parsed, or parsed by another etl.PARSER_VERSION), "failed" (documents
whose last parse failed), "all". Parsing runs in worker processes (`workers` of them, one at least), each
document with `timeout` seconds: a parse that hangs or takes longer is stopped (its worker is killed and
replaced) and the document recorded as failed, "parse timed out after N s"; a worker that dies (killed
for memory, a crash in C code) fails only its document. Every database write happens here, in the
calling process. A transient database error (dropped connection, terminated backend, locked SQLite
file) rolls the document's transaction back and retries it (tenacity), so a run completes with nothing
lost or doubled; any other error is recorded against its document and the run goes on. Each run is
an EtlRun row with its counts and status (running, finished, interrupted), and an EtlRunError row
per failed document. A stop signal (etl.interrupts) lets the document being written finish, then
records the run as interrupted and re-raises: `etl --stale` later parses what the run did not reach.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import closing
from multiprocessing.context import BaseContext

from pebble import ProcessExpired, ProcessPool
from sqlalchemy import Engine, or_
from sqlmodel import Field, Session, select

import etl
from etl.extract.attempt import ParseError, describe_error, parse_bytes

# The readers read_document imports on first use, imported before the workers fork: a worker's timeout
# then counts parsing only, also in a crawl, which starts a pool per batch.
from etl.extract.readers import docx, html, pdf, text  # noqa: F401
from etl.extract.record import Record
from etl.interrupts import Interrupted, finishing, ignore_interrupts
from etl.load import LoadOutcome, load_document
from etl.store import document_source
from models import Document, EtlRun, EtlRunError
from models.clock import utcnow
from models.retry import is_transient, retrying
from models.statuses import Outcome
from models.tables import EtlCounts

MODES = ("stale", "failed", "all")
BATCH = 32
TIMEOUT = 60.0  # seconds one document may take to parse


class RunSummary(EtlCounts):
    """A run's counts as it goes (the EtlRun row gets them at the end), and its failed documents."""

    run_id: int
    total: int = 0  # documents the run set out to parse
    errors: list[tuple[int, str]] = Field(default_factory=list)
    not_report_reasons: list[tuple[int, str]] = Field(default_factory=list)

    def add(self, outcome: LoadOutcome) -> None:
        self.documents += 1
        if outcome.status not in (Outcome.FAILED, Outcome.NOT_REPORT):
            self.parsed += 1
        key = Outcome(outcome.status).etl_count
        setattr(self, key, getattr(self, key) + 1)
        if outcome.failed_checks:
            self.checks_failed += 1
        if outcome.status == Outcome.FAILED:
            self.errors.append((outcome.document_id, outcome.error or ""))
        elif outcome.status == "not_report":
            self.not_report_reasons.append((outcome.document_id, outcome.error or ""))

    def counts(self) -> dict[str, int]:
        return self.model_dump(include=set(EtlCounts.model_fields))


def select_documents(session: Session, mode: str = "stale") -> list[int]:
    """Ids of the documents a run in `mode` works on, in storage order."""
    query = select(Document.id).order_by(Document.id)
    if mode == "stale":
        query = query.where(or_(Document.parser_version.is_(None), Document.parser_version != etl.PARSER_VERSION))
    elif mode == "failed":
        query = query.where(Document.status == "failed")
    elif mode != "all":
        raise ValueError(f"unknown ETL mode {mode!r}; expected one of {', '.join(MODES)}")
    return list(session.exec(query).all())


@retrying
def _jobs(engine: Engine, ids: list[int]) -> list[tuple[int, bytes, str, str | None]]:
    with Session(engine) as session:
        docs = session.exec(select(Document).where(Document.id.in_(ids)).order_by(Document.id)).all()
        return [(d.id, d.data, document_source(d), d.content_type) for d in docs]


def _result(future: Future, timeout: float) -> Record | Exception:
    """A worker's parse result; a timeout, a dead worker or an unpicklable result as a ParseError."""
    try:
        return future.result()
    except TimeoutError:
        return ParseError(f"parse timed out after {timeout:g} s")
    except ProcessExpired as exc:
        return ParseError(f"the parser process died: {exc}")
    except Exception as exc:  # the result could not come back from the worker: recorded, the run goes on
        return ParseError(describe_error(exc))


def _parsed(engine: Engine, ids: list[int], workers: int, timeout: float, context: BaseContext | None
            ) -> Iterator[tuple[int, Record | Exception]]:
    """(document id, parse result) in id order. Parsing runs ahead of the writes in a bounded window
    (two batches), so workers never wait for the database and memory stays flat; a task's timeout counts
    from when a worker starts it."""
    if not ids:
        return
    jobs = (job for i in range(0, len(ids), BATCH) for job in _jobs(engine, ids[i:i + BATCH]))
    pool = ProcessPool(max_workers=max(1, workers), initializer=ignore_interrupts,
                       context=context or multiprocessing)
    try:
        window: deque = deque()
        for job in jobs:
            window.append((job[0], pool.schedule(parse_bytes, args=job[1:], timeout=timeout)))
            if len(window) >= 2 * BATCH:
                document_id, future = window.popleft()
                yield document_id, _result(future, timeout)
        while window:
            document_id, future = window.popleft()
            yield document_id, _result(future, timeout)
    finally:  # every result is in (or the run is abandoned): no worker is waited for
        pool.stop()
        pool.join()


@retrying
def _write(engine: Engine, run_id: int, document_id: int, parsed: Record | Exception) -> LoadOutcome:
    """Load one parse result in its own transaction; a failure is also logged against the run."""
    with Session(engine) as session:
        outcome = load_document(session, session.get(Document, document_id), parsed)
        if outcome.status == "failed":
            session.add(EtlRunError(run_id=run_id, document_id=document_id, error=outcome.error))
        session.commit()
        return outcome


@retrying
def _start(engine: Engine, mode: str) -> int:
    with Session(engine) as session:
        run = EtlRun(started_at=utcnow(), parser_version=etl.PARSER_VERSION, mode=mode)
        session.add(run)
        session.commit()
        return run.id


@retrying
def _finish(engine: Engine, summary: RunSummary, status: str = "finished") -> None:
    with Session(engine) as session:
        run = session.get(EtlRun, summary.run_id)
        for key, value in summary.counts().items():
            setattr(run, key, value)
        run.finished_at, run.status = utcnow(), status
        session.add(run)
        session.commit()


def run_etl(engine: Engine, mode: str = "stale", *, workers: int = 1, timeout: float = TIMEOUT,
            document_ids: Iterable[int] | None = None, progress: Callable[[LoadOutcome], None] | None = None,
            on_start: Callable[[int], None] | None = None, context: BaseContext | None = None) -> RunSummary:
    """Parse and load the documents `mode` selects (only those in `document_ids` when given), each parse
    given `timeout` seconds.

    `on_start(total)` is called once the documents are chosen, `progress(outcome)` after each one.
    `context`: how worker processes start (multiprocessing's default, fork on Linux, unless given: a
    process with other threads running, like a crawl, must not fork).
    """
    if timeout <= 0:
        raise ValueError(f"the parse timeout must be positive, not {timeout}")
    with Session(engine) as session:
        ids = select_documents(session, mode)
    if document_ids is not None:
        wanted = set(document_ids)
        ids = [i for i in ids if i in wanted]
    summary = RunSummary(run_id=_start(engine, mode), total=len(ids))
    if on_start:
        on_start(len(ids))
    try:
        with closing(_parsed(engine, ids, workers, timeout, context)) as results:  # an abandoned run stops its workers
            for document_id, parsed in results:
                with finishing():
                    outcome = _load(engine, summary.run_id, document_id, parsed)
                    summary.add(outcome)
                if progress:
                    progress(outcome)
    except (Interrupted, KeyboardInterrupt) as exc:
        _finish(engine, summary, "interrupted")
        exc.summary = summary  # what the run did before it stopped, for the message
        raise
    _finish(engine, summary)
    return summary


def _load(engine: Engine, run_id: int, document_id: int, parsed: Record | Exception) -> LoadOutcome:
    try:
        return _write(engine, run_id, document_id, parsed)
    except Exception as exc:
        if is_transient(exc):
            raise
        return _write(engine, run_id, document_id, exc)  # a database error retrying cannot cure
