"""Bring a database file to the current schema, after a verified backup copy of any existing data.

Alembic is imported lazily: it costs ~100 ms at start-up and is needed only when the schema is behind.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from safetywatch.db.dialect import is_postgres
from safetywatch.db.engine import BUSY_TIMEOUT_MS, read_only_uri, storage_errors, write_transaction
from safetywatch.db.files import atomic_path
from safetywatch.domain.errors import StorageError
from safetywatch.domain.i18n import tr

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this program (read from the files, no database needed)."""
    heads = _heads(known_revisions())
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head in {MIGRATIONS_DIR}, found {heads}")
    return heads[0]


def _heads(revisions: dict[str, str | None]) -> list[str]:
    children = {down for down in revisions.values() if down}
    return [rev for rev in revisions if rev not in children]


def known_revisions() -> dict[str, str | None]:
    """Every shipped revision and the one it follows (``None`` for the first)."""
    # Parsing the revision files is ~50x faster than loading Alembic's ScriptDirectory at every start.
    revisions: dict[str, str | None] = {}
    for file in (MIGRATIONS_DIR / "versions").glob("*.py"):
        rev = down = None
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.startswith("revision = "):
                rev = line.split("=", 1)[1].strip().strip("'\"")
            elif line.startswith("down_revision = "):
                value = line.split("=", 1)[1].strip()
                down = None if value == "None" else value.strip("'\"")
        if rev:
            revisions[rev] = down
    return revisions


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database, or ``None`` for an empty or foreign file."""
    with storage_errors(), engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def has_user_tables(engine: Engine) -> bool:
    with storage_errors(), engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def backup_copy(db_path: Path, target: Path, *, check: Callable[[Path], None] | None = None) -> Path:
    """Copy a live database consistently with SQLite's backup API (never a plain file copy).

    The copy is made in a temporary file beside *target*, turned into a self-contained file (rollback
    journal, so it needs no ``-wal`` beside it), checked with ``quick_check`` and then by *check* (which
    raises to reject it), synced and renamed to *target*: *target* is complete or absent, never partial.
    """
    with atomic_path(target) as temporary:
        # read-only: a database on read-only media can be backed up too (db.engine.read_only_uri)
        src = sqlite3.connect(read_only_uri(db_path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(temporary, isolation_level=None)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot, writers carry on (WAL)
                dst.execute("PRAGMA journal_mode=DELETE")
                ok = dst.execute("PRAGMA quick_check").fetchone()
                if ok is None or ok[0] != "ok":
                    raise StorageError(tr("The backup copy failed its check: {problem}").format(problem=ok))
            finally:
                dst.close()
        finally:
            src.close()
        if check is not None:
            check(temporary)
    return target


def upgrade_to_head(engine: Engine, db_path: Path, *, backup: Callable[[Path, str], Path] | None = None) -> Path | None:
    """Migrate the database at *db_path* to the newest schema; return the backup made, if any.

    A database that already has data is first backed up, so a failed or unwanted migration can be undone
    by the user: by *backup(db_path, label)* if given (the verified, listed backups of
    ``services.maintenance.backup``), else copied to ``backups/`` beside it. The migration runs in one transaction.
    """
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise StorageError(
            tr(
                "This database was made by a newer version of SafetyWatch (schema {rev}). "
                "Install that version to open it; the file was not changed."
            ).format(rev=current)
        )
    made = None
    if is_postgres(engine):
        pass  # a server database is backed up with pg_dump by its administrator's schedule (docs/postgresql.md)
    elif current is not None or has_user_tables(engine):
        engine.dispose()
        if backup is not None:
            made = backup(db_path, f"before-{head}")
        else:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            name = f"{db_path.stem}.before-{head}.{stamp}{db_path.suffix or '.db'}"
            made = backup_copy(db_path, db_path.parent / "backups" / name)

    from alembic import command

    cfg = alembic_config()
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return made
