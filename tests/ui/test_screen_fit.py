"""Pages read whole on a 1024×705 window (issue 17's screenshot pass): chart labels uncut, tables and filter
boxes wide enough for what they show, no raw codes or UTC stamps where a person reads."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis

from safetywatch.domain.report_model import TrendPoint
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui import charts
from safetywatch.ui.dashboard_page import DashboardPage

TWELVE = [TrendPoint(f"{2025 + (m > 0)}-{(11 + m) % 12 + 1:02d}", 10, 9, 3) for m in range(12)]


def _month_axis(view: Any) -> QBarCategoryAxis:
    axis = next(a for a in view.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert isinstance(axis, QBarCategoryAxis)
    return axis


def test_month_labels_stand_upright_where_they_fit_and_turn_where_they_would_be_cut(qtbot: Any) -> None:
    view = charts.trend_chart(TWELVE)
    qtbot.addWidget(view)
    axis = _month_axis(view)
    assert axis.categories()[0] == "12月" and axis.categories()[1] == "1月"
    view.resize(560, 360)  # the dashboard's trend chart at 1024 px
    view.show()
    qtbot.waitUntil(lambda: view.chart().plotArea().width() > 400)
    assert charts.month_labels_fit(axis, view.chart().plotArea())
    assert axis.labelsAngle() == 0
    view.resize(300, 360)  # a narrow window: "12…" unless turned
    qtbot.waitUntil(lambda: axis.labelsAngle() == -90)
    assert not charts.month_labels_fit(axis, view.chart().plotArea())
    view.resize(700, 360)
    qtbot.waitUntil(lambda: axis.labelsAngle() == 0)


def test_the_dashboard_at_1024_shows_the_months_upright_and_whole(qtbot: Any, ledger: Ledger) -> None:
    page = DashboardPage(ledger)
    qtbot.addWidget(page)
    page.resize(1024 - 190, 680)  # beside the navigation of a 1024 px window
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.busy, timeout=20_000)
    qtbot.waitUntil(lambda: page.trend_view.chart().plotArea().width() > 300)
    axis = _month_axis(page.trend_view)
    assert len(axis.categories()) == 12
    assert charts.month_labels_fit(axis, page.trend_view.chart().plotArea())
    assert axis.labelsAngle() == 0
