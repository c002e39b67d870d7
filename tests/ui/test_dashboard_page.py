"""The home page shows the dashboard figures of the tally layer under the metrics' declared labels, draws both
charts from them, and follows committed changes through the change hub."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QLineSeries

from safetywatch.domain.metrics import DASHBOARD, metric
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.reporting import overview
from safetywatch.ui.dashboard_page import DashboardPage, figure_text
from safetywatch.ui.operations import StatusErrors, run_write, wait_for_writes
from tests.helpers import card, refs


def _shown_page(qtbot: Any, ledger: Ledger) -> DashboardPage:
    page = DashboardPage(ledger)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.busy, timeout=20_000)
    return page


def _write(page: DashboardPage, call: Callable[[], object]) -> None:
    """A write as the pages make it (writer thread, change hub), waited for."""
    errors: list[str] = []
    run_write(page, call, done=lambda _result: None, errors=StatusErrors(errors.append))
    assert wait_for_writes() and errors == []


def test_figures_and_charts_come_from_the_tallies(qtbot: Any, ledger: Ledger) -> None:
    r = refs(ledger)
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 20)))
    for day in (2, 3, 8):
        hazards.register(ledger, card(r, found_date=dt.date(2026, 6, day), unit_id=r.unit2))
    page = _shown_page(qtbot, ledger)
    with ledger.read() as conn:
        expected = overview.dashboard(conn, dt.date(2026, 6, 10))
    assert page.data == expected
    assert page.heading.text() == "概览：2026-06"
    assert [tile.title.text() for tile in page.tiles.values()] == [m.short_chinese for m in DASHBOARD]
    assert page.tiles["hazards_major"].title.text() == "重大隐患"  # 表1's 其中 needs the row above it
    assert page.tiles["hazards_found"].title.text() == "查出隐患（条）"
    assert page.tiles["hazards_found"].value.text() == "3"
    assert page.tiles["hazards_found"].previous.text() == "上月同期：无记录"  # 1–10 May: before the register began
    # two inspectors due on duty, but no shift sheet kept yet: no data, not 0.0 %
    assert page.tiles["on_duty_rate"].value.text() == "无记录"
    assert page.tiles["on_duty_rate"].previous.text() == "上月同期：无记录"
    overdue = expected.figure("hazards_overdue_open")
    assert page.tiles["hazards_overdue_open"].value.text() == str(overdue.month)

    lines = [s for s in page.trend_view.chart().series() if isinstance(s, QLineSeries)]
    assert [s.name() for s in lines] == ["查出隐患（条）", "已销号隐患", "制止三违（人次）"]
    assert lines[0].at(11).y() == 1.0  # May: whole months only, June is under way
    months = next(a for a in page.trend_view.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert months.categories() == [f"{n}月" for n in (6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5)]
    assert page.trend_view.chart().title() == "近 12 个月（2025-06 至 2026-05）"
    bars = page.category_view.chart().series()[0]
    assert isinstance(bars, QHorizontalBarSeries) and bars.barSets()[0].sum() == 3
    axis = next(a for a in page.category_view.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == [row.name for row in reversed(expected.by_category)]

    page.scope.setCurrentIndex(page.scope.findData("U01"))  # the unit found none of June's
    qtbot.waitUntil(lambda: page.data is not None and page.data.scope.code == "U01", timeout=20_000)
    assert page.tiles["hazards_found"].value.text() == "0"
    assert page.category_view.chart().axes()  # an empty month still draws a labelled chart


def test_a_committed_change_moves_the_figures_and_a_new_unit_is_offered_at_once(qtbot: Any, ledger: Ledger) -> None:
    r = refs(ledger)
    page = _shown_page(qtbot, ledger)
    assert page.tiles["hazards_found"].value.text() == "0"  # the database began this month: a real 0
    _write(page, lambda: hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 9))))
    qtbot.waitUntil(lambda: page.tiles["hazards_found"].value.text() == "1", timeout=20_000)

    assert page.scope.findData("U09") == -1
    values = {"code": "U09", "name": "运输队", "level": "unit", "parent_id": str(r.mine)}
    _write(page, lambda: reference.save(ledger, "org_unit", values))
    assert page.scope.findData("U09") > 0 and page.scope.currentData() is None  # offered, the choice kept

    page.scope.setCurrentIndex(page.scope.findData("U09"))
    qtbot.waitUntil(lambda: page.data is not None and page.data.scope.code == "U09", timeout=20_000)
    with ledger.read() as conn:
        unit = next(row["id"] for row in reference.list_rows(conn, "org_unit") if row["code"] == "U09")
    _write(page, lambda: reference.void(ledger, "org_unit", unit, "建错了"))
    assert page.scope.findData("U09") == -1 and page.scope.currentData() is None  # gone: back to all units
    qtbot.waitUntil(lambda: page.data is not None and page.data.scope.code is None, timeout=20_000)
    assert page.tiles["hazards_found"].value.text() == "1"


def test_figure_text() -> None:
    assert figure_text(metric("hazards_found"), 12345) == "12,345"
    assert figure_text(metric("report_rate"), 0.9219) == "92.2 %"
    assert figure_text(metric("report_rate"), None) == "—"
    assert figure_text(metric("report_rate"), None, "无记录") == "无记录"
