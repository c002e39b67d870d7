"""Which database the program opens: this PC's file, or a server database remembered in ``settings.ini``.

A saved connection holds the server, port, database and user names (and optionally the auditor's read-only
role); never a password. A password typed when connecting goes into the address the engine uses for this run
only; otherwise libpq finds it in the password file (``PGPASSFILE`` or ``.pgpass``; docs/postgresql.md).
``SAFETYWATCH_DB`` and ``--db`` name a database outright and win over the saved connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import URL

from safetywatch.db.dialect import shown_url
from safetywatch.domain.errors import StorageError
from safetywatch.services.maintenance.opening import connect_server
from safetywatch.ui.widgets import StatusLine, page_title

#: The settings.ini group of the saved connection; its keys are the fields of :class:`SavedConnection`.
GROUP = "server"
DEFAULT_PORT = 5432
_KEYS = ("host", "port", "database", "user", "auditor")


@dataclass(frozen=True)
class SavedConnection:
    host: str
    port: int
    database: str
    user: str
    #: The server's read-only role (server-setup's NAME_audit) the sessions of read-only users connect as.
    auditor: str = ""

    def problem(self) -> str | None:
        """What is missing, said so the user can fix it; ``None`` when the connection can be tried."""
        translate = QApplication.translate  # not a QObject: the context is named
        if not self.host.strip():
            return translate("ServerChoice", "Enter the server: its name or IP address on the LAN (e.g. 192.168.1.20).")
        if not self.database.strip():
            return translate("ServerChoice", "Enter the database name the administrator created (e.g. safetywatch).")
        if not self.user.strip():
            return translate("ServerChoice", "Enter the user name of the office PCs (e.g. safetywatch_app).")
        return None

    def address(self, password: str = "") -> str:
        """The ``postgresql://`` address of the database (with *password* for this run only, if given)."""
        return self._address(self.user.strip(), password)

    def auditor_address(self) -> str | None:
        """The address of the read-only role, if one is named: its password comes from the password file."""
        return self._address(self.auditor.strip(), "") if self.auditor.strip() else None

    def _address(self, user: str, password: str) -> str:
        host = self.host.strip()
        socket = host.startswith("/")  # a Unix socket folder is a query parameter for libpq
        url = URL.create(
            "postgresql",
            username=user,
            password=password or None,
            host=None if socket else host,
            port=None if socket else self.port,
            database=self.database.strip(),
            query={"host": host} if socket else {},
        )
        return url.render_as_string(hide_password=False)


def load(prefs: QSettings) -> SavedConnection | None:
    """The saved connection, or ``None`` when this PC works on its own file."""
    values = {key: str(prefs.value(f"{GROUP}/{key}", "") or "") for key in _KEYS}
    if not values["database"]:
        return None
    port = int(values["port"]) if values["port"].isdigit() else DEFAULT_PORT
    return SavedConnection(values["host"], port, values["database"], values["user"], values["auditor"])


def save(prefs: QSettings, connection: SavedConnection) -> None:
    """Remember *connection* in settings.ini: names only, never a password."""
    for key in _KEYS:
        prefs.setValue(f"{GROUP}/{key}", str(getattr(connection, key)).strip())
    prefs.sync()


def forget(prefs: QSettings) -> None:
    """Work on this PC's own database file again."""
    prefs.remove(GROUP)
    prefs.sync()


#: What the user chose in :class:`ConnectionDialog`: a server address (with a typed password for this run), or
#: this PC's own database file.
Choice = str | Path


class ConnectionDialog(QDialog):
    """Enter a server database, test it and connect; the connection is remembered without its password."""

    def __init__(self, prefs: QSettings, local_file: Path, *, error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs, self.local_file = prefs, local_file
        self.choice: Choice | None = None
        self.setWindowTitle(self.tr("SafetyWatch – server database"))
        saved = load(prefs) or SavedConnection("", DEFAULT_PORT, "", "")
        self.host = QLineEdit(saved.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(saved.port)
        self.database = QLineEdit(saved.database)
        self.user = QLineEdit(saved.user)
        self.auditor = QLineEdit(saved.auditor)
        self.auditor.setPlaceholderText(self.tr("optional, e.g. safetywatch_audit"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: from the password file (.pgpass)"))
        form = QFormLayout()
        form.addRow(self.tr("Server"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Auditor's user"), self.auditor)
        note = QLabel(
            self.tr(
                "The connection is remembered on this PC without the password: a password typed here is used "
                "until SafetyWatch closes. The auditor's user is the read-only role the administrator created "
                "(server-setup); auditors then work through it."
            )
        )
        note.setWordWrap(True)
        self.status = StatusLine()
        self.buttons = QDialogButtonBox()
        self.connect_button = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.test_button = self.buttons.addButton(self.tr("Test connection"), QDialogButtonBox.ButtonRole.ActionRole)
        self.local_button = self.buttons.addButton(
            self.tr("Use this PC's database file"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button.clicked.connect(self.connect_to_server)
        self.test_button.clicked.connect(self.test)
        self.local_button.clicked.connect(self.use_local_file)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Server database")))
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        if error:
            self.status.error(error)
        (self.password if saved.database else self.host).setFocus()

    @classmethod
    def ask(
        cls, prefs: QSettings, local_file: Path, *, error: str = "", parent: QWidget | None = None
    ) -> Choice | None:
        dialog = cls(prefs, local_file, error=error, parent=parent)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None

    def entered(self) -> SavedConnection:
        return SavedConnection(
            self.host.text(), self.port.value(), self.database.text(), self.user.text(), self.auditor.text()
        )

    def _try(self) -> SavedConnection | None:
        """Connect once with what was entered (and as the auditor's role, if named); say what failed."""
        connection = self.entered()
        problem = connection.problem()
        if problem is not None:
            self.status.error(problem)
            return None
        addresses = [(connection.address(self.password.text()), False)]
        auditor = connection.auditor_address()
        if auditor is not None:
            addresses.append((auditor, True))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for address, read_only in addresses:
                connect_server(address, read_only=read_only).dispose()
        except StorageError as exc:
            self.status.error(str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        return connection

    def test(self) -> None:
        connection = self._try()
        if connection is not None:
            self.status.ok(self.tr("Connected to {address}.").format(address=shown_url(connection.address())))

    def connect_to_server(self) -> None:
        connection = self._try()
        if connection is None:
            return
        save(self.prefs, connection)
        self.choice = connection.address(self.password.text())
        self.accept()

    def use_local_file(self) -> None:
        forget(self.prefs)
        self.choice = self.local_file
        self.accept()
