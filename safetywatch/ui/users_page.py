"""The administrator's page: user accounts (add, role, disable/enable, reset password, unlock) and the
idle-lock setting. Every change is an audited record change; the ones that grant or take access ask
for a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.clock import utc_iso
from safetywatch.domain.permissions import Role
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.services.kinds.accounts import UserRow
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.login_dialog import PasswordStrength
from safetywatch.ui.operations import WriteOp, run_write
from safetywatch.ui.record_dialog import RecordDialog
from safetywatch.ui.widgets import StatusLine, hint_label, page_title, reason_dialog

#: The accounts and the settings this page shows.
ACCOUNT_TABLES = frozenset({"user_account", "user_credential", "app_setting"})


def local_time(instant: str | None) -> str:
    """A stored UTC instant as local 'YYYY-MM-DD HH:MM' ('' for none)."""
    if not instant:
        return ""
    import datetime as dt

    return dt.datetime.fromisoformat(instant.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")


class UserDialog(RecordDialog):
    """A new account: login, name, role and a first password (the user chooses their own at first log-in).

    It stays open with everything typed when the account is refused (a login in use, a weak password)."""

    def __init__(self, parent: QWidget, ledger: Ledger, hasher: PasswordHasher) -> None:
        super().__init__(parent, parent.tr("Add user"), accounts.NEW_USER_FIELDS)
        self.ledger, self.hasher = ledger, hasher
        login, password = self.widgets["login"], self.widgets["password"]
        assert isinstance(login, QLineEdit) and isinstance(password, QLineEdit)
        login.setMaxLength(32)
        self.strength = PasswordStrength(password, login.text)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.strength)
        layout.insertWidget(
            2, hint_label(self.tr("A first password: the user must choose their own at the first log-in."))
        )

    def write_call(self, values: dict[str, Any]) -> Callable[[], Any]:
        ledger, hasher = self.ledger, self.hasher
        return lambda: accounts.add_user(
            ledger, values["login"], values["display_name"], values["role"], values["password"], hasher=hasher
        )


class UsersPage(QWidget):
    """Accounts and the lock setting (administrators only: the services refuse everyone else). Changes run on
    the writer thread; the list is re-read whenever accounts change (the change hub)."""

    idle_minutes_changed = Signal(int)

    COLUMNS = ("login", "name", "role", "state", "last_login")

    def __init__(
        self, ledger: Ledger, parent: QWidget | None = None, *, hasher: PasswordHasher = accounts.PASSWORD_HASHER
    ) -> None:
        super().__init__(parent)
        self.ledger, self.hasher = ledger, hasher
        self.rows: list[UserRow] = []
        self._write: WriteOp | None = None
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Login name"),
                self.tr("Full name"),
                self.tr("User role"),
                self.tr("State"),
                self.tr("Last log-in"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(self.tr("Add user…"))
        self.role_button = QPushButton(self.tr("Change role…"))
        self.active_button = QPushButton(self.tr("Disable…"))
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.unlock_button = QPushButton(self.tr("Unlock…"))
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.active_button, self.reset_button, self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.message = StatusLine()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(*accounts.IDLE_LOCK_BOUNDS)
        self.idle_minutes.setSuffix(self.tr(" min"))
        save = QPushButton(self.tr("Save setting"))
        save.clicked.connect(self.save_idle_minutes)
        setting = QHBoxLayout()
        caption = QLabel(self.tr("Lock the screen after this time without input:"))
        caption.setBuddy(self.idle_minutes)
        setting.addWidget(caption)
        setting.addWidget(self.idle_minutes)
        setting.addWidget(save)
        setting.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Users")))
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(setting)
        self.refresh()
        hub_for(ledger).watch(self, ACCOUNT_TABLES, self._on_changes)

    def _on_changes(self, changes: ChangeSet) -> None:
        self.refresh(setting=changes.touches({"app_setting"}))  # keep a lock time typed but not saved

    # --- reading ---------------------------------------------------------------------------------
    def refresh(self, *, setting: bool = True) -> None:
        selected = self.selected()
        with self.ledger.read() as conn:
            self.rows = accounts.users(conn)
            if setting:
                self.idle_minutes.setValue(accounts.idle_lock_minutes(conn))
        now = utc_iso(self.ledger.clock.now_utc())
        self.table.setRowCount(len(self.rows))
        for r, user in enumerate(self.rows):
            if not user.active:
                state = self.tr("Disabled")
            elif user.locked(now):
                state = self.tr("Locked until {time}").format(time=local_time(user.locked_until))
            elif user.must_change_password:
                state = self.tr("Must choose a password")
            else:
                state = self.tr("Active")
            for c, text in enumerate(
                (user.login, user.display_name, user.role.label, state, local_time(user.last_login_at))
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, user.id)
                self.table.setItem(r, c, item)
            if selected is not None and user.id == selected.id:
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def select_login(self, login: str) -> None:
        for r, user in enumerate(self.rows):
            if user.login == login:
                self.table.selectRow(r)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.role_button, self.active_button, self.reset_button, self.unlock_button):
            button.setEnabled(user is not None)
        if user is not None:
            self.active_button.setText(self.tr("Enable…") if not user.active else self.tr("Disable…"))

    # --- asking (patched in tests) ------------------------------------------------------------------
    def ask_reason(self, title: str) -> str | None:
        return reason_dialog.ask_reason(self, title, self.tr("Reason (kept in the audit trail):"))

    def ask_role(self, user: UserRow) -> str | None:
        labels = [role.label for role in Role]
        label, ok = QInputDialog.getItem(
            self,
            self.tr("Change role"),
            self.tr("New role of {login}:").format(login=user.login),
            labels,
            labels.index(user.role.label),
            False,
        )
        return list(Role)[labels.index(label)].value if ok else None

    def ask_password(self, user: UserRow) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Reset password"),
            self.tr("A first password for {login} (they choose their own at the next log-in):").format(
                login=user.login
            ),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    # --- changing --------------------------------------------------------------------------------
    def _apply(self, action: Callable[[], Any], done: str, then: Callable[[], object] | None = None) -> None:
        """Run an account change on the writer thread; say *done* (and call *then*) once it is saved."""
        if self._write is not None and self._write.pending:
            return  # one change at a time

        def saved(_result: object) -> None:
            self.message.ok(done)
            if then is not None:
                then()

        self._write = run_write(self, action, done=saved, errors=self.message)

    def add_user(self) -> UserDialog:
        """Open the new-account dialog (window-modal); the list selects the account once it is saved."""
        dialog = UserDialog(self, self.ledger, self.hasher)

        def added(user: object) -> None:
            assert isinstance(user, UserRow)
            self.message.ok(self.tr("User {login} added.").format(login=user.login))
            self.select_login(user.login)

        dialog.saved.connect(added)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def change_role(self) -> None:
        user = self.selected()
        role = self.ask_role(user) if user else None
        reason = self.ask_reason(self.tr("Change role")) if role else None
        if user and role and reason is not None:
            self._apply(
                lambda: accounts.amend_user(
                    self.ledger, user.id, role=role, reason=reason, expected_version=user.version
                ),
                self.tr("Role of {login} changed.").format(login=user.login),
            )

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        title = self.tr("Enable user") if not user.active else self.tr("Disable user")
        reason = self.ask_reason(title)
        if reason is not None:
            self._apply(
                lambda: accounts.set_active(self.ledger, user.id, not user.active, reason),
                self.tr("{login} enabled.").format(login=user.login)
                if not user.active
                else self.tr("{login} disabled: they can no longer log in.").format(login=user.login),
            )

    def reset_password(self) -> None:
        user = self.selected()
        password = self.ask_password(user) if user else None
        reason = self.ask_reason(self.tr("Reset password")) if password else None
        if user and password and reason is not None:
            self._apply(
                lambda: accounts.reset_password(self.ledger, user.id, password, reason, hasher=self.hasher),
                self.tr("New first password set for {login}.").format(login=user.login),
            )

    def unlock(self) -> None:
        user = self.selected()
        reason = self.ask_reason(self.tr("Unlock")) if user else None
        if user and reason is not None:
            self._apply(
                lambda: accounts.unlock(self.ledger, user.id, reason),
                self.tr("{login} unlocked.").format(login=user.login),
            )

    def save_idle_minutes(self) -> None:
        minutes = self.idle_minutes.value()
        self._apply(
            lambda: accounts.set_idle_lock_minutes(self.ledger, minutes),
            self.tr("The screen now locks after {minutes} minutes without input.").format(minutes=minutes),
            lambda: self.idle_minutes_changed.emit(minutes),
        )
