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
    """An engine on the SQLite file at *path*; nothing is opened until first use."""
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


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction (``BEGIN IMMEDIATE``): committed on success, rolled back on any error."""
    with storage_errors(), engine.connect() as conn:
        conn.execution_options(sw_begin="IMMEDIATE")
        with conn.begin():
            yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads; its implicit transaction gives one consistent snapshot (on an ``immutable``
    file: checked afterwards to be one, see :func:`unchanging`)."""
    with storage_errors(), engine.connect() as conn:
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
