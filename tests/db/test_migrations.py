"""Schema migrations: head on a new file, models = migrations, one head, backups, protective triggers."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from safetywatch.db import models
from safetywatch.db.engine import make_engine
from safetywatch.db.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    backup_copy,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance.opening import open_ledger
from tests.helpers import raw_sqlite


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read with plain sqlite3."""
    with raw_sqlite(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def test_upgrade_on_an_empty_file_reaches_head(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    engine = make_engine(path)
    try:
        assert current_revision(engine) is None
        backup = upgrade_to_head(engine, path)
        assert backup is None  # nothing to protect in a new file
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert not (tmp_path / "backups").exists()


def test_models_match_the_migrations(ledger: Ledger) -> None:
    with ledger.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.metadata)
    assert diff == []


def test_one_head_and_every_down_revision_exists() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]
    revisions = {rev.revision: rev for rev in script.walk_revisions()}
    roots = [rev for rev in revisions.values() if rev.down_revision is None]
    assert len(roots) == 1
    for rev in revisions.values():
        downs = rev.down_revision if isinstance(rev.down_revision, tuple) else (rev.down_revision,)
        for down in downs:
            assert down is None or down in revisions, f"{rev.revision} revises missing {down}"
    # the quick file parser used at start-up agrees with each file's own header
    files = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    assert len(files) == len(revisions)
    for file in files:
        text = file.read_text(encoding="utf-8")
        match = re.search(r'^revision = ["\'](.+?)["\']', text, re.M)
        assert match and match.group(1) in revisions


def test_second_open_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    first = open_ledger(path, actor="测试员")
    assert first.backup_made is None
    first.close()
    second = open_ledger(path, actor="测试员")
    try:
        assert second.backup_made is None
    finally:
        second.close()
    assert not (tmp_path / "backups").exists()


def test_protective_triggers_exist_after_migration(ledger: Ledger) -> None:
    with ledger.read() as conn:
        triggers = {
            name: sql for name, sql in conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
        }
    expected = {"audit_event_no_update", "audit_event_no_delete"}
    expected |= {f"{table.name}_no_delete" for table in models.AUDITED_TABLES}
    assert expected <= set(triggers)
    assert "BEFORE UPDATE ON audit_event" in triggers["audit_event_no_update"]
    for table in models.AUDITED_TABLES:
        assert f"BEFORE DELETE ON {table.name}" in triggers[f"{table.name}_no_delete"]


def test_every_audited_model_has_the_record_columns() -> None:
    for table in models.AUDITED_TABLES:
        assert {"id", "uuid", "created_at", "updated_at", "version", "voided", "void_reason"} <= set(table.c.keys()), (
            table.name
        )


def test_backup_copy_is_consistent_and_checked(ledger: Ledger, tmp_path: Path) -> None:
    """The copy includes what still sits in the WAL, passes quick_check and holds the same rows."""
    from safetywatch.services.kinds import reference

    reference.save(ledger, "shift", {"code": "4", "name": "检修班", "starts": "06:00", "ends": "14:00"})
    assert ledger.path.with_name(ledger.path.name + "-wal").stat().st_size > 0
    target = backup_copy(ledger.path, tmp_path / "copies" / "copy.db")
    assert target == tmp_path / "copies" / "copy.db"
    assert not target.with_name(target.name + ".tmp").exists()
    with raw_sqlite(target) as conn:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT name FROM shift WHERE code = '4'").fetchone() == ("检修班",)
    ledger.engine.dispose()
    assert _rows(target) == _rows(ledger.path)


def test_backup_is_made_before_migrating_an_existing_database(tmp_path: Path) -> None:
    """A file with data but no schema revision (e.g. an old program's) is copied before anything runs."""
    path = tmp_path / "old.db"
    with raw_sqlite(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('旧台账')")
    before = _rows(path)
    engine = make_engine(path)
    try:
        backup = upgrade_to_head(engine, path)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert backup is not None and backup.parent == tmp_path / "backups"
    assert backup.name.startswith(f"old.before-{head_revision()}.")
    assert _rows(backup) == before


def test_a_database_from_a_newer_program_is_refused_clearly(tmp_path: Path) -> None:
    """A file migrated by a newer SafetyWatch has a revision this program does not know.

    Opening it must say so as a SafetyWatchError (the user can update the program), not escape as an
    Alembic CommandError to the crash handler, and the file must be left unchanged.
    """
    path = tmp_path / "newer.db"
    open_ledger(path, actor="测试员").close()
    with raw_sqlite(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = _rows(path)
    with pytest.raises(SafetyWatchError):
        open_ledger(path, actor="测试员", clock=None)
    assert _rows(path) == before


def test_raw_sqlite_sees_foreign_keys_declared(ledger: Ledger) -> None:
    """The hazard table's references are real foreign keys (enforced because every connection sets them)."""
    ledger.engine.dispose()
    with raw_sqlite(ledger.path) as conn:
        fks = {row[3] for row in conn.execute("PRAGMA foreign_key_list(hazard)")}
        conn.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO hazard_follow_up (hazard_id, action, to_status, on_date, actor, uuid, "
                "created_at, updated_at, version, voided) "
                "VALUES (999, 'x', 'x', '2026-01-01', 'x', 'u', 'a', 'a', 1, 0)"
            )
    assert {"workstation_id", "unit_id", "category_id", "level_id", "shift_id", "source_id"} <= fks
