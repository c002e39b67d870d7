"""Restore a verified backup into a new file (never in place), migrated, audited and verified."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from safetywatch.db.engine import write_transaction
from safetywatch.db.files import network_filesystem
from safetywatch.db.migrate import backup_copy
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import backup as backups
from safetywatch.services.maintenance import consistency
from safetywatch.services.maintenance.backup import BackupInfo, Progress
from safetywatch.services.maintenance.opening import open_ledger


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    source: BackupInfo | None
    previous: BackupInfo | None  # the backup of the database that was open before, if any
    head: tuple[int, str]


def restore(
    backup: Path,
    target: Path,
    *,
    actor: str = "system",
    current: Path | None = None,
    progress: Progress = audit.no_progress,
    log_in: Callable[[Ledger], Ledger] | None = None,
) -> RestoreResult:
    """Restore *backup* into the new file *target* (never over an existing file).

    *current* is the database in use until now: it is backed up first. The restored copy is checked,
    migrated to this program's schema if it is older, and gets an audit event naming the backup and who
    restored it: *actor*, or with *log_in* the user it signs in on the restored copy (against the backup's
    own accounts; the command line, where no one is signed in yet), whose role must hold ``backup``. If the
    log-in or anything before that event fails, the copy is removed: nothing was restored.
    """
    backup, target = Path(backup), Path(target)
    for existing in (target, Path(f"{target}-wal"), Path(f"{target}-journal")):
        if existing.exists():
            raise StorageError(
                tr("{path} already exists. A backup is restored only into a new file; choose another name.").format(
                    path=existing
                )
            )
    share = network_filesystem(target)
    if share is not None:
        raise StorageError(backups.network_message(target, share))
    info = backups.verify_backup(backup, progress)
    previous = backups.create(current, "before-restore") if current is not None and current.exists() else None
    try:
        backup_copy(backup, target)
    except OSError as exc:
        raise StorageError(
            tr("The backup could not be restored to {path}: {error}").format(path=target, error=exc.strerror or exc)
        ) from exc
    ledger: Ledger | None = None
    recorded = False  # no restored copy without the event that says who restored it (refused log-in, Ctrl-C)
    try:
        ledger = open_ledger(target, actor=actor, seed=False)
        record_restore(ledger, restorer(ledger, log_in), backup, info)
        recorded = True
        with ledger.read() as conn:
            report = consistency.check(conn, progress)
        if not report.ok:
            raise StorageError(
                tr("The restored database {path} failed verification: {problem}").format(
                    path=target, problem=report.problems[0].message
                )
            )
    finally:
        if recorded and ledger is not None:
            ledger.close()
        else:
            if ledger is not None:
                ledger.engine.dispose()
            _remove(target)
    return RestoreResult(target, info, previous, report.head)


def record_restore(ledger: Ledger, restorer: str, backup: Path, info: BackupInfo | None) -> None:
    """The audit event that says which backup the restored *ledger* came from and who restored it."""
    with write_transaction(ledger.engine) as conn:
        audit.AuditLog(conn).append(
            at_utc=utc_iso(ledger.clock.now_utc()),
            actor=restorer,
            action="restore",
            entity="database",
            entity_id=0,
            entity_uuid=str(uuid.uuid4()),
            before=None,
            after={
                "backup": backup.name,
                "sha256": info.sha256 if info else backups.sha256_of(backup),
                "backup_head_seq": info.head_seq if info else None,
                "backup_created_utc": info.created_utc if info else None,
            },
            reason=tr("Restored from a backup"),
        )


def restorer(ledger: Ledger, log_in: Callable[[Ledger], Ledger] | None) -> str:
    """Who restores: the ledger's actor, or the user *log_in* signs in, if their role may restore."""
    if log_in is None:
        return ledger.actor
    user_ledger = log_in(ledger)
    try:
        user_ledger.require(Permission.BACKUP)
    finally:
        if user_ledger.engine is not ledger.engine:  # an auditor's ledger has a read-only engine of its own
            user_ledger.engine.dispose()
    return user_ledger.acting_as


def _remove(target: Path) -> None:
    """Remove a restored copy and SQLite's files beside it."""
    for path in (target, *(Path(f"{target}{extra}") for extra in ("-wal", "-shm", "-journal"))):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
