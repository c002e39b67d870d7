"""Bring a database file to the current schema, after a verified backup copy of any existing data.

Alembic is imported lazily: it costs ~100 ms at start-up and is needed only when the schema is behind.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from safetywatch.db.engine import storage_errors, write_transaction
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
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def has_user_tables(engine: Engine) -> bool:
    with storage_errors(), engine.connect() as conn:
        row = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ).scalar_one()
        return bool(row)


def backup_copy(db_path: Path, target: Path) -> Path:
    """Copy a live database consistently with SQLite's backup API (never a plain file copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA quick_check").fetchone()
            if ok is None or ok[0] != "ok":
                raise RuntimeError(f"backup copy failed its check: {ok}")
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
    return target


def upgrade_to_head(engine: Engine, db_path: Path) -> Path | None:
    """Migrate the database at *db_path* to the newest schema; return the backup made, if any.

    A database that already has data is first copied to ``backups/`` beside it, so a failed or
    unwanted migration can be undone by the user. The migration itself runs in one transaction.
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
    backup = None
    if current is not None or has_user_tables(engine):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        name = f"{db_path.stem}.before-{head}.{stamp}{db_path.suffix or '.db'}"
        engine.dispose()
        backup = backup_copy(db_path, db_path.parent / "backups" / name)

    from alembic import command

    cfg = alembic_config()
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup
