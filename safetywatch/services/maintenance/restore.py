"""Restore a verified backup into a new file (never in place), migrated, audited and verified."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from safetywatch.db.engine import write_transaction
from safetywatch.db.files import network_filesystem
from safetywatch.db.migrate import backup_copy
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import audit
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
) -> RestoreResult:
    """Restore *backup* into the new file *target* (never over an existing file).

    *current* is the database in use until now: it is backed up first. The restored copy is checked,
    migrated to this program's schema if it is older, and gets an audit event naming the backup.
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
    ledger = open_ledger(target, actor=actor, seed=False)
    try:
        with write_transaction(ledger.engine) as conn:
            log = audit.AuditLog(conn)
            log.append(
                at_utc=utc_iso(ledger.clock.now_utc()),
                actor=actor,
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
        with ledger.read() as conn:
            report = consistency.check(conn, progress)
        if not report.ok:
            raise StorageError(
                tr("The restored database {path} failed verification: {problem}").format(
                    path=target, problem=report.problems[0].message
                )
            )
    finally:
        ledger.close()
    return RestoreResult(target, info, previous, report.head)
