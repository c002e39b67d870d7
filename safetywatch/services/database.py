"""Opening a ledger database: checks, migration, seeding; and the handle every service works through."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine

from safetywatch.db.engine import make_engine, read_connection, read_only_uri, write_transaction
from safetywatch.db.migrate import upgrade_to_head
from safetywatch.domain.clock import Clock, SystemClock, utc_iso
from safetywatch.domain.errors import PermissionDeniedError, StorageError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission, SignedIn, denied
from safetywatch.services.audit import AuditLog
from safetywatch.services.records import Writer

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


def open_ledger(path: Path, *, actor: str = "system", clock: Clock | None = None, seed: bool = True) -> Ledger:
    """Open (creating if needed) the database at *path*, migrate it and seed default reference data."""
    path = Path(path)
    fully_checked = check_file(path)
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
    ledger.backup_made = upgrade_to_head(engine, path)
    if seed:
        from safetywatch.services.reference import seed_defaults

        seed_defaults(ledger)
    return ledger
