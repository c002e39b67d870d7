"""Opening a ledger database: refuse a damaged, foreign, tampered, shared or read-only file, migrate, seed.

A file SafetyWatch may read but not write (read-only media, a write-protected file, a folder this user
may not write in) is not damaged: it is checked, verified, printed and exported read-only
(``db.engine.read_only_uri``), and refused for writing with a message saying it is read-only.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from safetywatch import paths
from safetywatch.db import files
from safetywatch.db.dialect import BYTE_ORDER_COLLATIONS, is_server_url, server_url, shown_url
from safetywatch.db.engine import folder_accepts_files, make_engine, read_connection, read_only_uri
from safetywatch.db.migrate import upgrade_to_head
from safetywatch.domain.clock import Clock, SystemClock
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds.reference import seed_defaults
from safetywatch.services.maintenance import backup

#: Files up to this size get the full ``quick_check`` before opening (~0.1 s); bigger ones are checked
#: structurally at once and fully in the background (a 2.9 GB database takes 4.5 s, too long to wait for).
FULL_CHECK_AT_OPEN_BYTES = 64 * 1024 * 1024


def _damaged(path: Path, error: object) -> StorageError:
    return StorageError(
        tr("{path} is damaged ({error}). It was not changed; restore it from a backup.").format(path=path, error=error),
        kind="corrupt",
    )


#: SQLite's primary result codes for "cannot open or lock here" (SQLITE_READONLY, SQLITE_CANTOPEN): the
#: place or the permissions, not the file's content.
_PLACE_CODES = frozenset({8, 14})


def _unreadable(path: Path, error: object) -> StorageError:
    return StorageError(
        tr(
            "{path} could not be opened for reading ({error}). It was not changed. Check that you may read it; "
            "on read-only media, copy it together with the files beside it (-wal, -shm) to a writable folder."
        ).format(path=path, error=error),
        kind="cantopen",
    )


def _problem_opening(path: Path, exc: sqlite3.DatabaseError) -> StorageError:
    """What a failed read of *path* means: damage, or a place SQLite cannot open it in (never "damaged")."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _PLACE_CODES:
        return _unreadable(path, exc)
    return _damaged(path, exc)


def read_only_message(path: Path) -> str:
    """Why a healthy database is not opened for writing: it is read-only here."""
    return tr(
        "{path} is read-only: it is on read-only media, write-protected, or in a folder you may not write in. "
        "SafetyWatch can verify, print and export it, but not change it; copy it to a writable folder to enter "
        "records."
    ).format(path=path)


def read_only_reason(path: Path) -> str | None:
    """The read-only message if this process cannot write *path* (or create the ``-wal``, ``-shm`` and lock
    files it needs beside it), else ``None``."""
    if path.exists() and not os.access(path, os.W_OK):
        return read_only_message(path)
    if path.parent.is_dir() and not folder_accepts_files(path.parent):
        if not path.exists():
            return tr(
                "Cannot create {path}: the folder is read-only or you may not write in it. Choose another folder."
            ).format(path=path)
        return read_only_message(path)
    return None


def check_file(path: Path, *, full: bool | None = None) -> bool:
    """Refuse a file that is not a healthy SQLite database before anything writes to it.

    A damaged file is left exactly as it is (no repair, no new database over it): the user restores a
    backup. Uses the plain driver so no PRAGMA or WAL switch touches a foreign file. With ``full`` None,
    the full ``quick_check`` runs only for files up to :data:`FULL_CHECK_AT_OPEN_BYTES`; the return value
    says whether it ran (if not, run :func:`quick_check` in the background).
    """
    if not path.exists() or path.stat().st_size == 0:
        if path.exists():
            raise StorageError(
                tr(
                    "{path} is empty (0 bytes): it is not a SafetyWatch database. "
                    "Restore a backup or choose another file."
                ).format(path=path)
            )
        return True
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise _unreadable(path, exc.strerror or exc) from exc
    if header != b"SQLite format 3\x00":
        raise StorageError(tr("{path} is not a SafetyWatch database (not an SQLite file).").format(path=path))
    if full is None:
        full = path.stat().st_size <= FULL_CHECK_AT_OPEN_BYTES
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            if full:
                problem = _quick_check_on(conn)
            else:  # reads the schema pages: catches a truncated or scrambled start of the file
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                problem = None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _problem_opening(path, exc) from exc
    if problem is not None:
        raise _damaged(path, problem)
    return full


