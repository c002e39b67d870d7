"""The monthly allowance sheet (津贴): computed live, explained in words, approved (locked), adjusted later.

Signals: ``rules_requested()`` when the officer asks for the rule editor (the main window opens the
基础数据 page on ``allowance_rule``), ``changed()`` after an approval or an adjustment was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError
from safetywatch.domain.periods import previous_month, recent_months
from safetywatch.domain.permissions import Permission
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.services.reporting import allowances
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.operations import StatusErrors, run_write
from safetywatch.ui.record_dialog import RecordDialog
from safetywatch.ui.role_gate import May, gate, may_everything
from safetywatch.ui.widgets import StatusLine, page_title
from safetywatch.ui.worker import LatestOnly

CANCELLED = QColor("#b71c1c")
CHANGED = QColor("#e65100")
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes/no question (default No)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


@dataclass
class _Loaded:
    sheet: allowances.MonthSheet
    differences: dict[int, allowances.Difference]
    names: dict[str, str]  # display names by login: who approved


class AdjustmentDialog(RecordDialog):
    """Inspector, amount, paid-in month and reason of a correction to an approved month
    (``allowances.ADJUSTMENT_FIELDS``): each field shows its own error beside it; nothing typed is lost when
    saving is refused."""

    def __init__(
        self,
        parent: QWidget,
        ledger: Ledger,
        rows: list[allowances.SheetRow],
        selected: int | None,
        for_month: str,
        months: list[str],
        suggested: int | None = None,
    ) -> None:
        context = [(QCoreApplication.translate("AdjustmentDialog", "Corrects month"), QLabel(for_month))]
        super().__init__(parent, "", allowances.ADJUSTMENT_FIELDS, context=context)
        self.setWindowTitle(self.tr("Adjust an approved month"))
        self.ledger, self.for_month = ledger, for_month
        self.form.set_options("inspector_id", [(row.inspector_id, f"{row.employee_no} {row.name}") for row in rows])
        self.form.set_options("month", [(month, month) for month in sorted(months) if month > for_month])
        self.form.fill({"inspector_id": selected, "amount_yuan": suggested})
        self.inspector, self.amount = self.widgets["inspector_id"], self.widgets["amount_yuan"]
        self.month, self.reason = self.widgets["month"], self.widgets["reason"]

    def check(self, values: dict[str, Any]) -> list[FieldError]:
        problems = []
        if values["amount_yuan"] is None and not self.form.text("amount_yuan").strip():
            problems.append(FieldError("amount_yuan", self.tr("Type a whole number of yuan, e.g. 180 or -50.")))
        if values["month"] is None:
            problems.append(FieldError("month", self.tr("No later month to pay it with.")))
        return problems

    def write_call(self, values: dict[str, Any]) -> Callable[[], Any]:
        ledger, for_month = self.ledger, self.for_month
        return lambda: allowances.adjust(
            ledger, values["inspector_id"], for_month, values["month"], values["amount_yuan"], values["reason"]
        )


#: What the month's figures are counted from (besides the rules and norms, which are reference data).
ALLOWANCE_SOURCES = REFERENCE_TABLES | {
    "allowance_sheet",
    "allowance_line",
    "allowance_adjustment",
    "duty_sheet",
    "suggestion",
    "hazard",
    "violation",
}


class AllowancePage(QWidget):
    """Pick a month; see every inspector's allowance, why, and approve or adjust it."""

    rules_requested = Signal()
    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.sheet: allowances.MonthSheet | None = None
        self._may: May = may_everything
        self._names: dict[str, str] = {}
        self.differences: dict[int, allowances.Difference] = {}
        title = page_title(self.tr("Allowances"))
        self.month = QComboBox()
        today = ledger.clock.today()
        self.month.addItems(recent_months(today))
        self.month.setCurrentText(previous_month(today))
        self.month.currentTextChanged.connect(lambda _m: self.refresh())
        self.state = StatusLine()  # computing (grey), approved (green), approved but now different (red)
        self.approve_button = QPushButton(self.tr("Approve and lock…"))
        self.approve_button.clicked.connect(self.approve)
        self.adjust_button = QPushButton(self.tr("Adjust…"))
        self.adjust_button.setToolTip(self.tr("Correct an approved month through a later, open month"))
        self.adjust_button.clicked.connect(self.adjust)
        self.rules_button = QPushButton(self.tr("Rules…"))
        self.rules_button.clicked.connect(self.rules_requested.emit)
        bar = QHBoxLayout()
        caption = QLabel(self.tr("Month"))
        caption.setBuddy(self.month)
        bar.addWidget(caption)
        bar.addWidget(self.month)
        bar.addWidget(self.state, 1)
        for button in (self.rules_button, self.adjust_button, self.approve_button):
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
        self.explanation.setPlaceholderText(self.tr("Choose an inspector to see how the allowance was computed."))
        self.total = QLabel()
        self.status = StatusLine()
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
        self._requests = LatestOnly(self)
        self._shown_once = False  # a month of 2,000 inspectors is computed when the page is first opened
        self._set_busy(False)
        hub_for(ledger).watch(self, ALLOWANCE_SOURCES, self._sources_changed)

    def _sources_changed(self, _changes: ChangeSet) -> None:
        """Recount what the figures come from: now if the page is shown, else when it is next opened."""
        if self.isVisible():
            self.refresh()
        else:
            self._shown_once = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_once:
            self._shown_once = True
            self.refresh()
        super().showEvent(event)

    def headers(self) -> list[str]:
        return [
            self.tr("Employee no."),
            self.tr("Full name"),
            self.tr("Mining unit"),
            self.tr("On duty / required"),
            self.tr("Reports / required"),
            self.tr("Suggestions"),
            self.tr("Hazards found"),
            self.tr("三违 stopped"),
            self.tr("Allowance (yuan)"),
            self.tr("Adjustments"),
            self.tr("Paid (yuan)"),
            self.tr("Status"),
        ]

    # -- loading ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the chosen month in the background (stored lines if approved, else computed live)."""
        month = self.month.currentText()
        self.state.hint(self.tr("Computing…"))
        self._set_busy(True)

        def job() -> _Loaded:
            with self.ledger.read() as conn:
                sheet = allowances.month_sheet(conn, month)
                changed = allowances.differences(conn, month) if sheet.approved else []
                names = accounts.display_names(conn)
            return _Loaded(sheet, {d.inspector_id: d for d in changed}, names)

        self._requests.submit(job, self._show, self._failed)

    def _set_busy(self, busy: bool) -> None:
        approved = self.sheet is not None and self.sheet.approved is not None
        may_approve = self._may(Permission.APPROVE_ALLOWANCES)
        self.approve_button.setEnabled(may_approve and not busy and self.sheet is not None and not approved)
        self.adjust_button.setEnabled(may_approve and not busy and approved)

    def apply_role(self, may: May) -> None:
        """Approving and adjusting are the safety officer's: shown to the others, disabled, saying so."""
        self._may = may
        gate(self.approve_button, may, Permission.APPROVE_ALLOWANCES)
        gate(self.adjust_button, may, Permission.APPROVE_ALLOWANCES)
        self._set_busy(self._requests.busy)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.state.problem(error)

    def status_text(self, row: allowances.SheetRow) -> str:
        """全发 / 减发 / 不发, and the recomputed amount when it now differs."""
        result = row.result
        if not row.on_roll:
            text = self.tr("Adjustment only")
        elif result.cancelled_by:
            text = self.tr("Not paid")  # which rule cancelled it: the explanation below the table says
        elif result.amount_yuan < sum(line.effect_yuan for line in result.lines if line.kind == "base"):
            text = self.tr("Reduced")
        else:
            text = self.tr("Full")
        difference = self.differences.get(row.inspector_id)
        if difference is not None:
            text += self.tr("; now {amount}").format(amount=difference.now_yuan)
        return text

    def _show(self, loaded: object) -> None:
        assert isinstance(loaded, _Loaded)
        previous = self.selected_row()
        self.sheet, self.differences, self._names = loaded.sheet, loaded.differences, loaded.names
        self.view.setSortingEnabled(False)
        self.model.clear()
        self.model.setHorizontalHeaderLabels(self.headers())
        for row in self.sheet.rows:
            m, req = row.measures, row.required
            values: list[object] = [
                row.employee_no,
                row.name,
                row.unit,
                f"{m.get('duty_shifts', 0)} / {req.get('duty_shifts', 0)}" if row.on_roll else "",
                f"{m.get('reports', 0)} / {req.get('reports', 0)}" if row.on_roll else "",
                m.get("suggestions", 0),
                m.get("hazards_found", 0),
                m.get("violations_stopped", 0),
                row.result.amount_yuan,
                row.adjustment_yuan or "",
                row.total_yuan,
                self.status_text(row),
            ]
            items = []
            for column, value in enumerate(values):
                item = QStandardItem()
                item.setData(value, Qt.ItemDataRole.DisplayRole)
                item.setData(row.inspector_id, Qt.ItemDataRole.UserRole)
                if 3 <= column <= 10:
                    item.setTextAlignment(NUMERIC)
                if row.result.cancelled_by:
                    item.setForeground(QBrush(CANCELLED))
                elif row.inspector_id in self.differences:
                    item.setForeground(QBrush(CHANGED))
                items.append(item)
            self.model.appendRow(items)
        self.view.setSortingEnabled(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._show_state()
        self._set_busy(False)
        self.total.setText(
            self.tr("{count} inspectors · total {amount} yuan").format(
                count=len(self.sheet.rows), amount=self.sheet.total_yuan
            )
        )
        self.select(previous.inspector_id if previous else None)

    def _show_state(self) -> None:
        assert self.sheet is not None
        approved = self.sheet.approved
        if approved is None:
            self.state.hint(self.tr("Not approved: computed from today's records."))
            return
        text = self.tr("Approved by {who} on {day}: locked.").format(
            who=accounts.shown_name(self._names, approved["approved_by"]), day=approved["approved_on"]
        )
        if self.differences:
            text += " " + self.tr(
                "{count} inspectors would now get a different amount; adjust them in an open month."
            ).format(count=len(self.differences))
        if self.differences:
            self.state.error(text)
        else:
            self.state.ok(text)

    # -- selection and explanation ------------------------------------------------------------------------

    def select(self, inspector_id: int | None) -> None:
        """Select the inspector's row (the first row if *inspector_id* is None or not shown)."""
        for index in range(self.model.rowCount()):
            if inspector_id is None or self.model.item(index, 0).data(Qt.ItemDataRole.UserRole) == inspector_id:
                self.view.selectRow(index)
                break
        self._explain()

    def selected_row(self) -> allowances.SheetRow | None:
        index = self.view.currentIndex()
        if self.sheet is None or not index.isValid():
            return None
        inspector = self.model.item(index.row(), 0).data(Qt.ItemDataRole.UserRole)
        return self.sheet.row(int(inspector))

    def _explain(self) -> None:
        row = self.selected_row()
        if row is None:
            self.explanation.clear()
            return
        lines = [f"{row.employee_no} {row.name}（{row.unit}）", allowances.explain_row(row)]
        difference = self.differences.get(row.inspector_id)
        if difference is not None:
            lines.append(
                self.tr(
                    "Recomputed from today's records: {now} yuan instead of the approved {then} yuan "
                    "(difference {delta}). Enter an adjustment paid with an open month."
                ).format(now=difference.now_yuan, then=difference.approved_yuan, delta=f"{difference.delta_yuan:+d}")
            )
        self.explanation.setPlainText("\n".join(lines))

    # -- actions -----------------------------------------------------------------------------------------

    def approve(self) -> None:
        month = self.month.currentText()
        problem = allowances.approval_problem(month, self.ledger.clock.today())
        if problem:
            self.status.error(problem)
            return
        if not confirm(
            self,
            self.tr("Approve allowances"),
            self.tr("Approve and lock the allowances of {month}? Later corrections become adjustments.").format(
                month=month
            ),
        ):
            return
        self.approve_button.setEnabled(False)  # ~0.4 s for 2,000 inspectors, on the writer thread
        self.status.hint(self.tr("Approving…"))

        def approved(sheet: dict[str, Any]) -> None:
            self.status.ok(
                self.tr("{month} approved and locked: {count} inspectors, {amount} yuan.").format(
                    month=month, count=sheet["inspectors"], amount=sheet["total_yuan"]
                )
            )
            self.changed.emit()  # the page itself reloads from the change hub

        def refused(message: str) -> None:
            self.approve_button.setEnabled(self._may(Permission.APPROVE_ALLOWANCES))
            self.status.error(message)

        run_write(
            self,
            lambda: allowances.approve(self.ledger, month),
            done=approved,
            errors=StatusErrors(refused),
        )

    def adjust(self) -> AdjustmentDialog | None:
        """Open the adjustment dialog (window-modal); the page says so once it was saved."""
        if self.sheet is None or self.sheet.approved is None:
            self.status.error(self.tr("Only an approved month is adjusted; correct the records of an open month."))
            return None
        row = self.selected_row()
        selected = row.inspector_id if row else None
        difference = self.differences.get(selected) if selected is not None else None
        dialog = AdjustmentDialog(
            self,
            self.ledger,
            self.sheet.rows,
            selected,
            self.sheet.month,
            recent_months(self.ledger.clock.today()),
            difference.delta_yuan if difference else None,
        )
        dialog.saved.connect(lambda record: self._adjusted(record))
        dialog.open()
        return dialog

    def _adjusted(self, record: dict[str, Any]) -> None:
        self.status.ok(
            self.tr("Adjustment of {amount} yuan saved; it is paid with {month}.").format(
                amount=record["amount_yuan"], month=record["month"]
            )
        )
        self.changed.emit()
