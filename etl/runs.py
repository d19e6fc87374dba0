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

Scans, image pages and legacy .doc/.wps files are first parsed without OCR or conversion; those that
need a tool are parsed again with it (`tools` allowing), in the same pool, with their own time bound
(`tool_timeout`: OCR is slow). A document whose tool is switched off or not installed waits with the
status needs_ocr / needs_conversion; a "stale" run picks it up again once its tool can run.
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
from etl.extract.readers import NeedsTool, Tools, docx, html, pdf, text  # noqa: F401
from etl.extract.readers.tools import ocr_missing, soffice_path
from etl.extract.record import Record
from etl.interrupts import Interrupted, finishing, ignore_interrupts
from etl.load import LoadOutcome, load_document
from etl.store import document_source
from models import Document, DocumentUrl, EtlRun, EtlRunError
from models.clock import utcnow
from models.retry import is_transient, retrying
from models.statuses import DocumentStatus, Outcome
from models.tables import EtlCounts

MODES = ("stale", "failed", "all")
TOOLS_OFF = Tools.none()
BATCH = 32
TIMEOUT = 60.0  # seconds one document may take to parse
TOOL_TIMEOUT = 900.0  # seconds one document may take when it is read by OCR or converted


class RunSummary(EtlCounts):
    """A run's counts as it goes (the EtlRun row gets them at the end), and its failed documents."""

    run_id: int
    total: int = 0  # documents the run set out to parse
    errors: list[tuple[int, str]] = Field(default_factory=list)
    not_report_reasons: list[tuple[int, str]] = Field(default_factory=list)
    needs_ocr: int = 0  # documents left waiting (not stored on the EtlRun row)
    needs_conversion: int = 0

    def add(self, outcome: LoadOutcome) -> None:
        self.documents += 1
        if outcome.status not in (Outcome.FAILED, Outcome.NOT_REPORT, *DocumentStatus.waiting()):
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


def usable_waiting(tools: Tools) -> list[DocumentStatus]:
    """The waiting statuses whose tool `tools` allows and this machine has: their documents can be read now."""
    usable = {DocumentStatus.NEEDS_OCR: tools.ocr and ocr_missing() is None,
              DocumentStatus.NEEDS_CONVERSION: tools.convert and soffice_path() is not None}
    return [status for status, ok in usable.items() if ok]


def select_documents(session: Session, mode: str = "stale", waiting: Iterable[str] = ()) -> list[int]:
    """Ids of the documents a run in `mode` works on, in storage order; a "stale" run also takes the
    documents waiting with a status in `waiting` (see usable_waiting)."""
    # An image fetched from a page is read with its page (etl.extract.readers), not as a document of its own.
    query = select(Document.id).where(~(Document.parent_id.is_not(None) & Document.content_type.like("image/%")))
    query = query.order_by(Document.id)
    if mode == "stale":
        query = query.where(or_(Document.parser_version.is_(None), Document.parser_version != etl.PARSER_VERSION,
                                Document.status.in_(list(waiting))))
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


@retrying
def _resources(engine: Engine, document_id: int) -> dict[str, bytes]:
    """The stored files fetched from a page (its images, attachments), by every URL they were found at."""
    with Session(engine) as session:
        files: dict[str, bytes] = {}
        for child in session.exec(select(Document).where(Document.parent_id == document_id)).all():
            urls = session.exec(select(DocumentUrl.url).where(DocumentUrl.document_id == child.id)).all()
            for url in [child.url, child.final_url, *urls]:
                if url:
                    files[url] = child.data
        return files


def _result(future: Future, timeout: float, what: str = "parse") -> Record | Exception:
    """A worker's parse result; a timeout, a dead worker or an unpicklable result as a ParseError."""
    try:
        return future.result()
    except TimeoutError:
        return ParseError(f"{what} timed out after {timeout:g} s")
    except ProcessExpired as exc:
        return ParseError(f"the parser process died: {exc}")
    except Exception as exc:  # the result could not come back from the worker: recorded, the run goes on
        return ParseError(describe_error(exc))


def _parsed(engine: Engine, ids: list[int], workers: int, timeout: float, context: BaseContext | None,
            tools: Tools = TOOLS_OFF, tool_timeout: float = TOOL_TIMEOUT) -> Iterator[tuple[int, Record | Exception]]:
    """(document id, parse result) in id order. Parsing runs ahead of the writes in a bounded window
    (two batches), so workers never wait for the database and memory stays flat; a task's timeout counts
    from when a worker starts it. A document that needs OCR or conversion is parsed again with the tool
    (when `tools` allows it) within `tool_timeout`."""
    if not ids:
        return
    jobs = (job for i in range(0, len(ids), BATCH) for job in _jobs(engine, ids[i:i + BATCH]))
    pool = ProcessPool(max_workers=max(1, workers), initializer=ignore_interrupts,
                       context=context or multiprocessing)
    allowed = {DocumentStatus.NEEDS_OCR: tools.ocr, DocumentStatus.NEEDS_CONVERSION: tools.convert}

    def result(job: tuple, future: Future) -> Record | Exception:
        parsed = _result(future, timeout)
        if isinstance(parsed, NeedsTool) and allowed.get(parsed.status):
            what = "OCR" if parsed.status == DocumentStatus.NEEDS_OCR else "conversion"
            again = pool.schedule(parse_bytes, args=(*job[1:], tools, _resources(engine, job[0])),
                                  timeout=tool_timeout)
            parsed = _result(again, tool_timeout, what)
        return parsed

    try:
        window: deque = deque()
        for job in jobs:
            window.append((job, pool.schedule(parse_bytes, args=(*job[1:], TOOLS_OFF), timeout=timeout)))
            if len(window) >= 2 * BATCH:
                job, future = window.popleft()
                yield job[0], result(job, future)
        while window:
            job, future = window.popleft()
            yield job[0], result(job, future)
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
            on_start: Callable[[int], None] | None = None, context: BaseContext | None = None,
            tools: Tools | None = None, tool_timeout: float = TOOL_TIMEOUT) -> RunSummary:
    """Parse and load the documents `mode` selects (only those in `document_ids` when given), each parse
    given `timeout` seconds, and `tool_timeout` when it is read by OCR or converted (`tools`: which of
    the two may run; both by default).

    `on_start(total)` is called once the documents are chosen, `progress(outcome)` after each one.
    `context`: how worker processes start (multiprocessing's default, fork on Linux, unless given: a
    process with other threads running, like a crawl, must not fork).
    """
    for name, value in (("parse", timeout), ("OCR/conversion", tool_timeout)):
        if value <= 0:
            raise ValueError(f"the {name} timeout must be positive, not {value}")
    tools = tools or Tools()
    with Session(engine) as session:
        ids = select_documents(session, mode, usable_waiting(tools))
    if document_ids is not None:
        wanted = set(document_ids)
        ids = [i for i in ids if i in wanted]
    summary = RunSummary(run_id=_start(engine, mode), total=len(ids))
    if on_start:
        on_start(len(ids))
    try:
        with closing(_parsed(engine, ids, workers, timeout, context, tools, tool_timeout)
                     ) as results:  # an abandoned run stops its workers
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