def _quick_check_on(conn: sqlite3.Connection) -> str | None:
    result = conn.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        return str(result[0][0]) if result else "?"
    return None


def quick_check(path: Path) -> str | None:
    """SQLite's ``quick_check`` on a read-only connection: ``None`` if the file is sound, else the first problem."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return _quick_check_on(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


class DatabaseRefusedError(StorageError):
    """A database file that is not opened for writing (damaged, foreign, tampered, on a network share).

    The file was left exactly as it is; ``backups`` are its verified backups, newest first, to offer the
    user for a restore into a new file.
    """

    def __init__(self, message: str, *, kind: str, path: Path, backups: list[Any] | None = None) -> None:
        super().__init__(message, kind=kind)
        self.path = path
        self.backups = backups or []


def _tables(path: Path) -> list[str]:
    """The tables of the SQLite file at *path* (read-only), SQLite's own left out."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    finally:
        conn.close()
    return [t for t in tables if not t.startswith("sqlite_")]


def is_blank(path: Path) -> bool:
    """Whether the existing file at *path* holds nothing yet: 0 bytes, or an SQLite file without a table.
    :func:`open_ledger` would make a new ledger of it; a command that expects a ledger must not."""
    if path.stat().st_size == 0:
        return True
    check_file(path, full=False)
    return not _tables(path)


def ledger_problem(path: Path) -> str | None:
    """Why the healthy SQLite file at *path* is not a SafetyWatch ledger (no table at all, or another
    program's tables), or ``None``: what ``verify`` says instead of failing on a missing table."""
    tables = _tables(path)
    if not tables:
        return tr("{path} is an SQLite file without any table: it is not a SafetyWatch ledger.").format(path=path)
    return _foreign_tables(path, tables)


def _foreign_tables(path: Path, tables: list[str] | None = None) -> str | None:
    """A message if the SQLite file at *path* belongs to another program, else ``None``."""
    tables = _tables(path) if tables is None else tables
    ours = {"alembic_version", "audit_event"}
    if not tables or ours <= set(tables):
        return None
    others = ", ".join(t for t in tables if t not in ours)[:200]
    return tr(
        "{path} is an SQLite database of another program (tables: {tables}), not a SafetyWatch ledger. "
        "It was not changed; choose the SafetyWatch database or restore a backup."
    ).format(path=path, tables=others or "-")


def chain_problem(path: Path) -> str | None:
    """The first problem of the audit chain of the file at *path* (read-only), or ``None`` if it is intact.

    The start-up check, so it must not grow with the file: the chain is re-hashed after the newest verified
    backup's head only (everything up to it was verified, records included, when that backup was made: at
    every start that changed something and daily), after checking that every verified backup's head is still
    in the chain with the same hash. ``verify`` re-hashes all of it.
    """
    try:
        anchors = backup.recorded_anchors(backup.folder_for(path))
    except OSError:  # no backup folder to read: the whole chain, slower and never weaker
        anchors = []
    engine = make_engine(path, read_only=True)
    try:
        with read_connection(engine) as conn:
            has_chain = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'audit_event'").first()
            if has_chain is None:
                return None
            moved = audit.verify_anchors(conn, anchors)
            if moved:
                return moved[0].message
            newest = max(anchors, key=lambda a: a.seq, default=None)
            after = (0, audit.GENESIS_HASH) if newest is None else (newest.seq, newest.hash)
            problems: list[audit.Problem] = []
            audit.check_chain(conn, problems, audit.no_progress, 1, after=after)
    finally:
        engine.dispose()
    return problems[0].message if problems else None


def full_check(path: Path) -> str | None:
    """``quick_check`` and the audit chain: what a big file gets in the background after opening."""
    return quick_check(path) or chain_problem(path)


