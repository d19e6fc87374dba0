"""Engines from a URL or a path, and the schema brought up to date with alembic.

    engine = get_engine()          # --db value, else $NIANBAO_DATABASE_URL, else data/nianbao.sqlite
    init_db(engine)                # alembic upgrade head (creates every table on an empty database)
    with Session(engine) as session: ...

    engine = open_database(value, write=False)   # the commands: checked, read-only, never migrated
    engine = open_database(value, write=True)    # checked, created where allowed, migrated

A value with "://" is a URL: SQLite or PostgreSQL (`postgres://` and `postgresql://` mean the
project's driver, postgresql+psycopg://user@host:5432/db). Any other value is a SQLite file path and
must end in .sqlite or .db, so a mistyped option never becomes a database. A SQLite file is created
only in a folder that exists (data/ itself is made for the default path). Every problem is a
DatabaseError whose message is one line naming the database (password masked) and the reason.
"""
from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

DEFAULT_SQLITE_PATH = Path("data") / "nianbao.sqlite"
ENV_URL = "NIANBAO_DATABASE_URL"
ALEMBIC_INI = Path(__file__).with_name("alembic.ini")
SQLITE_SUFFIXES = (".sqlite", ".db")
POSTGRES_DRIVER = "postgresql+psycopg"
FIRST_STEP = "run `nianbao db upgrade` or `nianbao import` first"


class DatabaseError(Exception):
    """A database nianbao cannot use, in one line: which database and why."""


