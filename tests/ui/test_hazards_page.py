"""The hazard register page: filters, the detail panel, walking the loop through the step dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from safetywatch.domain.hazard_loop import HazardAction, HazardStatus, allowed_actions
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import COLUMN_KEYS
from safetywatch.ui.hazards_page import HazardsPage
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.step_dialog import StepDialog
from tests.ui.test_hazard_table_model import TODAY, register_hazards

COL = {key: i for i, key in enumerate(COLUMN_KEYS)}


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    register_hazards(ledger)
    return ledger


@pytest.fixture
def page(qtbot: Any, filled: Ledger) -> HazardsPage:
    widget = HazardsPage(filled)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    return widget


def _status(ledger: Ledger, hazard_id: int) -> HazardStatus:
    with ledger.read() as conn:
        return HazardStatus(hazards.get(conn, hazard_id)["status"])


def _registered_id(ledger: Ledger) -> int:
    with ledger.read() as conn:
        row = conn.exec_driver_sql("SELECT id FROM hazard WHERE status = 'registered' ORDER BY id LIMIT 1").scalar_one()
    return int(row)


def _drive_dialog(fill: Callable[[StepDialog], None]) -> list[BaseException]:
    """Fill the StepDialog that the next click opens modally (through the real ``ask``).

    The callback runs inside the dialog's event loop. Whatever happens, the dialog is closed, so a failing
    test reports its error instead of hanging.
    """
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, StepDialog), dialog
            fill(dialog)
            assert not dialog.isVisible(), "the step was not saved: " + dialog.general_error.text()
        except BaseException as exc:
            errors.append(exc)
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    return errors


def submitted(dialog: StepDialog) -> bool:
    """Submit the step and wait for the writer thread; True if it was saved (the dialog closed)."""
    dialog.submit()
    assert wait_for_writes()
    return dialog.saved_hazard is not None and not dialog.isVisible()


def _click_step(page: HazardsPage, action: HazardAction, fill: Callable[[StepDialog], None]) -> None:
    button = page.detail.action_buttons[action]
    errors = _drive_dialog(fill)
    button.click()  # returns when the dialog closed
    if errors:
        raise errors[0]


def test_page_lists_hazards_with_count_and_chinese_headers(page: HazardsPage) -> None:
    assert page.model.rowCount() == 30
    assert page.count_label.text() == "共 30 条"
    header = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert header[:3] == ["编号", "发现日期", "班次"] and "整改期限" in header
    with page.ledger.read() as conn:
        overdue = hazard_query.overdue_count(conn, TODAY)
    assert overdue > 0 and page.overdue_label.text() == f"逾期 {overdue} 条"
    assert not page.table.wordWrap()
    assert page.table.isSortingEnabled()


def test_filters_narrow_the_list_in_sql(qtbot: Any, page: HazardsPage) -> None:
    page.overdue_check.setChecked(True)
    with page.ledger.read() as conn:
        overdue = hazard_query.overdue_count(conn, TODAY)
    assert page.model.rowCount() == overdue and page.count_label.text() == f"共 {overdue} 条"
    assert all(page.model.is_overdue(r) for r in range(page.model.rowCount()))
    page.overdue_check.setChecked(False)

    page.unit_combo.setCurrentIndex(page.unit_combo.findText("掘进二队"))
    units = {page.model.data(page.model.index(r, COL["unit"])) for r in range(page.model.rowCount())}
    assert units == {"掘进二队"} and page.model.rowCount() == 15

    page.status_combo.setCurrentIndex(page.status_combo.findText("已作废"))
    statuses = {page.model.data(page.model.index(r, COL["status"])) for r in range(page.model.rowCount())}
    assert statuses == {"已作废"}

    page.clear_filters()
    assert page.model.rowCount() == 30
    page.date_from.setDate(QDate(2026, 6, 1))
    found = [page.model.data(page.model.index(r, COL["found_date"])) for r in range(page.model.rowCount())]
    assert found and all(day >= "2026-06-01" for day in found) and len(found) < 30

    page.clear_filters()
    page.search_edit.setText("A_1")  # debounced: nothing happens at once
    assert page.model.rowCount() == 30
    qtbot.waitUntil(lambda: page.model.rowCount() < 30, timeout=2000)
    model = page.model
    descriptions = {model.data(model.index(r, COL["description"])) for r in range(model.rowCount())}
    assert descriptions and all("A_1" in d for d in descriptions)


def test_detail_shows_the_file_and_only_allowed_steps(page: HazardsPage) -> None:
    hazard_id = _registered_id(page.ledger)
    assert page.select_hazard(hazard_id)
    detail = page.detail
    assert detail.value_text("status") == "已登记"
    assert set(detail.action_buttons) == set(allowed_actions(HazardStatus.REGISTERED))
    assert HazardAction.ACCEPT not in detail.action_buttons  # an illegal step is not offered
    assert HazardAction.CLOSE not in detail.action_buttons
    assert detail.action_buttons[HazardAction.ISSUE_NOTICE].text() == "下发整改通知"
    with page.ledger.read() as conn:
        hazard = hazards.get(conn, hazard_id)
    days = hazards.overdue_days(hazard, TODAY)
    assert days > 0 and detail.overdue_label.text() == f"逾期 {days} 天"
    assert detail.value_text("overdue") == f"{days} 天"
    assert detail.timeline_rows()[0][:2] == [hazard["found_date"], "登记"]

    with page.ledger.read() as conn:
        closed = conn.exec_driver_sql("SELECT id FROM hazard WHERE status = 'closed' LIMIT 1").scalar_one()
    page.select_hazard(int(closed))
    assert detail.action_buttons == {}
    assert detail.final_label.isVisibleTo(page)
    assert detail.overdue_label.text() == ""


def test_walk_one_hazard_through_the_whole_loop(qtbot: Any, page: HazardsPage) -> None:
    ledger = page.ledger
    hazard_id = _registered_id(ledger)
    page.select_hazard(hazard_id)
    rectifier = page.detail.hazard["rectify_person"] if page.detail.hazard else ""

    def issue(d: StepDialog) -> None:
        assert d.notice_edit is not None
        assert d.date_edit.date() == QDate(2026, 6, 10)  # today from the ledger's clock
        d.notice_edit.setText("TZ-2026-001")
        d.person_edit.setText("队长甲")
        assert submitted(d)

    _click_step(page, HazardAction.ISSUE_NOTICE, issue)
    assert _status(ledger, hazard_id) is HazardStatus.NOTICE_ISSUED
    assert page.selected_hazard_id() == hazard_id
    assert page.detail.value_text("notice_no") == "TZ-2026-001"
    assert page.focusWidget() is page.detail.action_buttons[HazardAction.START_RECTIFICATION]  # the next step

    def start(d: StepDialog) -> None:
        assert d.person_edit.text() == rectifier  # prefilled from 五定
        assert submitted(d)

    qtbot.wait(20)  # the change hub's re-read after the step keeps the focus on the next step
    assert page.focusWidget() is page.detail.action_buttons[HazardAction.START_RECTIFICATION]
    _click_step(page, HazardAction.START_RECTIFICATION, start)
    assert _status(ledger, hazard_id) is HazardStatus.IN_RECTIFICATION

    def report(d: StepDialog) -> None:
        d.person_edit.setText(rectifier)
        assert submitted(d)

    _click_step(page, HazardAction.REPORT_DONE, report)
    assert _status(ledger, hazard_id) is HazardStatus.REPORTED_DONE
    assert HazardAction.CLOSE not in page.detail.action_buttons

    refused: list[str] = []

    def accept(d: StepDialog) -> None:
        d.person_edit.setText(rectifier)
        d.note_edit.setPlainText("现场复查")
        assert not submitted(d)  # the rectifier cannot accept their own work
        refused.append(d.error_text("person"))
        assert d.isVisible() and d.note_edit.toPlainText() == "现场复查"  # input kept
        d.person_edit.setText("安监员丙")
        assert submitted(d)

    _click_step(page, HazardAction.ACCEPT, accept)
    assert refused == [f"{rectifier} 是该隐患的整改人，不能同时担任验收人。"]
    assert _status(ledger, hazard_id) is HazardStatus.ACCEPTED

    _click_step(page, HazardAction.CLOSE, lambda d: submitted(d) and None)
    assert _status(ledger, hazard_id) is HazardStatus.CLOSED
    assert page.detail.action_buttons == {}
    assert page.detail.overdue_label.text() == ""

    rows = page.detail.timeline_rows()
    steps = ["登记", "下发整改通知", "开始整改", "报告整改完成", "验收合格", "销号"]
    assert [r[1] for r in rows] == steps
    assert rows[3][2] == rectifier and rows[4][2] == "安监员丙" and rows[4][4] == "合格"
    assert rows[4][3] == "现场复查"
    row = page.model.row_of(hazard_id)
    assert page.model.data(page.model.index(row, COL["status"])) == "已销号"
    assert page.table.selectionModel().selectedRows()[0].row() == row  # still selected
    with ledger.read() as conn:
        overdue = hazard_query.overdue_count(conn, TODAY)
    assert page.overdue_label.text() == f"逾期 {overdue} 条"
    qtbot.wait(20)  # the change hub's re-read after the step keeps the selection
    assert page.table.selectionModel().selectedRows()[0].row() == row


def test_refused_step_keeps_the_input_and_marks_the_fields(qtbot: Any, filled: Ledger) -> None:
    hazard_id = _registered_id(filled)
    with filled.read() as conn:
        hazard = hazards.get(conn, hazard_id)
    dialog = StepDialog(filled, hazard, HazardAction.EXTEND)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.deadline_edit is not None
    dialog.deadline_edit.setDate(QDate.fromString(hazard["deadline"], "yyyy-MM-dd"))  # not later
    dialog.person_edit.setText("矿长")
    assert not submitted(dialog)
    assert dialog.isVisible()
    assert dialog.error_text("note") == "必须填写原因：简要说明为什么。"
    assert dialog.error_text("new_deadline").startswith("新期限必须晚于当前期限")
    assert dialog.error_text("person") == ""
    assert dialog.person_edit.text() == "矿长"
    assert _status(filled, hazard_id) is HazardStatus.REGISTERED

    dialog.deadline_edit.setDate(QDate(2026, 7, 1))
    dialog.note_edit.setPlainText("材料未到货")
    assert submitted(dialog)
    with filled.read() as conn:
        saved = hazards.get(conn, hazard_id)
    assert saved["deadline"] == "2026-07-01" and saved["original_deadline"] == hazard["deadline"]


def test_a_conflict_shows_a_message_and_keeps_the_input(qtbot: Any, filled: Ledger) -> None:
    hazard_id = _registered_id(filled)
    with filled.read() as conn:
        stale = hazards.get(conn, hazard_id)
    dialog = StepDialog(filled, stale, HazardAction.ESCALATE)
    qtbot.addWidget(dialog)
    dialog.show()
    hazards.act(filled, hazard_id, hazards.StepInput(HazardAction.ISSUE_NOTICE, TODAY))  # someone else
    assert dialog.escalation_combo is not None
    assert [dialog.escalation_combo.itemText(i) for i in range(2)] == ["矿级督办", "集团督办"]
    dialog.escalation_combo.setCurrentText("集团督办")
    dialog.person_edit.setText("集团安监局")
    dialog.note_edit.setPlainText("逾期未整改")
    assert not submitted(dialog)
    box = dialog.problem_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "该记录已被他人修改" in box.text()
    assert dialog.isVisible() and dialog.note_edit.toPlainText() == "逾期未整改"
    assert dialog.escalation_combo.currentText() == "集团督办"
    box.accept()


def test_amend_asks_for_the_form_and_new_asks_for_registration(qtbot: Any, page: HazardsPage) -> None:
    hazard_id = _registered_id(page.ledger)
    page.select_hazard(hazard_id)
    with qtbot.waitSignal(page.amend_requested) as amend:
        page.detail.action_buttons[HazardAction.AMEND].click()
    assert amend.args == [hazard_id]
    with qtbot.waitSignal(page.new_hazard_requested):
        page.new_button.click()


def test_selection_follows_the_hazard_when_the_sort_changes(qtbot: Any, page: HazardsPage) -> None:
    page.table.selectRow(3)
    hazard_id = page.selected_hazard_id()
    assert hazard_id is not None and page.detail.hazard and page.detail.hazard["id"] == hazard_id
    page.table.sortByColumn(COL["deadline"], Qt.SortOrder.AscendingOrder)
    assert page.model.sort_key == "deadline" and not page.model.descending
    row = page.model.row_of(hazard_id)
    assert page.table.selectionModel().selectedRows()[0].row() == row
    deadlines = [page.model.data(page.model.index(r, COL["deadline"])) for r in range(page.model.rowCount())]
    assert deadlines == sorted(deadlines)


def test_keyboard_ctrl_f_and_enter(qtbot: Any, page: HazardsPage) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)  # activation is async
    page.table.setFocus()
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_edit.hasFocus()

    page.select_hazard(_registered_id(page.ledger))  # a hazard with steps to offer
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.detail.action_buttons[HazardAction.ISSUE_NOTICE].hasFocus()


def test_page_renders_to_png(qtbot: Any, page: HazardsPage, tmp_path: Path) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.select_hazard(page.model.hazard_id(0) or 0)
    path = tmp_path / "hazards_page.png"
    assert page.grab().save(str(path))
    image = QImage(str(path))
    assert image.width() == 1280 and image.height() == 800
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 20  # text, red overdue rows, headers: not a blank or single-colour image
    red_rows = sum(1 for y in range(0, 800, 4) if image.pixelColor(400, y).name() == "#fde2e2")
    assert red_rows > 0  # the overdue background is painted


def test_step_dialog_today_comes_from_the_ledger_clock(qtbot: Any, filled: Ledger) -> None:
    filled.clock.advance(days=-3)  # type: ignore[attr-defined]
    with filled.read() as conn:
        hazard = hazards.get(conn, _registered_id(filled))
    dialog = StepDialog(filled, hazard, HazardAction.ISSUE_NOTICE)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.date() == QDate(2026, 6, 7)
    assert dt.date(2026, 6, 7) == filled.clock.today()
