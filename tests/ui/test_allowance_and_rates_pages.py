"""The allowance sheet (approve, explain, adjust) and the rates page on real records."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from safetywatch.services import allowances, duty
from safetywatch.services.database import Ledger
from safetywatch.services.duty import Mark, SheetInput
from safetywatch.ui import allowance_page
from safetywatch.ui.allowance_page import AllowancePage
from safetywatch.ui.rates_page import RatesPage, percent
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import count_rows, refs


@pytest.fixture
def may(ledger: Ledger) -> Ledger:
    r = refs(ledger)
    for n in range(1, 22):
        marks = [Mark(r.inspectors["Q001"], reported=n <= 7)]
        if n <= 15:
            marks.append(Mark(r.inspectors["Q002"], reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["1"], tuple(marks)))
    return ledger


def _column(page: AllowancePage, header: str) -> list[str]:
    headers = page.headers()
    col = headers.index(header)
    return [str(page.model.item(row, col).data(0)) for row in range(page.model.rowCount())]


def test_last_month_is_shown_with_its_explanation(qtbot: QtBot, may: Ledger) -> None:
    page = AllowancePage(may)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0  # nothing is computed until the page is opened
    page.show()
    assert page.month.currentText() == "2026-05"
    assert _column(page, page.headers()[0]) == ["Q001", "Q002"]
    assert _column(page, page.headers()[3]) == ["21 / 21", "15 / 21"]
    assert _column(page, page.headers()[-1]) == ["180", "0"]
    page.view.selectRow(1)
    text = page.explanation.toPlainText()
    assert "王芳" in text and "取消当月津贴" in text and "实发 0 元" in text
    assert "未审批" in page.state.text()


def test_approve_locks_the_month_then_adjust(qtbot: QtBot, may: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allowance_page, "confirm", lambda *_a: True)
    page = AllowancePage(may)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0  # nothing is computed until the page is opened
    page.show()
    page.approve()
    assert count_rows(may, "allowance_line") == 2
    assert "已审批" in page.state.text() and not page.approve_button.isEnabled()
    with may.read() as conn:
        assert allowances.approved_sheet(conn, "2026-05") is not None
    page.month.setCurrentText("2026-06")  # not ended: approval is refused with a message
    page.approve()
    assert "尚未结束" in page.status.text()


def test_rates_page_shows_both_definitions(qtbot: QtBot, may: Ledger) -> None:
    page = RatesPage(may)
    qtbot.addWidget(page)
    page.date_from.setDate(page.date_from.date().addMonths(-1))  # 1 May
    page.date_to.setDate(page.date_from.date().addDays(30))  # 31 May
    page.refresh()
    assert wait_for_jobs()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    cells = [[page.model.item(r, c).text() for c in range(page.model.columnCount())] for r in range(3)]
    assert cells[0][:2] == ["Q001", "李四"] and cells[0][3] == "21 / 21 = 100.0 %"
    assert cells[1][3] == "15 / 21 = 71.4 %"
    assert cells[2][3] == "36 / 42 = 85.7 %" and cells[2][5] == "1 / 2 = 50.0 %"
    page.group_by.setCurrentIndex(page.group_by.findData("unit"))
    assert wait_for_jobs()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.model.item(0, 0).text() == "U01"


def test_a_rate_of_nothing_is_a_dash() -> None:
    assert percent(0, 0) == "0 / 0 = —"
    assert percent(19, 21) == "19 / 21 = 90.5 %"
