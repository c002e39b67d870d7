"""The 三违 card by keyboard, its prefill from the shift sheet, amendment, and the register page."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safetywatch.services import violations
from safetywatch.services.database import Ledger
from safetywatch.ui import violations_page
from safetywatch.ui.violation_form import ViolationFormPage
from safetywatch.ui.violations_page import ViolationsPage
from tests.helpers import count_rows, refs


@pytest.fixture
def form(qtbot: QtBot, ledger: Ledger) -> ViolationFormPage:
    page = ViolationFormPage(ledger)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    return page


def _type(qtbot: QtBot, text: str) -> None:
    """Type into the focused field (Chinese text is inserted as a committed input, as an IME does)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        insert = getattr(widget, "insert", None) or getattr(widget, "insertPlainText", None)
        if insert is None:  # an editable combo box: its line edit
            insert = widget.lineEdit().insert  # type: ignore[attr-defined]
        insert(text)


def _tab(qtbot: QtBot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_a_card_typed_with_the_keyboard_and_saved_with_enter(
    qtbot: QtBot, form: ViolationFormPage, ledger: Ledger
) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], r.inspectors["Q001"])
    assert QApplication.focusWidget() is form.found_time  # first empty field after the prefilled ones
    for text in ("10:20", "1201运输顺槽", "G1001", "张三"):
        _type(qtbot, text)
        _tab(qtbot)
    for text in ("U01", "", "支架工", "ZS", "ZY", "YB", "第12条"):
        if text:
            _type(qtbot, text)
        _tab(qtbot)
    _type(qtbot, "未敲帮问顶进入工作面")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert count_rows(ledger, "violation") == 1, form.status.text()
    with ledger.read() as conn:
        row = violations.get(conn, 1)
    assert (row["number"], row["offender_name"], row["stopped_by_name"]) == ("JK01-SW-2026-00001", "张三", "李四")
    assert row["found_via_name"] == "群监员汇报" and row["found_time"] == "10:20"
    assert form.offender_name.text() == "" and form.found_date.text() == "2026-06-09"  # next card keeps the date
    assert "JK01-SW-2026-00001" in form.status.text()


def test_errors_show_beside_fields_and_keep_the_text(form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], r.inspectors["Q001"])
    form.found_time.setText("25:61")
    form.offender_name.setText("张三")
    form.hazard_number.setText("JK01-2026-99999")
    assert not form.save()
    assert "HH:MM" in form.field_error("found_time")
    assert "JK01-2026-99999" in form.field_error("hazard_id")
    assert form.field_error("offender_unit_id") == "必填。"
    assert form.offender_name.text() == "张三" and count_rows(ledger, "violation") == 0


def test_repeat_count_shows_while_typing_and_amend(form: ViolationFormPage, ledger: Ledger) -> None:
    r = refs(ledger)
    form.prefill(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], r.inspectors["Q001"])

    def fill() -> None:
        form.location.setText("井口")
        form.offender_no.setText("G1001")
        form.offender_name.setText("张三")
        form.offender_unit.choose_text("U01")
        form.employment.choose_text("ZS")
        form.type.choose_text("JL")
        form.severity.choose_text("YB")
        form.description.setPlainText("未戴安全帽")

    fill()
    assert form.save()
    form.offender_no.setText("G1001")
    form.offender_no.editingFinished.emit()
    assert form.offender_name.text() == "张三"  # a known 工号 fills the name
    assert "2" in form.repeat.text()
    assert form.load_for_amend(1)
    form.location.setText("副井口")
    assert not form.save()  # a reason is required
    assert form.field_error("reason")
    form.reason.setText("地点写错")
    assert form.save()
    with ledger.read() as conn:
        assert violations.get(conn, 1)["location"] == "副井口"


def test_register_page_lists_details_and_acts(qtbot: QtBot, ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    r = refs(ledger)
    form = ViolationFormPage(ledger)
    qtbot.addWidget(form)
    for name in ("甲", "乙"):
        form.prefill(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], r.inspectors["Q001"])
        form.location.setText("井口")
        form.offender_no.setText("G1001")
        form.offender_name.setText(name)
        form.offender_unit.choose_text("U01")
        form.employment.choose_text("ZS")
        form.type.choose_text("JL")
        form.severity.choose_text("YZ")
        form.description.setPlainText("酒后入井")
        assert form.save(), form.status.text()
    page = ViolationsPage(ledger)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    assert "JK01-SW-2026-0000" in page.detail.toPlainText()
    monkeypatch.setattr(violations_page, "ask_reason", lambda *_a: "重复录入")
    page.view.selectRow(1)
    page.void()
    assert "作废" in page.status.text()
    page.tabs.setCurrentIndex(1)
    assert page.repeats.rowCount() == 0  # one of the two is void now
    page.text.setText("乙")
    page.apply_filter()
    assert page.model.rowCount() == 1
    with qtbot.waitSignal(page.amend_requested) as amend:
        page.amend_button.click()
    assert amend.args == [page.model.record_id(0)]
