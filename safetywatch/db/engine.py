"""Engine factory: the PRAGMAs every connection gets, and explicit transactions.

pysqlite delays BEGIN until the first write, so a transaction that reads then writes can fail with
SQLITE_BUSY at once, ignoring ``busy_timeout``. We turn the driver's own transaction handling off and
emit BEGIN ourselves: ``BEGIN IMMEDIATE`` for every write (SQLAlchemy's documented recipe, extended).

Reading only (``verify``, ``report``, ``export``, the checks before opening) uses SQLite's ``mode=ro``,
and ``immutable=1`` for a database nobody can be writing (read-only media, a folder this user cannot
write): see :func:`read_only_uri`.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from safetywatch.db.dialect import WRITE_LOCK_KEY, is_postgres, is_server_url, server_statement, server_url
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
    ``%`` (which would otherwise end or garble the path) and writes Windows drives as ``file:///C:/``.

    A database in WAL mode (ours) can only be read with a ``-shm`` file beside it, which SQLite creates on
    the first read. Where no file can be created (read-only media, a folder this user may not write) and
    none is there, SQLite answers "unable to open database file" for a healthy file; ``immutable=1`` reads
    it without the ``-shm`` and without locks (:func:`unchanging`).
    """
    resolved = Path(path).resolve()  # SQLite names the -wal and -shm after the real file, links followed
    uri = f"{resolved.as_uri()}?mode=ro"
    return uri + "&immutable=1" if unchanging(resolved) else uri


def companion(path: Path, suffix: str) -> Path:
    """A file SQLite keeps beside a database: ``-wal``, ``-shm`` or ``-journal``."""
    return Path(f"{path}{suffix}")


def folder_accepts_files(folder: Path) -> bool:
    """Whether this process can create a file in *folder*: tried, because permission bits do not tell
    (read-only media, ACLs, Windows folders); an unnamed temporary where the OS has them, gone at once."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def unchanging(path: Path) -> bool:
    """Whether *path* is read with ``immutable=1``: it is in a folder this process cannot create files in,
    and no ``-wal``, ``-shm`` or ``-journal`` (beyond an empty ``-wal``) is beside it.

    ``immutable`` tells SQLite that nobody changes the file while it is open: it takes no locks and ignores
    any ``-wal``. That is only safe when nobody can be writing it, which is what the conditions say:
    every writer (SafetyWatch writes in WAL mode) keeps a ``-wal`` and a ``-shm`` beside the file while it
    has it open, so there is no writer now and no committed change left outside the main file; on
    read-only media nobody can write at all. A folder that only another account may write is the one
    case where a writer could start while we read: :func:`read_connection` compares the file before and
    after each read and refuses a read that overlapped a change.
    """
    if companion(path, "-shm").exists() or companion(path, "-journal").exists():
        return False  # a writer is (or was) at work: mode=ro reads through its -shm and sees its -wal
    wal = companion(path, "-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return False  # committed changes are in the -wal: immutable would not see them
    except OSError:
        return False
    return path.is_file() and not folder_accepts_files(path.parent)


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """What changes when anyone writes *path*: size, modification time, inode (None: it is gone)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


#: Engines reading an ``immutable`` file: the file's state when the engine was made (see :func:`unchanging`).
_UNCHANGING: weakref.WeakKeyDictionary[Engine, tuple[Path, tuple[int, int, int] | None]] = weakref.WeakKeyDictionary()


def make_engine(path: Path | str, *, read_only: bool = False) -> Engine:
    """An engine on the SQLite file at *path*, or on the PostgreSQL database a ``postgresql://`` address names
    (:func:`server_engine`); nothing is opened until first use."""
    if is_server_url(path):
        return server_engine(str(path), read_only=read_only)
    path = Path(path)
    # URL.create passes the file name through untouched; a "sqlite:///..." string would be parsed, and a
    # '?' or '#' in a folder name would silently open a different file.
    if read_only:
        url = URL.create("sqlite", database=read_only_uri(path), query={"uri": "true"})
    else:
        url = URL.create("sqlite", database=str(path))
    engine = create_engine(url)
    if read_only and "immutable=1" in str(url.database):
        _UNCHANGING[engine] = (path, _file_state(path))

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


#: Seconds to wait for a server that does not answer before saying so (a LAN server is there or it is not).
CONNECT_TIMEOUT_S = 5


