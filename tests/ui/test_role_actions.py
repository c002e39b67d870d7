"""Each role is offered only the actions it may take, and people show by name (issue 17, "Roles")."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, hazards
from safetywatch.ui.session import open_session
from safetywatch.ui.worker import wait_for_jobs
from tests.account_helpers import FAST, LOGINS, NAMES, PASSWORD, add_users, signed_in
from tests.ui.test_hazard_table_model import TODAY, register_hazards


@pytest.fixture
def reported_done(ledger: Ledger) -> int:
    """A hazard the clerk entered and walked to rectification; the officer recorded the report of done."""
    add_users(ledger)
    ids = register_hazards(signed_in(ledger, Role.CLERK), count=3)  # registered, notice issued, rectifying
    officer = signed_in(ledger, Role.SAFETY_OFFICER)
    with ledger.read() as conn:
        rectifier = hazards.get(conn, ids[2])["rectify_person"]
    hazards.act(officer, ids[2], hazards.StepInput(HazardAction.REPORT_DONE, TODAY, person=rectifier))
    return ids[2]


def _window(qtbot: Any, ledger: Ledger, role: Role) -> tuple[Any, Any]:
    user = accounts.authenticate(ledger, LOGINS[role], PASSWORD, hasher=FAST)
    window, session = open_session(ledger, user, hasher=FAST, idle_ms=600_000)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    return window, session


def _open_hazard(qtbot: Any, window: Any, hazard_id: int) -> Any:
    page = window.hazards_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.select_hazard(hazard_id), timeout=5_000)
    qtbot.waitUntil(lambda: page.detail.hazard is not None and page.detail.hazard["id"] == hazard_id)
    return page


def _tools(window: Any) -> dict[str, Any]:
    menu = window.menuBar().actions()[0].menu()
    return {action.text(): action for action in menu.actions() if not action.isSeparator()}


def test_a_clerk_sees_acceptance_waiting_but_may_not_take_it(qtbot: Any, ledger: Ledger, reported_done: int) -> None:
    window, session = _window(qtbot, ledger, Role.CLERK)
    page = _open_hazard(qtbot, window, reported_done)
    assert HazardStatus(page.detail.hazard["status"]) is HazardStatus.REPORTED_DONE
    buttons = page.detail.action_buttons
    for step in (HazardAction.ACCEPT, HazardAction.REJECT):  # shown, so the clerk sees what the hazard waits for
        assert buttons[step].isVisible() and not buttons[step].isEnabled()
        assert "安监员" in buttons[step].toolTip()
    assert buttons[HazardAction.ESCALATE].isEnabled()  # a step of the clerk's own

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on the list: the first step the clerk may take
    assert page.focusWidget() is buttons[HazardAction.ESCALATE]

    allowance = window.allowance_page
    assert not allowance.approve_button.isEnabled() and not allowance.adjust_button.isEnabled()
    assert "安监员" in allowance.approve_button.toolTip()
    assert not window.report_page.close_button.isEnabled()
    assert "安监员" in window.report_page.close_button.toolTip()
    reference_page = window.reference_page
    assert reference_page.save_button.isHidden() and reference_page.new_button.isHidden()
    assert all(not e.widget.isEnabled() or e.widget.isReadOnly() for e in reference_page._editors.values())
    tools = _tools(window)
    hidden = [text for text, action in tools.items() if not action.isVisible()]
    assert len(hidden) == 3  # export, import and demo data are no clerk's work
    assert [a.isVisible() for a in tools.values()].count(True) == 1  # verify stays
    session.stop()


def test_the_officer_may_accept_approve_and_edit(qtbot: Any, ledger: Ledger, reported_done: int) -> None:
    window, session = _window(qtbot, ledger, Role.SAFETY_OFFICER)
    page = _open_hazard(qtbot, window, reported_done)
    buttons = page.detail.action_buttons
    assert buttons[HazardAction.ACCEPT].isEnabled() and buttons[HazardAction.REJECT].isEnabled()
    assert buttons[HazardAction.ACCEPT].toolTip() == ""
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.focusWidget() is buttons[HazardAction.ACCEPT]

    allowance = window.allowance_page
    allowance.refresh()
    qtbot.waitUntil(lambda: wait_for_jobs(50) and allowance.approve_button.isEnabled(), timeout=10_000)
    assert not window.reference_page.save_button.isHidden()
    assert all(action.isVisible() for action in _tools(window).values())
    session.stop()


def test_the_auditor_gets_no_step_buttons(qtbot: Any, ledger: Ledger, reported_done: int) -> None:
    window, session = _window(qtbot, ledger, Role.AUDITOR)
    page = _open_hazard(qtbot, window, reported_done)
    assert not page.detail.actions_box.isVisible()
    assert page.new_button.isHidden()
    violations = window.violations_page
    assert violations.new_button.isHidden() and violations.void_button.isHidden()
    session.stop()


def test_the_hazard_file_names_people_not_logins(qtbot: Any, ledger: Ledger, reported_done: int) -> None:
    window, session = _window(qtbot, ledger, Role.AUDITOR)
    page = _open_hazard(qtbot, window, reported_done)
    assert page.detail.value_text("clerk") == NAMES[Role.CLERK]
    entered_by = [row[-1] for row in page.detail.timeline_rows()]
    assert entered_by[-1] == NAMES[Role.SAFETY_OFFICER]  # the officer's report of done
    assert set(entered_by[:-1]) == {NAMES[Role.CLERK]}
    assert not {LOGINS[Role.CLERK], LOGINS[Role.SAFETY_OFFICER]} & set(entered_by)
    session.stop()


def test_a_login_without_an_account_shows_as_it_is(ledger: Ledger) -> None:
    add_users(ledger)
    with ledger.read() as conn:
        names = accounts.display_names(conn)
    assert accounts.shown_name(names, LOGINS[Role.CLERK]) == NAMES[Role.CLERK]
    assert accounts.shown_name(names, "演示数据") == "演示数据"  # the program itself, or an imported name
    assert accounts.shown_name(names, None) == ""
