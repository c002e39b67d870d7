"""Reference data (基础资料): organisation, workstations, inspectors, shifts and the hazard lookups.

One generic page: the editor is generated from the kind's ``FieldSpec`` list in
:mod:`safetywatch.services.kinds.reference`, so a new column there appears here without UI work. Entries are
never deleted: a change needs a reason, and an entry that is no longer used is retired with a reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError, ValidationError
from safetywatch.domain.i18n import tr as domain_tr
from safetywatch.domain.permissions import Permission
from safetywatch.domain.validation import parse_iso_date
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.services.kinds.reference import FieldSpec, ReferenceKind
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.operations import WriteOp, run_write
from safetywatch.ui.role_gate import May, gate, who_may
from safetywatch.ui.widgets import StatusLine, error_label, page_title
from safetywatch.ui.widgets.pinyin_filter import search_by_pinyin

VOIDED_COLOUR = QColor("#9e9e9e")


def _domain(text: str) -> str:
    """Labels kept in services/kinds/reference.py are English source texts of the shared catalogue."""
    return QCoreApplication.translate("Domain", text)


@dataclass
class _Editor:
    spec: FieldSpec
    widget: QLineEdit | QComboBox
    error: QLabel


class ReferencePage(QWidget):
    """List, create, amend (with a reason) and retire reference entries of every kind.

    Saving runs on the writer thread; the page re-reads its list whenever reference data change, whoever
    changed them (the change hub), keeping what the editor holds."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._write: WriteOp | None = None
        self._kind: ReferenceKind = next(iter(reference.KINDS.values()))
        self._rows: list[dict[str, Any]] = []
        self._row_id: int | None = None
        self._editors: dict[str, _Editor] = {}
        self._ref_names: dict[str, dict[int, str]] = {}
        self._editable = True  # the signed-in role may edit reference data (apply_role)

        title = page_title(self.tr("Reference data"))

        self.kinds = QListWidget()
        for kind in reference.KINDS.values():
            item = QListWidgetItem(domain_tr(kind.label))
            item.setData(Qt.ItemDataRole.UserRole, kind.key)
            self.kinds.addItem(item)
        # as wide as the longest kind, no wider: the room goes to the table
        self.kinds.setMaximumWidth(self.kinds.sizeHintForColumn(0) + 2 * self.kinds.frameWidth() + 8)

        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)

        self.editor_box = QGroupBox()
        self.editor_grid = QGridLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("required to change or retire an entry"))
        self.reason.returnPressed.connect(self.save)
        self.reason_label = QLabel(self.tr("Reason"))
        self.reason_label.setBuddy(self.reason)
        self.reason_error = error_label()
        self.new_button = QPushButton(self.tr("New"))
        self.save_button = QPushButton(self.tr("Save"))
        self.retire_button = QPushButton(self.tr("Retire"))
        self.retire_button.setToolTip(
            self.tr("The entry stays on old records but is no longer offered. Give the reason first.")
        )
        self.status = StatusLine()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retire_button)
        buttons.addWidget(self.save_button)
        # a workstation closed and restored (issue 16): the day, the reason in the reason field, one button
        self.station_day = QLineEdit()
        self.station_day.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.station_day.setMaximumWidth(120)
        self.station_button = QPushButton(self.tr("Close station"))
        self.station_button.setToolTip(self.tr("Type the day and the reason first."))
        self.station_bar = QWidget()
        station_row = QHBoxLayout(self.station_bar)
        station_row.setContentsMargins(0, 0, 0, 0)
        station_day_label = QLabel(self.tr("From"))
        station_day_label.setBuddy(self.station_day)
        station_row.addWidget(station_day_label)
        station_row.addWidget(self.station_day)
        station_row.addStretch(1)
        station_row.addWidget(self.station_button)
        self.station_bar.setVisible(False)
        editor_layout = QVBoxLayout(self.editor_box)
        editor_layout.addLayout(self.editor_grid)
        editor_layout.addLayout(buttons)
        editor_layout.addWidget(self.station_bar)
        editor_layout.addWidget(self.status)
        editor_layout.addStretch(1)
        # wide enough for its date placeholders (年-月-日，如 2026-06-10), no wider: the room goes to the table
        self.editor_box.setMinimumWidth(320)
        self.editor_box.setMaximumWidth(340)

        middle = QHBoxLayout()
        middle.addWidget(self.kinds)
        middle.addWidget(self.table, 1)
        middle.addWidget(self.editor_box)
        outer = QVBoxLayout(self)
        outer.addWidget(title)
        outer.addLayout(middle, 1)

        self.kinds.currentRowChanged.connect(self._on_kind_changed)
        self.table.itemSelectionChanged.connect(self._on_row_selected)
        self.new_button.clicked.connect(self.new_entry)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.retire)
        self.station_button.clicked.connect(self.close_or_reopen)
        self.kinds.setCurrentRow(0)
        hub_for(ledger).watch(self, REFERENCE_TABLES, lambda _changes: self.reload())

    # --- choosing a kind ----------------------------------------------------------------------------
    def show_kind(self, key: str) -> None:
        """Switch the page to one kind of reference data (e.g. ``"inspector"``)."""
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.kinds.setCurrentRow(row)
                return
        raise KeyError(key)

    def _on_kind_changed(self, row: int) -> None:
        item = self.kinds.item(row)
        if item is None:
            return
        self._kind = reference.KINDS[str(item.data(Qt.ItemDataRole.UserRole))]
        self._row_id = None
        self._build_editor()
        self.reload()
        self.new_entry()

    def _build_editor(self) -> None:
        while self.editor_grid.count():
            layout_item = self.editor_grid.takeAt(0)
            old = layout_item.widget() if layout_item is not None else None
            if old is not None and old not in (self.reason_label, self.reason, self.reason_error):
                old.hide()  # deleteLater acts only on the next event-loop turn: do not paint it meanwhile
                old.deleteLater()
        self._editors = {}
        for row, spec in enumerate(self._kind.fields):
            widget: QLineEdit | QComboBox
            if spec.kind == "choice" or spec.kind.startswith("ref:"):
                widget = QComboBox()
                widget.setMinimumContentsLength(12)
                search_by_pinyin(widget)
                widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            else:
                widget = QLineEdit()
                widget.returnPressed.connect(self.save)
                if spec.kind == "date":
                    widget.setPlaceholderText(self.tr("YYYY-MM-DD"))
                elif spec.kind == "int":
                    widget.setPlaceholderText(self.tr("a whole number"))
            text = _domain(spec.label)
            label = QLabel(text if spec.required else self.tr("{label} (optional)").format(label=text))
            label.setBuddy(widget)
            error = error_label()
            error.setObjectName(f"error_{spec.name}")
            self.editor_grid.addWidget(label, row * 2, 0, Qt.AlignmentFlag.AlignRight)
            self.editor_grid.addWidget(widget, row * 2, 1)
            self.editor_grid.addWidget(error, row * 2 + 1, 1)
            self._editors[spec.name] = _Editor(spec, widget, error)
        row = len(self._kind.fields) * 2  # the reason shares the grid so the labels line up
        self.editor_grid.addWidget(self.reason_label, row, 0, Qt.AlignmentFlag.AlignRight)
        self.editor_grid.addWidget(self.reason, row, 1)
        self.editor_grid.addWidget(self.reason_error, row + 1, 1)
        self.editor_grid.setColumnStretch(1, 1)
        widgets = [e.widget for e in self._editors.values()] + [self.reason]
        for first, second in itertools.pairwise(widgets):
            QWidget.setTabOrder(first, second)
        self._lock_editors()

    def _lock_editors(self) -> None:
        """For a role that may not edit reference data, the editor only shows the selected entry."""
        for editor in self._editors.values():
            if isinstance(editor.widget, QLineEdit):
                editor.widget.setReadOnly(not self._editable)
            else:
                editor.widget.setEnabled(self._editable)

    def apply_role(self, may: May) -> None:
        """Reference data are the safety officer's (docs/permissions.md): the others read them, and the editor
        says who may change them instead of offering New, Save and Retire."""
        self._editable = gate(self.save_button, may, Permission.EDIT_REFERENCE, hide=True)
        for widget in (self.new_button, self.retire_button, self.reason_label, self.reason):
            gate(widget, may, Permission.EDIT_REFERENCE, hide=True)
        # 撤站 shows only for a selected workstation (_on_row_selected): shown here, it sat on every kind's tab
        if not self._editable:
            self.status.hint(who_may(Permission.EDIT_REFERENCE))
        self._lock_editors()

    # --- table --------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the rows of the current kind and the pick lists of its editor; what the editor holds and
        the selected row stay."""
        kind = self._kind
        with self.ledger.read() as conn:
            self._rows = reference.list_rows(conn, kind.key)
            targets = {s.kind[4:] for s in kind.fields if s.kind.startswith("ref:")}
            self._ref_names = {}
            offered: dict[str, list[reference.Choice]] = {}
            for target in targets:
                unique = reference.KINDS[target].unique
                self._ref_names[target] = {
                    int(r["id"]): f"{r[unique]} {r['name']}" for r in reference.list_rows(conn, target)
                }
                offered[target] = reference.choices(conn, target)
        held = self.values()
        for editor in self._editors.values():
            self._fill_combo(editor, offered)
            if isinstance(editor.widget, QComboBox):
                self._set_value(editor, held[editor.spec.name] or None)
        specs = kind.fields
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(specs) + 1)
        self.table.setHorizontalHeaderLabels([_domain(s.label) for s in specs] + [self.tr("Status")])
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            voided = bool(row["voided"])
            cells = [self._display(spec, row.get(spec.name)) for spec in specs]
            cells.append(self.tr("Retired") if voided else self.tr("In use"))
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, int(row["id"]))
                if voided:
                    cell.setForeground(QBrush(VOIDED_COLOUR))
                    cell.setToolTip(self.tr("Retired: {reason}").format(reason=row.get("void_reason") or ""))
                self.table.setItem(r, c, cell)
        if self._row_id is not None:
            self.select_row_id(self._row_id)
        self.table.blockSignals(False)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Every column in view at the table's width: each as wide as its contents, and when they do not all
        fit, the widest texts narrowed first (elided, the whole text in the cell's tooltip) rather than the
        last column cut at the edge. Codes and headings stay whole; a person may widen a column by hand."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        widths = [self.table.columnWidth(c) for c in range(self.table.columnCount())]
        floors = [w if c == 0 else min(header.sectionSizeHint(c), w) for c, w in enumerate(widths)]  # 0: code
        room = self.table.viewport().width()
        if sum(widths) <= room:
            return
        cap = max(widths)
        while cap > max(floors) and sum(max(min(w, cap), f) for w, f in zip(widths, floors, strict=True)) > room:
            cap -= 2
        for column, (width, floor) in enumerate(zip(widths, floors, strict=True)):
            self.table.setColumnWidth(column, max(min(width, cap), floor))
        for r in range(self.table.rowCount()):
            for c in range(len(widths)):
                cell = self.table.item(r, c)
                if cell is not None and not cell.toolTip():
                    cell.setToolTip(cell.text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit_columns)  # once the table has its new width

    def _display(self, spec: FieldSpec, value: Any) -> str:
        if value is None:
            return ""
        if spec.kind == "choice":
            label = dict(spec.choices).get(str(value))
            return _domain(label) if label else str(value)
        if spec.kind.startswith("ref:"):
            return self._ref_names.get(spec.kind[4:], {}).get(int(value), str(value))
        return str(value)

    def _fill_combo(self, editor: _Editor, offered: dict[str, list[reference.Choice]]) -> None:
        combo, spec = editor.widget, editor.spec
        if not isinstance(combo, QComboBox):
            return
        combo.clear()
        if not spec.required:
            combo.addItem(self.tr("(none)"), "")
        if spec.kind == "choice":
            for value, label in spec.choices:
                combo.addItem(_domain(label), value)
        else:
            for choice in offered.get(spec.kind[4:], []):
                combo.addItem(choice.display, str(choice.id))
        combo.setCurrentIndex(-1)

    def select_row_id(self, row_id: int) -> None:
        for r in range(self.table.rowCount()):
            cell = self.table.item(r, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == row_id:
                self.table.selectRow(r)
                return

    def _on_row_selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            return
        cell = self.table.item(selected[0].row(), 0)
        if cell is None:
            return
        row_id = int(cell.data(Qt.ItemDataRole.UserRole))
        row = next((r for r in self._rows if r["id"] == row_id), None)
        if row is not None:
            self._load(row)

    # --- editor -------------------------------------------------------------------------------------
    def _set_value(self, editor: _Editor, value: Any) -> None:
        text = "" if value is None else str(value)
        widget = editor.widget
        if isinstance(widget, QLineEdit):
            widget.setText(text)
            return
        index = widget.findData(text)
        if index < 0 and text and editor.spec.kind.startswith("ref:"):
            # Points to an entry that is no longer offered (retired): show it rather than lose it.
            name = self._ref_names.get(editor.spec.kind[4:], {}).get(int(text), text)
            widget.addItem(self.tr("{name} (retired)").format(name=name), text)
            index = widget.count() - 1
        widget.setCurrentIndex(index)

    def _load(self, row: dict[str, Any]) -> None:
        self._row_id = int(row["id"])
        self.clear_errors()
        for editor in self._editors.values():
            self._set_value(editor, row.get(editor.spec.name))
        self.reason.clear()
        voided = bool(row["voided"])
        self.editor_box.setTitle(
            self.tr("Retired entry {code}").format(code=row[self._kind.unique])
            if voided
            else self.tr("Change entry {code}").format(code=row[self._kind.unique])
        )
        self.retire_button.setEnabled(self._editable and not voided)
        closed = row.get("closed_on") if self._kind.key == "workstation" else None
        self.station_bar.setVisible(self._editable and self._kind.key == "workstation" and not voided)
        self.station_button.setText(self.tr("Reopen station") if closed else self.tr("Close station"))
        self.station_day.clear()
        self.reason_label.setVisible(self._editable)
        self.reason.setVisible(self._editable)
        if voided:
            self.status.hint(self.tr("Retired: {reason}").format(reason=row.get("void_reason") or ""))
        elif closed:
            self.status.hint(self.tr("Closed since {date}.").format(date=closed))
        else:
            self.status.hint("" if self._editable else who_may(Permission.EDIT_REFERENCE))

    def new_entry(self) -> None:
        """Empty the editor for a new entry of the current kind."""
        self._row_id = None
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.clear_errors()
        for editor in self._editors.values():
            self._set_value(editor, None)
        self.reason.clear()
        self.reason_label.setVisible(False)
        self.reason.setVisible(False)
        self.retire_button.setEnabled(False)
        self.station_bar.setVisible(False)
        self.editor_box.setTitle(self.tr("New entry"))
        self.status.clear()
        first = next(iter(self._editors.values()), None)
        if first is not None:
            first.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, str]:
        """What the editor holds, as the text the reference service validates."""
        out: dict[str, str] = {}
        for name, editor in self._editors.items():
            widget = editor.widget
            if isinstance(widget, QLineEdit):
                out[name] = widget.text()
            else:
                data = widget.currentData() if widget.currentIndex() >= 0 else ""
                out[name] = "" if data is None else str(data)
        return out

    def save(self) -> None:
        """Create the entry, or amend the selected one with the reason given (on the writer thread)."""
        row_id, key, values = self._row_id, self._kind.key, self.values()
        reason = self.reason.text() if row_id is not None else None
        done = self.tr("Changes to {code} saved.") if row_id is not None else self.tr("{code} created.")
        self._write_entry(lambda: reference.save(self.ledger, key, values, row_id=row_id, reason=reason), done)

    def retire(self) -> None:
        """Retire the selected entry with the reason typed in the reason field."""
        row_id, key, reason = self._row_id, self._kind.key, self.reason.text()
        if row_id is not None:
            self._write_entry(lambda: reference.void(self.ledger, key, row_id, reason), self.tr("{code} retired."))

    def close_or_reopen(self) -> None:
        """Close the selected workstation from the day typed, or reopen it then, with the reason typed."""
        row_id, reason = self._row_id, self.reason.text()
        row = next((r for r in self._rows if r["id"] == row_id), None)
        if row_id is None or row is None or self._kind.key != "workstation":
            return
        day = parse_iso_date(self.station_day.text())
        if row.get("closed_on"):
            reopen = partial(reference.reopen_workstation, self.ledger, row_id, day, reason)
            self._write_entry(reopen, self.tr("{code} restored."))
        else:
            close = partial(reference.close_workstation, self.ledger, row_id, day, reason)
            self._write_entry(close, self.tr("{code} closed."))

    def _write_entry(self, call: Callable[[], dict[str, Any]], done: str) -> None:
        if self._write is not None and self._write.pending:
            return  # one save at a time: a second Enter must not create the entry twice
        self.clear_errors()
        kind = self._kind
        self._write = run_write(self, call, done=lambda row: self._written(kind, row, done), errors=self)

    def _written(self, kind: ReferenceKind, row: dict[str, Any], message: str) -> None:
        """Show the entry as saved (the hub has re-read the list already; read it here if not)."""
        if kind is not self._kind:
            return  # the clerk moved on to another kind meanwhile
        listed = next((r for r in self._rows if r["id"] == row["id"] and r.get("version") == row.get("version")), None)
        if listed is None:
            self.reload()
            listed = next((r for r in self._rows if r["id"] == row["id"]), row)
        self._row_id = int(row["id"])
        self.table.blockSignals(True)
        self.select_row_id(self._row_id)
        self.table.blockSignals(False)
        self._load(listed)
        self.status.ok(message.format(code=row[kind.unique]))

    # --- errors of a write (operations.ErrorSink) -------------------------------------------------
    def invalid(self, error: ValidationError) -> None:
        self._show_errors(error.errors)

    def failed(self, message: str) -> None:
        self.status.error(message)

    # --- messages -----------------------------------------------------------------------------------
    def _show_errors(self, errors: list[FieldError]) -> None:
        loose: list[str] = []
        first: QWidget | None = None
        for error in errors:
            label: QLabel
            widget: QWidget
            if error.field == "reason":
                label, widget = self.reason_error, self.reason
            elif error.field in self._editors:
                label, widget = self._editors[error.field].error, self._editors[error.field].widget
            else:
                loose.append(error.message)
                continue
            label.setText(f"{label.text()}\n{error.message}" if label.text() else error.message)
            label.show()
            first = first or widget
        self.status.error("\n".join(loose) if loose else self.tr("Not saved: correct the fields marked in red."))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_error(self, name: str) -> str:
        """The message shown next to a field ('' if none)."""
        label = self.reason_error if name == "reason" else self._editors[name].error
        return label.text() if not label.isHidden() else ""

    def clear_errors(self) -> None:
        for label in [e.error for e in self._editors.values()] + [self.reason_error]:
            label.clear()
            label.hide()
