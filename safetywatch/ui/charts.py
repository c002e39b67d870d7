"""The two report charts on screen (QtCharts), drawn from the same report rows as the PDF's charts, with the
metrics' own labels (``domain.metrics``).

Chart 1: the twelve-month trend of hazards found, hazards closed and 三违 stopped (lines).
Chart 2: this period's hazards by category (专业), most first (horizontal bars).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from safetywatch import i18n
from safetywatch.domain.metrics import Metric, metric
from safetywatch.domain.report_model import CategoryCount, TrendPoint

#: Same colours as the PDF charts, so screen and paper read alike.
FOUND, CLOSED, VIOLATIONS = QColor("#1565c0"), QColor("#2e7d32"), QColor("#c62828")
CATEGORY_LIMIT = 10  # more bars than this become unreadable at dashboard size; the rest are summed
#: what QtCharts takes off each category's width before it elides a label: its padding on both sides and the
#: label's text-document margins
LABEL_ROOM = 14


def tr(text: str) -> str:
    return QCoreApplication.translate("Charts", text)


def metric_label(shown: Metric) -> str:
    """A metric's label on screen, in the interface language."""
    return shown.label(chinese=i18n.language() != "en")


def month_name(number: int) -> str:
    """The short name of month *number* (1…12) on a chart axis: 1月 … 12月 in Chinese."""
    names = (
        tr("Jan"), tr("Feb"), tr("Mar"), tr("Apr"), tr("May"), tr("Jun"),
        tr("Jul"), tr("Aug"), tr("Sep"), tr("Oct"), tr("Nov"), tr("Dec"),
    )  # fmt: skip
    return names[number - 1]


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(QApplication.font())
    font.setPointSizeF(font.pointSizeF() * 1.1)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(QApplication.font())
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # redraws must be instant on old PCs
    return chart


def _nice_max(value: int) -> int:
    """An axis maximum a little above *value* that divides into 5 whole ticks."""
    if value <= 5:
        return 5
    step = 1
    while step * 5 < value * 1.05:
        step = step * 2 if str(step)[0] in "15" else step * 5 // 2
    return step * 5


def trend_chart(points: Sequence[TrendPoint], parent: QWidget | None = None) -> QChartView:
    """Twelve months of hazards found / closed and 三违 stopped."""
    title = tr("Last 12 months")
    if points:
        title = tr("Last 12 months ({first} to {last})").format(first=points[0].month, last=points[-1].month)
    chart = _chart(title)
    # short month names (1月 … 12月), the years are in the title: at 1024 px "2025-12" is elided to "2…"
    labels = [month_name(int(p.month[5:7])) for p in points]
    axis_x = QBarCategoryAxis()
    axis_x.append(labels)
    small = QFont(QApplication.font())
    small.setPointSizeF(small.pointSizeF() * 0.85)  # twelve "12月" fit a half-screen chart at 1024 px
    axis_x.setLabelsFont(small)
    top = max((max(p.hazards_found, p.hazards_closed, p.violations) for p in points), default=0)
    axis_y = QValueAxis()
    axis_y.setRange(0, _nice_max(top))
    axis_y.setTickCount(6)
    axis_y.setLabelFormat("%d")
    axis_y.setLabelsFont(QApplication.font())
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    for field, shown, colour in (
        ("hazards_found", metric("hazards_found"), FOUND),
        ("hazards_closed", metric("hazards_closed"), CLOSED),
        ("violations", metric("violations_stopped"), VIOLATIONS),
    ):
        series = QLineSeries()
        series.setName(metric_label(shown))
        series.setPen(QPen(colour, 2))
        series.setPointsVisible(True)
        for index, point in enumerate(points):
            series.append(index, getattr(point, field))
        chart.addSeries(series)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
    view = _view(chart, parent)
    chart.plotAreaChanged.connect(lambda area: _fit_category_labels(axis_x, area))
    return view


def month_labels_fit(axis: QBarCategoryAxis, area: QRectF) -> bool:
    """Whether *axis*'s labels fit side by side under a plot *area* without QtCharts eliding them ("12…"):
    it gives each label the plot's width over one more than the number of categories."""
    labels = axis.categories()
    if not labels:
        return True
    widest = max(QFontMetricsF(axis.labelsFont()).horizontalAdvance(text) for text in labels)
    return widest + LABEL_ROOM <= area.width() / (len(labels) + 1)


def _fit_category_labels(axis: QBarCategoryAxis, area: QRectF) -> None:
    """Upright labels where they fit; on a narrow chart (a large font, a small window) turned to read upwards
    rather than cut to "12…"."""
    angle = 0 if month_labels_fit(axis, area) else -90
    if axis.labelsAngle() != angle:  # the chart lays itself out again, and calls back with the same answer
        axis.setLabelsAngle(angle)


def category_chart(rows: Sequence[CategoryCount], parent: QWidget | None = None) -> QChartView:
    """Hazards by category, the largest at the top; categories past the tenth are summed as 'other'."""
    chart = _chart(tr("Hazards by category"))
    shown = list(rows[:CATEGORY_LIMIT])
    rest = sum(r.hazards for r in rows[CATEGORY_LIMIT:])
    names = [r.name for r in shown] + ([tr("Other categories")] if rest else [])
    values = [r.hazards for r in shown] + ([rest] if rest else [])
    names.reverse()  # a horizontal bar series draws its first category at the bottom
    values.reverse()
    bars = QBarSet(metric_label(metric("hazards_found")))
    bars.setColor(FOUND)
    bars.append([float(v) for v in values])
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(names or [tr("No hazards")])
    axis_y.setLabelsFont(QApplication.font())
    axis_x = QValueAxis()
    axis_x.setRange(0, _nice_max(max(values, default=0)))
    axis_x.setLabelFormat("%d")
    axis_x.setTickCount(6)
    axis_x.setLabelsFont(QApplication.font())
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_y)
    series.attachAxis(axis_x)
    chart.legend().setVisible(False)
    return _view(chart, parent)


def _view(chart: QChart, parent: QWidget | None) -> QChartView:
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(240)
    return view
