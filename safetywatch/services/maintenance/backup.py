"""Verified, rotating backups of a ledger, and restoring one into a new file.

A backup is made with SQLite's backup API (a consistent snapshot while the program keeps writing, never a
file copy), written atomically into the database's folder under ``<user data>/backups/``, and verified
before it counts: ``integrity_check``, the audit chain (and, at the current schema, every record against
its events), and the chain heads recorded by earlier backups (a chain recomputed behind the program's back
no longer matches them). Each backup has a manifest beside it (``<file>.json``: time, kind, SHA-256 of the
file, chain head, schema, verification result); ``manifest.json`` in the folder lists them all.

Automatic backups are proportionate to an old disk: at most one a day per database (after the first
log-in of the day, or when the day turns while the program is open; :func:`backup_due`), plus one before
every migration and before a restore. :func:`rotate` keeps the newest ten, one a day for two weeks, one a
month for two years, and always the newest verified one, and then deletes the oldest until the folder fits
its size budget (:func:`size_budget`, a setting of the user data folder, 2 GB unless changed).
A restore never writes over anything: it copies a verified backup into a new file,
checks the copy and records the restore in its audit trail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from safetywatch.db.engine import make_engine, read_connection, read_only_uri
from safetywatch.db.files import atomic_write, clean_stale_temporaries
from safetywatch.db.migrate import backup_copy, head_revision
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.paths import data_dir
from safetywatch.services.core import audit
from safetywatch.services.maintenance import consistency

KINDS = ("start", "daily", "manual", "before-migration", "before-restore")
INDEX = "manifest.json"
KEEP_NEWEST = 10
KEEP_DAILY_DAYS = 14
KEEP_MONTHLY_MONTHS = 24
#: The total size the backups of one database may take (``backups/settings.json`` changes it).
DEFAULT_BUDGET_MB = 2048
BUDGET_BOUNDS_MB = (100, 1_000_000)
SETTINGS = "settings.json"

Progress = Callable[[str, int, int], None]


def _noop(_stage: str, _done: int, _total: int) -> None:
    pass


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and its manifest."""

    path: Path
    created_utc: str
    kind: str
    source: str
    size: int
    sha256: str
    head_seq: int
    head_hash: str
    schema: str | None
    verified: bool
    problems: list[str] = field(default_factory=list)

    def manifest(self) -> dict[str, Any]:
        data = asdict(self)
        data["file"] = self.path.name
        del data["path"]
        return data

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_utc.replace("Z", "+00:00"))


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def folder_for(db_path: Path) -> Path:
    """The backup folder of one database: ``<user data>/backups/<name>-<8 hex of its full path>``."""
    resolved = os.path.normcase(str(Path(db_path).resolve()))
    tag = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{Path(db_path).stem}-{tag}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(backup: Path) -> BackupInfo | None:
    """The manifest of *backup*, or ``None`` if it has none (or it cannot be read)."""
    try:
        data = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
        return BackupInfo(
            path=backup,
            created_utc=str(data["created_utc"]),
            kind=str(data["kind"]),
            source=str(data["source"]),
            size=int(data["size"]),
            sha256=str(data["sha256"]),
            head_seq=int(data["head_seq"]),
            head_hash=str(data["head_hash"]),
            schema=data.get("schema"),
            verified=bool(data["verified"]),
            problems=[str(p) for p in data.get("problems", [])],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(folder: Path, *, verified_only: bool = False) -> list[BackupInfo]:
    """The backups in *folder* with a readable manifest and their file present, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for sidecar in folder.glob("*.json"):
        if sidecar.name == INDEX:
            continue
        backup = sidecar.with_name(sidecar.name[: -len(".json")])
        info = read_manifest(backup)
        if info is None or not backup.is_file():
            continue
        if verified_only and not info.verified:
            continue
        found.append(info)
    return sorted(found, key=lambda b: (b.created_utc, b.path.name), reverse=True)


def backups_of(db_path: Path, *, verified_only: bool = False) -> list[BackupInfo]:
    return list_backups(folder_for(db_path), verified_only=verified_only)


def _write_index(folder: Path) -> None:
    entries = [b.manifest() for b in list_backups(folder)]
    text = json.dumps({"backups": entries}, ensure_ascii=False, indent=2) + "\n"
    atomic_write(folder / INDEX, text.encode("utf-8"))


# --- checking a copy ----------------------------------------------------------------------------------


@dataclass
class Check:
    """What a database copy says about itself."""

    schema: str | None
    head: tuple[int, str]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _schema(conn: sqlite3.Connection) -> str | None:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone():
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else None


def check_copy(path: Path, anchors: list[audit.Anchor] | None = None, progress: Progress = _noop) -> Check:
    """``integrity_check``, then the audit chain (and every record, at the current schema), then *anchors*.

    Raises :class:`StorageError` if the file is not a sound SQLite database; chain or record problems are
    returned (a faithful copy of a tampered ledger is kept, but never counts as verified).
    """
    try:
        raw = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            lines = [row[0] for row in raw.execute("PRAGMA integrity_check")]
            schema = _schema(raw)
            has_chain = raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_event'").fetchone() is not None
        finally:
            raw.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(tr("{path} is not a sound database copy: {error}").format(path=path, error=exc)) from exc
    if lines != ["ok"]:
        raise StorageError(
            tr("{path} failed SQLite's integrity check: {problem}").format(
                path=path, problem=lines[0] if lines else "?"
            )
        )
    if not has_chain:
        return Check(schema, (0, audit.GENESIS_HASH), [])
    engine = make_engine(path, read_only=True)
    try:
        with read_connection(engine) as conn:
            return check_database(conn, schema, anchors, progress)
    finally:
        engine.dispose()


def check_database(
    conn: Connection, schema: str | None, anchors: list[audit.Anchor] | None = None, progress: Progress = _noop
) -> Check:
    """The audit chain of a copy with a chain (and every record, at the current schema), then *anchors*: what
    a file backup and a server backup restored into a scratch database are checked with."""
    at_head = schema == head_revision()  # an older copy: the chain only (its tables differ)
    report = consistency.check(conn, progress) if at_head else audit.verify_chain(conn, progress)
    problems = [p.message for p in report.problems]
    problems += [p.message for p in audit.verify_anchors(conn, anchors or [])]
    return Check(schema, report.head, problems)


def recorded_anchors(folder: Path) -> list[audit.Anchor]:
    """The chain heads recorded by the verified backups of *folder* (newest of each seq)."""
    anchors: dict[int, audit.Anchor] = {}
    for info in list_backups(folder, verified_only=True):
        anchors.setdefault(info.head_seq, audit.Anchor(info.head_seq, info.head_hash, info.path.name))
    return list(anchors.values())


def _current_head(db_path: Path) -> tuple[int, str] | None:
    try:
        raw = sqlite3.connect(read_only_uri(db_path), uri=True)
        try:
            row = raw.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
        finally:
            raw.close()
    except sqlite3.Error:
        return None
    return (0, audit.GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


# --- making backups -----------------------------------------------------------------------------------


def ready_folder(folder: Path) -> None:
    """Make the backup *folder* (and its parents) and clear temporaries a killed backup left in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(folder)
    except OSError as exc:
        raise StorageError(
            tr("Cannot create the backup folder {folder}: {error}").format(folder=folder, error=exc)
        ) from exc


def create(
    db_path: Path,
    kind: str = "manual",
    *,
    folder: Path | None = None,
    target: Path | None = None,
    now: dt.datetime | None = None,
    skip_if_unchanged: bool = False,
    progress: Progress = _noop,
) -> BackupInfo:
    """Back up *db_path*, verify the copy, write its manifest and rotate the folder; return the backup.

    *target* names the file for a backup outside the folder (``safetywatch backup --out``). With
    *skip_if_unchanged*, the newest verified backup is returned instead when the chain head has not moved.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    db_path = Path(db_path)
    folder = folder or folder_for(db_path)
    now = now or dt.datetime.now(dt.UTC)
    ready_folder(folder)
    if skip_if_unchanged and target is None:
        head = _current_head(db_path)
        newest = next(iter(list_backups(folder, verified_only=True)), None)
        if newest is not None and head is not None and (newest.head_seq, newest.head_hash) == head:
            return newest
    anchors = recorded_anchors(folder)
    if target is None:
        stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{db_path.stem}.{stamp}.{kind}{db_path.suffix or '.db'}"
    found: list[Check] = []
    digest: list[str] = []

    def verify(temporary: Path) -> None:
        found.append(check_copy(temporary, anchors, progress))
        digest.append(sha256_of(temporary))

    try:
        backup_copy(db_path, target, check=verify)
    except OSError as exc:
        raise StorageError(
            tr("The backup could not be written to {path}: {error}. The database was not changed.").format(
                path=target, error=exc.strerror or exc
            )
        ) from exc
    except sqlite3.Error as exc:
        raise StorageError(tr("The database could not be backed up: {error}").format(error=exc)) from exc
    check = found[0]
    info = BackupInfo(
        path=target,
        created_utc=utc_iso(now),
        kind=kind,
        source=str(db_path.resolve()),
        size=target.stat().st_size,
        sha256=digest[0],
        head_seq=check.head[0],
        head_hash=check.head[1],
        schema=check.schema,
        verified=check.ok,
        problems=check.problems,
    )
    record(info, folder, now=now)
    return info


def record(info: BackupInfo, folder: Path, *, now: dt.datetime) -> None:
    """Write the manifest of the backup *info* describes; rotate *folder* if the backup is in it."""
    atomic_write(manifest_path(info.path), (json.dumps(info.manifest(), ensure_ascii=False, indent=2) + "\n").encode())
    if info.path.parent == folder:
        rotate(folder, now=now)


def backup_due(db_path: Path, *, now: dt.datetime | None = None) -> bool:
    """Whether the day's automatic backup of *db_path* is still to be made: no backup of it was made on
    *now*'s local day (a copy taken before a migration holds the old schema and does not count)."""
    today = (now or dt.datetime.now(dt.UTC)).astimezone().date()
    return not any(b.created.astimezone().date() == today for b in backups_of(db_path) if b.kind != "before-migration")


def _settings_path() -> Path:
    return data_dir() / "backups" / SETTINGS


def size_budget() -> int:
    """The size budget of each database's backups, in bytes: the setting, else :data:`DEFAULT_BUDGET_MB`."""
    try:
        megabytes = int(json.loads(_settings_path().read_text(encoding="utf-8"))["budget_mb"])
    except (OSError, ValueError, KeyError, TypeError):
        megabytes = DEFAULT_BUDGET_MB
    low, high = BUDGET_BOUNDS_MB
    return min(max(megabytes, low), high) * 1_048_576


def set_size_budget(megabytes: int) -> None:
    """Save the size budget (MB, within :data:`BUDGET_BOUNDS_MB`); it applies from the next rotation."""
    low, high = BUDGET_BOUNDS_MB
    if not low <= megabytes <= high:
        raise ValueError(f"the backup size budget is {low} to {high} MB, not {megabytes}")
    path = _settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, (json.dumps({"budget_mb": megabytes}) + "\n").encode("utf-8"))
    except OSError as exc:
        raise StorageError(
            tr("The backup settings could not be saved in {path}: {error}").format(path=path, error=exc)
        ) from exc


