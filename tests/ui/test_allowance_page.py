"""The allowance sheet on real records: shown for last month with its explanation, approved (locked) through
the confirm dialog, late changes flagged, adjusted through the dialog, rules requested."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.reporting import allowances
from safetywatch.ui.allowance_page import AdjustmentDialog, AllowancePage
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import count_rows, refs


@pytest.fixture
def may(ledger: Ledger) -> Ledger:
    """Q001 李四 21 shifts (7 reported), Q002 王芳 15 shifts (all reported) in May 2026; today is 10 June."""
    r = refs(ledger)
    for n in range(1, 22):
        marks = [Mark(r.inspectors["Q001"], reported=n <= 7)]
        if n <= 15:
            marks.append(Mark(r.inspectors["Q002"], reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["1"], tuple(marks)))
    return ledger


def _opened(qtbot: QtBot, ledger: Ledger) -> AllowancePage:
    page = AllowancePage(ledger)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0  # nothing is computed until the page is opened
    page.resize(1280, 800)
    page.show()
    _loaded(qtbot, page)
    return page


def _loaded(qtbot: QtBot, page: AllowancePage) -> None:
    assert wait_for_jobs()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page._requests.busy)


def _column(page: AllowancePage, header: str) -> list[str]:
    col = page.headers().index(header)
    return [str(page.model.item(row, col).data(0)) for row in range(page.model.rowCount())]


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_last_month_is_shown_with_its_explanation_in_chinese(qtbot: QtBot, may: Ledger) -> None:
    page = _opened(qtbot, may)
    assert page.month.currentText() == "2026-05"
    headers = page.headers()
    assert headers[:4] == ["工号", "姓名", "区队", "上岗/应上岗"] and headers[-1] == "状态"
    assert _column(page, "工号") == ["Q001", "Q002"]
    assert _column(page, "上岗/应上岗") == ["21 / 21", "15 / 21"]
    assert _column(page, "有效汇报/应汇报") == ["7 / 6", "15 / 6"]
    assert _column(page, "实发（元）") == ["180", "0"]
    assert _column(page, "状态") == ["减发", "不发"]
    assert "未审批" in page.state.text()
    assert "2 名群监员 · 合计 180 元" in page.total.text()
    assert not page.adjust_button.isEnabled() and page.approve_button.isEnabled()
    page.view.selectRow(1)
    text = page.explanation.toPlainText()
    assert text.startswith("Q002 王芳（综采一队）")
    assert "上岗班次 15，少于标准 21：当月津贴取消。实发 0 元。" in text
    assert not re.search(r"R\d\d", text), text  # no rule code in the Chinese UI
    assert not re.search(r"[A-Za-z]{3,}", text), text  # no English left in the explanation
    page.view.selectRow(0)
    assert "提出建议 0，标准 1，少 1 × 20 元，扣 20 元。" in page.explanation.toPlainText()


def test_approve_asks_first_then_locks_the_month(qtbot: QtBot, may: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _opened(qtbot, may)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.approve_button.click()
    assert len(asked) == 1 and "2026-05" in asked[0]
    assert count_rows(may, "allowance_sheet") == 0  # said no: nothing written

    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.changed):
        page.approve_button.click()
    assert count_rows(may, "allowance_line") == 2
    assert "已审批锁定" in page.status.text()
    _loaded(qtbot, page)
    assert "已审批：测试员 于 2026-06-10 审批" in page.state.text()
    assert not page.approve_button.isEnabled() and page.adjust_button.isEnabled()


def test_an_unfinished_month_is_refused_without_asking(
    qtbot: QtBot, may: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(may)  # June's first sheet: a month without sheets has no allowances to show (issue 16)
    duty.save_sheet(may, SheetInput(r.workstation, dt.date(2026, 6, 1), r.shifts["1"], (Mark(r.inspectors["Q001"]),)))
    page = _opened(qtbot, may)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    page.month.setCurrentText("2026-06")
    _loaded(qtbot, page)
    page.approve()
    assert asked == [] and "尚未结束" in page.status.text()
    assert count_rows(may, "allowance_sheet") == 0


def test_late_change_is_flagged_and_adjusted_through_the_dialog(
    qtbot: QtBot, may: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = refs(may)
    allowances.approve(may, "2026-05")
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    for n in range(16, 22):  # Q002's six missing May shifts entered late
        marks = (Mark(q1, reported=n <= 7), Mark(q2, reported=True))
        duty.save_sheet(may, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["1"], marks), reason="补登")
    duty.save_sheet(may, SheetInput(r.workstation, dt.date(2026, 6, 1), r.shifts["1"], (Mark(q1),)))  # June's first
    page = _opened(qtbot, may)
    assert "1 名群监员金额不同" in page.state.text()
    assert _column(page, "状态") == ["减发", "不发；现应为 180"]
    assert _column(page, "实发（元）") == ["180", "0"]  # the approved figures stay
    page.select(q2)
    assert "按当前记录重算为 180 元，已审批 0 元（差额 +180）" in page.explanation.toPlainText()

    def shown(dialog: AdjustmentDialog) -> dict[str, str]:
        """The messages under the dialog's fields."""
        return {k: v.text() for k, v in dialog.errors.items() if not v.isHidden() and v.text()}

    page.adjust_button.click()
    dialog = page.findChild(AdjustmentDialog)
    assert isinstance(dialog, AdjustmentDialog) and dialog.isVisible()
    assert shown(dialog) == {}
    assert dialog.inspector.currentData() == q2 and dialog.amount.text() == "180"  # the difference
    assert [dialog.month.itemText(i) for i in range(dialog.month.count())] == ["2026-06"]
    dialog.amount.setText("一百八")
    dialog.submit()
    assert wait_for_writes() and dialog.isVisible()
    assert list(shown(dialog)) == ["amount_yuan"] and "整数" in shown(dialog)["amount_yuan"]
    dialog.amount.setText("180")  # the reason is still empty
    dialog.submit()
    assert wait_for_writes() and dialog.isVisible()
    assert list(shown(dialog)) == ["reason"] and "原因" in shown(dialog)["reason"]
    dialog.reason.setPlainText("5月补登上岗6班，补发津贴")
    with qtbot.waitSignal(page.changed):
        dialog.submit()
    assert not dialog.isVisible()  # saved on the third try: the dialog closed
    assert "已保存调整 180 元，随 2026-06 发放" in page.status.text()
    with may.read() as conn:
        june = allowances.month_sheet(conn, "2026-06").row(q2)
    assert june is not None and june.adjustment_yuan == 180
    page.month.setCurrentText("2026-06")
    _loaded(qtbot, page)
    assert _column(page, "调整") == ["", "180"]


def test_rules_button_asks_for_the_rule_editor(qtbot: QtBot, may: Ledger) -> None:
    page = _opened(qtbot, may)
    with qtbot.waitSignal(page.rules_requested):
        page.rules_button.click()
