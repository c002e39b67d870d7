"""Opening a ledger database: checks, migration, seeding; and the handle every service works through."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine

from safetywatch.db.engine import make_engine, read_connection, read_only_uri, write_transaction
from safetywatch.db.migrate import upgrade_to_head
from safetywatch.domain.clock import Clock, SystemClock, utc_iso
from safetywatch.domain.errors import PermissionDeniedError, StorageError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission, SignedIn, denied
from safetywatch.services.audit import AuditLog
from safetywatch.services.records import Writer

T = TypeVar("T")

log = logging.getLogger(__name__)

#: The audit ``entity`` of security events that belong to no record: refused actions, log-in attempts
#: with an unknown name. ``verify`` chains them like every event; they replay no record.
SECURITY_ENTITY = "security"


@dataclass
class Ledger:
    """An open SafetyWatch database, who acts on it, and the clock.

    ``user`` is the signed-in user (``services.accounts``): every audit event names them as its actor and
    the writer refuses what their role may not do. Without a user the ledger acts as the program itself
    under the name *actor* (start-up seeding, demo data, command-line tools on a database without
    accounts, tests); that is not restricted.
    """

    path: Path
    engine: Engine
    actor: str = "system"
    clock: Clock = field(default_factory=SystemClock)
    backup_made: Path | None = None
    needs_full_check: bool = False  # a big file: run quick_check() in the background after opening
    user: SignedIn | None = None
    read_only: bool = False  # the engine is read-only (query_only): an auditor's ledger, a report

    @property
    def acting_as(self) -> str:
        """The name recorded as the actor of this ledger's changes."""
        return self.user.login if self.user is not None else self.actor

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One user action = one transaction: every record change and its audit events, or nothing.

        A read-only ledger gets a writer on a read transaction: the role check refuses every write before
        any SQL runs, and the connection would refuse it anyway.
        """
        opener = read_connection if self.read_only else write_transaction
        role = self.user.role if self.user is not None else None
        try:
            with opener(self.engine) as conn:
                yield Writer(conn, self.acting_as, self.clock, role)
        except PermissionDeniedError as error:
            self._record_denial(error)
            raise

    def require(self, permission: Permission) -> None:
        """Refuse (and audit) an action the signed-in user's role may not take; no user: allowed."""
        if self.user is not None and not self.user.may(permission):
            error = denied(self.user.role, permission)
            self._record_denial(error)
            raise error

    def _record_denial(self, error: PermissionDeniedError) -> None:
        """Append a ``denied`` security event (reliability.md checklist 18), after the refused transaction
        rolled back. An auditor's ledger is read-only, so a short read-write connection records it."""
        if self.user is None:
            return
        engine = make_engine(self.path) if self.read_only else self.engine
        try:
            with write_transaction(engine) as conn:
                AuditLog(conn).append(
                    at_utc=utc_iso(self.clock.now_utc()),
                    actor=self.user.login,
                    action="denied",
                    entity=SECURITY_ENTITY,
                    entity_id=self.user.user_id,
                    entity_uuid="",
                    before=None,
                    after={"permission": error.permission, "table": error.table, "action": error.action},
                    reason=None,
                )
        except StorageError as exc:  # a read-only file: the refusal stands, it just cannot be logged
            log.warning("could not record a refused action: %s", exc)
        finally:
            if engine is not self.engine:
                engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with read_connection(self.engine) as conn:
            yield conn

    def close(self) -> None:
        if not self.read_only:
            with self.read() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()


#: Files up to this size get the full ``quick_check`` before opening (~0.1 s); bigger ones are checked
#: structurally at once and fully in the background (a 2.9 GB database takes 4.5 s, too long to wait for).
FULL_CHECK_AT_OPEN_BYTES = 64 * 1024 * 1024


def _damaged(path: Path, error: object) -> StorageError:
    return StorageError(
        tr("{path} is damaged ({error}). It was not changed; restore it from a backup.").format(path=path, error=error)
    )


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
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StorageError(tr("{path} is not a SafetyWatch database (not an SQLite file).").format(path=path))
    if full is None:
        full = path.stat().st_size <= FULL_CHECK_AT_OPEN_BYTES
    if full:
        problem = quick_check(path)
    else:
        try:  # reads the schema pages: catches a truncated or scrambled start of the file
            conn = sqlite3.connect(read_only_uri(path), uri=True)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
            problem = None
        except sqlite3.DatabaseError as exc:
            problem = str(exc)
    if problem is not None:
        raise _damaged(path, problem)
    return full


