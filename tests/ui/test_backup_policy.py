"""Backups an old disk can carry (issue 17): one automatic backup a day, whatever the number of log-ins,
and a size budget shown and set on the backup page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import backup
from safetywatch.ui.backup_page import BackupPage, BackupScheduler
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import card, refs


def test_a_second_log_in_the_same_day_makes_no_second_backup(qtbot: Any, ledger: Ledger) -> None:
    page = BackupPage(ledger)
    qtbot.addWidget(page)
    first = BackupScheduler(ledger, page)
    made: list[object] = []
    first.finished.connect(made.append)
    first.start()  # the first log-in of the day
    assert wait_for_jobs() and len(made) == 1
    assert page.table.rowCount() == 1  # the page heard of it when it finished
    assert "共 1 个备份" in page.usage_label.text()
    first.timer.stop()
    hazards.register(ledger, card(refs(ledger)))  # work (and a log-in) moves the audit chain
    second = BackupScheduler(ledger, page)
    second.finished.connect(made.append)
    second.start()  # signed out and in again
    assert wait_for_jobs() and len(made) == 1 and not second.running
    assert len(backup.backups_of(ledger.path)) == 1
    second.timer.stop()


def test_the_page_shows_the_size_budget_and_sets_it_by_keyboard(qtbot: Any, ledger: Ledger) -> None:
    page = BackupPage(ledger)
    qtbot.addWidget(page)
    page.show()
    assert f"上限 {backup.DEFAULT_BUDGET_MB} MB" in page.usage_label.text()
    try:
        page.budget_box.setFocus()
        qtbot.keyClick(page.budget_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(page.budget_box, "500")
        qtbot.keyClick(page.budget_box, Qt.Key.Key_Return)
        assert backup.size_budget() == 500 * 1_048_576
        assert "上限 500 MB" in page.usage_label.text()
    finally:
        backup.set_size_budget(backup.DEFAULT_BUDGET_MB)
