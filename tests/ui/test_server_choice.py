"""The log-in dialog's "Database…" button: choosing another database ends the log-in without a user."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.login_dialog import LoginDialog
from safetywatch.ui.session import sign_in
from tests.account_helpers import add_users


def _press_database_button(asked: list[QWidget]) -> None:
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, LoginDialog):
        QTimer.singleShot(20, lambda: _press_database_button(asked))
        return
    buttons = [
        b for b in dialog.buttons.buttons() if dialog.buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.ActionRole
    ]
    assert len(buttons) == 1
    buttons[0].click()
    if not asked or dialog.isVisible():  # the choice was cancelled: the log-in stays open
        dialog.reject()


def test_choosing_another_database_ends_the_log_in(qtbot: QtBot, ledger: Ledger) -> None:
    add_users(ledger)
    asked: list[QWidget] = []

    def choose(parent: QWidget) -> bool:
        asked.append(parent)
        return True

    QTimer.singleShot(0, lambda: _press_database_button(asked))
    assert sign_in(ledger, "clerk1", choose_database=choose) is None
    assert len(asked) == 1 and isinstance(asked[0], LoginDialog)


def test_without_a_chooser_the_log_in_has_no_database_button(qtbot: QtBot, ledger: Ledger) -> None:
    add_users(ledger)
    dialog = LoginDialog(ledger, "clerk1")
    qtbot.addWidget(dialog)
    roles = [dialog.buttons.buttonRole(b) for b in dialog.buttons.buttons()]
    assert QDialogButtonBox.ButtonRole.ActionRole not in roles
