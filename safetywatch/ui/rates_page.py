"""上岗率 and 汇报率 over any period, by inspector, unit, workstation or mine, with both definitions
(docs/rates.md) and their numerators and denominators."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import rates
from safetywatch.services.reporting.rates import RateRow
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.widgets import StatusLine, hint_label, page_title
from safetywatch.ui.worker import LatestOnly


def percent(numerator: int, denominator: int) -> str:
    """'19 / 21 = 90.5 %', or '0 / 0 = —' (a rate of nothing is not 0 %)."""
    if not denominator:
        return f"{numerator} / {denominator} = —"
    return f"{numerator} / {denominator} = {100 * numerator / denominator:.1f} %"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


#: What the rates are counted from: the sheets, the roster and the norms.
RATE_TABLES = frozenset({"duty_sheet", "inspector", "org_unit", "workstation", "shift", "rate_norm"})


class RatesPage(QWidget):
    """Duty and report rates over a period; counted again when what they are counted from changes (the change
    hub): at once while the page is shown, otherwise when it is next shown."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.rows: list[RateRow] = []
        title = page_title(self.tr("Duty and report rates"))
        today = ledger.clock.today()
        self.date_from = QDateEdit(_qdate(today.replace(day=1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.editingFinished.connect(self.refresh)
        self.group_by = QComboBox()
        for key, text in (
            ("inspector", self.tr("Inspector")),
            ("unit", self.tr("Mining unit")),
            ("workstation", self.tr("Workstation")),
            ("mine", self.tr("Mine")),
        ):
            self.group_by.addItem(text, key)
        self.group_by.currentIndexChanged.connect(lambda _i: self.refresh())
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for caption, widget in (
            (self.tr("From"), self.date_from),
            (self.tr("To"), self.date_to),
            (self.tr("Group by"), self.group_by),
        ):
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            bar.addWidget(caption_label)
            bar.addWidget(widget)
        bar.addWidget(show)
        bar.addStretch(1)
        self.model = QStandardItemModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        note = hint_label(
            self.tr(
                "Shift-weighted duty rate = Σ min(duty shifts, required) / Σ required; report rate = shifts with a "
                "report / duty shifts. Head-count rates = inspector-months meeting the monthly norm / inspector-months "
                "on the roll. Required shifts: the norm pro-rated for days on the roll, minus leave, injury and "
                "training shifts."
            )
        )
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(self.status)
        self._requests = LatestOnly(self)
        self._stale = False
        self.refresh()
        hub_for(ledger).watch(self, RATE_TABLES, lambda _changes: self._changed())

    def _changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # a count takes a moment: not for a page nobody looks at

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        start, end, group = _pydate(self.date_from.date()), _pydate(self.date_to.date()), self.group_by.currentData()
        self.status.hint(self.tr("Computing…"))

        def job() -> list[RateRow]:
            with self.ledger.read() as conn:
                return rates.rates(conn, start, end, group, only_with_sheets=True)  # as the report counts

        self._requests.submit(job, self._show, self.status.problem)

    def _show(self, result: object) -> None:
        assert isinstance(result, list)
        self.rows = result
        self.model.clear()
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Inspector-months"),
                self.tr("Duty rate (shifts)"),
                self.tr("Report rate (shifts)"),
                self.tr("Duty rate (head-count)"),
                self.tr("Report rate (head-count)"),
            ]
        )
        total = rates.total(self.rows)
        bold = QFont(self.font())
        bold.setBold(True)
        for row in [*self.rows, total]:
            values = [
                row.code,
                row.name,
                str(row.inspector_months),
                percent(row.counted_shifts, row.required_shifts),
                percent(row.reported_shifts, row.on_shifts),
                percent(row.duty_norm_met, row.inspector_months),
                percent(row.report_norm_met, row.inspector_months),
            ]
            items = [QStandardItem(v) for v in values]
            for item in items[2:]:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row is total:
                for item in items:
                    item.setFont(bold)
            self.model.appendRow(items)
        self.view.resizeColumnsToContents()
        # the ratios as wide as their widest "3389 / 3406 = 99.5 %" and a little air, no more: a fixed 180 px
        # pushed 汇报率（人数） off a 1024 px screen
        for column in range(3, self.model.columnCount()):
            self.view.setColumnWidth(column, self.view.columnWidth(column) + 12)
        if not self.rows:  # no data is not zero: say so rather than show 0.0 %
            self.status.hint(self.tr("No shift sheets were kept in this period: there is no duty data."))
        else:
            self.status.hint(self.tr("{count} rows").format(count=len(self.rows)))
