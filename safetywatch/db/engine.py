"""Engine factory: the PRAGMAs every connection gets, and explicit transactions.

pysqlite delays BEGIN until the first write, so a transaction that reads then writes can fail with
SQLITE_BUSY at once, ignoring ``busy_timeout``. We turn the driver's own transaction handling off and
emit BEGIN ourselves: ``BEGIN IMMEDIATE`` for every write (SQLAlchemy's documented recipe, extended).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr

BUSY_TIMEOUT_MS = 5000

#: Applied to every new DBAPI connection (architecture.md §10, reliability.md R3).
CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA trusted_schema=OFF",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-64000",
)


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI opening *path* read-only. ``Path.as_uri`` percent-encodes spaces, ``#``, ``?`` and
    ``%`` (which would otherwise end or garble the path) and writes Windows drives as ``file:///C:/``."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def make_engine(path: Path | str, *, read_only: bool = False) -> Engine:
    """An engine on the SQLite file at *path*; nothing is opened until first use."""
    path = Path(path)
    # URL.create passes the file name through untouched; a "sqlite:///..." string would be parsed, and a
    # '?' or '#' in a folder name would silently open a different file.
    if read_only:
        url = URL.create("sqlite", database=read_only_uri(path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        for pragma in CONNECTION_PRAGMAS:
            if read_only and pragma.startswith("PRAGMA journal_mode"):
                continue
            cursor.execute(pragma)
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sw_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction (``BEGIN IMMEDIATE``): committed on success, rolled back on any error."""
    with storage_errors(), engine.connect() as conn:
        conn.execution_options(sw_begin="IMMEDIATE")
        with conn.begin():
            yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads; its implicit transaction gives one consistent snapshot."""
    with storage_errors(), engine.connect() as conn:
        yield conn


#: The kind of StorageError of each primary result code (domain.errors.StorageError.kind).
_KINDS = {5: "busy", 6: "locked", 8: "readonly", 10: "ioerr", 11: "corrupt", 13: "full", 14: "cantopen", 26: "notadb"}

#: SQLite primary result codes that are the environment's fault, with what the user should do.
_KNOWN_CODES = {
    5: "The database is busy (another program is writing). Nothing was saved; try again in a moment.",
    6: "The database is locked by another program. Nothing was saved; try again in a moment.",
    8: "The database is read-only. Nothing was saved; check the file's permissions or the disk.",
    10: "The disk could not be read or written. Nothing was saved; check the disk and try again.",
    11: "The database file is damaged. Nothing was saved; restore it from a backup.",
    13: "The disk is full. Nothing was saved; free some space and try again.",
    14: "The database file could not be opened. Check that the folder exists and may be written.",
    26: "This file is not a SafetyWatch database (or it is damaged).",
}


def known_storage_message(exc: BaseException) -> str | None:
    """The user-facing message for an environmental SQLite error, or ``None`` if it is a bug."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is None:
        return None
    text = _KNOWN_CODES.get(code & 0xFF)
    return tr(text) if text is not None else None


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn environmental SQLite failures (busy, full, read-only, damaged) into :class:`StorageError`."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        message = known_storage_message(exc)
        if message is None:
            raise
        raise StorageError(message, kind=storage_kind(exc)) from exc


def storage_kind(exc: BaseException) -> str:
    """busy, locked, readonly, ioerr, corrupt, full, cantopen, notadb, or other."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return "other" if code is None else _KINDS.get(code & 0xFF, "other")
