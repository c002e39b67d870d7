"""The program's window on a server database: the saved connection (never its password), an unreachable server,
the auditor's read-only role, and the pages that used to treat the database as a file."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import DBAPIError

from safetywatch import app
from safetywatch.db.dialect import server_url
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.permissions import Role
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.services.maintenance import server_backup, server_setup
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.maintenance.server_setup import Roles
from safetywatch.ui import server_choice
from safetywatch.ui.backup_page import BackupPage, start_automatic_backups
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.server_choice import ConnectionDialog, SavedConnection
from safetywatch.ui.worker import wait_for_jobs
from tests import pg_cluster
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users

pytestmark = pytest.mark.pg

PASSWORD_TYPED = "Typed-pw-0611"
_names = itertools.count(1)


@pytest.fixture
def prefs(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def office(postgres: pg_cluster.Cluster) -> str:
    """A database made by server-setup, with its owner, application and auditor roles (its name)."""
    name = f"gui_office_{next(_names)}"
    server_setup.setup(postgres.url(), name, lambda role: f"secret of {role}")
    return name


def _fill(dialog: ConnectionDialog, cluster: pg_cluster.Cluster, database: str, user: str = "postgres") -> None:
    dialog.host.setText(str(cluster.socket_dir))
    dialog.database.setText(database)
    dialog.user.setText(user)


def test_a_connection_is_remembered_without_the_password_typed(
    qtbot: QtBot, postgres: pg_cluster.Cluster, prefs: QSettings, tmp_path: Path, ledger_name: str
) -> None:
    dialog = ConnectionDialog(prefs, tmp_path / "local.db")
    qtbot.addWidget(dialog)
    _fill(dialog, postgres, ledger_name)
    dialog.auditor.setText("postgres")
    dialog.password.setText(PASSWORD_TYPED)  # the test cluster trusts its socket: any password is accepted
    dialog.connect_button.click()

    assert dialog.result() == ConnectionDialog.DialogCode.Accepted
    assert isinstance(dialog.choice, str)
    assert server_url(dialog.choice).password == PASSWORD_TYPED  # for this run only
    saved_text = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert PASSWORD_TYPED not in saved_text and "password" not in saved_text.lower()
    assert server_choice.load(prefs) == SavedConnection(
        str(postgres.socket_dir), 5432, ledger_name, "postgres", "postgres"
    )
    assert server_url(server_choice.load(prefs).address()).password is None  # type: ignore[union-attr]


@pytest.fixture
def ledger_name(postgres: pg_cluster.Cluster) -> str:
    name = f"gui_plain_{next(_names)}"
    postgres.create_database(name)
    return name


def test_missing_fields_are_named_before_anything_is_tried(qtbot: QtBot, prefs: QSettings, tmp_path: Path) -> None:
    dialog = ConnectionDialog(prefs, tmp_path / "local.db")
    qtbot.addWidget(dialog)
    dialog.host.setText("192.168.1.20")
    dialog.connect_button.click()
    assert dialog.status.is_error
    assert dialog.status.text() == SavedConnection("x", 5432, "", "clerk").problem()
    assert server_choice.load(prefs) is None and dialog.choice is None


def _unreachable(tmp_path: Path) -> SavedConnection:
    nobody = tmp_path / "no-server-here"
    nobody.mkdir()
    return SavedConnection(str(nobody), 5432, "office", "clerk")


def test_an_unreachable_saved_server_is_told_and_the_local_file_is_not_opened(
    qtbot: QtBot, prefs: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("SAFETYWATCH_DATA_DIR", str(data))
    monkeypatch.delenv("SAFETYWATCH_DB", raising=False)
    saved = _unreachable(tmp_path)
    server_choice.save(prefs, saved)
    shown: list[str] = []

    def answer() -> None:  # the connection dialog comes up with the reason; the user cancels
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConnectionDialog):
            QTimer.singleShot(20, answer)
            return
        shown.append(dialog.status.text())
        dialog.reject()

    QTimer.singleShot(0, answer)
    assert app._open_start(saved.address(PASSWORD_TYPED), prefs) is None
    assert shown and "postgresql://clerk:***@/office" in shown[0]  # the reason names the server, not the password
    assert PASSWORD_TYPED not in shown[0]
    assert not (data / "safetywatch.db").exists()  # nothing local was opened instead
    assert server_choice.load(prefs) == saved  # still remembered: the server may be back tomorrow


def test_testing_an_unreachable_server_says_so_and_saves_nothing(
    qtbot: QtBot, prefs: QSettings, tmp_path: Path
) -> None:
    saved = _unreachable(tmp_path)
    dialog = ConnectionDialog(prefs, tmp_path / "local.db")
    qtbot.addWidget(dialog)
    dialog.host.setText(saved.host)
    dialog.database.setText(saved.database)
    dialog.user.setText(saved.user)
    dialog.test_button.click()
    assert dialog.status.is_error and "postgresql://clerk@/office" in dialog.status.text()
    dialog.connect_button.click()
    assert dialog.choice is None and server_choice.load(prefs) is None


def test_the_local_file_is_chosen_only_explicitly_and_forgets_the_server(
    qtbot: QtBot, prefs: QSettings, tmp_path: Path
) -> None:
    server_choice.save(prefs, _unreachable(tmp_path))
    dialog = ConnectionDialog(prefs, tmp_path / "local.db")
    qtbot.addWidget(dialog)
    dialog.local_button.click()
    assert dialog.choice == tmp_path / "local.db"
    assert server_choice.load(prefs) is None


def _as_role(cluster: pg_cluster.Cluster, database: str, role: str) -> str:
    return f"postgresql+psycopg://{role}@/{database}?host={cluster.socket_dir}"


def _current_user(ledger: Ledger) -> str:
    with ledger.read() as conn:
        return str(sql.scalar(conn, "SELECT current_user"))


def test_a_read_only_user_works_through_the_auditor_role_when_one_is_named(
    postgres: pg_cluster.Cluster, office: str, clock: FixedClock
) -> None:
    roles = Roles.of(office)
    ledger = open_ledger(_as_role(postgres, office, roles.app), actor="system", clock=clock)
    try:
        add_users(ledger)
        auditor = accounts.authenticate(ledger, LOGINS[Role.AUDITOR], PASSWORD, hasher=FAST)
        clerk = accounts.authenticate(ledger, LOGINS[Role.CLERK], PASSWORD, hasher=FAST)
        reader = _as_role(postgres, office, roles.audit)

        through_role = accounts.session_ledger(ledger, auditor, reader_address=reader)
        assert _current_user(through_role) == roles.audit
        # past the read-only session too: the role's own rights refuse (insufficient privilege)
        with pytest.raises(DBAPIError) as refused, through_role.engine.begin() as conn:
            conn.exec_driver_sql("SET TRANSACTION READ WRITE")
            conn.exec_driver_sql("UPDATE user_account SET display_name = 'x'")
        assert getattr(refused.value.orig, "sqlstate", None) == "42501"
        through_role.close()

        without = accounts.session_ledger(ledger, auditor)  # no auditor's role named: read-only sessions
        assert _current_user(without) == roles.app and without.read_only
        without.close()
        writer = accounts.session_ledger(ledger, clerk, reader_address=reader)  # only read-only users use it
        assert _current_user(writer) == roles.app
    finally:
        ledger.close()


@pytest.fixture
def server_window(
    qtbot: QtBot,
    postgres: pg_cluster.Cluster,
    ledger_name: str,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    monkeypatch.setenv("SAFETYWATCH_DATA_DIR", str(tmp_path / "data"))
    address = postgres.url(ledger_name).replace("postgres@", f"postgres:{PASSWORD_TYPED}@")
    ledger = open_ledger(address, actor="system", clock=clock)
    add_users(ledger)
    admin = accounts.authenticate(ledger, LOGINS[Role.ADMINISTRATOR], PASSWORD, hasher=FAST)
    window = MainWindow(accounts.session_ledger(ledger, admin))
    qtbot.addWidget(window)
    yield window
    wait_for_jobs(60_000)
    window.close()
    ledger.close()


def test_the_window_names_the_server_never_its_password_nor_the_notes_path(server_window: MainWindow) -> None:
    texts = [label.text() for label in server_window.statusBar().findChildren(QLabel)]
    assert any(text.startswith("postgresql://postgres:***@/") for text in texts), texts
    assert not any(PASSWORD_TYPED in text or ".pg" in text for text in texts)
    assert start_automatic_backups(server_window, server_window.ledger) is None  # no SQLite copy of a server


def test_the_backup_page_dumps_a_server_database_and_leaves_restoring_to_the_administrator(
    qtbot: QtBot, server_window: MainWindow
) -> None:
    page = server_window.backup_page
    assert isinstance(page, BackupPage)
    assert page.restore_button.isHidden() and not page.server_note.isHidden()
    page.back_up_now()
    qtbot.waitUntil(lambda: not page.busy, timeout=60_000)
    assert not page.status.is_error, page.status.text()
    assert page.table.rowCount() == 1
    assert server_window.ledger.server is not None
    dumps = list(server_backup.folder_of(server_window.ledger.server).glob("*.dump"))
    assert len(dumps) == 1 and not list(server_backup.folder_of(server_window.ledger.server).glob("*.db"))