def quick_check(path: Path) -> str | None:
    """SQLite's ``quick_check`` on a read-only connection: ``None`` if the file is sound, else the first problem."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if result != [("ok",)]:
        return str(result[0][0]) if result else "?"
    return None


class DatabaseRefusedError(StorageError):
    """A database file that is not opened for writing (damaged, foreign, tampered, on a network share).

    The file was left exactly as it is; ``backups`` are its verified backups, newest first, to offer the
    user for a restore into a new file.
    """

    def __init__(self, message: str, *, kind: str, path: Path, backups: list[Any] | None = None) -> None:
        super().__init__(message, kind=kind)
        self.path = path
        self.backups = backups or []


def _foreign_tables(path: Path) -> str | None:
    """A message if the SQLite file at *path* belongs to another program, else ``None``."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    finally:
        conn.close()
    ours = {"alembic_version", "audit_event"}
    tables = [t for t in tables if not t.startswith("sqlite_")]
    if not tables or ours <= set(tables):
        return None
    others = ", ".join(t for t in tables if t not in ours)[:200]
    return tr(
        "{path} is an SQLite database of another program (tables: {tables}), not a SafetyWatch ledger. "
        "It was not changed; choose the SafetyWatch database or restore a backup."
    ).format(path=path, tables=others or "-")


def chain_problem(path: Path) -> str | None:
    """The first problem of the audit chain of the file at *path* (read-only), or ``None`` if it is intact."""
    from safetywatch.services import audit

    engine = make_engine(path, read_only=True)
    try:
        with read_connection(engine) as conn:
            has_chain = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'audit_event'").first()
            if has_chain is None:
                return None
            report = audit.verify_chain(conn, max_problems=1)
    finally:
        engine.dispose()
    return report.problems[0].message if report.problems else None


def full_check(path: Path) -> str | None:
    """``quick_check`` and the audit chain: what a big file gets in the background after opening."""
    return quick_check(path) or chain_problem(path)


def check_before_writing(path: Path) -> bool:
    """Everything :func:`open_ledger` checks before it opens *path* read-write; returns whether the full
    checks ran (see :func:`check_file`). Raises :class:`DatabaseRefusedError` with the verified backups."""
    from safetywatch.db.files import network_filesystem
    from safetywatch.services import backup

    def refuse(message: str, kind: str) -> DatabaseRefusedError:
        return DatabaseRefusedError(message, kind=kind, path=path, backups=backup.backups_of(path, verified_only=True))

    share = network_filesystem(path)
    if share is not None:
        raise refuse(backup.network_message(path, share), "network")
    try:
        fully_checked = check_file(path)
    except StorageError as exc:
        raise refuse(str(exc), "corrupt" if "damaged" in str(exc) else "notadb") from exc
    if not path.exists():
        return True
    try:
        foreign = _foreign_tables(path)
    except sqlite3.DatabaseError as exc:
        raise refuse(str(_damaged(path, exc)), "corrupt") from exc
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
    return fully_checked


def retrying(action: Callable[[], T], *, attempts: int = 4, pause: float = 0.25) -> T:
    """Run a write *action* again when the database stayed busy or locked past ``busy_timeout`` (another
    program held the write lock); other failures are raised at once. The action must be idempotent — a
    write with an idempotency key (``HazardInput.uuid``) — because a commit can land without its
    acknowledgement reaching us."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except StorageError as exc:
            if not exc.retryable or attempt == attempts:
                raise
            time.sleep(pause * attempt)
    raise AssertionError("unreachable")


def open_ledger(
    path: Path,
    *,
    actor: str = "system",
    clock: Clock | None = None,
    seed: bool = True,
    backups: bool = True,
) -> Ledger:
    """Open (creating if needed) the database at *path*, migrate it and seed default reference data.

    A damaged, foreign or tampered file, or one on a network share, is refused before anything writes to
    it (:class:`DatabaseRefusedError`). With *backups*, a migration is preceded by a verified backup in the
    user data folder (``services.backup``); otherwise by a copy beside the file.
    """
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
        from safetywatch.services.backup import migration_backup

        ledger.backup_made = upgrade_to_head(engine, path, backup=migration_backup)
    else:
        ledger.backup_made = upgrade_to_head(engine, path)
    if seed:
        from safetywatch.services.reference import seed_defaults

        seed_defaults(ledger)
    return ledger
