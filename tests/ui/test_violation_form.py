"""The 三违 card, driven with the keyboard only, against a real database file."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import violations
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.violation_form import ViolationFormPage
from tests.helpers import count_rows, refs

DAY = dt.date(2026, 6, 9)


@pytest.fixture
def form(qtbot: QtBot, ledger: Ledger) -> ViolationFormPage:
    page = ViolationFormPage(ledger)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.activateWindow()
    return page


def focused() -> QWidget:
    """Where a key press goes: the open suggestion list if any, else the focused field."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    """ASCII as key clicks; Chinese as an input-method commit, which is how a clerk's IME delivers it."""
    if text.isascii():
        qtbot.keyClicks(focused(), text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(focused(), event)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def saved(form: ViolationFormPage) -> bool:
    """Save the card and wait for the writer thread; True if the record was saved."""
    ids: list[int] = []

    def heard(record_id: int) -> None:
        ids.append(record_id)

    form.saved.connect(heard)
    form.save()
    assert wait_for_writes()
    form.saved.disconnect(heard)
    return bool(ids)


def save_with(qtbot: QtBot, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Enter (or Ctrl+Enter) and wait for the save it starts on the writer thread (pending window events
    first, as the event loop delivers them between a user's key presses)."""
    QApplication.processEvents()
    press(qtbot, Qt.Key.Key_Return, modifier)
    assert wait_for_writes()


def fill_rest(form: ViolationFormPage, name: str = "张三", number: str = "G1001") -> None:
    """The fields after the prefilled ones, set directly (for tests that are not about typing)."""
    form.location.setText("井口")
    form.offender_no.setText(number)
    form.offender_name.setText(name)
    form.offender_unit.choose_text("U01")
    form.employment.choose_text("ZS")
    form.type.choose_text("JL")
    form.severity.choose_text("YB")
    form.description.setPlainText("未戴安全帽")


def test_a_card_typed_with_the_keyboard_and_saved_with_enter(
    qtbot: QtBot, form: ViolationFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    assert QApplication.focusWidget() is form.found_time  # the first empty field after the prefilled ones
    # the paper card's order: time, place, 工号, name, unit, team, trade, employment, type, severity, rule, what
    for text in ("10:20", "1201运输顺槽", "G1001", "张三", "U01", "", "支架工", "ZS", "ZY", "YB", "第12条"):
        if text:
            type_text(qtbot, text)
        press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.description
    type_text(qtbot, "未敲帮问顶进入工作面")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.stopped_by_kind
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.stopped_by
    save_with(qtbot)
    assert count_rows(ledger, "violation") == 1, form.status.text()
    with ledger.read() as conn:
        row = violations.get(conn, 1)
    assert (row["number"], row["offender_name"], row["stopped_by_name"]) == ("JK01-SW-2026-00001", "张三", "李四")
    assert (row["found_via_name"], row["found_time"], row["location"]) == ("群监员汇报", "10:20", "1201运输顺槽")
    assert (row["type_class"], row["severity_class"], row["offender_trade"]) == ("operation", "general", "支架工")
    # the next card keeps workstation, date, shift and who stopped it; the rest is empty and focus is on time
    assert form.offender_name.text() == "" and form.description.toPlainText() == ""
    assert form.found_date.text() == "2026-06-09" and form.shift.current_id() == r.shifts["1"]
    assert form.stopped_by.current_id() == r.inspectors["Q001"]
    assert QApplication.focusWidget() is form.found_time
    assert "JK01-SW-2026-00001" in form.status.text()


def test_ctrl_enter_saves_from_the_description_and_enter_adds_a_line(
    qtbot: QtBot, form: ViolationFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(form)
    form.description.setFocus()
    form.description.moveCursor(form.description.textCursor().MoveOperation.End)
    press(qtbot, Qt.Key.Key_Return)
    assert wait_for_writes()
    assert count_rows(ledger, "violation") == 0 and form.description.toPlainText().endswith("\n")
    type_text(qtbot, "已当场制止")
    save_with(qtbot, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "violation") == 1, form.status.text()
    with ledger.read() as conn:
        assert violations.get(conn, 1)["description"] == "未戴安全帽\n已当场制止"


def test_errors_show_beside_fields_and_keep_the_text(qtbot: QtBot, form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    type_text(qtbot, "25:61")
    form.offender_name.setText("张三")
    form.hazard_number.setText("JK01-2026-99999")
    form.type.setEditText("不存在")
    save_with(qtbot)
    assert count_rows(ledger, "violation") == 0
    assert "时:分" in form.field_error("found_time")
    assert "JK01-2026-99999" in form.field_error("hazard_id")
    assert "不存在" in form.field_error("type_id")
    assert form.field_error("offender_unit_id") == "必填。" and form.field_error("location") == "必填。"
    assert form.field_error("offender_name") == ""
    assert (form.found_time.text(), form.offender_name.text(), form.hazard_number.text()) == (
        "25:61",
        "张三",
        "JK01-2026-99999",
    )
    assert QApplication.focusWidget() is form.found_time  # the first wrong field
    assert "未保存" in form.status.text()
    form.found_date.setText("2026-06-11")
    assert not saved(form)
    assert "2026-06-11" in form.field_error("found_date") and "将来" in form.field_error("found_date")


def test_who_stopped_it_switches_between_roster_and_name(form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(form)
    form.stopped_by_kind.setCurrentIndex(form.stopped_by_kind.findData("cadre"))
    assert not form.stopped_by.isEnabled() and form.stopped_by_name.isEnabled()
    assert not saved(form)
    assert form.field_error("stopped_by_name")
    form.stopped_by_name.setText("王队长")
    assert saved(form), form.status.text()
    with ledger.read() as conn:
        row = violations.get(conn, 1)
    assert (row["stopped_by_kind"], row["stopped_by_id"], row["stopped_by_name"]) == ("cadre", None, "王队长")


def test_a_known_number_fills_name_and_unit_and_shows_the_repeat_count(
    qtbot: QtBot, form: ViolationFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(form)
    form.offender_unit.choose_text("U02")
    assert saved(form)
    assert form.repeat.text() == ""
    form.offender_no.setFocus()
    type_text(qtbot, "G10")
    assert form.offender_completer.completionModel().rowCount() == 1  # type-ahead offers G1001
    popup = form.offender_completer.popup()
    assert popup.isVisible()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # picks the suggestion; does not save the card
    assert wait_for_writes()
    assert form.offender_no.text() == "G1001" and count_rows(ledger, "violation") == 1
    assert form.offender_name.text() == "张三" and form.offender_unit.current_id() == r.unit2
    assert form.repeat.text() == "近 12 个月第 2 次"  # the saved one and this card
    assert "b71c1c" in form.repeat.styleSheet()  # red from the second
    form.offender_no.clear()
    form.offender_no.editingFinished.emit()
    form.offender_name.setText("新人")
    form.offender_name.editingFinished.emit()
    assert form.repeat.text() == "近 12 个月第 1 次" and "b71c1c" not in form.repeat.styleSheet()
    # an inspector's 工号 fills name and unit from the roster; typed text is never overwritten
    form.offender_name.clear()
    form.offender_no.setText("Q002")
    form.offender_no.editingFinished.emit()
    assert form.offender_name.text() == "王芳" and form.offender_unit.current_id() == r.unit1
    form.offender_name.setText("别人")
    form.offender_no.setText("G1001")
    form.offender_no.editingFinished.emit()
    assert form.offender_name.text() == "别人"


def test_prefill_focuses_the_first_empty_field(form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, dt.date(2026, 6, 1), r.shifts["2"], r.inspectors["Q002"])
    assert form.found_date.text() == "2026-06-01" and form.shift.current_id() == r.shifts["2"]
    assert form.stopped_by_kind.currentData() == "inspector"
    assert form.stopped_by.current_id() == r.inspectors["Q002"]
    assert form.found_via.currentText().startswith("QJY")
    assert QApplication.focusWidget() is form.found_time


def test_amend_needs_a_reason_and_then_returns_to_a_new_card(form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(form)
    form.hazard_number.clear()
    assert saved(form)
    assert form.load_for_amend(1)
    assert "JK01-SW-2026-00001" in form.title.text() and form.reason.isVisibleTo(form)
    assert form.location.text() == "井口" and form.description.toPlainText() == "未戴安全帽"
    form.location.setText("副井口")
    assert not saved(form)  # a reason is required
    assert form.field_error("reason") and form.location.text() == "副井口"
    form.reason.setText("地点写错")
    assert saved(form)
    assert not form.reason.isVisibleTo(form) and form.location.text() == ""
    with ledger.read() as conn:
        row = violations.get(conn, 1)
    assert (row["location"], row["version"]) == ("副井口", 2)
    violations.void(ledger, 1, "录错")
    assert not form.load_for_amend(1)
    assert "作废" in form.status.text()


def test_enter_ticks_the_signed_box_and_ctrl_enter_saves(qtbot: QtBot, form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, DAY, r.shifts["1"], r.inspectors["Q001"])
    fill_rest(form)
    form.hazard_number.clear()
    form.offender_signed.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert form.offender_signed.isChecked() and not form.saving
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wait_for_writes() and count_rows(ledger, "violation") == 1, form.status.text()
    with ledger.read() as conn:
        assert violations.get(conn, 1)["offender_signed"] == 1
