"""The backup page, the recovery dialog of a refused database, automatic backups, the single-instance lock
and the crash hook (reliability.md items 8, 9, 25; issue 6)."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from safetywatch.domain.errors import StorageError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import backup, integrity, restore
from safetywatch.services.maintenance.opening import DatabaseRefusedError, open_ledger
from safetywatch.ui import instance_lock
from safetywatch.ui.backup_page import BackupPage, BackupScheduler, RecoveryDialog, start_automatic_backups
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import card, count_rows, refs


def _hazards(ledger: Ledger, n: int) -> None:
    r = refs(ledger)
    for i in range(n):
        from safetywatch.services.kinds import hazards

        hazards.register(ledger, card(r, description=f"备份测试 {i}"))


def test_page_backs_up_now_and_lists_the_backup(qtbot: Any, ledger: Ledger) -> None:
    page = BackupPage(ledger)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0 and not page.restore_button.isEnabled()
    page.backup_button.click()
    assert not page.backup_button.isEnabled()  # one at a time
    assert wait_for_jobs()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 2).text() == "是"  # verified (Chinese UI)
    with ledger.read() as conn:
        head = conn.exec_driver_sql("SELECT max(seq) FROM audit_event").scalar()
    assert page.table.item(0, 3).text() == f"至第 {head} 号"  # as the audit trail numbers events, no "#"
    assert page.restore_button.isEnabled()
    assert "已校验" in page.status.text() and "#" not in page.status.text()


def test_a_backup_made_elsewhere_is_listed_when_it_is_written(qtbot: Any, ledger: Ledger) -> None:
    """Issue 12: the automatic backup on start finished, and the page stayed empty."""
    page = BackupPage(ledger)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0
    scheduler = start_automatic_backups(page, ledger)
    assert wait_for_jobs()
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == "启动时"
    assert page.restore_button.isEnabled()
    scheduler.timer.stop()


def test_restore_into_a_new_file_then_switch(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    _hazards(ledger, 2)
    backup.create(ledger.path, "manual")
    _hazards(ledger, 1)
    page = BackupPage(ledger)
    qtbot.addWidget(page)
    target = tmp_path / "restored.db"
    page.choose_target = lambda _info: target  # type: ignore[method-assign]
    with qtbot.waitSignal(page.switch_requested, timeout=20_000) as signal_:
        page.restore_button.click()
    assert signal_.args == [target]
    restored = open_ledger(target, actor="测试员")
    try:
        assert count_rows(restored, "hazard") == 2
        with restored.read() as conn:
            assert integrity.verify(conn).ok
    finally:
        restored.close()
    assert count_rows(ledger, "hazard") == 3
    kinds = [b.kind for b in backup.backups_of(ledger.path)]
    assert kinds.count("before-restore") == 1  # the database in use was backed up before the restore


def test_restore_refuses_an_existing_file_and_unverified_backups(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    backup.create(ledger.path, "manual")
    page = BackupPage(ledger)
    qtbot.addWidget(page)
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep")
    page.choose_target = lambda _info: existing  # type: ignore[method-assign]
    page.restore_button.click()
    assert "已存在" in page.status.text()
    assert existing.read_bytes() == b"keep"
    # a backup that failed verification cannot be restored from the page
    ledger.engine.dispose()
    from tests.helpers import raw_sqlite

    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE org_unit SET name = '改过' WHERE code = 'U01'")
    bad = backup.create(ledger.path, "manual")
    assert not bad.verified
    page.refresh()
    assert page.table.selected() == bad
    assert not page.restore_button.isEnabled()


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = (len(data) // page_size - 2) * page_size
    data[start + 8 : start + page_size] = b"\xff" * (page_size - 8)
    path.write_bytes(bytes(data))


def test_recovery_dialog_offers_the_verified_backups_and_restores_one(
    qtbot: Any, ledger: Ledger, tmp_path: Path
) -> None:
    _hazards(ledger, 30)
    made = backup.create(ledger.path, "manual")
    ledger.close()
    _damage(ledger.path)
    damaged = ledger.path.read_bytes()
    with pytest.raises(DatabaseRefusedError) as info:
        open_ledger(ledger.path)
    assert info.value.backups == [made]
    dialog = RecoveryDialog(info.value, actor="测试员")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.restore_button.isEnabled()
    target = tmp_path / "from-backup.db"
    dialog.choose_target = lambda _info: target  # type: ignore[method-assign]
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: dialog.restored_path is not None, timeout=20_000)
    assert dialog.restored_path == target
    assert ledger.path.read_bytes() == damaged  # never repaired, never overwritten
    reopened = open_ledger(target)
    assert count_rows(reopened, "hazard") == 30
    reopened.close()


def test_recovery_dialog_without_backups_says_so(qtbot: Any, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("不是数据库\n" * 50, encoding="utf-8")
    with pytest.raises(DatabaseRefusedError) as info:
        open_ledger(text_file)
    dialog = RecoveryDialog(info.value)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    assert "没有找到" in dialog.offer.text()


def test_scheduler_backs_up_on_start_and_when_a_day_has_passed(qtbot: Any, ledger: Ledger) -> None:
    import os
    import time

    stale = ledger.path.with_name(".2026-05.pdf.k2j3.tmp")  # left by an export that crashed yesterday
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 86400, time.time() - 86400))
    scheduler = BackupScheduler(ledger, every_ms=3_600_000)
    results: list[object] = []
    scheduler.finished.connect(results.append)
    scheduler.start()
    assert wait_for_jobs()
    assert len(results) == 1 and isinstance(results[0], backup.BackupInfo) and results[0].kind == "start"
    assert not stale.exists()  # stale temporaries are cleaned at start
    scheduler.check_daily()  # not due yet
    assert wait_for_jobs() and len(results) == 1
    _hazards(ledger, 1)
    scheduler.check_daily(now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=25))
    assert wait_for_jobs()
    assert len(results) == 2 and isinstance(results[1], backup.BackupInfo) and results[1].kind == "daily"
    assert results[1].verified
    scheduler.timer.stop()


# --- one writer ---------------------------------------------------------------------------------------

HOLD_LOCK = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "refused", flush=True)
time.sleep(60)
"""


