"""The home page shows the dashboard figures of the tally layer and draws both charts from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QLineSeries

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.reporting import tallies
from safetywatch.ui.dashboard_page import DashboardPage, figure_text
from tests.helpers import card, refs


def test_figures_and_charts_come_from_the_tallies(qtbot: Any, ledger: Ledger) -> None:
    r = refs(ledger)
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 20)))
    for day in (2, 3, 8):
        hazards.register(ledger, card(r, found_date=dt.date(2026, 6, day), unit_id=r.unit2))
    page = DashboardPage(ledger)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.busy, timeout=20_000)
    with ledger.read() as conn:
        expected = tallies.dashboard(conn, dt.date(2026, 6, 10))
    assert page.data == expected
    assert page.heading.text() == "概览：2026-06"
    assert page.tiles["hazards_found"].value.text() == "3"
    assert page.tiles["hazards_found"].previous.text() == "上月：1"
    assert page.tiles["on_duty_rate"].value.text() == "0.0 %"  # two inspectors due on duty, no sheet entered
    overdue = expected["figures"]["hazards_overdue_open"]
    assert page.tiles["hazards_overdue_open"].value.text() == str(overdue["month"])

    lines = [s for s in page.trend_view.chart().series() if isinstance(s, QLineSeries)]
    assert [s.name() for s in lines] == ["发现隐患", "隐患销号", "制止三违"]
    assert [lines[0].at(i).y() for i in (10, 11)] == [1.0, 3.0]  # May, June
    bars = page.category_view.chart().series()[0]
    assert isinstance(bars, QHorizontalBarSeries) and bars.barSets()[0].sum() == 3
    axis = next(a for a in page.category_view.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == [row["name"] for row in reversed(expected["by_category"])]

    page.scope.setCurrentIndex(page.scope.findData("U01"))  # the unit found none of June's
    qtbot.waitUntil(lambda: page.data is not None and page.data["scope"]["code"] == "U01", timeout=20_000)
    assert page.tiles["hazards_found"].value.text() == "0"
    assert page.category_view.chart().axes()  # an empty month still draws a labelled chart


def test_figure_text() -> None:
    assert figure_text("hazards_found", 12345) == "12,345"
    assert figure_text("report_rate", 0.9219) == "92.2 %"
    assert figure_text("report_rate", None) == "—"