def check_before_writing(path: Path) -> bool:
    """Everything :func:`open_ledger` checks before it opens *path* read-write; returns whether the full
    checks ran (see :func:`check_file`). Raises :class:`DatabaseRefusedError` with the verified backups."""

    def refuse(message: str, kind: str) -> DatabaseRefusedError:
        return DatabaseRefusedError(message, kind=kind, path=path, backups=backup.backups_of(path, verified_only=True))

    share = files.network_filesystem(path)
    if share is not None:
        raise refuse(backup.network_message(path, share), "network")
    try:
        fully_checked = check_file(path)
    except StorageError as exc:
        raise refuse(str(exc), exc.kind if exc.kind in ("corrupt", "cantopen") else "notadb") from exc
    if not path.exists():
        read_only = read_only_reason(path)
        if read_only is not None:
            raise refuse(read_only, "readonly")
        return True
    try:
        foreign = _foreign_tables(path)
    except sqlite3.DatabaseError as exc:
        unopened = _problem_opening(path, exc)
        raise refuse(str(unopened), unopened.kind) from exc
    if foreign:
        raise refuse(foreign, "foreign")
    if fully_checked:
        problem = chain_problem(path)
        if problem:
            raise refuse(
                tr(
                    "The audit trail of {path} is broken: {problem} The records may have been changed outside "
                    "SafetyWatch. The file was not changed; restore a verified backup into a new file, or keep "
                    "this one as evidence."
                ).format(path=path, problem=problem),
                "tampered",
            )
    read_only = read_only_reason(path)  # last: a damaged or tampered file is named as such first
    if read_only is not None:
        raise refuse(read_only, "readonly")
    return fully_checked


def open_for_reading(path: Path | str) -> Engine:
    """A read-only engine on the existing database at *path*, after the structural check (``verify``,
    ``report``, ``export``): works on read-only media and in folders this user cannot write. Raises
    :class:`StorageError` for a file that is not a database, cannot be read, or is damaged, and for a server
    database that cannot be reached or is refused (:func:`connect_server`)."""
    if is_server_url(path):
        return connect_server(str(path), read_only=True)
    path = Path(path)
    check_file(path, full=False)
    return make_engine(path, read_only=True)


def default_database() -> Path | str:
    """The database used when none is named: ``$SAFETYWATCH_DB`` (a file or a ``postgresql://`` address), else
    ``safetywatch.db`` in the user data folder. A server named there that cannot be reached is refused when
    it is opened: never replaced by the local default file."""
    named = os.environ.get(paths.DB_ENV)
    if named and is_server_url(named):
        return named
    return paths.default_db_path()


def shown_name(target: Path | str) -> str:
    """How messages name a database: its file, or its server address without the password."""
    return shown_url(str(target)) if is_server_url(target) else str(target)


def local_path(target: Path | str) -> Path:
    """The local path of *target*: the file itself, or where this PC keeps its notes on a server database."""
    return server_notes_path(str(target)) if is_server_url(target) else Path(target)


def server_notes_path(address: str) -> Path:
    """The local name of a server database: where this PC keeps its chain-head log and backups of it."""
    url = server_url(address)
    name = f"{url.host or 'local'}-{url.port or 5432}-{url.database}"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return paths.data_dir() / "servers" / f"{safe}.pg"


def require_c_collation(engine: Engine) -> None:
    """Refuse a server database whose collation is not ``C``: reports order by text, and a closed month must
    reprint byte for byte on either engine (SQLite compares bytes; so does ``C``)."""
    with read_connection(engine) as conn:
        collation = conn.exec_driver_sql(
            "SELECT datcollate FROM pg_database WHERE datname = current_database()"
        ).scalar()
    if collation not in BYTE_ORDER_COLLATIONS:
        raise StorageError(
            tr(
                "The server database uses the collation {collation}; SafetyWatch needs C, so that reports sort "
                "the same on every PC. Create the database with: CREATE DATABASE name TEMPLATE template0 "
                "ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' (see docs/postgresql.md)."
            ).format(collation=collation)
        )


