"""Verified, rotating backups of a server database (``pg_dump``), and restoring one into a new database.

The same promises as the file backups of :mod:`~safetywatch.services.maintenance.backup`, kept with
PostgreSQL's own programs: ``pg_dump --format=custom`` takes a consistent snapshot while the office keeps
writing; the dump is written under a temporary name in the database's backup folder (the folder of its local
notes path, :func:`~safetywatch.services.maintenance.opening.server_notes_path`) and counts only once
``pg_restore`` has restored it into a scratch database that passes the checks a file copy passes (the audit
chain, every record, the protective triggers, the heads earlier backups recorded). Then it is renamed into
place with the same manifest, listed and rotated with the file backups' rules; the scratch database is dropped.

A restore never writes over a database: it creates a new one, restores the dump into it (owners and rights as
they were), records who restored which backup in its audit trail and checks it; if anything fails, the new
database is dropped again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from safetywatch.db.dialect import shown_url
from safetywatch.db.engine import make_engine, read_connection
from safetywatch.db.files import atomic_path
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import audit, sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import backup, consistency
from safetywatch.services.maintenance import server_connection as server
from safetywatch.services.maintenance.backup import BackupInfo, Check, Progress
from safetywatch.services.maintenance.opening import open_ledger, server_notes_path
from safetywatch.services.maintenance.restore import record_restore, restorer
from safetywatch.services.maintenance.server_setup import Roles, grant_database

if TYPE_CHECKING:
    import psycopg

SUFFIX = ".dump"
#: Scratch databases a backup is verified in start with this (dropped afterwards, even after an error).
SCRATCH_PREFIX = "sw_verify_"


def folder_of(address: str) -> Path:
    """The backup folder of the server database at *address* on this PC."""
    return backup.folder_for(server_notes_path(address))


def create(
    address: str,
    kind: str = "manual",
    *,
    target: Path | None = None,
    now: dt.datetime | None = None,
    progress: Progress = audit.no_progress,
) -> BackupInfo:
    """Dump the database at *address*, verify the dump, write its manifest and rotate the folder.

    The user of *address* must be allowed to create databases (the scratch database of the check): use the
    administrator's address.
    *target* names the file for a backup outside the folder (``safetywatch backup --out``).
    """
    if kind not in backup.KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    folder = folder_of(address)
    now = now or dt.datetime.now(dt.UTC)
    backup.ready_folder(folder)
    anchors = backup.recorded_anchors(folder)
    if target is None:
        target = folder / f"{server_notes_path(address).stem}.{now.strftime('%Y%m%dT%H%M%S%fZ')}.{kind}{SUFFIX}"
    try:
        with atomic_path(target) as temporary:
            dumped = server.run_tool("pg_dump", address, "--format=custom", f"--file={temporary}")
            if dumped.returncode != 0:
                raise StorageError(
                    tr("pg_dump could not back up {address}: {error}. Nothing was written.").format(
                        address=shown_url(address), error=server.tool_error(dumped)
                    )
                )
            check = check_dump(temporary, address, anchors, progress)
            digest = backup.sha256_of(temporary)
    except OSError as exc:
        raise StorageError(
            tr("The backup could not be written to {path}: {error}. The database was not changed.").format(
                path=target, error=exc.strerror or exc
            )
        ) from exc
    info = BackupInfo(
        path=target,
        created_utc=utc_iso(now),
        kind=kind,
        source=shown_url(address),
        size=target.stat().st_size,
        sha256=digest,
        head_seq=check.head[0],
        head_hash=check.head[1],
        schema=check.schema,
        verified=check.ok,
        problems=check.problems,
    )
    backup.record(info, folder, now=now)
    return info


def check_dump(
    dump: Path, address: str, anchors: list[audit.Anchor] | None = None, progress: Progress = audit.no_progress
) -> Check:
    """Restore *dump* into a scratch database on the server of *address* and check it there like a file copy.

    Raises :class:`StorageError` if ``pg_restore`` cannot restore it (a damaged or truncated file); chain or
    record problems are returned (a faithful copy of a tampered database is kept but never counts as verified).
    """
    with _scratch_database(address) as scratch:
        _restore_into(dump, scratch, keep_owners=False)
        engine = make_engine(scratch, read_only=True)
        try:
            with read_connection(engine) as conn:
                return backup.check_database(conn, _schema(conn), anchors, progress)
        finally:
            engine.dispose()


def _schema(conn: Connection) -> str | None:
    if not sql.has_table(conn, "alembic_version"):
        return None
    value = sql.scalar(conn, "SELECT version_num FROM alembic_version")
    return None if value is None else str(value)


@contextmanager
def _scratch_database(address: str) -> Iterator[str]:
    """A new, empty database beside the one *address* names, dropped when the block ends: its address."""
    name = f"{SCRATCH_PREFIX}{uuid.uuid4().hex[:12]}"
    maintenance = server.with_database(address, server.MAINTENANCE_DATABASE)
    with server.connect(maintenance) as conn:
        _create_database(conn, name, address)
    try:
        yield server.with_database(address, name)
    finally:
        with server.connect(maintenance) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _create_database(conn: psycopg.Connection[tuple[object, ...]], name: str, address: str) -> None:
    import psycopg

    try:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StorageError(
            tr(
                "{address} may not create databases, which checking or restoring a backup needs (a scratch or a new "
                "database). Use the administrator's address (for example postgresql://postgres@HOST/DATABASE)."
            ).format(address=shown_url(address)),
            kind="denied",
        ) from exc


def _restore_into(dump: Path, address: str, *, keep_owners: bool) -> None:
    """``pg_restore`` *dump* into the (empty) database at *address*, all or nothing."""
    options = ["--exit-on-error", "--single-transaction"]
    if not keep_owners:
        options += ["--no-owner", "--no-privileges"]  # a scratch copy: only the content is checked
    restored = server.run_tool("pg_restore", address, *options, str(dump))
    if restored.returncode != 0:
        raise StorageError(
            tr(
                "{path} is not a complete, readable PostgreSQL backup (pg_restore: {error}). It was not used; "
                "choose another backup."
            ).format(path=dump, error=server.tool_error(restored))
        )


# --- restoring ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerRestore:
    address: str  # the new database (shown form: no password)
    source: BackupInfo | None
    head: tuple[int, str]


def restore(
    dump: Path,
    address: str,
    *,
    actor: str = "system",
    progress: Progress = audit.no_progress,
    log_in: Callable[[Ledger], Ledger] | None = None,
) -> ServerRestore:
    """Restore *dump* into the NEW database *address* names (created here; never an existing one).

    The database gets the owner of the dumped tables and, for a database server-setup made, its roles' rights
    again; it is migrated if the dump is older, gets the audit event naming the backup and who restored it
    (*actor*, or the user *log_in* signs in on it, whose role must hold ``backup``) and is checked. If anything
    fails, the new database is dropped: nothing was restored.
    """
    dump = Path(dump)
    name = server.check_database_name(server.database_of(address))
    info = _unchanged_backup(dump)
    maintenance = server.with_database(address, server.MAINTENANCE_DATABASE)
    with server.connect(maintenance) as conn:
        if server.database_exists(conn, name):
            raise StorageError(
                tr(
                    "The database {name} already exists on the server. A backup is restored only into a new "
                    "database; choose another name."
                ).format(name=name)
            )
        _create_database(conn, name, address)
    done = False
    try:
        _restore_into(dump, address, keep_owners=True)
        ledger = open_ledger(_as_table_owner(address, name), actor=actor, seed=False)  # migrates an older dump
        try:
            record_restore(ledger, restorer(ledger, log_in), dump, info)
            with ledger.read() as conn:
                report = consistency.check(conn, progress)
        finally:
            ledger.close()
        if not report.ok:
            raise StorageError(
                tr("The restored database {path} failed verification: {problem}").format(
                    path=name, problem=report.problems[0].message
                )
            )
        done = True
    finally:
        if not done:
            with server.connect(maintenance) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return ServerRestore(shown_url(address), info, report.head)


def _unchanged_backup(dump: Path) -> BackupInfo | None:
    """The manifest of *dump* (if it has one) after checking the file is still what it describes."""
    if not dump.is_file():
        raise StorageError(tr("There is no backup at {path}.").format(path=dump))
    info = backup.read_manifest(dump)
    if info is not None and backup.sha256_of(dump) != info.sha256:
        raise StorageError(
            tr("{path} changed after it was backed up (its SHA-256 differs from the manifest); it is not used.").format(
                path=dump
            )
        )
    return info


def _as_table_owner(address: str, name: str) -> str:
    """The restored database owned by the role that owns its tables (server-setup's ``NAME_owner``), with that
    role's database rights given again; the address to open it with, acting as that role where we may (so a
    migration's new tables belong to it too)."""
    with server.connect(address) as conn:
        row = conn.execute(
            "SELECT tableowner, pg_has_role(current_user, tableowner, 'MEMBER'), current_user = tableowner "
            "FROM pg_tables WHERE schemaname = 'public' AND tablename = 'audit_event'"
        ).fetchone()
        if row is None:
            return address  # not a ledger: the checks after opening say so
        owner, member, same = str(row[0]), bool(row[1]), bool(row[2])
        if not member:
            return address
        conn.execute(f'ALTER DATABASE {name} OWNER TO "{owner}"')
        if owner.endswith("_owner"):
            roles = Roles.of(owner[: -len("_owner")])
            present = conn.execute(
                "SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)", (roles.app, roles.audit)
            ).fetchone()
            if present is not None and present[0] == 2:
                grant_database(conn, name, roles)
    return address if same else server.with_role(address, owner)
