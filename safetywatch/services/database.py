"""Opening a ledger database: checks, migration, seeding; and the handle every service works through."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine

from safetywatch.db.engine import make_engine, read_connection, write_transaction
from safetywatch.db.migrate import upgrade_to_head
from safetywatch.domain.clock import Clock, SystemClock
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr
from safetywatch.services.records import Writer


@dataclass
class Ledger:
    """An open SafetyWatch database, the operator acting on it, and the clock."""

    path: Path
    engine: Engine
    actor: str = "system"
    clock: Clock = field(default_factory=SystemClock)
    backup_made: Path | None = None

    @contextmanager
    def write(self) -> Iterator[Writer]:
        """One user action = one transaction: every record change and its audit events, or nothing."""
        with write_transaction(self.engine) as conn:
            yield Writer(conn, self.actor, self.clock)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with read_connection(self.engine) as conn:
            yield conn

    def close(self) -> None:
        with self.read() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()


def check_file(path: Path) -> None:
    """Refuse a file that is not a healthy SQLite database before anything writes to it.

    A damaged file is left exactly as it is (no repair, no new database over it): the user restores a
    backup. Uses the plain driver so no PRAGMA or WAL switch touches a foreign file.
    """
    if not path.exists() or path.stat().st_size == 0:
        if path.exists():
            raise StorageError(
                tr(
                    "{path} is empty (0 bytes): it is not a SafetyWatch database. "
                    "Restore a backup or choose another file."
                ).format(path=path)
            )
        return
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise StorageError(
                tr("{path} is not a SafetyWatch database (not an SQLite file).").format(path=path)
            )
    try:
        conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            tr("{path} is damaged ({error}). It was not changed; restore it from a backup.").format(
                path=path, error=exc
            )
        ) from exc
    if result != [("ok",)]:
        first = result[0][0] if result else "?"
        raise StorageError(
            tr("{path} is damaged ({error}). It was not changed; restore it from a backup.").format(
                path=path, error=first
            )
        )


def open_ledger(
    path: Path, *, actor: str = "system", clock: Clock | None = None, seed: bool = True
) -> Ledger:
    """Open (creating if needed) the database at *path*, migrate it and seed default reference data."""
    path = Path(path)
    check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            tr("Cannot create the folder {folder}: {error}").format(folder=path.parent, error=exc)
        ) from exc
    engine = make_engine(path)
    ledger = Ledger(path=path, engine=engine, actor=actor, clock=clock or SystemClock())
    ledger.backup_made = upgrade_to_head(engine, path)
    if seed:
        from safetywatch.services.reference import seed_defaults

        seed_defaults(ledger)
    return ledger