def server_engine(address: str, *, read_only: bool = False) -> Engine:
    """An engine on a PostgreSQL database through psycopg 3.

    Every connection reads ``numeric`` as ``float`` (what SQLite gives for the same expression, so a rate
    computed in SQL is the same number on both engines) and, when *read_only*, refuses writes for its whole
    session (the auditor's ledger, reports; the server's own read-only role is the second fence).
    """
    engine = create_engine(server_url(address), pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _driver_sql(_conn: Any, _cursor: Any, statement: str, parameters: Any, context: Any, _many: bool) -> Any:
        # exec_driver_sql() statements (no compiled construct) are written with SQLite's ``?``: give them to
        # psycopg in its own style. Compiled ones (text(), Core) are already in it.
        if context is not None and context.compiled is None and parameters is not None:
            statement = server_statement(statement)
        return statement, parameters

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        from psycopg.types.numeric import FloatLoader  # the driver is imported only for a server database

        dbapi_connection.adapters.register_loader("numeric", FloatLoader)
        if read_only:
            dbapi_connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed on success, rolled back on any error.

    One writer at a time, because each appends to the one audit chain: ``BEGIN IMMEDIATE`` on SQLite, a
    transaction-scoped advisory lock on PostgreSQL (released by the commit or rollback; without it concurrent
    writers read the same chain head and fork the chain).
    """
    with storage_errors(), engine.connect() as conn:
        if is_postgres(engine):
            with conn.begin():
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
                yield conn
            return
        conn.execution_options(sw_begin="IMMEDIATE")
        with conn.begin():
            yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads; its implicit transaction gives one consistent snapshot (on PostgreSQL:
    REPEATABLE READ, so a report never mixes two moments; on an ``immutable`` file: checked afterwards to be
    one, see :func:`unchanging`)."""
    with storage_errors(), engine.connect() as conn:
        if is_postgres(engine):
            conn.execution_options(isolation_level="REPEATABLE READ")
        yield conn
    unchanging_file = _UNCHANGING.get(engine)
    if unchanging_file is not None:
        path, state = unchanging_file
        if _file_state(path) != state or companion(path, "-wal").exists():
            message = tr(
                "{path} was changed by another program while it was being read (it is in a folder you cannot "
                "write, so it was read without locks). Nothing was written; try again."
            )
            raise StorageError(message.format(path=path), kind="changed")


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


#: PostgreSQL conditions (SQLSTATE, by class or in full) that are the environment's fault: kind and message.
_SERVER_STATES = {
    "08": (
        "unreachable",
        "The database server cannot be reached. Nothing was saved; check the network and that "
        "the server is running, then try again.",
    ),
    "57P": (
        "unreachable",
        "The database server is shutting down or restarting. Nothing was saved; try again in a moment.",
    ),
    "53100": ("full", "The database server's disk is full. Nothing was saved; ask the administrator to free space."),
    "53": ("busy", "The database server is out of resources. Nothing was saved; try again in a moment."),
    "25006": ("readonly", "This connection may only read. Nothing was saved."),
    "28": ("denied", "The database server refused the log-in (user name or password). Check the connection settings."),
    "42501": (
        "denied",
        "The database server refused this action for this user. Nothing was saved; ask the "
        "administrator about the database roles.",
    ),
    "3D000": ("cantopen", "The database named in the address does not exist on the server."),
    "40": (
        "busy",
        "The database server could not complete the transaction because of a concurrent one. Nothing "
        "was saved; try again.",
    ),
    "55P03": ("locked", "The database is locked by another user. Nothing was saved; try again in a moment."),
}


def _server_state(exc: BaseException) -> tuple[str, str] | None:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    state = getattr(orig, "sqlstate", None)
    if not isinstance(state, str):
        module = type(orig).__module__
        if module.startswith("psycopg") and type(orig).__name__ == "OperationalError":
            return _SERVER_STATES["08"]  # no SQLSTATE: the connection itself failed
        return None
    for length in (5, 3, 2):
        if state[:length] in _SERVER_STATES:
            return _SERVER_STATES[state[:length]]
    return None


def known_storage_message(exc: BaseException) -> str | None:
    """The user-facing message for an environmental SQLite or server error, or ``None`` if it is a bug."""
    server = _server_state(exc)
    if server is not None:
        return tr(server[1])
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
    except Exception as exc:  # DBAPIError, sqlite3.Error, or psycopg's own errors raised through its handle
        message = known_storage_message(exc)
        if message is None:
            raise
        raise StorageError(message, kind=storage_kind(exc)) from exc


def storage_kind(exc: BaseException) -> str:
    """busy, locked, readonly, ioerr, corrupt, full, cantopen, notadb, unreachable, denied, or other."""
    server = _server_state(exc)
    if server is not None:
        return server[0]
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    return "other" if code is None else _KINDS.get(code & 0xFF, "other")
