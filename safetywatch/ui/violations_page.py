"""The 三违 register: filters, an id-window list, the record with its handling, and the repeat offenders."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.permissions import Permission, write_permission
from safetywatch.domain.validation import parse_iso_date
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference, violations
from safetywatch.services.kinds.violations import HandlingInput
from safetywatch.services.queries import violation_query
from safetywatch.services.queries.violation_query import ViolationFilter
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.id_window_model import IdWindowModel
from safetywatch.ui.operations import WriteOp, run_write
from safetywatch.ui.record_dialog import RecordDialog
from safetywatch.ui.role_gate import May, gate, may_everything
from safetywatch.ui.widgets import StatusLine, ask_reason, page_title, search_by_pinyin

#: What the register shows besides reference data.
VIOLATION_TABLES = frozenset({"violation", "violation_handling"})


class HandlingDialog(RecordDialog):
    """One handling entry of a 三违 (``violations.HANDLING_FIELDS``: step, date, training days, fine, who
    decided, note), saved on the writer thread; each refusal shows under its field, nothing typed is lost."""

    def __init__(self, parent: QWidget | None, ledger: Ledger, violation: dict[str, Any]) -> None:
        record = QLabel(f"{violation['number']}  {violation['offender_name']}")
        context = [(QCoreApplication.translate("HandlingDialog", "Record"), record)]
        super().__init__(parent, "", violations.HANDLING_FIELDS, context=context)
        self.setWindowTitle(self.tr("Add handling"))
        self.ledger, self.violation_id = ledger, int(violation["id"])
        today = ledger.clock.today()
        with ledger.read() as conn:
            self.form.offer_references(conn, today)
        self.form.set("on_date", today)

    def write_call(self, values: dict[str, Any]) -> Callable[[], Any]:
        ledger, violation_id, data = self.ledger, self.violation_id, HandlingInput(**values)
        return lambda: violations.add_handling(ledger, violation_id, data)


class ViolationsPage(QWidget):
    """The 三违 register; re-read whenever 三违 records or reference data change (the change hub)."""

    amend_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._write: WriteOp | None = None
        self._may: May = may_everything
        self._keep_id: int | None = None  # the record to select again after the list is re-read
        headers = {
            "number": self.tr("Number"),
            "found_date": self.tr("Date"),
            "shift": self.tr("Shift"),
            "offender_no": self.tr("Employee no."),
            "offender_name": self.tr("Offender"),
            "unit": self.tr("Unit"),
            "type": self.tr("Type"),
            "severity": self.tr("Severity"),
            "location": self.tr("Location"),
            "description": self.tr("What was done"),
            "stopped_by": self.tr("Stopped by"),
            "signed": self.tr("Signed"),
        }
        columns = [(key, headers[key]) for key in violation_query.COLUMN_KEYS]
        self._repeat_rows: list[dict[str, Any]] = []
        self.model = IdWindowModel(
            ledger,
            columns,
            violation_query.query_ids,
            violation_query.fetch_rows,
            ViolationFilter(),
            "found_date",
            self,
            display=self._display,
        )
        self._build()
        self.reload_choices()
        self.apply_filter()
        hub_for(ledger).watch(self, REFERENCE_TABLES | VIOLATION_TABLES, self._on_changes)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(REFERENCE_TABLES):
            self.reload_choices()
        self.refresh()

    def _display(self, key: str, value: Any) -> str:
        if key == "signed":
            return self.tr("yes") if value else ""
        return "" if value is None else str(value)

    def _build(self) -> None:
        title = page_title(self.tr("三违 register"))
        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText(self.tr("from YYYY-MM-DD"))
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText(self.tr("to YYYY-MM-DD"))
        self.unit = QComboBox()
        self.type = QComboBox()
        self.severity = QComboBox()
        self.stopper = QComboBox()
        self.stopper.setToolTip(self.tr("Stopped by"))
        for combo in (self.unit, self.type, self.severity, self.stopper):
            search_by_pinyin(combo)  # typing on the closed box: a code, 拼音首字母 or 全拼
        self.show_void = QCheckBox(self.tr("Show void records"))
        self.show_void.setChecked(True)
        self.show_void.toggled.connect(lambda _on: self.apply_filter())
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Search number, name, place, description"))
        for edit in (self.date_from, self.date_to, self.text):
            edit.returnPressed.connect(self.apply_filter)
        for combo in (self.unit, self.type, self.severity, self.stopper):
            combo.activated.connect(lambda _i: self.apply_filter())
        bar = QHBoxLayout()
        for widget in (self.date_from, self.date_to, self.unit, self.type, self.severity, self.stopper):
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        bar.addWidget(self.show_void)
        new = self.new_button = QPushButton(self.tr("New 三违 card"))
        new.clicked.connect(self.new_requested.emit)
        bar.addWidget(new)
        self.count = QLabel()

        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        digit = self.view.fontMetrics().horizontalAdvance("0")
        em = self.view.fontMetrics().horizontalAdvance("中")
        widths = {
            "number": 19 * digit,
            "found_date": 11 * digit,
            "shift": 3 * em,
            "offender_no": 9 * digit,
            "offender_name": 4 * em,
            "unit": 6 * em,
            "type": 6 * em,
            "severity": 5 * em,
            "location": 10 * em,
            "description": 12 * em,
            "stopped_by": 4 * em,
        }
        for column, key in enumerate(violation_query.COLUMN_KEYS):
            if key in widths:
                self.view.setColumnWidth(column, widths[key] + em)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_detail())
        self.setFocusProxy(self.view)  # the page opens on the list
        self.model.loaded.connect(self._on_loaded)
        self.model.modelReset.connect(self._after_reset)

        self.detail = QTextBrowser()
        self.amend_button = QPushButton(self.tr("Amend…"))
        self.amend_button.clicked.connect(self._amend)
        self.handling_button = QPushButton(self.tr("Add handling…"))
        self.handling_button.clicked.connect(self.add_handling)
        self.sign_button = QPushButton(self.tr("Offender signed"))
        self.sign_button.clicked.connect(self.toggle_signed)
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.clicked.connect(self.void)
        actions = QHBoxLayout()
        for button in (self.amend_button, self.handling_button, self.sign_button, self.void_button):
            actions.addWidget(button)
        self.status = StatusLine()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([64 * em, 30 * em])  # the list gets most of the width at first
        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.addLayout(bar)
        register_layout.addWidget(self.count)
        register_layout.addWidget(splitter, 1)

        self.repeats = QTableWidget(0, 7)
        self.repeats.setHorizontalHeaderLabels(
            [
                self.tr("Employee no."),
                self.tr("Offender"),
                self.tr("Unit"),
                self.tr("三违 in 12 months"),
                self.tr("of them serious"),
                self.tr("Last"),
                self.tr("Record numbers"),
            ]
        )
        self.repeats.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.repeats.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.repeats.verticalHeader().setVisible(False)
        self.repeats.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.repeats.horizontalHeader().setStretchLastSection(True)
        self.repeats.cellActivated.connect(lambda row, _column: self.show_offender(row))  # double-click, Enter
        self.repeats_caption = QLabel()
        repeats_tab = QWidget()
        repeats_layout = QVBoxLayout(repeats_tab)
        repeats_layout.addWidget(self.repeats_caption)
        repeats_layout.addWidget(self.repeats, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(register, self.tr("Records"))
        self.tabs.addTab(repeats_tab, self.tr("Repeat offenders"))
        self.tabs.currentChanged.connect(lambda i: self.load_repeats() if i == 1 else None)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    # --- filters ------------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        with self.ledger.read() as conn:
            lists = {
                self.unit: (self.tr("All units"), reference.org_units(conn, "unit")),
                self.type: (self.tr("All types"), reference.choices(conn, "violation_type")),
                self.severity: (self.tr("All severities"), reference.choices(conn, "violation_severity")),
                self.stopper: (self.tr("All inspectors"), reference.choices(conn, "inspector")),
            }
        for combo, (everything, items) in lists.items():
            keep = combo.currentData()
            combo.clear()
            combo.addItem(everything, None)
            for item in items:
                combo.addItem(item.display, item.id)
            if keep is not None and combo.findData(keep) >= 0:
                combo.setCurrentIndex(combo.findData(keep))

    def apply_filter(self) -> None:
        bad = [
            e.placeholderText()
            for e in (self.date_from, self.date_to)
            if e.text().strip() and not parse_iso_date(e.text())
        ]
        if bad:
            self.status.error(self.tr("Not a date; type it as YYYY-MM-DD."))
            return
        flt = ViolationFilter(
            date_from=parse_iso_date(self.date_from.text()),
            date_to=parse_iso_date(self.date_to.text()),
            unit_id=self.unit.currentData(),
            type_id=self.type.currentData(),
            severity_id=self.severity.currentData(),
            stopped_by_id=self.stopper.currentData(),
            text=self.text.text(),
            include_voided=self.show_void.isChecked(),
        )
        self.model.set_query(flt)

    def refresh(self) -> None:
        """Read the list again; the record on screen stays selected (and shown) if the filter still lists it."""
        self._keep_id = self.current_id()
        self.model.refresh()
        if self.tabs.currentIndex() == 1:
            self.load_repeats()

    def _after_reset(self) -> None:
        if not self.model.loading:
            self.count.setText(self.tr("{count} records").format(count=self.model.rowCount()))
        kept = self.model.row_of(self._keep_id) if self._keep_id is not None else -1
        if kept >= 0 or not self.model.loading:
            self._keep_id = None
        if self.model.rowCount():
            self.view.selectRow(max(kept, 0))
        self.show_detail()

    def _on_loaded(self, count: int) -> None:
        self.count.setText(self.tr("{count} records").format(count=count))
        kept = self.model.row_of(self._keep_id) if self._keep_id is not None else -1
        self._keep_id = None
        if kept >= 0 and kept != self.view.currentIndex().row():
            self.view.selectRow(kept)  # beyond the first page: selected once the full list is in

    # --- detail -------------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def show_detail(self) -> None:
        record_id = self.current_id()
        for button, permission in self._record_buttons().items():
            button.setEnabled(record_id is not None and self._may(permission))
        if record_id is None:
            self.detail.clear()
            return
        with self.ledger.read() as conn:
            row = violations.get(conn, record_id)
            steps = violations.handlings(conn, record_id)
        e = html.escape
        lines = [
            f"<h3>{e(row['number'])}</h3>",
            f"<p>{e(row['found_date'])} {e(row['shift_name'])} {e(row['found_time'] or '')} · {e(row['location'])}</p>",
            "<p><b>{}</b> {} {}（{}）· {} · {}</p>".format(
                e(self.tr("Offender")),
                e(row["offender_no"] or ""),
                e(row["offender_name"]),
                e(row["unit_name"]),
                e(row["offender_trade"] or ""),
                e(row["employment_name"]),
            ),
            f"<p><b>{e(row['type_name'])}</b> · {e(row['severity_name'])} · {e(row['rule_item'] or '')}</p>",
            f"<p>{e(row['description'])}</p>",
            "<p>{}: {} · {}: {}</p>".format(
                e(self.tr("Stopped by")), e(row["stopped_by_name"]), e(self.tr("How found")), e(row["found_via_name"])
            ),
            "<p>{}</p>".format(
                e(self.tr("{count} 三违 in the 12 months up to this one").format(count=row["repeat_count"]))
            ),
            "<p>{}: {}</p>".format(
                e(self.tr("Offender signed")), e(self.tr("yes") if row["offender_signed"] else self.tr("no"))
            ),
        ]
        if row["hazard_number"]:
            lines.append(f"<p>{e(self.tr('Linked hazard'))}: {e(row['hazard_number'])}</p>")
        if row["voided"]:
            lines.append(f"<p style='color:#b71c1c'>{e(self.tr('Voided'))}: {e(row['void_reason'] or '')}</p>")
        lines.append(f"<h4>{e(self.tr('Handling'))}</h4><ul>")
        for step in steps:
            extras = []
            if step["training_days"]:
                extras.append(self.tr("{days} days training").format(days=step["training_days"]))
            if step["fine_yuan"]:
                extras.append(self.tr("fine {amount} yuan").format(amount=step["fine_yuan"]))
            lines.append(
                f"<li>{e(step['on_date'])} {e(step['step_name'])} {e(' '.join(extras))} · "
                f"{e(step['decided_by'])} {e(step['note'] or '')}</li>"
            )
        lines.append("</ul>")
        self.detail.setHtml("".join(lines))
        self.sign_button.setText(self.tr("Clear signature…") if row["offender_signed"] else self.tr("Offender signed"))
        self._row = row

    # --- actions ------------------------------------------------------------------------------------
    def _record_buttons(self) -> dict[QPushButton, Permission]:
        return {
            self.amend_button: Permission.AMEND_RECORDS,
            self.handling_button: write_permission("violation_handling", "create"),
            self.sign_button: write_permission("violation", "sign"),
            self.void_button: Permission.AMEND_RECORDS,
        }

    def apply_role(self, may: May) -> None:
        """A role that enters no records (the auditor) reads the register: no card, handling or void buttons."""
        self._may = may
        gate(self.new_button, may, Permission.ENTER_RECORDS, hide=True)
        for button, permission in self._record_buttons().items():
            gate(button, may, permission, hide=True)
        self.show_detail()

    def _amend(self) -> None:
        record_id = self.current_id()
        if record_id is not None:
            self.amend_requested.emit(record_id)

    def _write_record(self, call: Callable[[], object], message: str) -> None:
        """Run a change of the selected record on the writer thread; the change hub re-reads the list."""
        if self._write is not None and self._write.pending:
            return  # one change at a time: a second click must not toggle the signature back
        self._write = run_write(self, call, done=lambda _row: self.status.ok(message), errors=self.status)

    def add_handling(self) -> HandlingDialog | None:
        """Open the handling dialog of the selected record (window-modal); the page says so once it was saved."""
        if self.current_id() is None:
            return None
        dialog = HandlingDialog(self, self.ledger, self._row)
        dialog.saved.connect(lambda _row: self.status.ok(self.tr("Handling added.")))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def toggle_signed(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        signed = bool(self._row["offender_signed"])
        reason = ""
        if signed:
            answer = ask_reason(self, self.tr("Clear signature"), self.tr("Why is the signature cleared?"))
            if answer is None:
                return
            reason = answer
        self._write_record(
            lambda: violations.set_signed(self.ledger, record_id, not signed, reason), self.tr("Signature recorded.")
        )

    def void(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            return
        reason = ask_reason(self, self.tr("Void 三违 record"), self.tr("Why is this record void?"))
        if reason is None:
            return
        self._write_record(
            lambda: violations.void(self.ledger, record_id, reason),
            self.tr("The record was voided; it stays in the register, struck through."),
        )

    def load_repeats(self) -> None:
        today = self.ledger.clock.today()
        with self.ledger.read() as conn:
            rows = violations.repeat_offenders(conn, today)
        self._repeat_rows = rows
        self.repeats_caption.setText(
            self.tr(
                "People with two or more 三违 in the 12 months up to {date}. "
                "Double-click (or Enter on) a person to list their records."
            ).format(date=today.isoformat())
        )
        self.repeats.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [
                row["offender_no"] or "",
                row["offender_name"],
                row["unit_name"],
                row["count"],
                row["serious"],
                row["last_date"],
                " ".join(sorted(str(row["numbers"]).split())),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.repeats.setItem(r, c, item)

    def show_offender(self, row: int) -> None:
        """The register narrowed to one repeat offender (by 工号, else by name and unit)."""
        if not 0 <= row < len(self._repeat_rows):
            return
        person = self._repeat_rows[row]
        for edit in (self.date_from, self.date_to):
            edit.clear()
        self.text.setText(person["offender_no"] or person["offender_name"])
        self.unit.setCurrentIndex(0)
        if not person["offender_no"]:
            self.unit.setCurrentIndex(max(0, self.unit.findData(person["unit_id"])))
        for combo in (self.type, self.severity, self.stopper):
            combo.setCurrentIndex(0)
        self.tabs.setCurrentIndex(0)
        self.apply_filter()
