"""The shift sheet driven by the keyboard alone, saved through the real service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safetywatch.services import duty, reference
from safetywatch.services.database import Ledger
from safetywatch.ui import shift_sheet_page
from safetywatch.ui.shift_sheet_model import COL
from safetywatch.ui.shift_sheet_page import ShiftSheetPage
from tests.helpers import Refs, count_rows, refs

DAY = dt.date(2026, 6, 9)


@pytest.fixture
def page(qtbot: QtBot, ledger: Ledger) -> ShiftSheetPage:
    r = refs(ledger)
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q010",
            "name": "赵六",
            "unit_id": str(r.unit2),
            "workstation_id": str(r.workstation),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
    )
    widget = ShiftSheetPage(ledger)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    assert widget.load(r.workstation, DAY, r.shifts["1"])
    return widget


def _key(
    qtbot: QtBot, page: ShiftSheetPage, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(page.view, key, modifier)


def _type_into_cell(qtbot: QtBot, page: ShiftSheetPage, text: str) -> None:
    """Type as a person does: the first key opens the cell editor, the rest go to whatever has the focus."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget() or page.view, ch)
    qtbot.keyClick(QApplication.focusWidget() or page.view, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor's text through a queued call


def _type_text(page: ShiftSheetPage, text: str) -> None:
    """Chinese text as a key event carrying it (QTest.keyClicks only handles Latin-1 characters)."""
    for ch in text:
        QApplication.sendEvent(
            page.view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
        )


def _stored(ledger: Ledger, r: Refs) -> dict[int, duty.Mark]:
    with ledger.read() as conn:
        sheet = duty.find_sheet(conn, r.workstation, DAY, r.shifts["1"])
    assert sheet is not None
    return sheet.marks


def test_the_roster_is_listed_as_a_new_sheet(page: ShiftSheetPage) -> None:
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002", "Q010"]
    assert page.state.text() == "新登记"
    assert "应到 3 人" in page.summary.text()


def test_a_whole_sheet_by_keyboard(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    page.view.setFocus()
    _key(qtbot, page, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [row.status for row in page.model.rows] == ["on", "on", "on"]
    # Type-ahead by name jumps to 王芳 (Q002); Space on the status cycles 上岗 → 缺岗 → 请假.
    page.view.setCurrentIndex(page.model.index(0, COL["name"]))
    _type_text(page, "王")
    assert page.view.currentIndex().row() == 1
    _key(qtbot, page, Qt.Key.Key_Right)  # 单位
    _key(qtbot, page, Qt.Key.Key_Right)  # 上岗
    _key(qtbot, page, Qt.Key.Key_Space)
    _key(qtbot, page, Qt.Key.Key_Space)
    assert page.model.rows[1].status == "leave"
    # Type-ahead by 工号 (in the first column) jumps to Q010; Space on 汇报 ticks it; a count typed.
    page.view.setCurrentIndex(page.model.index(0, COL["employee_no"]))
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a pause starts a new search, as for a clerk
    qtbot.keyClicks(page.view, "Q010")
    assert page.view.currentIndex().row() == 2
    page.view.setCurrentIndex(page.model.index(2, COL["reported"]))
    _key(qtbot, page, Qt.Key.Key_Space)
    page.view.setCurrentIndex(page.model.index(2, COL["hazards"]))
    _type_into_cell(qtbot, page, "2")
    assert page.model.rows[2].hazards == 2 and page.dirty
    _key(qtbot, page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    marks = _stored(ledger, r)
    assert marks[r.inspectors["Q001"]].status == "on"
    assert marks[r.inspectors["Q002"]].status == "leave"
    q10 = page.model.rows[2].person.inspector_id
    assert marks[q10].reported and marks[q10].hazards == 2
    assert page.state.text().startswith("已保存") and not page.dirty
    assert page.status.text() == "已保存 · 2 人上岗，1 人汇报"


def test_changing_a_saved_sheet_asks_a_reason(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(ledger)
    page.model.mark_all_unmarked_on()
    assert page.save()
    asked: list[str] = []

    def reason(_parent: Any, _title: str, label: str) -> str | None:
        asked.append(label)
        return None if len(asked) == 1 else "卡片看错"

    monkeypatch.setattr(shift_sheet_page, "ask_reason", reason)
    page.view.setCurrentIndex(page.model.index(0, COL["status"]))
    _key(qtbot, page, Qt.Key.Key_Space)  # 上岗 → 缺岗
    assert not page.save()  # cancelled: nothing changes, the edit stays on screen
    assert page.model.rows[0].status == "absent"
    assert page.save()
    assert _stored(ledger, r)[r.inspectors["Q001"]].status == "absent"
    assert page.state.text().endswith("版本 2")


def test_a_bad_cell_is_marked_and_nothing_is_saved(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    events = count_rows(ledger, "audit_event")
    page.view.setCurrentIndex(page.model.index(0, COL["time_in"]))
    page.view.setFocus()
    _type_into_cell(qtbot, page, "25:00")
    assert page.model.rows[0].status == "on"  # a time marks the inspector on duty
    assert not page.save()
    assert count_rows(ledger, "audit_event") == events
    assert "HH:MM" in page.model.rows[0].errors["time_in"]
    assert page.view.currentIndex().column() == COL["time_in"]
    assert page.model.rows[0].time_in == "25:00"  # what was typed is kept
    assert "HH:MM" in page.messages.text()


def test_ctrl_h_asks_for_a_hazard_card_for_the_row(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    page.view.setCurrentIndex(page.model.index(1, COL["status"]))
    page.view.setFocus()
    with qtbot.waitSignal(page.hazard_requested) as hazard, qtbot.waitSignal(page.violation_requested) as violation:
        _key(qtbot, page, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        _key(qtbot, page, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    expected = {
        "workstation_id": r.workstation,
        "shift_date": DAY,
        "shift_id": r.shifts["1"],
        "inspector_id": r.inspectors["Q002"],
    }
    assert hazard.args == [expected] and violation.args == [expected]


def test_unsaved_marks_are_not_lost_when_switching_days(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shift_sheet_page, "ask_unsaved", lambda _parent: "cancel")
    page.model.mark_all_unmarked_on()
    qtbot.keyClick(page.date, Qt.Key.Key_PageUp)  # previous day
    assert page.date.date().day() == 9 and page.model.rows[0].status == "on"
    monkeypatch.setattr(shift_sheet_page, "ask_unsaved", lambda _parent: "save")
    qtbot.keyClick(page.date, Qt.Key.Key_PageUp)
    assert page.date.date().day() == 8 and page.model.rows[0].status is None
    assert count_rows(ledger, "duty") == 3  # the 9th was saved on the way


def test_void_a_sheet(page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    page.model.mark_all_unmarked_on()
    assert page.save()
    monkeypatch.setattr(shift_sheet_page, "ask_reason", lambda *_a: "录错工作站")
    page.void_sheet()
    assert count_rows(ledger, "duty") == 0 and page.state.text() == "新登记"


def test_ctrl_s_while_typing_in_a_cell_saves_what_was_typed(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    page.view.setCurrentIndex(page.model.index(0, COL["place"]))
    page.view.setFocus()
    for ch in "1201":
        qtbot.keyClick(QApplication.focusWidget() or page.view, ch)
    assert page.view.state() == page.view.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    marks = _stored(ledger, r)
    assert marks[r.inspectors["Q001"]].place == "1201" and marks[r.inspectors["Q001"]].status == "on"
