"""Log-in at start-up, the first administrator of a new database, and choosing one's own password.

Hashing a password takes a quarter of a second on purpose (argon2id), so every check runs in a worker
and the dialog stays responsive. Each dialog has a ``ask`` class method (pytest-qt's advice on dialogs):
the composition root calls it, and tests drive the dialog object itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.passwords import password_problem, password_strength
from safetywatch.domain.permissions import SignedIn
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.ui.operations import run_write
from safetywatch.ui.widgets import StatusLine, error_text, page_title


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    return edit


class PasswordStrength(QWidget):
    """A meter and a sentence under a new-password field: what is wrong with it, or how strong it is."""

    changed = Signal()  # the sentence changed: its dialog may need another height

    def __init__(self, password: QLineEdit, login: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._password, self._login = password, login
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.text = StatusLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.meter)
        layout.addWidget(self.text)
        password.textChanged.connect(lambda _t: self.update_strength())
        self.update_strength()

    def update_strength(self) -> None:
        password = self._password.text()
        problem = password_problem(password, self._login()) if password else None
        score = password_strength(password) if password and problem is None else 0
        self.meter.setValue(score)
        labels = (
            "",
            self.tr("Acceptable"),
            self.tr("Good"),
            self.tr("Strong"),
            self.tr("Very strong"),
        )
        if not password:
            self.text.hint(self.tr("At least 8 characters; a phrase of several words is easy to remember."))
        elif problem:
            self.text.error(problem)
        else:
            self.text.hint(labels[score])
        self.changed.emit()


class _BusyDialog(QDialog):
    """A dialog whose OK runs a service call on the writer thread; a refusal shows in the dialog (an
    ``operations.ErrorSink``), nothing typed is lost."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = StatusLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.busy = False
        self.setMinimumWidth(420)  # wrapped messages of a few lines, not a column of single words

    def fit_to_contents(self) -> None:
        """Grow (or shrink) the height to the wrapped messages now shown: a top-level window does not follow its
        labels' height-for-width by itself, so a long error was cut in half."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = max(self.width(), layout.minimumSize().width())
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        self.setMinimumHeight(needed)
        if self.height() != needed:
            self.resize(width, needed)

    def follow(self, strength: PasswordStrength) -> None:
        """Fit the dialog again whenever the sentence under a new password changes (it may wrap to two lines)."""
        strength.changed.connect(self.fit_to_contents)

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None]) -> None:
        if self.busy:
            return
        self.busy = True
        self.error.clear()
        self.buttons.setEnabled(False)
        self.setCursor(Qt.CursorShape.WaitCursor)

        def finished(result: object) -> None:
            self._idle()
            done(result)

        run_write(self, job, done=finished, errors=self)

    def _idle(self) -> None:
        self.busy = False
        self.buttons.setEnabled(True)
        self.unsetCursor()

    def invalid(self, error: ValidationError) -> None:
        self.failed(error_text(error))

    def failed(self, message: str) -> None:
        self._idle()
        self.show_error(message)

    def show_error(self, message: str) -> None:
        self.error.error(message)
        self.fit_to_contents()


class LoginDialog(_BusyDialog):
    """Login name and password. An account whose password an administrator set must choose its own next."""

    def __init__(
        self,
        ledger: Ledger,
        login_hint: str = "",
        parent: QWidget | None = None,
        *,
        hasher: PasswordHasher = accounts.PASSWORD_HASHER,
    ) -> None:
        super().__init__(parent)
        self.ledger, self.hasher = ledger, hasher
        self.user: SignedIn | None = None
        self.setWindowTitle(self.tr("SafetyWatch – log in"))
        self.login = QLineEdit(login_hint)
        self.login.setMaxLength(32)
        self.password = _password_edit()
        self.new_password = _password_edit()
        self.repeat = _password_edit()
        self.strength = PasswordStrength(self.new_password, lambda: self.login.text())
        self.form = QFormLayout()
        self.form.addRow(self.tr("Login name"), self.login)
        self.form.addRow(self.tr("Password"), self.password)
        self.change_hint = QLabel(self.tr("Your password was set by the administrator. Choose your own password now."))
        self.change_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Log in")))
        layout.addLayout(self.form)
        layout.addWidget(self.change_hint)
        self.change_form = QFormLayout()
        self.change_form.addRow(self.tr("New password"), self.new_password)
        self.change_form.addRow("", self.strength)
        self.change_form.addRow(self.tr("Repeat it"), self.repeat)
        self.change_box = QWidget()
        self.change_box.setLayout(self.change_form)
        layout.addWidget(self.change_box)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.change_hint.hide()
        self.change_box.hide()
        self.follow(self.strength)
        (self.password if login_hint else self.login).setFocus()

    @classmethod
    def ask(cls, ledger: Ledger, login_hint: str = "") -> SignedIn | None:
        dialog = cls(ledger, login_hint)
        return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None

    @property
    def changing_password(self) -> bool:
        return not self.change_box.isHidden()

    def submit(self) -> None:
        login, password = self.login.text(), self.password.text()
        if self.changing_password:
            new, repeat = self.new_password.text(), self.repeat.text()
            self._run(
                lambda: accounts.change_password(self.ledger, login, password, new, repeat, hasher=self.hasher),
                self._signed_in,
            )
        else:
            self._run(lambda: accounts.authenticate(self.ledger, login, password, hasher=self.hasher), self._signed_in)

    def _signed_in(self, user: object) -> None:
        assert isinstance(user, SignedIn)
        if user.must_change_password:
            self.login.setReadOnly(True)
            self.password.setReadOnly(True)
            self.change_hint.show()
            self.change_box.show()
            self.fit_to_contents()
            self.new_password.setFocus()
            return
        self.user = user
        self.accept()

    def show_error(self, message: str) -> None:
        super().show_error(message)
        if not self.changing_password:
            self.password.clear()
            self.password.setFocus()


class FirstAdministratorDialog(_BusyDialog):
    """The first start of a database without accounts: whoever installs it becomes its administrator."""

    def __init__(
        self, ledger: Ledger, parent: QWidget | None = None, *, hasher: PasswordHasher = accounts.PASSWORD_HASHER
    ) -> None:
        super().__init__(parent)
        self.ledger, self.hasher = ledger, hasher
        self.user: SignedIn | None = None
        self.setWindowTitle(self.tr("SafetyWatch – first start"))
        self.login = QLineEdit("admin")
        self.login.setMaxLength(32)
        self.display_name = QLineEdit()
        self.display_name.setMaxLength(100)
        self.password = _password_edit()
        self.repeat = _password_edit()
        self.strength = PasswordStrength(self.password, lambda: self.login.text())
        intro = QLabel(
            self.tr(
                "This database has no user accounts yet. Create the administrator: the administrator adds the "
                "clerks, safety officers and auditors, and does not enter records."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Login name"), self.login)
        form.addRow(self.tr("Your name"), self.display_name)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.strength)
        form.addRow(self.tr("Repeat it"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Create the administrator")))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.follow(self.strength)
        self.display_name.setFocus()

    @classmethod
    def ask(cls, ledger: Ledger) -> SignedIn | None:
        dialog = cls(ledger)
        return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None

    def submit(self) -> None:
        login, name = self.login.text(), self.display_name.text()
        password, repeat = self.password.text(), self.repeat.text()
        self._run(
            lambda: accounts.create_first_administrator(self.ledger, login, name, password, repeat, hasher=self.hasher),
            self._created,
        )

    def _created(self, user: object) -> None:
        assert isinstance(user, SignedIn)
        self.user = user
        self.accept()


class ChangePasswordDialog(_BusyDialog):
    """The signed-in user's own new password (Account menu)."""

    def __init__(
        self,
        ledger: Ledger,
        login: str,
        parent: QWidget | None = None,
        *,
        hasher: PasswordHasher = accounts.PASSWORD_HASHER,
    ) -> None:
        super().__init__(parent)
        self.ledger, self.login, self.hasher = ledger, login, hasher
        self.done_ok = False
        self.setWindowTitle(self.tr("Change my password"))
        self.old = _password_edit()
        self.new = _password_edit()
        self.repeat = _password_edit()
        self.strength = PasswordStrength(self.new, lambda: self.login)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old)
        form.addRow(self.tr("New password"), self.new)
        form.addRow("", self.strength)
        form.addRow(self.tr("Repeat it"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.follow(self.strength)

    @classmethod
    def ask(cls, ledger: Ledger, login: str, parent: QWidget | None = None) -> bool:
        return cls(ledger, login, parent).exec() == QDialog.DialogCode.Accepted

    def submit(self) -> None:
        old, new, repeat = self.old.text(), self.new.text(), self.repeat.text()
        self._run(
            lambda: accounts.change_password(self.ledger, self.login, old, new, repeat, hasher=self.hasher),
            lambda _user: self.accept(),
        )
