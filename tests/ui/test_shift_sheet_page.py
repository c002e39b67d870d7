"""The shift sheet driven by the keyboard alone, saved through the real service."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards, reference
from safetywatch.ui import shift_sheet_page
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.shift_sheet_model import COL
from safetywatch.ui.shift_sheet_page import ShiftSheetPage
from tests.helpers import Refs, card, count_rows, refs

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


def _type_text(page: ShiftSheetPage, text: str, widget: QWidget | None = None) -> None:
    """Chinese text as key events carrying it (QTest.keyClicks only handles Latin-1 characters)."""
    for ch in text:
        QApplication.sendEvent(
            widget or page.view,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch),
        )


def _save(page: ShiftSheetPage) -> None:
    """Save as Ctrl+S does and wait for the writer thread (the page stays usable meanwhile)."""
    assert page.save()
    assert wait_for_writes()


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
    assert page.status.text() == "正在保存…"
    assert wait_for_writes()
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
    _save(page)
    asked: list[str] = []

    def reason(_parent: Any, _title: str, label: str) -> str | None:
        asked.append(label)
        return None if len(asked) == 1 else "卡片看错"

    monkeypatch.setattr(shift_sheet_page, "ask_reason", reason)
    page.view.setCurrentIndex(page.model.index(0, COL["status"]))
    _key(qtbot, page, Qt.Key.Key_Space)  # 上岗 → 缺岗
    assert not page.save()  # cancelled: nothing changes, the edit stays on screen
    assert page.model.rows[0].status == "absent"
    _save(page)
    assert _stored(ledger, r)[r.inspectors["Q001"]].status == "absent"
    assert page.state.text().endswith("版本 2")


def test_a_bad_cell_is_marked_and_nothing_is_saved(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    events = count_rows(ledger, "audit_event")
    page.view.setCurrentIndex(page.model.index(0, COL["time_in"]))
    page.view.setFocus()
    _type_into_cell(qtbot, page, "25:00")
    assert page.model.rows[0].status == "on"  # a time marks the inspector on duty
    _save(page)
    assert count_rows(ledger, "audit_event") == events
    assert "时:分" in page.model.rows[0].errors["time_in"]
    assert page.view.currentIndex().column() == COL["time_in"]
    assert page.model.rows[0].time_in == "25:00"  # what was typed is kept
    assert "时:分" in page.messages.text()


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
    assert page.date.date().day() == 9  # the sheet on screen is being saved; the 8th follows
    assert wait_for_writes()
    assert page.date.date().day() == 8 and page.model.rows[0].status is None
    assert count_rows(ledger, "duty") == 3  # the 9th was saved on the way


def test_void_a_sheet(page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    page.model.mark_all_unmarked_on()
    _save(page)
    monkeypatch.setattr(shift_sheet_page, "ask_reason", lambda *_a: "录错工作站")
    page.void_sheet()
    assert wait_for_writes()
    assert count_rows(ledger, "duty") == 0 and page.state.text() == "新登记"


def test_ctrl_s_while_typing_in_a_cell_saves_what_was_typed(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    page.view.setCurrentIndex(page.model.index(0, COL["place"]))
    page.view.setFocus()
    for ch in "1201":
        qtbot.keyClick(QApplication.focusWidget() or page.view, ch)
    assert page.view.state() == page.view.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wait_for_writes()
    marks = _stored(ledger, r)
    assert marks[r.inspectors["Q001"]].place == "1201" and marks[r.inspectors["Q001"]].status == "on"


def test_ctrl_arrows_on_the_date_step_one_day(qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    duty.save_sheet(ledger, duty.SheetInput(r.workstation, DAY, r.shifts["1"], (duty.Mark(r.inspectors["Q002"]),)))
    page.date.setFocus()
    qtbot.keyClick(page.date, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert page.date.date().day() == 8 and page.state.text() == "新登记"
    qtbot.keyClick(page.date, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert page.date.date().day() == 9 and page.state.text().startswith("已保存 · 录入人 测试员 · 版本 1")
    assert [row.status for row in page.model.rows] == [None, "on", None]
    qtbot.keyClick(page.date, Qt.Key.Key_Return)  # Enter: on to the grid
    assert page.view.hasFocus()


def test_type_ahead_only_in_the_number_and_name_columns(qtbot: QtBot, page: ShiftSheetPage) -> None:
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, COL["status"]))
    qtbot.keyClicks(page.view, "Q010")  # not in the 上岗 column
    assert page.view.currentIndex().row() == 0
    page.view.setCurrentIndex(page.model.index(0, COL["employee_no"]))
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(page.view, "qqq")  # the same key again walks through the matches, wrapping around
    assert page.view.currentIndex().row() == 0
    qtbot.keyClicks(page.view, "q")
    assert page.view.currentIndex().row() == 1
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    qtbot.keyClicks(page.view, "010")  # part of a 工号
    assert page.view.currentIndex().row() == 2
    page.view.setCurrentIndex(page.model.index(0, COL["name"]))
    qtbot.wait(QApplication.keyboardInputInterval() + 50)
    _type_text(page, "芳")  # part of a name
    assert page.view.currentIndex() == page.model.index(1, COL["name"])


def test_cycling_the_status_does_not_lose_times_and_counts(qtbot: QtBot, page: ShiftSheetPage) -> None:
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(0, COL["time_in"]))
    _type_into_cell(qtbot, page, "0740")
    page.view.setCurrentIndex(page.model.index(0, COL["violations"]))
    _type_into_cell(qtbot, page, "1")
    row = page.model.rows[0]
    assert (row.status, row.time_in, row.reported, row.violations) == ("on", "07:40", True, 1)
    page.view.setCurrentIndex(page.model.index(0, COL["status"]))
    _key(qtbot, page, Qt.Key.Key_Space)
    assert (row.status, row.time_in, row.reported, row.violations) == ("absent", "", False, 0)
    assert "缺岗 1 · 汇报 0" in page.summary.text()
    for _ in range(5):  # 请假, 工伤, 培训, empty, 上岗
        _key(qtbot, page, Qt.Key.Key_Space)
    assert (row.status, row.time_in, row.reported, row.violations) == ("on", "07:40", True, 1)


def test_report_ticks_and_counts_follow_the_sheet_rules(qtbot: QtBot, page: ShiftSheetPage) -> None:
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(1, COL["reported"]))
    _key(qtbot, page, Qt.Key.Key_Space)  # 汇报 on an unmarked row: the inspector was on duty
    assert page.model.rows[1].status == "on" and page.model.rows[1].reported
    page.view.setCurrentIndex(page.model.index(1, COL["hazards"]))
    _type_into_cell(qtbot, page, "3")
    page.view.setCurrentIndex(page.model.index(1, COL["no_problem"]))
    _key(qtbot, page, Qt.Key.Key_Space)  # 本班无问题 clears the counts
    assert page.model.rows[1].no_problem and page.model.rows[1].hazards == 0
    page.view.setCurrentIndex(page.model.index(1, COL["suggestions"]))
    _type_into_cell(qtbot, page, "x")
    assert page.model.rows[1].suggestions == 0 and "0 到 99" in page.status.text()
    assert page.summary.text() == "应到 3 人 · 上岗 1 · 请假/工伤/培训 0 · 缺岗 0 · 汇报 1 · 未标记 2"


def test_a_sheet_changed_elsewhere_is_a_conflict_with_reload(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(ledger)
    page.model.mark_all_unmarked_on()
    _save(page)
    other = duty.SheetInput(r.workstation, DAY, r.shifts["1"], (duty.Mark(r.inspectors["Q001"], "injury"),))
    duty.save_sheet(ledger, other, reason="另一台电脑上改的", expected_version=1)
    offered: list[str] = []
    monkeypatch.setattr(shift_sheet_page, "ask_reason", lambda *_a: "补登")
    monkeypatch.setattr(shift_sheet_page, "ask_reload", lambda _p, message: offered.append(message) or True)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(1, COL["status"]))
    _key(qtbot, page, Qt.Key.Key_Space)
    _save(page)
    assert offered and page.sheet is not None and page.sheet.version == 2
    assert [row.status for row in page.model.rows] == ["injury", None, None]  # what the other clerk saved


def test_extra_people_on_the_stored_sheet_and_switching_workstation(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(ledger)
    ws2 = reference.save(ledger, "workstation", {"code": "JK02", "name": "副井口工作站", "mine_id": str(r.mine)})
    q20 = reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q020",
            "name": "钱七",
            "unit_id": str(r.unit1),
            "workstation_id": str(ws2["id"]),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
    )
    duty.save_sheet(
        ledger,
        duty.SheetInput(r.workstation, DAY, r.shifts["1"], (duty.Mark(q20["id"], place="1201"),), note="钱七替班"),
    )
    assert wait_for_writes()  # the change hub: reference data changed, so an untouched sheet is re-read
    assert [row.person.employee_no for row in page.model.rows] == ["Q001", "Q002", "Q010", "Q020"]
    assert page.model.rows[3].status == "on" and page.note.text() == "钱七替班"
    page.model.mark_all_unmarked_on()
    monkeypatch.setattr(shift_sheet_page, "ask_unsaved", lambda _parent: "discard")
    page.workstation.setFocus()
    qtbot.keyClick(page.workstation, Qt.Key.Key_Down)
    assert page.workstation.currentData() == ws2["id"] and page.shift.count() > 0
    assert [row.person.employee_no for row in page.model.rows] == ["Q020"] and not page.dirty


def test_an_amend_keeps_the_note_and_the_cursor(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(ledger)
    page.model.mark_all_unmarked_on()
    page.note.setFocus()
    _type_text(page, "停电", page.note)
    assert page.dirty
    _save(page)
    monkeypatch.setattr(shift_sheet_page, "ask_reason", lambda *_a: "补汇报")
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(2, COL["reported"]))
    _key(qtbot, page, Qt.Key.Key_Space)
    _key(qtbot, page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert wait_for_writes()
    with ledger.read() as conn:
        sheet = duty.find_sheet(conn, r.workstation, DAY, r.shifts["1"])
    assert sheet is not None and sheet.version == 2 and sheet.note == "停电"
    assert page.view.currentIndex() == page.model.index(2, COL["reported"])


def test_entered_column_shows_the_cards_already_entered(page: ShiftSheetPage, ledger: Ledger) -> None:
    r = refs(ledger)
    assert page.model.rows[0].entered == ""
    number = hazards.register(ledger, card(r))["number"]  # Q001, 2026-06-09, shift 1
    assert wait_for_writes()  # the change hub tells the sheet that a card was saved
    index = page.model.index(0, COL["entered"])
    assert page.model.data(index) == "隐患 " + number.rsplit("-", 1)[-1]
    assert page.model.data(index, Qt.ItemDataRole.ToolTipRole) == number


def test_a_locked_file_does_not_stop_the_clerk_and_keeps_what_is_typed_meanwhile(
    qtbot: QtBot, page: ShiftSheetPage, ledger: Ledger
) -> None:
    """Another program holds the write lock for a second: the grid stays usable while the save waits, and a
    mark typed meanwhile stays on screen, unsaved, on top of the saved sheet."""
    import sqlite3
    import threading

    r = refs(ledger)
    other = sqlite3.connect(ledger.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    release.start()
    try:
        page.model.mark_all_unmarked_on()
        page.view.setFocus()
        assert page.save()
        assert page.saving and not page.save()  # one save at a time
        page.view.setCurrentIndex(page.model.index(1, COL["status"]))
        _key(qtbot, page, Qt.Key.Key_Space)  # typed while the file is locked: 上岗 → 缺岗
        assert page.model.rows[1].status == "absent"
        qtbot.waitUntil(lambda: not page.saving, timeout=20_000)
    finally:
        release.join()
        other.close()
    assert _stored(ledger, r)[r.inspectors["Q002"]].status == "on"  # what was saved
    assert page.model.rows[1].status == "absent" and page.dirty  # what was typed meanwhile, still to save
    assert page.sheet is not None and page.sheet.version == 1 and page.state.text().endswith("版本 1")
