"""The tab every activity kind shares: a period, its figures, the list of records, and the kind's card.

The card is a :class:`~safetywatch.ui.card_page.CardPage` (fields from the kind's ``FIELDS``): it registers
a new record, or amends the record selected in the list with the reason typed in its reason field, which
voiding and unlinking use as well. The unfinished new record is kept aside while another is amended and
comes back with "New". The list follows every committed change of the kind's tables (``ui.change_hub``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError, SafetyWatchError, ValidationError
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.fields import FieldSpec
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds.reference import Choice
from safetywatch.ui.card_page import CardPage, Record
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.operations import run_write
from safetywatch.ui.record_dialog import Action, RecordDialog
from safetywatch.ui.record_form import CHANGE_REASON, CHANGE_REASON_FIELD
from safetywatch.ui.widgets import date_edit, hint_label, parse_date, text_width

_Index = QModelIndex | QPersistentModelIndex


def as_change_reason(error: FieldError) -> FieldError:
    """A service's ``reason`` error, shown under the tab's reason field."""
    return FieldError(CHANGE_REASON, error.message) if error.field == "reason" else error


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of row dicts (a period's records, a few thousand at most)."""

    def __init__(
        self, columns: Sequence[tuple[str, str]], display: Callable[[str, dict[str, Any]], str], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.display = display
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(self.columns[index.column()][0], row).replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole and row.get("voided"):
            return self.tr("Void: {reason}").format(reason=row.get("void_reason") or "")
        if role == Qt.ItemDataRole.FontRole and row.get("voided"):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        return None


class ActivityTab(CardPage):
    """A period, its figures, the list of records and the card: a new record, or the selected one to amend.

    Selecting a record loads it into the card; saving an existing record needs the reason typed in the
    card's reason field, as does voiding it.
    """

    changed = Signal()
    #: the stretch of the list and of the card
    proportions = (3, 2)
    reason_field = replace(CHANGE_REASON_FIELD, group="")
    #: The tables whose committed changes the list shows.
    record_tables: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, ledger: Ledger, columns: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        self._list_columns = list(columns)
        self._shown_once = False
        self.editing: Record | None = None
        super().__init__(ledger, parent)
        hub_for(ledger).watch(self, self.record_tables, self._records_changed)

    def build(self) -> None:
        today = self.ledger.clock.today()
        self.date_from = date_edit(today.replace(month=1, day=1).isoformat())
        self.date_to = date_edit(today.isoformat())
        for edit in (self.date_from, self.date_to):
            edit.setMinimumWidth(text_width(edit, "2026-12-31"))  # squeezed, it read "6-01-01" at 1024 px
            edit.setMaximumWidth(120)
            edit.returnPressed.connect(self.refresh)
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.refresh)
        self.filter_bar = QHBoxLayout()
        for caption, widget in ((self.tr("From"), self.date_from), (self.tr("To"), self.date_to)):
            label = QLabel(caption)
            label.setBuddy(widget)
            self.filter_bar.addWidget(label)
            self.filter_bar.addWidget(widget)
        self.filter_bar.addWidget(show)
        self.filter_bar.addStretch(1)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.model = RowsModel(self._list_columns, self.display, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.form_title = self.title
        self.form_title.setFont(QFont(self.font()))
        self.form_title.setStyleSheet("font-weight: bold;")
        self.new_button = self.cancel_button
        self.new_button.setText(self.tr("New"))
        self.save_button.setText(self.tr("Save (Ctrl+Enter)"))
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.setToolTip(self.tr("Type the reason in the form, then void."))
        self.void_button.clicked.connect(self.void_selected)
        self.action_bar = QHBoxLayout()
        self.action_bar.addWidget(self.new_button)
        self.action_bar.addWidget(self.void_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.save_button)
        # a kind's own steps (评审…, 登记实施…) take a row of their own: in one row with the rest they made the
        # card so wide that the list beside it was cut at 1024 px
        self.step_bar = QHBoxLayout()
        self.step_bar.addStretch(1)
        self.extras = QVBoxLayout()  # kind-specific parts under the card

    def lay_out(self) -> None:
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.form_title)
        column.addWidget(self.form)
        column.addLayout(self.action_bar)
        column.addLayout(self.step_bar)
        column.addWidget(self.status)
        column.addLayout(self.extras)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._card_area = scroll
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(self.filter_bar)
        left_column.addWidget(self.figures)
        left_column.addWidget(self.table, 1)
        self.list_column = left_column  # a kind may add under the list (the tours tab: its linked hazards)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, self.proportions[0])
        self.splitter.setStretchFactor(1, self.proportions[1])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.date_from, self.date_to)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_once:  # the year's list is read when the tab is first opened, not at start-up
            self._shown_once = True
            card = self._card_area.widget()
            if card is not None:  # the whole card in view: the list gives up the room the card needs
                scroll_bar = self._card_area.verticalScrollBar().sizeHint().width()
                self._card_area.setMinimumWidth(card.minimumSizeHint().width() + scroll_bar)
            self.refresh()
        super().showEvent(event)

    # kind-specific parts -----------------------------------------------------------------------------
    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        raise NotImplementedError

    def void_record(self, record_id: int, reason: str) -> None:
        """Void the record (runs on the writer thread)."""
        assert self.service.void is not None
        self.service.void(self.ledger, record_id, reason)

    def form_values_of(self, row: Record) -> dict[str, Any]:
        """The card's values for a stored record (by default its columns of the same names)."""
        return {spec.name: row.get(spec.name) for spec in self.fields}

    def describe(self, row: Record) -> str:
        return str(row.get("on_date", ""))

    def selection_changed(self, row: Record | None) -> None:
        """Kind-specific parts follow the selected record."""

    def display(self, key: str, row: Record) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    def new_title(self) -> str:
        return self.tr("New record")

    def amend_title(self, record: Record) -> str:
        state = self.tr(" (void)") if record.get("voided") else ""
        return self.tr("Record {what}, version {version}{state}").format(
            what=self.describe(record), version=record["version"], state=state
        )

    def saved_message(self, record: Record, amended: bool) -> str:
        return self.tr("Saved.")

    # the list ----------------------------------------------------------------------------------------
    def period(self) -> tuple[dt.date, dt.date] | None:
        start, end = parse_date(self.date_from.text()), parse_date(self.date_to.text())
        if start is None or end is None:
            self.status.error(self.tr("Not a date; type it as YYYY-MM-DD."))
            return None
        return start, end

    @property
    def rows(self) -> list[Record]:
        return self.model.rows

    def refresh(self) -> None:
        """Re-read the period's records and figures, keeping the record being amended selected."""
        span = self.period()
        if span is None:
            return
        keep = self.editing["id"] if self.editing else None
        try:
            rows, figures = self.load_rows(*span)
        except SafetyWatchError as exc:
            self.status.error(str(exc))
            return
        self.figures.setText(figures)
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 160))
        index = next((i for i, r in enumerate(rows) if r["id"] == keep), None)
        if index is not None:
            self.select_row(index)
        elif self.editing is not None:
            self.start_new()

    def _records_changed(self, _changes: ChangeSet) -> None:
        """Another page, an import or a restore changed the kind's records (our own writes refresh
        when they are done)."""
        if self._shown_once and not self.saving:
            self.refresh()

    def select_row(self, index: int) -> None:
        self.table.selectRow(index)
        self.table.setCurrentIndex(self.model.index(index, 0))
        self._load(self.rows[index])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._load(self.rows[current.row()])

    def _load(self, row: Record) -> None:
        values = self.form_values_of(row)
        try:
            with self.ledger.read() as conn:
                fallbacks = self._fallbacks(conn, values)
        except SafetyWatchError:
            fallbacks = {}
        self.editing = row
        self.enter_amend(row, values, fallbacks)
        self.selection_changed(row)

    def enter_amend(self, record: Record, values: Mapping[str, Any], fallbacks: Mapping[str, Choice]) -> None:
        super().enter_amend(record, values, fallbacks)
        self.form.set(CHANGE_REASON, "")
        self.void_button.setEnabled(not record.get("voided"))
        self.save_button.setEnabled(not record.get("voided"))

    def set_amend_mode(self, amending: bool) -> None:
        self.form.set_row_visible(CHANGE_REASON, amending)

    def start_new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        super().start_new()
        self.void_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.selection_changed(None)

    def selected(self) -> Record | None:
        return self.editing

    # saving ------------------------------------------------------------------------------------------
    def save(self) -> None:
        if self.editing is not None and self.editing.get("voided"):
            self.status.error(self.tr("This record is void and cannot be changed."))
            return
        super().save()

    def after_save(self, record: Record, amended: bool) -> None:
        if not amended:
            self.next_card()
        self.refresh()  # an amended record stays selected, as its new version
        self.changed.emit()

    def act(self, action: Callable[[], object], message: str, done: Callable[[], None] | None = None) -> None:
        """Run a step that takes the reason typed in the card (void, unlink) on the writer thread; its errors
        go beside the reason field, and the list follows."""
        if self.saving:
            return

        def finished(_result: object) -> None:
            self.form.clear_errors()
            if done is not None:
                done()
            self.status.ok(message)
            self.refresh()
            self.changed.emit()

        self._write = run_write(self, action, done=finished, errors=_ReasonErrors(self))

    def void_selected(self) -> None:
        row = self.editing
        if row is None:
            self.status.error(self.tr("Choose a record in the list first."))
            return
        reason, record_id = self.form.text(CHANGE_REASON), int(row["id"])
        self.act(
            lambda: self.void_record(record_id, reason), self.tr("Voided."), lambda: self.form.set(CHANGE_REASON, "")
        )

    def open_dialog(
        self, title: str, fields: Sequence[FieldSpec], action: Action, message: str, defaults: Mapping[str, Any]
    ) -> RecordDialog:
        """A step's dialog, opened window-modal without blocking; once saved the list follows."""
        dialog = RecordDialog(self, title, fields, action)
        dialog.form.fill(defaults)

        def saved(_result: object) -> None:
            self.status.ok(message)
            self.refresh()
            self.changed.emit()

        dialog.saved.connect(saved)
        dialog.open()
        return dialog

    def add_action(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.step_bar.insertWidget(self.step_bar.count() - 1, button)  # before the stretch
        return button

    def hint(self, text: str) -> QLabel:
        return hint_label(text)


class _ReasonErrors:
    """Errors of a step that takes the card's reason: the reason's under its field, the rest in the status."""

    def __init__(self, tab: ActivityTab) -> None:
        self.tab = tab

    def invalid(self, error: ValidationError) -> None:
        self.tab.show_invalid([as_change_reason(e) for e in error.errors])

    def failed(self, message: str) -> None:
        self.tab.status.error(message)
