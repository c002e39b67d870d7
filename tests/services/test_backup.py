"""Backups and restore (reliability.md items 10 and 25; issue 6 "Backups").

Real files throughout: backups through SQLite's backup API into the (test) user data folder, verified,
with manifests; restores into new files only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from safetywatch.db.engine import make_engine, write_transaction
from safetywatch.db.migrate import alembic_config, current_revision, head_revision
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.services.core import audit
from safetywatch.services.core.audit import canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import backup, integrity, restore
from safetywatch.services.maintenance.opening import open_ledger
from tests.faults.tamper import recompute_chain
from tests.helpers import card, count_rows, drop_protective_triggers, raw_sqlite, refs

NOW = dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC)


def _head(ledger: Ledger) -> tuple[int, str]:
    with ledger.read() as conn:
        return audit.chain_head(conn)


def _register(ledger: Ledger, n: int = 1) -> None:
    r = refs(ledger)
    for i in range(n):
        hazards.register(ledger, card(r, description=f"顶板离层 {i}"))


def test_backup_is_verified_self_contained_and_listed_with_its_manifest(ledger: Ledger) -> None:
    _register(ledger, 3)
    info = backup.create(ledger.path, "manual")
    assert info.verified and info.problems == []
    assert info.path.parent == backup.folder_for(ledger.path)
    assert info.path.parent.parent.parent == backup.data_dir()  # in the user data folder
    assert (info.head_seq, info.head_hash) == _head(ledger)
    assert info.sha256 == backup.sha256_of(info.path) and info.size == info.path.stat().st_size
    assert info.schema == head_revision()
    # self-contained: rollback journal mode, nothing beside it, and it holds what the WAL held
    assert info.path.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in info.path.parent.iterdir()) == sorted(
        [info.path.name, info.path.name + ".json", backup.INDEX]
    )
    with raw_sqlite(info.path) as conn:
        assert conn.execute("SELECT count(*) FROM hazard").fetchone() == (3,)
    manifest = json.loads(backup.manifest_path(info.path).read_text(encoding="utf-8"))
    assert manifest["sha256"] == info.sha256 and manifest["head_seq"] == info.head_seq
    assert manifest["verified"] is True and manifest["kind"] == "manual"
    index = json.loads((info.path.parent / backup.INDEX).read_text(encoding="utf-8"))
    assert [e["file"] for e in index["backups"]] == [info.path.name]
    assert backup.backups_of(ledger.path) == [info]


def test_backup_while_another_thread_writes_is_consistent(ledger: Ledger) -> None:
    """Checklist item 25: the copy taken during writes passes integrity_check and the chain."""
    r = refs(ledger)
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            i = 0
            while not stop.is_set():
                hazards.register(ledger, card(r, description=f"并发写入 {i}"))
                i += 1
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        made = [backup.create(ledger.path, "manual") for _ in range(3)]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors
    for info in made:
        assert info.verified, info.problems
        with raw_sqlite(info.path) as conn:
            hazards_n = conn.execute("SELECT count(*) FROM hazard").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM audit_event WHERE entity = 'hazard'").fetchone()[0]
        assert events >= hazards_n  # every copied hazard has its audit event
    assert made[-1].head_seq >= made[0].head_seq


def test_unchanged_database_is_not_backed_up_twice_on_request(ledger: Ledger) -> None:
    first = backup.create(ledger.path, "start", skip_if_unchanged=True)
    again = backup.create(ledger.path, "start", skip_if_unchanged=True)
    assert again == first
    _register(ledger)
    third = backup.create(ledger.path, "start", skip_if_unchanged=True)
    assert third.path != first.path and third.head_seq > first.head_seq


def test_a_tampered_ledger_is_backed_up_but_not_counted_as_verified(ledger: Ledger) -> None:
    _register(ledger)
    ledger.engine.dispose()
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET location = '别处'")
    info = backup.create(ledger.path, "manual")
    assert info.path.exists() and not info.verified
    assert any("location" in p and "别处" in p for p in info.problems)
    assert backup.backups_of(ledger.path, verified_only=True) == []


def _recompute_chain_with_an_edit(path: Path) -> None:
    """Rewrite the newest hazard event and recompute every hash after it (what verify() cannot see)."""
    with raw_sqlite(path) as conn:
        restore = drop_protective_triggers(conn)
        seq, after = conn.execute(
            "SELECT seq, after FROM audit_event WHERE entity = 'hazard' AND action = 'create' ORDER BY seq DESC"
        ).fetchone()
        hazard_id = conn.execute("SELECT entity_id FROM audit_event WHERE seq = ?", (seq,)).fetchone()[0]
        edited = json.loads(after)
        edited["location"] = "别处"
        conn.execute("UPDATE hazard SET location = '别处' WHERE id = ?", (hazard_id,))
        conn.execute("UPDATE audit_event SET after = ? WHERE seq = ?", (canonical_json(edited), seq))
        recompute_chain(conn)
        for sql in restore:
            conn.execute(sql)


def test_a_recomputed_chain_fails_against_the_anchor_of_an_earlier_backup(ledger: Ledger) -> None:
    """Checklist item 10: verify() passes a rebuilt chain; the chain head in the manifest does not."""
    _register(ledger, 2)
    first = backup.create(ledger.path, "manual")
    assert first.verified
    ledger.engine.dispose()
    _recompute_chain_with_an_edit(ledger.path)
    with ledger.read() as conn:
        assert integrity.verify(conn).ok  # the rebuilt chain is self-consistent
    second = backup.create(ledger.path, "manual")
    assert not second.verified
    assert second.problems == [
        f"Audit event #{first.head_seq} differs from the chain head recorded by {first.path.name}: "
        "the audit chain was rewritten after that."
    ]


def test_events_removed_below_an_anchor_are_found(ledger: Ledger) -> None:
    _register(ledger, 2)
    first = backup.create(ledger.path, "manual")
    ledger.engine.dispose()
    with raw_sqlite(ledger.path) as conn:
        restore = drop_protective_triggers(conn)
        conn.execute("DELETE FROM audit_event WHERE seq > ?", (first.head_seq - 3,))
        for sql in restore:
            conn.execute(sql)
    with ledger.read() as conn:
        problems = audit.verify_anchors(conn, [audit.Anchor(first.head_seq, first.head_hash, "the manifest")])
    assert [p.kind for p in problems] == ["anchor"]
    assert f"recorded event #{first.head_seq}: events were removed" in problems[0].message


def test_rotation_keeps_recent_daily_monthly_and_the_newest_verified(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "rot"
    real = backup.create(ledger.path, "daily", folder=folder, now=NOW - dt.timedelta(days=800))
    # one backup every 6 hours for 100 days (copies of a real one, each with its own manifest)
    stamps = [NOW - dt.timedelta(hours=6 * i) for i in range(400)][::-1]
    for i, when in enumerate(stamps):
        copy = folder / f"copy-{i:03d}.db"
        shutil.copyfile(real.path, copy)
        info = dataclasses.replace(real, path=copy, created_utc=when.isoformat().replace("+00:00", "Z"))
        info = dataclasses.replace(info, verified=i < 5)  # only the oldest ones verified
        backup.manifest_path(copy).write_text(json.dumps(info.manifest()), encoding="utf-8")
    backup.rotate(folder, now=NOW)
    kept = backup.list_backups(folder)
    assert not real.path.exists()  # older than two years, and a newer verified one exists
    assert next(b for b in kept if b.verified).path.name == "copy-004.db"  # the newest verified stays
    created = [b.created for b in kept]
    assert created[:10] == sorted(stamps, reverse=True)[:10]  # the newest ten
    days = {c.date() for c in created if NOW - c <= dt.timedelta(days=backup.KEEP_DAILY_DAYS)}
    assert len(days) == backup.KEEP_DAILY_DAYS + 1
    assert {(c.year, c.month) for c in created} == {(s.year, s.month) for s in stamps}
    assert len(kept) < 30
    assert len(list(folder.glob("*.db"))) == len(kept)  # files and manifests go together
    assert len(json.loads((folder / backup.INDEX).read_text(encoding="utf-8"))["backups"]) == len(kept)


def _local_noon(day_offset: int = 0) -> dt.datetime:
    """Noon of a local day (the policy counts backups per local day, whatever the machine's zone)."""
    local = dt.datetime.combine(NOW.date() + dt.timedelta(days=day_offset), dt.time(12)).astimezone()
    return local.astimezone(dt.UTC)


def test_one_automatic_backup_a_day(ledger: Ledger) -> None:
    assert backup.backup_due(ledger.path, now=_local_noon())
    backup.create(ledger.path, "start", now=_local_noon())
    _register(ledger)  # the chain moved (as every log-in moves it): still none due the same day
    assert not backup.backup_due(ledger.path, now=_local_noon() + dt.timedelta(hours=11))
    assert backup.backup_due(ledger.path, now=_local_noon(1) - dt.timedelta(hours=11))  # 01:00 next day


def test_a_copy_before_a_migration_is_not_the_days_backup(ledger: Ledger) -> None:
    backup.create(ledger.path, "before-migration", now=_local_noon())
    assert backup.backup_due(ledger.path, now=_local_noon() + dt.timedelta(hours=1))


def _fill(folder: Path, real: backup.BackupInfo, stamps: list[dt.datetime], size: int) -> None:
    """Backups at *stamps*, each a copy of *real* whose manifest says it is *size* bytes."""
    for i, when in enumerate(stamps):
        copy = folder / f"copy-{i:03d}.db"
        shutil.copyfile(real.path, copy)
        info = dataclasses.replace(real, path=copy, created_utc=when.isoformat().replace("+00:00", "Z"), size=size)
        backup.manifest_path(copy).write_text(json.dumps(info.manifest()), encoding="utf-8")


def test_rotation_deletes_the_oldest_until_the_size_budget_fits(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "budget"
    real = backup.create(ledger.path, "daily", folder=folder, now=NOW - dt.timedelta(days=30))
    stamps = [NOW - dt.timedelta(days=i) for i in range(8)][::-1]  # eight days, 52 MB each (a mine's year)
    _fill(folder, real, stamps, 52 * 1_048_576)
    real.path.unlink()
    backup.manifest_path(real.path).unlink()
    removed = backup.rotate(folder, now=NOW, budget=200 * 1_048_576)
    kept = backup.list_backups(folder)
    assert [b.created for b in kept] == sorted(stamps, reverse=True)[:3]  # the newest three fit in 200 MB
    assert len(removed) == 5 and backup.total_size(kept) <= 200 * 1_048_576
    assert len(list(folder.glob("*.db"))) == 3


def test_the_newest_backup_stays_whatever_the_budget(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "tiny-budget"
    first = backup.create(ledger.path, "daily", folder=folder, now=NOW - dt.timedelta(days=1))
    _register(ledger)
    newest = backup.create(ledger.path, "daily", folder=folder, now=NOW)
    backup.rotate(folder, now=NOW, budget=1)
    assert [b.path for b in backup.list_backups(folder)] == [newest.path]
    assert not first.path.exists()


def test_the_size_budget_is_a_setting_with_a_default(ledger: Ledger) -> None:
    assert backup.size_budget() == backup.DEFAULT_BUDGET_MB * 1_048_576
    backup.set_size_budget(500)
    try:
        assert backup.size_budget() == 500 * 1_048_576
        with pytest.raises(ValueError, match="100 to"):
            backup.set_size_budget(5)
    finally:
        backup.set_size_budget(backup.DEFAULT_BUDGET_MB)


# --- restore ------------------------------------------------------------------------------------------


def test_restore_into_a_new_file_is_verified_and_audited(ledger: Ledger, tmp_path: Path) -> None:
    _register(ledger, 2)
    made = backup.create(ledger.path, "manual")
    _register(ledger, 1)  # after the backup: not in the restored file
    target = tmp_path / "restored" / "ledger-restored.db"
    result = restore.restore(made.path, target, actor="管理员", current=ledger.path)
    assert result.path == target and result.source == made
    assert result.previous is not None and result.previous.kind == "before-restore" and result.previous.verified
    assert result.previous.head_seq > made.head_seq  # the database in use was backed up first
    restored = open_ledger(target, actor="测试员")
    try:
        assert count_rows(restored, "hazard") == 2
        with restored.read() as conn:
            report = integrity.verify(conn)
            last = conn.exec_driver_sql(
                "SELECT actor, action, entity, after FROM audit_event ORDER BY seq DESC LIMIT 1"
            ).one()
        assert report.ok
        assert report.head[0] == made.head_seq + 1
        assert (last[0], last[1], last[2]) == ("管理员", "restore", "database")
        assert json.loads(last[3])["sha256"] == made.sha256
    finally:
        restored.close()
    assert count_rows(ledger, "hazard") == 3  # the database in use is untouched


def test_restore_never_writes_over_an_existing_file(ledger: Ledger, tmp_path: Path) -> None:
    made = backup.create(ledger.path, "manual")
    existing = tmp_path / "other.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(StorageError, match="restored only into a new file"):
        restore.restore(made.path, existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(StorageError, match="restored only into a new file"):
        restore.restore(made.path, ledger.path)  # in place: refused


def test_a_backup_changed_after_it_was_made_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    made = backup.create(ledger.path, "manual")
    data = bytearray(made.path.read_bytes())
    data[-1] ^= 0xFF  # one bit in the last page
    made.path.write_bytes(bytes(data))
    with pytest.raises(StorageError, match="SHA-256 differs"):
        restore.restore(made.path, tmp_path / "new.db")
    assert not (tmp_path / "new.db").exists()


def test_restore_to_a_network_share_is_refused(ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = backup.create(ledger.path, "manual")
    monkeypatch.setattr(restore, "network_filesystem", lambda _path: "cifs")
    with pytest.raises(StorageError, match="network share"):
        restore.restore(made.path, tmp_path / "share" / "new.db")


# --- before a migration -------------------------------------------------------------------------------


def _database_at(path: Path, revision: str) -> None:
    from alembic import command

    engine = make_engine(path)
    cfg = alembic_config()
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def test_open_backs_up_an_older_schema_before_migrating_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _database_at(path, "0001")
    with raw_sqlite(path) as conn:
        before = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    ledger = open_ledger(path, actor="测试员", clock=FixedClock(NOW))
    try:
        assert ledger.backup_made is not None
        engine = ledger.engine
        assert current_revision(engine) == head_revision()
    finally:
        ledger.close()
    [info] = backup.backups_of(path)
    assert info.path == ledger.backup_made and info.kind == "before-migration"
    assert info.schema == "0001" and info.verified
    with raw_sqlite(info.path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == before


def test_check_copy_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_text("not a database\n" * 300, encoding="utf-8")
    with pytest.raises(StorageError):
        backup.check_copy(fake)
    with pytest.raises(sqlite3.Error):
        sqlite3.connect(fake).execute("SELECT * FROM sqlite_master").fetchall()