def database_url(url_or_path: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL for an argument, the environment or the default SQLite file."""
    value = str(url_or_path) if url_or_path else os.environ.get(ENV_URL) or str(DEFAULT_SQLITE_PATH)
    if "://" not in value:
        if not value.endswith(SQLITE_SUFFIXES):
            raise DatabaseError(f"database {value!r} is neither a URL (sqlite:///…, postgresql://…) nor a "
                                f"SQLite file path ending in {' or '.join(SQLITE_SUFFIXES)}")
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {_masked(value)} is not a URL: {exc}") from exc
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername=POSTGRES_DRIVER)
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"database URL {display(url)}: nianbao stores in SQLite or PostgreSQL, "
                            f"not {url.get_backend_name()}")
    return url.render_as_string(hide_password=False)


def _masked(value: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", value)


def display(url: str | URL) -> str:
    """How messages name a database: a SQLite file by its path, anything else by its URL, password masked."""
    url = make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def get_engine(url: str | os.PathLike | None = None, *, read_only: bool = False, **kwargs) -> Engine:
    """An engine for `url` (see database_url); extra keyword arguments go to create_engine.

    read_only: SQLite opened with mode=ro (immutable when the file or its folder cannot be written and
    no write-ahead log is left, as SQLite cannot otherwise open a WAL file there), PostgreSQL sessions
    in read-only transactions.
    """
    full = database_url(url)
    try:
        if full.startswith("sqlite"):
            path = sqlite_file(full)
            if read_only and path is not None:
                kwargs["creator"] = _read_only_connect(path)
                full = "sqlite://"
            engine = create_engine(full, **kwargs)
            event.listen(engine, "connect", _sqlite_pragmas if not read_only else _sqlite_foreign_keys)
            event.listen(engine, "begin", _begin)
            return engine
        kwargs.setdefault("pool_pre_ping", True)
        if read_only:
            kwargs.setdefault("connect_args", {})["options"] = "-c default_transaction_read_only=on"
        return create_engine(full, **kwargs)
    except (ImportError, SQLAlchemyError) as exc:  # a missing driver, a malformed URL
        raise DatabaseError(f"cannot open database {display(full)}: {reason(exc)}") from exc


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _read_only_connect(path: Path):
    # immutable would not see what a write-ahead log left behind holds, so only without one
    wal = path.with_name(path.name + "-wal")
    unfinished = wal.exists() and wal.stat().st_size > 0
    immutable = "&immutable=1" if not (_writable(path) and _writable(path.parent)) and not unfinished else ""
    uri = f"file:{quote(str(path))}?mode=ro{immutable}"
    return lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (stats, show) run beside an ETL run; foreign keys are off by default in SQLite.
    # The driver's own transaction handling breaks SAVEPOINT, so SQLAlchemy emits BEGIN itself (_begin).
    _sqlite_foreign_keys(dbapi_connection, _record)
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


def _begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def reason(exc: BaseException) -> str:
    """The underlying reason of a database error on one line (the driver's message, not SQLAlchemy's wrapping)."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        text = str(exc.orig)
    elif isinstance(exc, ImportError):
        text = f"its driver is not installed ({exc})"
    else:
        text = str(exc)
    text = re.sub(r"\(Background on this error at: [^)]*\)", "", text)
    return " ".join(text.split()) or type(exc).__name__


def alembic_config(engine: Engine) -> Config:
    """alembic.ini (its script_location is relative to itself) with the engine migrations run on."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["engine"] = engine
    return config


def include_name(name: str | None, type_: str, _parent_names: dict) -> bool:
    """What alembic compares with the models: not the SQLite full-text index (a virtual table and its
    shadow tables, made by migration 0007 outside the models)."""
    return not (type_ == "table" and name is not None and name.startswith("sections_fts"))


def init_db(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    command.upgrade(alembic_config(engine), "head")


def head_revision(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def schema_revision(engine: Engine, name: str) -> tuple[str | None, list[str]]:
    """(alembic revision, table names) of the database; a connection problem becomes a DatabaseError."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision(), inspect(connection).get_table_names()
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot open database {name}: {reason(exc)}") from exc


def check_schema(engine: Engine, name: str) -> None:
    """Refuse a database that is empty, not nianbao's, or at another schema version than this code's."""
    revision, tables = schema_revision(engine, name)
    if revision is None:
        if not tables:
            raise DatabaseError(f"no nianbao database at {name} — {FIRST_STEP}")
        raise DatabaseError(f"{name} is not a nianbao database (it has tables {', '.join(sorted(tables)[:5])} "
                            f"but no alembic_version)")
    head = head_revision(engine)
    if revision == head:
        return
    try:
        ScriptDirectory.from_config(alembic_config(engine)).get_revision(revision)
    except CommandError as exc:
        raise DatabaseError(f"database {name} has schema {revision}, unknown to this nianbao (newest {head}): "
                            f"it was made by a newer nianbao; upgrade nianbao") from exc
    raise DatabaseError(f"database {name} has schema {revision}, older than this nianbao's {head} — "
                        f"run `nianbao db upgrade`")


def upgrade_db(engine: Engine, name: str) -> str:
    """Create or migrate the schema; say which (created, migrated from … to …, or already current)."""
    revision, tables = schema_revision(engine, name)
    if revision is None and tables:
        raise DatabaseError(f"{name} is not a nianbao database (it has tables {', '.join(sorted(tables)[:5])} "
                            f"but no alembic_version); nianbao will not add its tables to it")
    head = head_revision(engine)
    if revision == head:
        return f"database {name}: schema is current ({head})"
    try:
        init_db(engine)
    except CommandError as exc:
        raise DatabaseError(f"database {name} has schema {revision}, unknown to this nianbao (newest {head}): "
                            f"it was made by a newer nianbao; upgrade nianbao") from exc
    if revision is None:
        return f"database {name}: created the schema ({head})"
    return f"database {name}: migrated the schema from {revision} to {head}"


def open_database(value: str | os.PathLike | None, *, write: bool, create: bool = True,
                  upgrade: bool = True) -> Engine:
    """The engine a command works on, checked before any work starts.

    Reading (write=False): the database must exist and be a nianbao database at this code's schema; it
    is opened read-only and never migrated. Writing: a SQLite file is created only in a folder that
    exists (create=False: never created), a nianbao database is migrated (upgrade=False: left to the
    caller's upgrade_db), anyone else's refused.
    """
    full = database_url(value)
    name = display(full)
    path = sqlite_file(full)
    if path is not None:
        default = not value and not os.environ.get(ENV_URL)
        if path.is_dir():
            raise DatabaseError(f"{name} is a folder, not a SQLite database file")
        if not path.exists():
            if not write or not create:
                raise DatabaseError(f"no nianbao database at {name} — {FIRST_STEP}")
            if default:
                path.parent.mkdir(parents=True, exist_ok=True)
            elif not path.parent.is_dir():
                raise DatabaseError(f"cannot create SQLite database {name}: folder {path.parent} does not exist")
        elif write and not _writable(path):
            raise DatabaseError(f"cannot write SQLite database {name}: the file is read-only")
    engine = get_engine(full, read_only=not write)
    try:
        if not write:
            check_schema(engine, name)
        elif not create and schema_revision(engine, name) == (None, []):
            raise DatabaseError(f"no nianbao database at {name} — {FIRST_STEP}")
        elif upgrade:
            upgrade_db(engine, name)
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"database {name}: {reason(exc)}") from exc
    return engine
