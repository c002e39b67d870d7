"""The home page (概览): this statistic month's key figures so far beside last month's, and the two report
charts — all from ``tallies.dashboard``, the tally layer the monthly report uses, so they always agree."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import tallies
from safetywatch.ui import charts
from safetywatch.ui.widgets import ERROR_STYLE, HINT_STYLE, page_title
from safetywatch.ui.worker import LatestOnly

TILE_COLUMNS = 5
#: Figures where a rise is bad news (shown red when higher than last month).
WORSE_WHEN_HIGHER = frozenset({"hazards_overdue_open", "hazards_major"})


def figure_text(metric: str, value: Any) -> str:
    """A count as a number, a rate as a percentage with one decimal, nothing to divide by as '—'."""
    if value is None:
        return "—"
    if metric in tallies.RATE_METRICS:
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
        self.previous = QLabel("")
        self.previous.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.previous)


class DashboardPage(QWidget):
    """Loads in the background whenever it is shown (figures move with every record entered)."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.data: dict[str, Any] | None = None
        self._loads = LatestOnly(self)
        self.heading = page_title(self.tr("Overview"))
        self.period_label = QLabel("")
        self.period_label.setStyleSheet(HINT_STYLE)
        self.scope = QComboBox()
        self.scope.setMinimumContentsLength(12)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.period_label, 1)
        top.addWidget(QLabel(self.tr("Scope")))
        top.addWidget(self.scope)
        top.addWidget(self.refresh_button)

        names = {
            "hazards_found": self.tr("Hazards found"),
            "hazards_closed": self.tr("Hazards closed"),
            "hazards_overdue_open": self.tr("Overdue, not rectified"),
            "rectification_rate": self.tr("Rectification rate"),
            "hazards_major": self.tr("Major hazards"),
            "violations_stopped": self.tr("三违 stopped"),
            "on_duty_rate": self.tr("On-duty rate"),
            "report_rate": self.tr("Report rate"),
            "inspectors_on_roll": self.tr("Inspectors on the roll"),
            "suggestions_made": self.tr("Suggestions"),
        }
        self.tiles: dict[str, FigureTile] = {}
        grid = QGridLayout()
        for index, metric in enumerate(tallies.DASHBOARD_METRICS):
            tile = FigureTile(names[metric])
            self.tiles[metric] = tile
            grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)

        self.charts = QHBoxLayout()
        self.trend_view = charts.trend_chart([])
        self.category_view = charts.category_chart([])
        self.charts.addWidget(self.trend_view, 3)
        self.charts.addWidget(self.category_view, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(grid)
        layout.addLayout(self.charts, 1)
        self._scopes_loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._loads.busy

    def _load_scopes(self) -> None:
        with self.ledger.read() as conn:
            choices = tallies.scope_choices(conn)
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("All units"), None)
        for code, name, depth in choices:
            self.scope.addItem("　" * depth + f"{name} ({code})", code)
        self.scope.blockSignals(False)
        self._scopes_loaded = True

    def reload_choices(self) -> None:
        """The organisation tree changed (基础数据)."""
        current = self.scope.currentData()
        self._load_scopes()
        index = self.scope.findData(current)
        self.scope.setCurrentIndex(max(index, 0))

    def refresh(self) -> None:
        if not self._scopes_loaded:
            self._load_scopes()
        today = self.ledger.clock.today()
        code = self.scope.currentData()

        def job() -> dict[str, Any]:
            with self.ledger.read() as conn:
                return tallies.dashboard(conn, today, code)

        self.status.setText(self.tr("Counting…"))
        self.status.setStyleSheet(HINT_STYLE)
        self._loads.submit(job, self._show, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(self.tr("The figures could not be counted: {error}").format(error=error))
        self.status.setStyleSheet(ERROR_STYLE)

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        self.status.setText("")
        self.heading.setText(self.tr("Overview: {month}").format(month=data["month"]))
        self.period_label.setText(
            self.tr("{start} to {end} so far, compared with last month ({prev_start} to {prev_end})").format(
                start=data["period"]["start"],
                end=data["period"]["end"],
                prev_start=data["prev_period"]["start"],
                prev_end=data["prev_period"]["end"],
            )
        )
        for metric, tile in self.tiles.items():
            figures = data["figures"][metric]
            tile.value.setText(figure_text(metric, figures["month"]))
            tile.previous.setText(
                self.tr("Last month: {value}").format(value=figure_text(metric, figures["prev_month"]))
            )
            worse = (
                metric in WORSE_WHEN_HIGHER
                and figures["month"] is not None
                and figures["prev_month"] is not None
                and figures["month"] > figures["prev_month"]
            )
            tile.value.setStyleSheet(ERROR_STYLE if worse else "")
        self._replace_charts(data)

    def _replace_charts(self, data: dict[str, Any]) -> None:
        trend, category = charts.trend_chart(data["trend"]), charts.category_chart(data["by_category"])
        for old, new in ((self.trend_view, trend), (self.category_view, category)):
            self.charts.replaceWidget(old, new)
            old.deleteLater()
        self.trend_view, self.category_view = trend, category
