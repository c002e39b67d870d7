"""The GUI's "Fill with demo data" on a database with accounts (every database the GUI opens has them): the
demo acts for the signed-in safety officer, as the program on its own may not (issue 13 §3)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import integrity
from safetywatch.ui.main_window import MainWindow
from tests.account_helpers import add_users, signed_in


def test_a_signed_in_officer_fills_a_training_database(qtbot: Any, ledger: Ledger, monkeypatch: Any) -> None:
    add_users(ledger)
    officer = signed_in(ledger, Role.SAFETY_OFFICER)
    window = MainWindow(officer)
    qtbot.addWidget(window)
    window.apply_role(officer.user)  # type: ignore[arg-type]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append("warning: " + text))
    window.fill_demo_data()
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert shown[0].startswith("已添加"), shown
    with ledger.read() as conn:
        actors = conn.exec_driver_sql("SELECT DISTINCT actor FROM audit_event WHERE entity = 'hazard'").all()
        assert actors == [("officer1",)]
        assert integrity.verify(conn).ok