#: What to check when a server database cannot be opened, by StorageError kind (db.engine.storage_kind).
_SERVER_ADVICE = {
    "unreachable": "Check that the server is running and that this PC reaches it (host, port, firewall, network).",
    "denied": "Check the user name in the address and its password in the password file (PGPASSFILE or "
    ".pgpass), and that the server lets this user in (pg_hba.conf).",
    "cantopen": "Check the database name in the address; the administrator creates the database (docs/postgresql.md).",
}


#: A log-in the server refused arrives like a lost connection (libpq gives no SQLSTATE before the session
#: starts): told apart by the server's words, when it speaks English (else the general advice is given, with
#: the server's own words shown before it).
_REFUSED_LOG_IN = {
    "denied": ("password authentication failed", "no pg_hba.conf entry", 'role "', "no password supplied"),
    "cantopen": ("does not exist",),
}


def _connection_kind(kind: str, reason: str) -> str:
    if kind == "unreachable":
        for refused, words in _REFUSED_LOG_IN.items():
            if any(word in reason for word in words):
                return refused
    return kind


def connect_server(address: str, *, read_only: bool = False) -> Engine:
    """An engine on the PostgreSQL database at *address*, after connecting once: the server must answer and the
    database must use the C collation (:func:`require_c_collation`).

    A server that cannot be reached, refuses the log-in or has no such database is a :class:`StorageError`
    naming the address (never its password) and what to check; nothing local is opened instead.
    """
    try:
        engine = make_engine(address, read_only=read_only)
    except ValueError as exc:
        raise StorageError(
            tr("The database address is not usable: {error}").format(error=exc),  # it may hold a password
            kind="cantopen",
        ) from exc
    try:
        require_c_collation(engine)
    except StorageError as exc:
        engine.dispose()
        failure = getattr(exc.__cause__, "orig", None) or exc.__cause__ or exc  # the driver's own words
        reason = str(failure).strip().splitlines() or [exc.kind]
        kind = _connection_kind(exc.kind, reason[0])
        advice = _SERVER_ADVICE.get(kind)
        if advice is None:
            raise
        raise StorageError(
            tr(
                "Cannot open the server database {address}: {reason}. {advice} SafetyWatch did not open any "
                "other database instead."
            ).format(address=shown_url(address), reason=reason[0].rstrip("."), advice=tr(advice)),
            kind=kind,
        ) from exc
    return engine


def open_server_ledger(address: str, *, actor: str = "system", clock: Clock | None = None, seed: bool = True) -> Ledger:
    """Open the PostgreSQL database at *address*, migrate it and seed default reference data.

    A server that cannot be reached is a :class:`StorageError` saying so; nothing local is opened instead.
    """
    engine = connect_server(address)
    ledger = Ledger(
        path=server_notes_path(address), engine=engine, actor=actor, clock=clock or SystemClock(), server=address
    )
    upgrade_to_head(engine, ledger.path)
    if seed:
        seed_defaults(ledger)
    return ledger


def open_ledger(
    path: Path | str,
    *,
    actor: str = "system",
    clock: Clock | None = None,
    seed: bool = True,
    backups: bool = True,
) -> Ledger:
    """Open (creating if needed) the database at *path*, migrate it and seed default reference data.

    A damaged, foreign or tampered file, or one on a network share, is refused before anything writes to
    it (:class:`DatabaseRefusedError`). With *backups*, a migration is preceded by a verified backup in the
    user data folder (``services.maintenance.backup``); otherwise by a copy beside the file.
    A ``postgresql://`` address opens a server database (:func:`open_server_ledger`).
    """
    if is_server_url(path):
        return open_server_ledger(str(path), actor=actor, clock=clock, seed=seed)
    path = Path(path)
    fully_checked = check_before_writing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            tr("Cannot create the folder {folder}: {error}").format(folder=path.parent, error=exc)
        ) from exc
    engine = make_engine(path)
    ledger = Ledger(
        path=path, engine=engine, actor=actor, clock=clock or SystemClock(), needs_full_check=not fully_checked
    )
    if backups:
        ledger.backup_made = upgrade_to_head(engine, path, backup=backup.migration_backup)
    else:
        ledger.backup_made = upgrade_to_head(engine, path)
    if seed:
        seed_defaults(ledger)
    return ledger
