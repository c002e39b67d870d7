"""Log-in, first start, roles in the main window, the administrator's page and the idle lock (real widgets,
real database, real argon2id at OWASP's minimum)."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLineEdit

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.ui.login_dialog import FirstAdministratorDialog, LoginDialog
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.session import open_session
from safetywatch.ui.users_page import UsersPage
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users


def _wait(qtbot: Any, dialog: Any) -> None:
    qtbot.waitUntil(lambda: wait_for_writes(100) and not dialog.busy, timeout=10_000)


def _user(ledger: Ledger, role: Role) -> Any:
    return accounts.authenticate(ledger, LOGINS[role], PASSWORD, hasher=FAST)


# --- dialogs ------------------------------------------------------------------------------------------


def test_first_start_creates_the_administrator_with_a_strength_check(qtbot: Any, ledger: Ledger) -> None:
    dialog = FirstAdministratorDialog(ledger, hasher=FAST)
    qtbot.addWidget(dialog)
    dialog.display_name.setText("赵管理")
    dialog.password.setText("12345678")
    assert dialog.strength.meter.value() == 0 and "太容易" in dialog.strength.text.text()
    dialog.password.setText("井口安全 第一 2026")
    assert dialog.strength.meter.value() >= 2
    dialog.repeat.setText("井口安全 第一 2026x")
    dialog.buttons.accepted.emit()
    _wait(qtbot, dialog)
    assert dialog.user is None and "不一致" in dialog.error.text()
    assert dialog.password.text() == "井口安全 第一 2026"  # nothing typed is lost
    dialog.repeat.setText("井口安全 第一 2026")
    dialog.buttons.accepted.emit()
    _wait(qtbot, dialog)
    assert dialog.user is not None and dialog.user.role is Role.ADMINISTRATOR and dialog.user.login == "admin"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_log_in_says_the_same_for_every_refusal_and_makes_a_new_user_choose_a_password(
    qtbot: Any, ledger: Ledger
) -> None:
    add_users(ledger)
    dialog = LoginDialog(ledger, "clerk1", hasher=FAST)
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong password")
    dialog.buttons.accepted.emit()
    _wait(qtbot, dialog)
    wrong = dialog.error.text()
    assert "登录失败" in wrong and dialog.password.text() == ""
    dialog.login.setText("nobody")
    dialog.password.setText(PASSWORD)
    dialog.buttons.accepted.emit()
    _wait(qtbot, dialog)
    assert dialog.error.text() == wrong

    dialog.login.setText("clerk1")
    dialog.password.setText(PASSWORD)
    dialog.buttons.accepted.emit()
    _wait(qtbot, dialog)
    assert dialog.user is None and dialog.changing_password  # set by the administrator: choose your own
    dialog.new_password.setText("我的新密码 2026")
    dialog.repeat.setText("我的新密码 2026")
    dialog.buttons.accepted.emit()
    _wait(qtbot, dialog)
    assert dialog.user is not None and not dialog.user.must_change_password
    assert accounts.authenticate(ledger, "clerk1", "我的新密码 2026", hasher=FAST).login == "clerk1"


# --- roles in the main window -------------------------------------------------------------------------


def _enabled(window: Any) -> list[str]:
    return [
        window.nav.item(i).text()
        for i in range(window.nav.count())
        if window.nav.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
    ]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_pages(qtbot: Any, ledger: Ledger, role: Role) -> None:
    add_users(ledger)
    window, session = open_session(ledger, _user(ledger, role), hasher=FAST, idle_ms=600_000)
    qtbot.addWidget(window)
    pages = _enabled(window)
    assert (window.ledger.user.login, window.ledger.read_only) == (LOGINS[role], role is Role.AUDITOR)
    assert ("用户管理" in pages) == (role is Role.ADMINISTRATOR)
    assert ("审计追踪" in pages) == (role in (Role.SAFETY_OFFICER, Role.AUDITOR))
    assert ("隐患登记" in pages) == (role in (Role.CLERK, Role.SAFETY_OFFICER))
    assert ("隐患台账" in pages) == (role is not Role.ADMINISTRATOR)
    if role is Role.ADMINISTRATOR:  # the first page the role may use: backups, then users
        assert window.stack.currentWidget() is window.backup_page
        assert not window.form_page.isEnabled()
    if role is Role.AUDITOR:
        assert window.stack.currentWidget() is window.dashboard_page  # the overview, as for everyone who browses
        window.show_page(window.hazards_page)
        shortcut = next(a for a in window.actions() if a.shortcut().matches(QKeySequence("Ctrl+1")).value == 2)
        assert not shortcut.isEnabled()
        assert window.audit_page.isEnabled()
        window.show_new_hazard()  # the register's "new hazard" link leads nowhere for an auditor
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.hazards_page)
        assert [window.nav.item(i).text() for i in range(window.nav.count())].count("审计追踪") == 1
    assert LOGINS[role] in window._operator_label.text()
    session.stop()


# --- the administrator's page -------------------------------------------------------------------------


def _fill_new_user(page: UsersPage, login: str, name: str, password: str) -> Any:
    """Open the add-user dialog and type an account into it (role: clerk)."""
    dialog = page.add_user()
    for field, text in (("login", login), ("display_name", name), ("password", password)):
        edit = dialog.widgets[field]
        assert isinstance(edit, QLineEdit)
        edit.setText(text)
    role = dialog.widgets["role"]
    assert isinstance(role, QComboBox)
    role.setCurrentIndex(role.findData("clerk"))
    return dialog


def test_users_page_adds_disables_resets_and_sets_the_idle_time(
    qtbot: Any, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_users(ledger)
    admin = accounts.session_ledger(ledger, _user(ledger, Role.ADMINISTRATOR))
    page = UsersPage(admin, hasher=FAST)
    qtbot.addWidget(page)
    assert [r.login for r in page.rows] == ["admin1", "auditor1", "clerk1", "officer1"]
    dialog = _fill_new_user(page, "Clerk1", "钱文员", PASSWORD)  # the login is taken: refused
    dialog.submit()
    assert wait_for_writes()
    assert dialog.isVisible() and dialog.error_text("login")  # the dialog stays, with the reason under the login
    assert dialog.form.text("display_name") == "钱文员" and dialog.form.text("password") == PASSWORD
    login = dialog.widgets["login"]
    assert isinstance(login, QLineEdit)
    login.setText("Clerk2")
    dialog.submit()
    assert wait_for_writes()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed (and deleted) once saved
    assert page.selected() is not None and page.selected().login == "clerk2"
    assert "clerk2" in page.message.text()
    reasons = iter(["", "调离岗位"])
    monkeypatch.setattr(page, "ask_reason", lambda _title: next(reasons))
    page.toggle_active()
    assert wait_for_writes()
    assert "原因" in page.message.text()  # an empty reason is refused, nothing changed
    page.toggle_active()
    assert wait_for_writes()
    assert not page.selected().active and page.table.item(page.table.currentRow(), 3).text() == "已停用"
    monkeypatch.setattr(page, "ask_reason", lambda _title: "忘记密码")
    page.select_login("clerk1")
    monkeypatch.setattr(page, "ask_password", lambda _user: "临时密码 0610")
    page.reset_password()
    assert wait_for_writes()
    assert page.selected().must_change_password
    page.idle_minutes.setValue(3)
    with qtbot.waitSignal(page.idle_minutes_changed) as signal:
        page.save_idle_minutes()
    assert signal.args == [3]
    with ledger.read() as conn:
        assert accounts.idle_lock_minutes(conn) == 3


# --- the idle lock ------------------------------------------------------------------------------------


def test_idle_lock_covers_the_window_and_keeps_what_was_typed(qtbot: Any, ledger: Ledger) -> None:
    add_users(ledger)
    window, session = open_session(ledger, _user(ledger, Role.CLERK), hasher=FAST, idle_ms=300)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    form = window.form_page
    form.location.setText("1201工作面回风巷")
    form.description.setPlainText("顶板离层，尚未保存")
    qtbot.waitUntil(lambda: session.idle.is_locked, timeout=5000)
    screen = session.idle.screen
    assert screen is not None and screen.isVisible() and screen.isModal()
    assert screen.geometry() == window.geometry()

    screen.password.setText("wrong password")
    screen.try_unlock()
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)
    wait_for_jobs()
    assert session.idle.is_locked and "登录失败" in screen.error.text()
    qtbot.waitUntil(lambda: screen.error.height() >= screen.error.heightForWidth(screen.error.width()))  # 2 lines
    screen.password.setText(PASSWORD)
    with qtbot.waitSignal(session.idle.unlocked, timeout=10_000):
        screen.try_unlock()
    assert not session.idle.is_locked
    assert window.form_page is form and form.location.text() == "1201工作面回风巷"
    assert form.description.toPlainText() == "顶板离层，尚未保存"
    assert window.isVisible()
    session.stop()


def test_input_postpones_the_idle_lock(qtbot: Any, ledger: Ledger) -> None:
    add_users(ledger)
    window, session = open_session(ledger, _user(ledger, Role.CLERK), hasher=FAST, idle_ms=400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(4):  # keep typing for longer than the idle time
        qtbot.wait(200)
        qtbot.keyClick(window.form_page.location, Qt.Key.Key_A)
        assert not session.idle.is_locked
    qtbot.waitUntil(lambda: session.idle.is_locked, timeout=5000)
    session.stop()


def test_lock_now_and_sign_out_from_the_lock_screen(
    qtbot: Any, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    add_users(ledger)
    window, session = open_session(ledger, _user(ledger, Role.SAFETY_OFFICER), hasher=FAST, idle_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    session.lock_action.trigger()  # Account → Lock now (Ctrl+L)
    assert session.idle.is_locked
    screen = session.idle.screen
    assert screen is not None
    screen.reject()  # Escape does not unlock
    assert screen.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(session.sign_out_requested):
        screen.sign_out_button.click()
    session.stop()
