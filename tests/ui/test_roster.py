"""The roster on the shift sheet and on the cards (issue 17), driven with real key events: a 工号 not on the
sheet marks no one, a visiting inspector is added and saved, the current row is highlighted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, reference
from safetywatch.ui import shift_sheet_page
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.shift_sheet_model import COL, CURRENT_ROW_BACKGROUND
from safetywatch.ui.shift_sheet_page import ShiftSheetPage
from tests.helpers import refs

DAY = dt.date(2026, 6, 9)


def _inspector(ledger: Ledger, number: str, name: str, workstation: int) -> dict[str, Any]:
    r = refs(ledger)
    return reference.save(
        ledger,
        "inspector",
        {
            "employee_no": number,
            "name": name,
            "unit_id": str(r.unit1),
            "workstation_id": str(workstation),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
    )


@pytest.fixture
def other_station(ledger: Ledger) -> dict[str, Any]:
    """JK02 with its inspector Q020 钱七."""
    r = refs(ledger)
    ws2 = reference.save(ledger, "workstation", {"code": "JK02", "name": "副井口工作站", "mine_id": str(r.mine)})
    _inspector(ledger, "Q020", "钱七", ws2["id"])
    return ws2


@pytest.fixture
def page(qtbot: QtBot, ledger: Ledger, other_station: dict[str, Any]) -> ShiftSheetPage:
    r = refs(ledger)
    widget = ShiftSheetPage(ledger)
    qtbot.addWidget(widget)
    widget.resize(1024, 705)
    widget.show()
    assert widget.load(r.workstation, DAY, r.shifts["1"])
    widget.view.setFocus()
    return widget


def test_a_gonghao_of_another_workstation_marks_no_one(qtbot: QtBot, page: ShiftSheetPage) -> None:
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002"]
    page.view.setCurrentIndex(page.model.index(0, COL["employee_no"]))
    qtbot.keyClicks(page.view, "Q020")  # 钱七 of JK02: "Q0" matched Q001, "Q02" matches no one here
    assert not page.view.currentIndex().isValid()
    assert page.model.current_row == -1
    assert "Q020 钱七 不在本表（属 JK02 副井口工作站）" in page.status.text()
    qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert [row.status for row in page.model.rows] == [None, None] and not page.dirty
    assert "不在本表" in page.status.text()  # the message stays in view
    # Typing a 工号 that is on the sheet goes on from there: the row is found and the message goes.
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(page.view, "Q002")
    assert page.view.currentIndex() == page.model.index(1, COL["employee_no"])
    assert page.status.text() == ""
    qtbot.keyClick(page.view, Qt.Key.Key_Space)  # Space in the 工号 column cycles the duty status
    assert [row.status for row in page.model.rows] == [None, "on"]


def test_a_gonghao_on_no_roll_says_so(qtbot: QtBot, page: ShiftSheetPage) -> None:
    page.view.setCurrentIndex(page.model.index(1, COL["employee_no"]))
    qtbot.keyClicks(page.view, "9")
    assert not page.view.currentIndex().isValid()
    assert page.status.text() == "工号 9 不在本表，也不在名册。"


def test_space_in_the_name_column_cycles_the_status(qtbot: QtBot, page: ShiftSheetPage) -> None:
    page.view.setCurrentIndex(page.model.index(0, COL["name"]))
    for _ in range(3):
        qtbot.keyClick(page.view, Qt.Key.Key_Space)
    assert page.model.rows[0].status == "leave" and page.model.rows[1].status is None
    assert page.view.currentIndex() == page.model.index(0, COL["name"])  # Space searched for nothing


def test_the_whole_current_row_is_highlighted(qtbot: QtBot, page: ShiftSheetPage) -> None:
    page.view.setCurrentIndex(page.model.index(0, COL["status"]))
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert page.view.currentIndex().row() == 1
    for key in ("employee_no", "place", "summary"):
        brush = page.model.data(page.model.index(1, COL[key]), Qt.ItemDataRole.BackgroundRole)
        assert brush is not None and brush.color() == CURRENT_ROW_BACKGROUND
        assert page.model.data(page.model.index(0, COL[key]), Qt.ItemDataRole.BackgroundRole) is None
    # And on screen: a cell away from the current one is painted in the row's colour.
    QApplication.processEvents()
    rect = page.view.visualRect(page.model.index(1, COL["place"]))
    image = page.view.viewport().grab().toImage()
    assert QColor(image.pixel(rect.center())) == CURRENT_ROW_BACKGROUND
    other = page.view.visualRect(page.model.index(0, COL["place"]))
    assert QColor(image.pixel(other.center())) != CURRENT_ROW_BACKGROUND


def test_a_visiting_inspector_is_added_and_saved(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(ledger)
    asked: list[str] = []
    monkeypatch.setattr(shift_sheet_page, "ask_employee_no", lambda _parent, typed: asked.append(typed) or typed)
    page.view.setCurrentIndex(page.model.index(0, COL["employee_no"]))
    qtbot.keyClicks(page.view, "Q020")
    qtbot.keyClick(page.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Q020"]  # the 工号 just typed is offered
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002", "Q020"]
    assert page.model.rows[2].status == "on" and page.dirty
    assert page.view.currentIndex() == page.model.index(2, COL["status"])
    qtbot.keyClick(page.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wait_for_writes()
    with ledger.read() as conn:
        sheet = duty.find_sheet(conn, r.workstation, DAY, r.shifts["1"])
        audited = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_event WHERE entity = 'duty_sheet' AND entity_id = ?",
            (sheet.id if sheet else 0,),
        ).scalar()
    assert sheet is not None and set(sheet.marks) == {refs(ledger).inspectors["Q020"]}
    assert audited == 1  # saved as part of the sheet, through the duty service
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002", "Q020"] and not page.dirty


def test_a_visitor_already_on_another_sheet_of_the_shift_is_refused(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, other_station: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(ledger)
    q020 = refs(ledger).inspectors["Q020"]
    duty.save_sheet(ledger, duty.SheetInput(other_station["id"], DAY, r.shifts["1"], (duty.Mark(q020),)))
    monkeypatch.setattr(shift_sheet_page, "ask_employee_no", lambda _parent, _typed: "Q020")
    qtbot.keyClick(page.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002"] and not page.dirty
    assert page.status.text() == "Q020 钱七 本班次已登记在 JK02 副井口工作站 的登记表上。"
    monkeypatch.setattr(shift_sheet_page, "ask_employee_no", lambda _parent, _typed: "Q999")
    qtbot.keyClick(page.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert "Q999" in page.status.text() and len(page.model.rows) == 2


def _answer_dialog_with_keys(qtbot: QtBot, keys: str) -> None:
    """When the next modal dialog opens, type *keys* into its focused field and press Enter (real key events)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        field = dialog.focusWidget()
        field.selectAll()  # type: ignore[attr-defined]
        qtbot.keyClicks(field, keys)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_a_visitor_s_row_says_where_the_inspector_belongs(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    name_column = COL["name"]
    _answer_dialog_with_keys(qtbot, "Q020")
    qtbot.keyClick(page.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # the dialog, answered by keys
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002", "Q020"]
    shown = [page.model.index(row, name_column).data() for row in range(3)]
    assert shown == ["李四", "王芳", "钱七（外站 JK02）"]  # the sheet's own inspectors plain, the visitor marked
    page.activateWindow()  # the offscreen platform does not hand activation back when the dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    qtbot.keyClick(page.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wait_for_writes() and not page.dirty, page.status.text()
    # Reopened from the ledger, in a new page: the saved visitor still says where they belong.
    reopened = ShiftSheetPage(ledger)
    qtbot.addWidget(reopened)
    assert reopened.load(r.workstation, DAY, r.shifts["1"])
    assert reopened.model.index(2, name_column).data() == "钱七（外站 JK02）"
    assert reopened.model.rows[2].person.name == "钱七"  # the name itself stays the name (search, cards)
