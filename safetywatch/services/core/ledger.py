"""The handle every service works through: an open database, who acts on it, and the clock.

``Ledger.write()`` is the one way into a write transaction; the :class:`Writer` it yields checks the
signed-in user's role on every write and appends the audit events in the same transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine

from safetywatch.db.engine import make_engine, read_connection, write_transaction
from safetywatch.domain.clock import Clock, SystemClock, utc_iso
from safetywatch.domain.errors import PermissionDeniedError, StorageError, TamperedRecordError
from safetywatch.domain.permissions import Permission, SignedIn, denied
from safetywatch.services.core.audit import AuditLog
from safetywatch.services.core.changes import TAMPERING, ChangeSet
from safetywatch.services.core.writer import Writer

T = TypeVar("T")
P = ParamSpec("P")

log = logging.getLogger(__name__)


#: The audit ``entity`` of security events that belong to no record: refused actions, log-in attempts
#: with an unknown name. ``verify`` chains them like every event; they replay no record.
SECURITY_ENTITY = "security"


@dataclass
class Ledger:
    """An open SafetyWatch database, who acts on it, and the clock.

    ``user`` is the signed-in user (``services.kinds.accounts``): every audit event names them as its actor and
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
    #: Set when a write was refused because its record was changed outside SafetyWatch (the message).
    tampered: str | None = None
    #: The ``postgresql://`` address when the database lives on a server (issue 18); ``path`` is then the
    #: local name this PC keeps its notes about that database under (chain-head log, backups folder).
    server: str | None = None
    #: Called with what each committed write transaction changed, on the thread that committed.
    listeners: list[Callable[[ChangeSet], None]] = field(default_factory=list, repr=False, compare=False)

    @property
    def target(self) -> Path | str:
        """What :func:`~safetywatch.db.engine.make_engine` opens: the server address, or the file."""
        return self.server if self.server is not None else self.path

    @property
    def acting_as(self) -> str:
        """The name recorded as the actor of this ledger's changes."""
        return self.user.login if self.user is not None else self.actor

    @contextmanager
    def write(self, *, note: str | None = None) -> Iterator[Writer]:
        """One user action = one transaction: every record change and its audit events, or nothing.

        The writer acts for the signed-in user and checks their role on every write. *note* is the reason
        recorded on events whose service gives none (an import names its file). After the commit the
        listeners hear what changed. A read-only ledger gets a writer on a read transaction: the role check
        refuses every write before any SQL runs, and the connection would refuse it anyway.
        """
        opener = read_connection if self.read_only else write_transaction
        try:
            with opener(self.engine) as conn:
                writer = self.writer_on(conn, note=note)
                yield writer
        except PermissionDeniedError as error:
            self.record_denial(error)
            raise
        except TamperedRecordError as error:
            self.record_tampering(error)
            raise
        self.announce(writer.changes.result())

    def writer_on(self, conn: Connection, *, note: str | None = None) -> Writer:
        """A writer for this ledger's user on a transaction the caller opened (the demo's batches)."""
        role = self.user.role if self.user is not None else None
        return Writer(conn, self.acting_as, self.clock, role, note=note)

    def subscribe(self, listener: Callable[[ChangeSet], None]) -> None:
        self.listeners.append(listener)

    def unsubscribe(self, listener: Callable[[ChangeSet], None]) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)

    def announce(self, changes: ChangeSet) -> None:
        """Tell the listeners what a committed transaction (or an outside event) changed."""
        if not changes:
            return
        for listener in list(self.listeners):
            try:
                listener(changes)
            except Exception:  # a listener's fault must not turn a committed write into a failed one
                log.exception("change listener failed")

    def require(self, permission: Permission) -> None:
        """Refuse (and audit) an action the signed-in user's role may not take; no user: allowed."""
        if self.user is not None and not self.user.may(permission):
            error = denied(self.user.role, permission)
            self.record_denial(error)
            raise error

    def record_denial(self, error: PermissionDeniedError) -> None:
        """Append a ``denied`` security event (reliability.md checklist 18), after the refused transaction
        rolled back."""
        if self.user is None:
            return
        after = {"permission": error.permission, "table": error.table, "action": error.action}
        self._record_security("denied", self.user.user_id, after)

    def record_tampering(self, error: TamperedRecordError) -> None:
        """A write refused because its record was changed outside SafetyWatch: append a ``tampered``
        security event (after the refused transaction rolled back) and tell the listeners, so the window
        keeps saying so until the database is verified and restored."""
        self.tampered = str(error)
        after = {"table": error.table, "id": error.record_id, "columns": error.columns[:20]}
        self._record_security("tampered", error.record_id, after)
        self.announce(ChangeSet.of(TAMPERING))

    def _record_security(self, action: str, entity_id: int, after: Mapping[str, object]) -> None:
        """One security event in a transaction of its own. An auditor's ledger is read-only, so a short
        read-write connection records it."""
        engine = make_engine(self.target) if self.read_only else self.engine
        try:
            with write_transaction(engine) as conn:
                AuditLog(conn).append(
                    at_utc=utc_iso(self.clock.now_utc()),
                    actor=self.acting_as,
                    action=action,
                    entity=SECURITY_ENTITY,
                    entity_id=entity_id,
                    entity_uuid="",
                    before=None,
                    after=dict(after),
                    reason=None,
                )
        except StorageError as exc:  # a read-only file: the refusal stands, it just cannot be logged
            log.warning("could not record a refused action (%s): %s", action, exc)
        finally:
            if engine is not self.engine:
                engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with read_connection(self.engine) as conn:
            yield conn

    def close(self) -> None:
        """Fold the WAL back into the file and let go of it. The checkpoint only tidies up (SQLite does it
        on its own later), so its failure (busy, or after Ctrl-C) must not hide the error being raised."""
        try:
            if not self.read_only and self.server is None:
                with self.read() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except StorageError as exc:
            log.warning("closing %s: the WAL checkpoint failed: %s", self.path, exc)
        finally:
            self.engine.dispose()


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


def one_transaction(use_case: Callable[Concatenate[Writer, P], T]) -> Callable[Concatenate[Ledger, P], T]:
    """The plain call of a use case: ``register(ledger, data)`` runs ``register_in(w, data)`` in a write
    transaction of its own (``Ledger.write``), for a caller that does one thing; an import or the demo runs
    the ``_in`` use cases in a transaction of theirs."""

    def plain(ledger: Ledger, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with ledger.write() as w:
            return use_case(w, *args, **kwargs)

    plain.__name__ = plain.__qualname__ = use_case.__name__.removesuffix("_in")
    plain.__module__ = use_case.__module__
    plain.__doc__ = use_case.__doc__
    return plain
