"""Start-up wiring (app.py): log in, work as that user, sign out, log in again or stop."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from safetywatch import app as app_module
from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.services.maintenance import restore
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

    def sign_in(_ledger: Ledger, hint: str = "", **_choose_database: Any) -> Any:
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


def test_a_restore_switches_only_after_a_new_log_in_on_the_copy(
    qtbot: Any, ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The backup page's restore must not leave anyone working unrestricted: the session ends and the
    restored copy asks for a log-in of its own."""
    from safetywatch.services.maintenance import backup

    add_users(ledger)
    made = backup.create(ledger.path, "manual")
    target = tmp_path / "restored.db"
    restore.restore(made.path, target)
    admin = accounts.authenticate(ledger, "admin1", PASSWORD, hasher=FAST)
    asked: list[Path] = []

    def sign_in(led: Ledger, hint: str = "", **_choose_database: Any) -> Any:
        asked.append(led.path)
        return admin if len(asked) == 1 else None  # nobody logs in on the copy: the program ends

    def run_event_loop(_app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        assert app_module.switch_database(target) is None  # no window without a log-in
        assert not window.isVisible()
        return 0

    monkeypatch.setattr(session_module, "sign_in", sign_in)
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    prefs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert app_module._run_sessions(app, ledger, prefs, "admin1") == 0
        assert asked == [ledger.path, target]
        assert app_module._session["ledger"].path == target
    finally:
        app_module._close_session()
        app_module._session.clear()


def test_the_backup_page_lists_the_start_up_backup_once_it_is_written(
    qtbot: Any, ledger: Ledger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Issue 12: the page stayed empty after the automatic backup on start; it hears of it through the hub."""
    from safetywatch.services.maintenance import backup

    add_users(ledger)
    admin = accounts.authenticate(ledger, "admin1", PASSWORD, hasher=FAST)
    answers = iter([admin, None])
    listed: list[int] = []

    def run_event_loop(_app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        assert window.backup_page.table.rowCount() == 0  # shown before the backup is written
        qtbot.waitUntil(lambda: window.backup_page.table.rowCount() == 1, timeout=20_000)
        listed.append(window.backup_page.table.rowCount())
        return 0

    monkeypatch.setattr(session_module, "sign_in", lambda _led, _hint="", **_choose_database: next(answers))
    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    prefs = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app_module._run_sessions(app, ledger, prefs, "admin1") == 0
    assert listed == [1] and [b.kind for b in backup.backups_of(ledger.path)] == ["start"]