def test_a_second_instance_is_refused_while_the_first_runs(qtbot: Any, tmp_path: Path) -> None:
    """Checklist item 8: the lock is held by another process, refused with its pid; freed when it dies."""
    db = tmp_path / "ledger.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(instance_lock.lock_path(db))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert instance_lock.acquire(db) is None
        message = instance_lock.refusal_message(db)
        assert str(holder.pid) in message and "已经打开" in message
    finally:
        if sys.platform == "win32":
            holder.kill()
        else:
            holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
    lock = instance_lock.acquire(db)  # its owner is gone: the lock is stale and taken over
    assert lock is not None
    assert instance_lock.acquire(db) is None  # and now this process holds it
    lock.unlock()


def test_the_app_refuses_to_open_a_locked_database(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from safetywatch import app

    db = tmp_path / "ledger.db"
    first = instance_lock.acquire(db)
    assert first is not None
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append(f"{title}: {text}"))
    try:
        assert app._lock_database(db) is False
    finally:
        first.unlock()
    assert shown and "只能有一个程序" in shown[0]
    assert not db.exists()  # nothing was opened


def test_switch_database_opens_the_restored_copy_in_a_new_window(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    from safetywatch import app
    from safetywatch.ui.main_window import MainWindow

    made = backup.create(ledger.path, "manual")
    target = tmp_path / "restored.db"
    restore.restore(made.path, target)
    window = MainWindow(ledger)
    app._session.update(window=window, ledger=ledger, lock=instance_lock.acquire(ledger.path))
    try:
        new = app.switch_database(target)
        assert isinstance(new, MainWindow) and new.ledger.path == target
        assert app._session["ledger"].path == target
        assert not window.isVisible()
        assert instance_lock.acquire(ledger.path) is not None  # the old database's lock was released
    finally:
        app._close_session()


# --- errors -------------------------------------------------------------------------------------------


def test_crash_hook_logs_a_bug_and_shows_the_log_file(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from safetywatch import app

    log_file = tmp_path / "safetywatch.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append((text, "")))
    hook = app.crash_hook(log_file)
    try:
        try:
            raise ZeroDivisionError("a bug")
        except ZeroDivisionError as exc:
            hook(type(exc), exc, exc.__traceback__)
        try:
            raise StorageError("磁盘已满，未保存。", kind="full")
        except StorageError as exc:
            hook(type(exc), exc, exc.__traceback__)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert str(log_file) in shown[0][0] and "ZeroDivisionError: a bug" in shown[0][1]
    assert shown[1] == ("磁盘已满，未保存。", "")  # a known error is its own message, not a crash
    logged = log_file.read_text(encoding="utf-8")
    assert "unhandled bug" in logged and "ZeroDivisionError" in logged and "unhandled error" in logged
