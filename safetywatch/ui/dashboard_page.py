"""The home page (概览): this statistic month's key figures so far beside the same days of last month, and the
two report charts — all from ``overview.dashboard``, counted by the tallies the monthly report uses, so they
always agree.

The figures follow the records: the page watches the change hub for the tables they are counted from and
counts again when one changes while it is shown (it counts on every show anyway).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.dashboard import Dashboard
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.metrics import DASHBOARD, Metric
from safetywatch.domain.report_model import Number
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import overview, tallies
from safetywatch.ui import charts
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.scope_combo import ScopeCombo
from safetywatch.ui.widgets import ERROR_STYLE, StatusLine, hint_label, page_title
from safetywatch.ui.worker import LatestOnly

TILE_COLUMNS = 5
#: Figures where a rise is bad news (shown red when higher than last month).
WORSE_WHEN_HIGHER = frozenset({"hazards_overdue_open", "hazards_major"})


def figure_text(metric: Metric, value: Number, no_data: str = "—") -> str:
    """A count as a number, a rate as a percentage with one decimal, a figure without data (nothing to
    divide by, a register not kept yet: docs/report-metrics.md) as *no_data*."""
    if value is None:
        return no_data
    if metric.is_rate:
        return f"{100 * value:.1f} %"
    return f"{value:,}"


class FigureTile(QFrame):
    """One key figure: its name, this month's value, and last month's for comparison."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(title)
        self.title.setWordWrap(True)
        self.value = QLabel("…")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value.setFont(font)
        self.previous = hint_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.previous)


class DashboardPage(QWidget):
    """Loads in the background whenever it is shown, and when its records change while it is shown."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.data: Dashboard | None = None
        self._loads = LatestOnly(self)
        self.heading = page_title(self.tr("Overview"))
        self.period_label = hint_label()
        self.scope = ScopeCombo(ledger)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.status = StatusLine()

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.period_label, 1)
        top.addWidget(QLabel(self.tr("Scope")))
        top.addWidget(self.scope)
        top.addWidget(self.refresh_button)

        self.tiles: dict[str, FigureTile] = {}
        grid = QGridLayout()
        for index, metric in enumerate(DASHBOARD):
            tile = FigureTile(charts.metric_label(metric))
            self.tiles[metric.key] = tile
            grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)

        self.charts = QHBoxLayout()
        self.trend_view = charts.trend_chart([])
        self.category_view = charts.category_chart([])
        # the trend's twelve month labels need the room (at 1024 px a 3:2 split cut "12月" to "12…")
        self.charts.addWidget(self.trend_view, 2)
        self.charts.addWidget(self.category_view, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(grid)
        layout.addLayout(self.charts, 1)
        hub_for(ledger).watch(self, tallies.TALLY_TABLES, self._records_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._loads.busy

    def _records_changed(self, _changes: ChangeSet) -> None:
        if self.isVisible():  # a hidden page counts when it is shown next
            self.refresh()

    def refresh(self) -> None:
        self.scope.ensure_loaded()
        today = self.ledger.clock.today()
        code = self.scope.currentData()

        def job() -> Dashboard:
            with self.ledger.read() as conn:
                return overview.dashboard(conn, today, code)

        self.status.hint(self.tr("Counting…"))
        self._loads.submit(job, self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, SafetyWatchError):
            raise error  # a bug: the crash handler, not a line on the page
        self.status.error(self.tr("The figures could not be counted: {error}").format(error=error))

    def _show(self, data: Dashboard) -> None:
        self.data = data
        self.status.clear()
        self.heading.setText(self.tr("Overview: {month}").format(month=data.month))
        self.period_label.setText(
            self.tr(
                "{start} to {end} so far, compared with the same days of last month ({prev_start} to {prev_end})"
            ).format(
                start=data.period.start.isoformat(),
                end=data.period.end.isoformat(),
                prev_start=data.prev_period.start.isoformat(),
                prev_end=data.prev_period.end.isoformat(),
            )
        )
        for figure in data.figures:
            tile, metric = self.tiles[figure.metric.key], figure.metric
            no_data = self.tr("No records")  # as the report's 表1 prints it
            tile.value.setText(figure_text(metric, figure.month, no_data))
            last_month = figure_text(metric, figure.prev_month, no_data)
            tile.previous.setText(self.tr("Same days last month: {value}").format(value=last_month))
            worse = (
                metric.key in WORSE_WHEN_HIGHER
                and figure.month is not None
                and figure.prev_month is not None
                and figure.month > figure.prev_month
            )
            tile.value.setStyleSheet(ERROR_STYLE if worse else "")
        self._replace_charts(data)

    def _replace_charts(self, data: Dashboard) -> None:
        trend, category = charts.trend_chart(data.trend), charts.category_chart(data.by_category)
        for old, new in ((self.trend_view, trend), (self.category_view, category)):
            self.charts.replaceWidget(old, new)
            old.deleteLater()
        self.trend_view, self.category_view = trend, category
