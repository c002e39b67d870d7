"""The idle lock: after a while without keyboard or mouse input, a lock screen covers the main window.

The window and every form in it stay alive underneath (nothing typed is lost); only the signed-in user's
password removes the lock (a wrong one counts towards the account lockout). The lock screen is a modal,
frameless dialog over the window, so no shortcut, menu or click reaches the window while it is locked.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.permissions import SignedIn
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.ui.operations import StatusErrors, run_write
from safetywatch.ui.widgets import StatusLine, page_title

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QDialog):
    """Covers the window; asks the signed-in user's password again."""

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self, window: QWidget, ledger: Ledger, user: SignedIn, *, hasher: PasswordHasher = accounts.PASSWORD_HASHER
    ) -> None:
        super().__init__(window, Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.ledger, self.user, self.hasher = ledger, user, hasher
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoFillBackground(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(128)
        self.password.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.sign_out_button = QPushButton(self.tr("Sign out…"))
        self.sign_out_button.clicked.connect(self._sign_out)
        self.error = StatusLine()
        who = QLabel(
            self.tr("Locked after a time without input. {name} ({login}), enter your password to go on.").format(
                name=user.display_name, login=user.login
            )
        )
        who.setWordWrap(True)
        box = QVBoxLayout()
        box.addWidget(page_title(self.tr("SafetyWatch is locked")))
        box.addWidget(who)
        box.addWidget(self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.sign_out_button)
        box.addLayout(buttons)
        box.addWidget(self.error)
        panel = QWidget()
        panel.setLayout(box)
        panel.setFixedWidth(440)  # a fixed width lets the wrapped sentences take the height they need
        centred = QHBoxLayout()  # stretches, not an alignment flag: an aligned widget gets its sizeHint()'s
        centred.addStretch(1)  # height, which cuts off a message that wraps to a second line
        centred.addWidget(panel)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        self.busy = False

    def cover(self) -> None:
        """Lie exactly over the window (it may have been moved or resized since)."""
        window = self.parentWidget()
        if window is not None:
            self.setGeometry(window.geometry())

    def reject(self) -> None:  # Escape does not unlock
        pass

    def try_unlock(self) -> None:
        """Check the password on the writer thread (a log-in is an audited write); unlock if it is right."""
        if self.busy:
            return
        self.busy = True
        self.unlock_button.setEnabled(False)
        password = self.password.text()
        self.password.clear()
        run_write(
            self,
            lambda: accounts.authenticate(self.ledger, self.user.login, password, hasher=self.hasher),
            done=self._unlocked,
            errors=StatusErrors(self._refused),
        )

    def _unlocked(self, _user: object) -> None:
        self.busy = False
        self.unlock_button.setEnabled(True)
        self.error.clear()
        self.accept()
        self.unlocked.emit()

    def _refused(self, message: str) -> None:
        self.busy = False
        self.unlock_button.setEnabled(True)
        self.error.error(message)
        self.password.setFocus()

    def _sign_out(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Sign out"),
            self.tr("Sign out and close SafetyWatch's window? Anything not yet saved is lost."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()
            self.sign_out_requested.emit()


class IdleLock(QObject):
    """Watches the application's input; locks *window* after *interval_ms* without any."""

    locked = Signal()
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        ledger: Ledger,
        user: SignedIn,
        interval_ms: int,
        *,
        hasher: PasswordHasher = accounts.PASSWORD_HASHER,
    ) -> None:
        super().__init__(window)
        self.window, self.ledger, self.user, self.hasher = window, ledger, user, hasher
        self.screen: LockScreen | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def set_interval(self, interval_ms: int) -> None:
        self.timer.setInterval(interval_ms)
        if not self.is_locked:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self.is_locked:
            self.timer.start()  # restarts the countdown
        return False

    def lock(self) -> None:
        if self.is_locked or not self.window.isVisible():
            return
        self.timer.stop()
        self.screen = LockScreen(self.window, self.ledger, self.user, hasher=self.hasher)
        self.screen.unlocked.connect(self._on_unlocked)
        self.screen.sign_out_requested.connect(self.sign_out_requested)
        self.screen.cover()
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.password.setFocus()
        self.locked.emit()

    def _on_unlocked(self) -> None:
        if self.screen is not None:
            self.screen.deleteLater()
        self.screen = None
        self.timer.start()
        self.unlocked.emit()

    def stop(self) -> None:
        """No more locking (the window closes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
