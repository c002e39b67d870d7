"""Issue 17, the auditor: no stray English in the dialogs either. The log-in, first-administrator and
password dialogs are opened with an error showing; then every enabled button of every page (an
administrator's and an officer's window, a record selected where a page has a list) is clicked, and each
dialog or message box that opens is read — title, labels, buttons, placeholders, tooltips — and closed
(Escape: nothing is confirmed). The check is the page walk's (:func:`stray_words`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QMessageBox,
    QTableView,
    QWidget,
)

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, hazards
from safetywatch.ui.login_dialog import ChangePasswordDialog, FirstAdministratorDialog, LoginDialog
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.session import open_session
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users
from tests.helpers import card, refs
from tests.ui.test_no_stray_english import stray_words, visible_texts


class DialogReader(QObject):
    """Reads every dialog as it is shown and closes it unconfirmed (a modal exec() returns at once)."""

    def __init__(self) -> None:
        super().__init__()
        self.read: dict[str, list[tuple[str, str]]] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            self.read.setdefault(type(watched).__name__, []).extend(visible_texts(watched))
            QTimer.singleShot(0, watched.reject)
        return False


def _settle(qtbot: Any, dialog: Any) -> None:
    qtbot.waitUntil(lambda: wait_for_writes(100) and not dialog.busy, timeout=10_000)


def _account_dialogs(qtbot: Any, ledger: Ledger) -> list[QWidget]:
    """The log-in with its error, a first start's administrator form refusing a weak password, and the
    password change refusing a mismatch: each with its message showing."""
    login = LoginDialog(ledger, "clerk1", hasher=FAST)
    login.password.setText("wrong password")
    login.buttons.accepted.emit()
    _settle(qtbot, login)
    assert login.error.text()
    change = ChangePasswordDialog(ledger, LOGINS[Role.CLERK], hasher=FAST)
    change.buttons.accepted.emit()  # nothing typed: refused with a message
    _settle(qtbot, change)
    first = FirstAdministratorDialog(ledger, hasher=FAST)
    first.buttons.accepted.emit()
    _settle(qtbot, first)
    for dialog in (login, change, first):
        qtbot.addWidget(dialog)
        dialog.show()
    return [login, change, first]


def test_the_dialogs_of_the_chinese_ui_are_free_of_stray_english(qtbot: Any, ledger: Ledger) -> None:
    hazards.register(ledger, card(refs(ledger)))  # a hazard in the register: its step dialogs open
    add_users(ledger)
    logins = set(LOGINS.values())
    stray: set[tuple[str, str, str]] = set()
    for dialog in _account_dialogs(qtbot, ledger):
        for where, text in visible_texts(dialog):
            if stray_words(text, logins):
                stray.add((type(dialog).__name__, where, text))

    admin = accounts.authenticate(ledger, LOGINS[Role.ADMINISTRATOR], PASSWORD, hasher=FAST)
    window, session = open_session(ledger, admin, hasher=FAST, idle_ms=600_000)
    qtbot.addWidget(window)
    officer = MainWindow(ledger)
    qtbot.addWidget(officer)
    officer.apply_role(accounts.authenticate(ledger, LOGINS[Role.SAFETY_OFFICER], PASSWORD, hasher=FAST))
    reader = DialogReader()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(reader)
    try:
        for shown in (window, officer):
            shown.resize(1024, 738)
            shown.show()
            for page in shown.pages():
                shown.stack.setCurrentWidget(page)
                QApplication.processEvents()
                wait_for_jobs()
                for view in page.findChildren(QAbstractItemView):  # a record chosen: its actions enabled
                    if view.isVisibleTo(page) and view.model() is not None and view.model().rowCount() > 0:
                        view.setCurrentIndex(view.model().index(0, 0))
                        if isinstance(view, QTableView):
                            view.selectRow(0)
                QApplication.processEvents()
                wait_for_jobs()
                for button in page.findChildren(QAbstractButton):
                    if button.isVisibleTo(page) and button.isEnabled() and button.text():
                        button.click()
                        QApplication.processEvents()
                        wait_for_jobs()
                        wait_for_writes(2_000)
        window.show_export()  # the Tools menu's dialogs
        window.show_import()
        QApplication.processEvents()
    finally:
        app.removeEventFilter(reader)
        session.stop()
    for name, texts in reader.read.items():
        stray.update((name, where, text) for where, text in texts if stray_words(text, logins))
    assert {"QMessageBox", "ExportDialog", "ImportDialog", "QFileDialog", "UserDialog"} <= set(reader.read), sorted(
        reader.read
    )
    assert not stray, "\n".join(sorted(map(repr, stray)))


def test_the_reader_sees_a_message_box() -> None:
    reader = DialogReader()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(reader)
    try:
        QMessageBox.question(None, "Delete", "Really delete the record?")
    finally:
        app.removeEventFilter(reader)
    words = [stray_words(text, set()) for _where, text in reader.read["QMessageBox"]]
    assert ["Delete"] in words and ["Really", "delete", "the", "record"] in words
