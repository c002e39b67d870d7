"""The rates page: both definitions with numerators and denominators, grouped four ways, computed in a worker."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.ui.rates_page import RatesPage, percent
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import refs


@pytest.fixture
def may(ledger: Ledger) -> Ledger:
    r = refs(ledger)
    for n in range(1, 22):
        marks = [Mark(r.inspectors["Q001"], reported=n <= 7)]
        if n <= 15:
            marks.append(Mark(r.inspectors["Q002"], reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["1"], tuple(marks)))
    return ledger


def _cells(page: RatesPage) -> list[list[str]]:
    return [
        [page.model.item(r, c).text() for c in range(page.model.columnCount())] for r in range(page.model.rowCount())
    ]


def _shown(qtbot: QtBot, page: RatesPage, rows: int) -> list[list[str]]:
    assert wait_for_jobs()
    qtbot.waitUntil(lambda: page.model.rowCount() == rows and not page._requests.busy)
    return _cells(page)


def test_default_period_is_this_month_so_far(qtbot: QtBot, may: Ledger) -> None:
    page = RatesPage(may)
    qtbot.addWidget(page)
    assert (page.date_from.date(), page.date_to.date()) == (QDate(2026, 6, 1), QDate(2026, 6, 10))
    # no shift sheet in June yet: no duty data, not 0.0 % (issue 16) — only the total row, and the page says so
    cells = _shown(qtbot, page, 1)
    assert cells[0][2:5] == ["0", "0 / 0 = —", "0 / 0 = —"]
    assert page.status.text() == "本期没有上岗登记表：无上岗数据（无记录）。"


def test_may_by_inspector_and_by_unit(qtbot: QtBot, may: Ledger) -> None:
    page = RatesPage(may)
    qtbot.addWidget(page)
    page.date_from.setDate(QDate(2026, 5, 1))
    page.date_to.setDate(QDate(2026, 5, 31))
    page.refresh()
    cells = _shown(qtbot, page, 3)
    headers = [page.model.horizontalHeaderItem(c).text() for c in range(page.model.columnCount())]
    assert headers == ["代码", "名称", "人·月", "上岗率（班次）", "汇报率（班次）", "上岗率（人数）", "汇报率（人数）"]
    assert cells[0][:3] == ["Q001", "李四", "1"]
    assert cells[0][3:] == ["21 / 21 = 100.0 %", "7 / 21 = 33.3 %", "1 / 1 = 100.0 %", "1 / 1 = 100.0 %"]
    assert cells[1][3:] == ["15 / 21 = 71.4 %", "15 / 15 = 100.0 %", "0 / 1 = 0.0 %", "1 / 1 = 100.0 %"]
    assert cells[2][3:] == ["36 / 42 = 85.7 %", "22 / 36 = 61.1 %", "1 / 2 = 50.0 %", "2 / 2 = 100.0 %"]
    assert [page.group_by.itemText(i) for i in range(page.group_by.count())] == ["群监员", "区队", "井口工作站", "矿"]
    page.group_by.setCurrentIndex(page.group_by.findData("unit"))
    cells = _shown(qtbot, page, 2)
    assert cells[0][:3] == ["U01", "综采一队", "2"] and cells[0][3] == "36 / 42 = 85.7 %"
    page.group_by.setCurrentIndex(page.group_by.findData("mine"))
    assert _shown(qtbot, page, 2)[0][:2] == ["M01", "本矿"]


def test_a_period_ending_before_it_starts_is_explained(qtbot: QtBot, may: Ledger) -> None:
    page = RatesPage(may)
    qtbot.addWidget(page)
    assert wait_for_jobs()
    page.date_from.setDate(QDate(2026, 5, 31))
    page.date_to.setDate(QDate(2026, 5, 1))
    page.refresh()
    assert wait_for_jobs()
    qtbot.waitUntil(lambda: not page._requests.busy)
    assert page.status.text() == "统计期的结束日期早于开始日期。"


def test_a_rate_of_nothing_is_a_dash() -> None:
    assert percent(0, 0) == "0 / 0 = —"
    assert percent(19, 21) == "19 / 21 = 90.5 %"
    assert percent(2, 3) == "2 / 3 = 66.7 %"


def test_a_sheet_saved_elsewhere_is_counted_when_the_page_is_shown(qtbot: QtBot, may: Ledger) -> None:
    from safetywatch.ui.operations import wait_for_writes

    r = refs(may)
    page = RatesPage(may)
    qtbot.addWidget(page)
    assert _shown(qtbot, page, 1)[0][3] == "0 / 0 = —"  # no sheet in June yet: no data
    june = SheetInput(r.workstation, dt.date(2026, 6, 1), r.shifts["1"], (Mark(r.inspectors["Q001"]),))
    duty.save_sheet(may, june)
    assert wait_for_writes() and wait_for_jobs()
    assert _cells(page)[0][3] == "0 / 0 = —"  # hidden: not counted for nobody
    page.show()
    # the norm pro-rated for 10 of 30 days: 21 × 10/30 = 7
    assert _shown(qtbot, page, 3)[0][3] == "1 / 7 = 14.3 %"  # counted when shown
    duty.save_sheet(may, SheetInput(r.workstation, dt.date(2026, 6, 2), r.shifts["1"], june.marks))
    assert wait_for_writes()
    qtbot.waitUntil(lambda: _shown(qtbot, page, 3)[0][3] == "2 / 7 = 28.6 %")  # shown: at once


def test_every_ratio_column_is_in_view_beside_the_navigation_at_1024(qtbot: QtBot, may: Ledger) -> None:
    page = RatesPage(may)
    qtbot.addWidget(page)
    page.resize(1024 - 190, 600)
    page.show()
    page.date_from.setDate(QDate(2026, 5, 1))
    page.date_to.setDate(QDate(2026, 5, 31))
    page.refresh()
    _shown(qtbot, page, 3)
    last = page.model.columnCount() - 1
    assert page.model.horizontalHeaderItem(last).text() == "汇报率（人数）"
    right = page.view.columnViewportPosition(last) + page.view.columnWidth(last)
    assert right <= page.view.viewport().width()
    text = page.model.item(0, last).text()
    assert page.view.columnWidth(last) >= page.view.fontMetrics().horizontalAdvance(text)  # its ratio uncut