def total_size(backups: list[BackupInfo]) -> int:
    return sum(b.size for b in backups)


def migration_backup(db_path: Path, label: str) -> Path:
    """The backup ``upgrade_to_head`` makes before migrating (``label`` is 'before-<revision>')."""
    return create(db_path, "before-migration").path


def rotate(folder: Path, *, now: dt.datetime | None = None, budget: int | None = None) -> list[Path]:
    """Delete the backups the policy no longer keeps; return them. Kept: the newest :data:`KEEP_NEWEST`,
    the newest of each day for :data:`KEEP_DAILY_DAYS` days, of each month for :data:`KEEP_MONTHLY_MONTHS`
    months, and the newest verified one whatever its age; then the oldest kept go until the rest fit in
    *budget* bytes (default :func:`size_budget`), never the newest backup nor the newest verified one."""
    now = now or dt.datetime.now(dt.UTC)
    budget = size_budget() if budget is None else budget
    backups = list_backups(folder)  # newest first
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    newest_verified = next((b for b in backups if b.verified), None)
    protected = {b.path for b in (backups[:1] + ([newest_verified] if newest_verified else []))}
    keep |= protected
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for info in backups:
        created = info.created
        age = now - created
        if age <= dt.timedelta(days=KEEP_DAILY_DAYS) and created.date() not in days:
            days.add(created.date())
            keep.add(info.path)
        month = (created.year, created.month)
        months_ago = (now.year - created.year) * 12 + now.month - created.month
        if months_ago < KEEP_MONTHLY_MONTHS and month not in months:
            months.add(month)
            keep.add(info.path)
    used = total_size([b for b in backups if b.path in keep])
    for info in reversed(backups):  # oldest first
        if used <= budget:
            break
        if info.path in keep and info.path not in protected:
            keep.discard(info.path)
            used -= info.size
    removed = []
    for info in backups:
        if info.path in keep:
            continue
        with contextlib.suppress(OSError):
            manifest_path(info.path).unlink()
            info.path.unlink()
            removed.append(info.path)
    _write_index(folder)
    return removed


# --- restoring ----------------------------------------------------------------------------------------


def verify_backup(backup: Path, progress: Progress = _noop) -> BackupInfo | None:
    """Check a backup file before it is used: its SHA-256 against its manifest (if it has one), then the
    copy itself. Raises :class:`StorageError` naming what is wrong; returns the manifest."""
    if not backup.is_file():
        raise StorageError(tr("There is no backup at {path}.").format(path=backup))
    info = read_manifest(backup)
    if info is not None and sha256_of(backup) != info.sha256:
        raise StorageError(
            tr("{path} changed after it was backed up (its SHA-256 differs from the manifest); it is not used.").format(
                path=backup
            )
        )
    check = check_copy(backup, progress=progress)
    if not check.ok:
        raise StorageError(
            tr("{path} failed verification: {problem}").format(path=backup, problem="; ".join(check.problems[:3]))
        )
    return info


def network_message(path: Path, share: str) -> str:
    return tr(
        "{path} is on a network share ({kind}). SQLite cannot lock a database safely there, so records could "
        "be lost or damaged. Copy the database to a local disk (e.g. D:\\SafetyWatch) and open it there."
    ).format(path=path, kind=share)
