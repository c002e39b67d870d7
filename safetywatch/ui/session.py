"""A signed-in user's session around the main window: the log-in or first-start dialog, the role applied
to the window, the Account menu (own password, lock now, sign out) and the idle lock.

``app.py`` runs :func:`sign_in` and :func:`open_session`; tests call them with a fast hasher.
"""

from __future__ import annotations

from collections.abc import Callable

from argon2 import PasswordHasher
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from safetywatch.domain.permissions import SignedIn
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.ui.idle_lock import IdleLock
from safetywatch.ui.login_dialog import ChangePasswordDialog, FirstAdministratorDialog, LoginDialog
from safetywatch.ui.main_window import MainWindow


def sign_in(
    ledger: Ledger, login_hint: str = "", *, choose_database: Callable[[QWidget], bool] | None = None
) -> SignedIn | None:
    """Ask who is there: the first start creates the administrator, later starts log in. ``None``: cancelled,
    or another database was chosen: *choose_database* (the "Database…" button) returns whether it was."""
    with ledger.read() as conn:
        first_start = not accounts.has_users(conn)
    dialog: LoginDialog | FirstAdministratorDialog = (
        FirstAdministratorDialog(ledger) if first_start else LoginDialog(ledger, login_hint)
    )
    if choose_database is not None:
        button = dialog.buttons.addButton(
            QCoreApplication.translate("ServerChoice", "Database…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        button.clicked.connect(lambda: choose_database(dialog) and dialog.reject())
    return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None


class Session(QObject):
    """The Account menu and the idle lock of one signed-in user's main window."""

    sign_out_requested = Signal()

    def __init__(
        self,
        window: MainWindow,
        ledger: Ledger,
        user: SignedIn,
        *,
        hasher: PasswordHasher = accounts.PASSWORD_HASHER,
        idle_ms: int | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.ledger, self.user, self.hasher = window, ledger, user, hasher
        if idle_ms is None:
            with ledger.read() as conn:
                idle_ms = accounts.idle_lock_minutes(conn) * 60_000
        self.idle = IdleLock(window, ledger, user, idle_ms, hasher=hasher)
        self.idle.sign_out_requested.connect(self.sign_out_requested)
        menu = window.menuBar().addMenu(self.tr("&Account"))
        self.change_password_action = menu.addAction(self.tr("Change my &password…"))
        self.change_password_action.triggered.connect(self.change_password)
        self.lock_action = menu.addAction(self.tr("&Lock now"))
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.idle.lock)
        self.sign_out_action = menu.addAction(self.tr("&Sign out"))
        self.sign_out_action.triggered.connect(self.confirm_sign_out)
        users_page = getattr(window, "users_page", None)
        if users_page is not None:
            users_page.idle_minutes_changed.connect(lambda minutes: self.idle.set_interval(minutes * 60_000))

    def change_password(self) -> None:
        if ChangePasswordDialog.ask(self.ledger, self.user.login, self.window):
            self.window.statusBar().showMessage(self.tr("Your password was changed."), 5000)

    def confirm_sign_out(self) -> None:
        answer = QMessageBox.question(
            self.window,
            self.tr("Sign out"),
            self.tr("Sign out and close SafetyWatch's window? Anything not yet saved is lost."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.sign_out_requested.emit()

    def stop(self) -> None:
        self.idle.stop()


def open_session(
    ledger: Ledger,
    user: SignedIn,
    *,
    hasher: PasswordHasher = accounts.PASSWORD_HASHER,
    idle_ms: int | None = None,
    reader_address: str | None = None,
) -> tuple[MainWindow, Session]:
    """The main window for *user*: their own ledger (read-only for an auditor, through the server's read-only
    role at *reader_address* when there is one), their role, the idle lock."""
    window = MainWindow(accounts.session_ledger(ledger, user, reader_address=reader_address))
    window.apply_role(user)
    return window, Session(window, ledger, user, hasher=hasher, idle_ms=idle_ms)
