"""The monthly allowance sheet (津贴): computed live, explained in words, approved (locked), adjusted later."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.services import allowances
from safetywatch.services.database import Ledger
from safetywatch.ui.common import page_title
from safetywatch.ui.hazard_form import ERROR_STYLE, HINT_STYLE, OK_STYLE

CANCELLED = QColor("#b71c1c")


def previous_month(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def month_choices(today: dt.date, count: int = 24) -> list[str]:
    months, day = [], today.replace(day=1)
    for _ in range(count):
        months.append(day.strftime("%Y-%m"))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes/no question; tests replace this."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


class AdjustmentDialog(QDialog):
    """Amount, paid-in month and reason of a correction to an approved month."""

    def __init__(self, parent: QWidget, employee: str, for_month: str, months: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Adjust an approved month"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 180 or -50"))
        self.month = QComboBox()
        for month in months:
            if month > for_month:
                self.month.addItem(month)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("Inspector"), QLabel(employee))
        form.addRow(self.tr("Corrects month"), QLabel(for_month))
        form.addRow(self.tr("Amount (yuan)"), self.amount)
        form.addRow(self.tr("Paid with month"), self.month)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AllowancePage(QWidget):
    """Pick a month; see every inspector's allowance, why, and approve or adjust it."""

    rules_requested = Signal()
    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.sheet: allowances.MonthSheet | None = None
        title = page_title(self.tr("Allowances"))
        self.month = QComboBox()
        today = ledger.clock.today()
        self.month.addItems(month_choices(today))
        self.month.setCurrentText(previous_month(today))
        self.month.currentTextChanged.connect(lambda _m: self.refresh())
        self.state = QLabel()
        self.approve_button = QPushButton(self.tr("Approve and lock…"))
        self.approve_button.clicked.connect(self.approve)
        self.adjust_button = QPushButton(self.tr("Adjust…"))
        self.adjust_button.clicked.connect(self.adjust)
        rules = QPushButton(self.tr("Rules…"))
        rules.clicked.connect(self.rules_requested.emit)
        bar = QHBoxLayout()
        caption = QLabel(self.tr("Month"))
        caption.setBuddy(self.month)
        for widget in (caption, self.month, self.state):
            bar.addWidget(widget)
        bar.addStretch(1)
        for button in (rules, self.adjust_button, self.approve_button):
            bar.addWidget(button)

        self.model = QStandardItemModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().setVisible(False)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._explain())
        self.explanation = QPlainTextEdit()
        self.explanation.setReadOnly(True)
        self.total = QLabel()
        self.status = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.explanation)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.status)
        self._shown_once = False  # a month of 2,000 inspectors is computed when the page is first opened

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_once:
            self._shown_once = True
            self.refresh()
        super().showEvent(event)

    def headers(self) -> list[str]:
        return [
            self.tr("Employee no."),
            self.tr("Full name"),
            self.tr("Unit"),
            self.tr("On duty / required"),
            self.tr("Reports / required"),
            self.tr("Suggestions"),
            self.tr("Hazards found"),
            self.tr("三违 stopped"),
            self.tr("Own 三违"),
            self.tr("Allowance (yuan)"),
            self.tr("Adjustments"),
            self.tr("Paid (yuan)"),
        ]

    def refresh(self) -> None:
        month = self.month.currentText()
        try:
            with self.ledger.read() as conn:
                self.sheet = allowances.month_sheet(conn, month)
                changed = allowances.differences(conn, month) if self.sheet.approved else []
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self.model.clear()
        self.model.setHorizontalHeaderLabels(self.headers())
        for row in self.sheet.rows:
            m, req = row.measures, row.required
            values: list[object] = [
                row.employee_no,
                row.name,
                row.unit,
                f"{m.get('duty_shifts', 0)} / {req.get('duty_shifts', 0)}",
                f"{m.get('reports', 0)} / {req.get('reports', 0)}",
                m.get("suggestions", 0),
                m.get("hazards_found", 0),
                m.get("violations_stopped", 0),
                m.get("own_violations", 0),
                row.result.amount_yuan,
                row.adjustment_yuan or "",
                row.total_yuan,
            ]
            items = []
            for value in values:
                item = QStandardItem()
                item.setData(value, Qt.ItemDataRole.DisplayRole)
                item.setData(row.inspector_id, Qt.ItemDataRole.UserRole)
                if row.result.cancelled_by:
                    item.setForeground(QBrush(CANCELLED))
                items.append(item)
            self.model.appendRow(items)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        approved = self.sheet.approved
        if approved:
            text = self.tr("Approved by {who} on {day}: locked.").format(
                who=approved["approved_by"], day=approved["approved_on"]
            )
            if changed:
                text += " " + self.tr(
                    "{count} inspectors would now get a different amount; adjust them in an open month."
                ).format(count=len(changed))
            self.state.setText(text)
            self.state.setStyleSheet(OK_STYLE if not changed else ERROR_STYLE)
        else:
            self.state.setText(self.tr("Not approved: computed from today's records."))
            self.state.setStyleSheet(HINT_STYLE)
        self.approve_button.setEnabled(approved is None)
        self.total.setText(
            self.tr("{count} inspectors · total {amount} yuan").format(
                count=len(self.sheet.rows), amount=self.sheet.total_yuan
            )
        )
        if self.sheet.rows:
            self.view.selectRow(0)
        self._explain()

    def selected_row(self) -> allowances.SheetRow | None:
        index = self.view.currentIndex()
        if self.sheet is None or not index.isValid():
            return None
        inspector = self.model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.sheet.rows if r.inspector_id == inspector), None)

    def _explain(self) -> None:
        row = self.selected_row()
        if row is None:
            self.explanation.clear()
            return
        self.explanation.setPlainText(f"{row.employee_no} {row.name}（{row.unit}）\n" + allowances.explain_row(row))

    def approve(self) -> None:
        month = self.month.currentText()
        if not confirm(
            self,
            self.tr("Approve allowances"),
            self.tr("Approve and lock the allowances of {month}? Later corrections become adjustments.").format(
                month=month
            ),
        ):
            return
        try:
            allowances.approve(self.ledger, month)
        except ValidationError as exc:
            self._say("\n".join(e.message for e in exc.errors), ERROR_STYLE)
            return
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self._say(self.tr("{month} approved and locked.").format(month=month), OK_STYLE)
        self.refresh()
        self.changed.emit()

    def adjust(self) -> None:
        row = self.selected_row()
        if row is None or self.sheet is None:
            self._say(self.tr("Choose an inspector first."), ERROR_STYLE)
            return
        dialog = AdjustmentDialog(
            self, f"{row.employee_no} {row.name}", self.sheet.month, sorted(month_choices(self.ledger.clock.today()))
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            text = dialog.amount.text().strip().replace("−", "-")
            try:
                amount = int(text)
            except ValueError:
                dialog.error.setText(self.tr("Not a whole number."))
                continue
            try:
                allowances.adjust(
                    self.ledger,
                    row.inspector_id,
                    self.sheet.month,
                    dialog.month.currentText(),
                    amount,
                    dialog.reason.toPlainText(),
                )
            except ValidationError as exc:
                dialog.error.setText("\n".join(e.message for e in exc.errors))
                continue
            except SafetyWatchError as exc:
                dialog.error.setText(str(exc))
                continue
            self._say(self.tr("Adjustment saved."), OK_STYLE)
            self.changed.emit()
            return

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)
