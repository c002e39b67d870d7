"""Issue 13 §1: once a write is refused because its record was forged in the file, the main window keeps
saying so (a red line in the status bar), and the page that tried says why nothing was saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.ui.backup_page import start_automatic_backups
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import run_write, wait_for_writes
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import card, raw_sqlite, refs


class _Sink:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def invalid(self, error: Any) -> None:
        self.messages.append(str(error))

    def failed(self, message: str) -> None:
        self.messages.append(message)


def test_a_refused_write_on_a_forged_record_leaves_a_warning_in_the_window(qtbot: Any, ledger: Ledger) -> None:
    hazard_id = int(hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 9)))["id"])
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    assert not window.tamper_label.isVisible()
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET status = 'in_rectification' WHERE id = ?", (hazard_id,))

    sink = _Sink()
    step = StepInput(HazardAction.REPORT_DONE, dt.date(2026, 6, 10), person="孙八")
    run_write(window, lambda: hazards.act(ledger, hazard_id, step), done=lambda _row: None, errors=sink)
    assert wait_for_writes()
    qtbot.waitUntil(window.tamper_label.isVisible)

    assert sink.messages and "hazard #" in sink.messages[0]
    assert "校验数据库" in window.tamper_label.text()  # the Chinese interface says where to verify
    assert "status" in window.tamper_label.toolTip()


def test_an_automatic_backup_that_fails_verification_leaves_the_warning(qtbot: Any, ledger: Ledger) -> None:
    """A row forged while the program was closed: nothing writes that record, but the backup made at start
    verifies the copy, and the window says so instead of only logging it."""
    hazard_id = int(hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 9)))["id"])
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET description = '已处理' WHERE id = ?", (hazard_id,))
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    scheduler = start_automatic_backups(window, ledger)
    assert wait_for_jobs()
    scheduler.timer.stop()
    qtbot.waitUntil(window.tamper_label.isVisible)
    assert "自动备份未通过校验" in window.tamper_label.toolTip() and "description" in window.tamper_label.toolTip()
