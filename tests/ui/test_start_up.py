"""Start-up wiring (app.py): log in, work as that user, sign out, log in again or stop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from safetywatch import app as app_module
from safetywatch.domain.permissions import Role
from safetywatch.services import accounts
from safetywatch.services.database import Ledger
from safetywatch.ui import session as session_module
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.session import Session
from tests.account_helpers import FAST, PASSWORD, add_users


def test_sign_out_returns_to_the_log_in_and_cancel_ends(
    qtbot: Any, ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_users(ledger)
    auditor = accounts.authenticate(ledger, "auditor1", PASSWORD, hasher=FAST)
    answers = iter([auditor, None])
    hints: list[str] = []

    def sign_in(_ledger: Ledger, hint: str = "") -> Any:
        hints.append(hint)
        return next(answers)

    windows: list[MainWindow] = []

    def run_event_loop(_app: QApplication) -> int:  # instead of QApplication.exec: the user signs out
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        windows.append(window)
        session = window.findChild(Session)
        assert session is not None
        session.sign_out_requested.emit()
        return 0

    monkeypatch.setattr(session_module, "sign_in", sign_in)
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    prefs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    assert app_module._run_sessions(app, ledger, prefs, "aud") == 0
    assert hints == ["aud", "auditor1"]  # the next log-in offers the last user's name
    assert prefs.value("operator") == "auditor1"
    (window,) = windows
    assert window.ledger.user == auditor and window.ledger.read_only and auditor.role is Role.AUDITOR
    assert not window.isVisible()
