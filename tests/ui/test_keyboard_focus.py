"""Keyboard and focus (issue 17), with real key events in a real main window on a real database: the keyboard
is in the page after log-in and after each page shortcut; a failed save shows its first bad field; one Enter
takes a suggestion and moves on; a message goes once its field is valid; the shift sheet's short Tab path."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from safetywatch.domain.permissions import Role
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.session import open_session
from safetywatch.ui.violation_form import ViolationFormPage
from tests.account_helpers import FAST, LOGINS, PASSWORD, add_users
from tests.helpers import refs
from tests.ui.test_violation_form import DAY, fill_rest, type_text


def _show(qtbot: Any, window: QWidget, width: int = 1024, height: int = 768) -> None:
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(qtbot: Any, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.activePopupWidget() or _focused(), key)


def test_after_log_in_the_keyboard_is_in_the_first_page(qtbot: Any, ledger: Ledger) -> None:
    from safetywatch.services.kinds import accounts

    add_users(ledger)
    user = accounts.authenticate(ledger, LOGINS[Role.CLERK], PASSWORD, hasher=FAST)
    window, _session = open_session(ledger, user, hasher=FAST, idle_ms=600_000)
    _show(qtbot, window)
    page = window.stack.currentWidget()
    assert page is not None
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget()))
    assert not window.nav.hasFocus()
    qtbot.keyClick(_focused(), Qt.Key.Key_Down)  # the next ↓ stays in the page
    assert window.stack.currentWidget() is page


def test_each_page_shortcut_puts_the_keyboard_on_the_pages_first_input(qtbot: Any, ledger: Ledger) -> None:
    window = MainWindow(ledger)
    _show(qtbot, window)
    window.nav.setFocus()  # as after a click on the navigation
    first_inputs = {
        window.form_page: lambda: window.form_page.form.first_input(),
        window.violation_form: lambda: window.violation_form.form.first_input(),
        window.shift_sheet_page: lambda: window.shift_sheet_page.view,
        window.hazards_page: lambda: window.hazards_page.table,
        window.violations_page: lambda: window.violations_page.view,
    }
    keys = [getattr(Qt.Key, f"Key_{k}") for k in "0123456789M"]
    for key in keys:
        qtbot.keyClick(_focused(), key, Qt.KeyboardModifier.ControlModifier)
        page = window.stack.currentWidget()
        focused = _focused()
        assert page is not None and page.isAncestorOf(focused), (key, page, focused)
        if page in first_inputs:
            assert focused is first_inputs[page](), (key, focused)
    # a card opens on its first empty field (the workstation and date are filled in), and the digits typed
    # next land in it
    qtbot.keyClick(_focused(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert _focused() is window.violation_form.form.first_input()
    assert window.violation_form.form.text(_focused().objectName()) == ""


def _violation_page(qtbot: Any, ledger: Ledger) -> ViolationFormPage:
    page = ViolationFormPage(ledger)
    _show(qtbot, page, 1024 - 160, 705)  # the main window's page area at 1024×768
    return page


def test_a_failed_save_focuses_the_first_bad_field_in_view(qtbot: Any, ledger: Ledger) -> None:
    page = _violation_page(qtbot, ledger)
    r = refs(ledger)
    page.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(page)
    page.employment.choose_text("")  # required, at the foot of the left column
    page.resize(1024 - 160, 300)  # a low window: that field is below the fold
    qtbot.wait(20)
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    scroll.verticalScrollBar().setValue(0)
    page.offender_no.setFocus()
    qtbot.keyClick(page.offender_no, Qt.Key.Key_Return)
    assert wait_for_writes()
    assert page.field_error("employment_id") and _focused() is page.employment
    viewport = scroll.viewport()
    for widget in (page.employment, page.form.errors["employment_id"]):
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        bottom = widget.mapTo(viewport, widget.rect().bottomLeft())
        assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom), widget


def test_the_violation_card_fits_the_page_area_at_1024x768_with_every_message(qtbot: Any, ledger: Ledger) -> None:
    page = _violation_page(qtbot, ledger)
    page.save()  # an empty card: a message under every required field
    assert wait_for_writes()
    qtbot.wait(20)
    assert page.form.has_errors()
    hint = page.sizeHint()
    assert hint.width() <= 1024 - 160 and hint.height() <= 705, hint
    scroll = page.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().maximum() == 0  # no scrolling needed
    assert page.grab().save(str(ledger.path.parent / "violation_card_errors_1024.png"))


def test_one_enter_in_a_suggestion_list_chooses_and_moves_on(qtbot: Any, ledger: Ledger) -> None:
    page = _violation_page(qtbot, ledger)
    page.type.setFocus()
    qtbot.keyClicks(page.type, "J")
    popup = page.type.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert page.type.current_id() is not None  # the highlighted entry was chosen
    assert _focused() is page.severity  # and the keyboard moved on: one Enter, not two
    assert wait_for_writes()
    with ledger.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM violation").scalar_one() == 0  # nothing saved


def test_a_stale_message_goes_when_its_field_becomes_valid(qtbot: Any, ledger: Ledger) -> None:
    page = _violation_page(qtbot, ledger)
    r = refs(ledger)
    page.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(page)
    page.location.clear()
    page.found_time.setText("2599")
    page.save()
    assert wait_for_writes()
    assert page.field_error("location") and page.field_error("found_time")
    page.location.setFocus()
    type_text(qtbot, "井口")  # as the input method commits it
    assert page.field_error("location") == ""  # valid now: its message went at once
    assert page.field_error("found_time")  # the other is still wrong
    page.found_time.setFocus()
    page.found_time.selectAll()
    qtbot.keyClicks(page.found_time, "x")  # typed over: still not a time
    assert page.field_error("found_time")
    qtbot.keyClick(page.found_time, Qt.Key.Key_Backspace)
    qtbot.keyClicks(page.found_time, "10:20")
    assert page.field_error("found_time") == "" and not page.form.has_errors()
    assert not page.status.is_error  # nothing left to correct


def test_the_shift_sheet_tab_path_is_short(qtbot: Any, ledger: Ledger) -> None:
    window = MainWindow(ledger)
    _show(qtbot, window)
    sheet = window.shift_sheet_page
    qtbot.keyClick(_focused(), Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert _focused() is sheet.view
    forward = [sheet.note, sheet.workstation, sheet.date, sheet.shift, sheet.view]
    for expected in forward:  # one Tab each, also out of the date with its 年/月/日 parts
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is expected, (expected, _focused())
    for expected in [sheet.shift, sheet.date, sheet.workstation, sheet.note, sheet.view]:
        _press(qtbot, Qt.Key.Key_Backtab)
        assert _focused() is expected, (expected, _focused())
    # the arrows still walk the date's parts: Right, then Up changes the month, not the year
    sheet.date.setFocus(Qt.FocusReason.TabFocusReason)
    before = sheet.date.date()
    qtbot.keyClick(sheet.date, Qt.Key.Key_Down)
    assert sheet.date.date() == before.addYears(-1)
    for _ in range(5):
        qtbot.keyClick(sheet.date, Qt.Key.Key_Right)
    qtbot.keyClick(sheet.date, Qt.Key.Key_Down)
    assert sheet.date.date() == before.addYears(-1).addMonths(-1)
