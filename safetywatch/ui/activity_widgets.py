"""Building blocks of the activities page: a form built from field specs (errors under their fields), a small
table model over a list of rows, a dialog for a record's workflow step, and the tab every activity kind shares
(period, figures, list, and a keyboard form that creates a new record or amends the selected one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
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
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError, SafetyWatchError, ValidationError
from safetywatch.domain.validation import parse_iso_date, reason_problem
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.widgets import ERROR_STYLE, HINT_STYLE, OK_STYLE, ChoiceCombo

_Index = QModelIndex | QPersistentModelIndex
#: The form field for the reason of an amendment or a void (a service calls it "reason").
CHANGE_REASON = "change_reason"


def as_change_reason(error: FieldError) -> FieldError:
    return FieldError(CHANGE_REASON, error.message) if error.field == "reason" else error


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | long | date | int | choice | ref
    choices: tuple[tuple[str, str], ...] = ()


class RecordForm(QWidget):
    """A form built from :class:`Field` specs; ``values()`` gives typed values or collects errors.

    Enter saves (in a multi-line box: Ctrl+Enter); Tab follows the order of the specs.
    """

    save_requested = Signal()

    def __init__(self, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        for spec in self.fields:
            widget: QWidget
            if spec.kind == "long":
                box = QPlainTextEdit()
                box.setTabChangesFocus(True)
                box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 14)
                widget = box
            elif spec.kind == "choice":
                combo = QComboBox()
                for value, text in spec.choices:
                    combo.addItem(text, value)
                widget = combo
            elif spec.kind == "ref":
                widget = ChoiceCombo()
            else:
                edit = QLineEdit()
                if spec.kind == "date":
                    edit.setPlaceholderText("YYYY-MM-DD")
                widget = edit
            widget.setObjectName(spec.name)
            widget.installEventFilter(self)
            error = QLabel()
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(widget)
            column.addWidget(error)
            label = QLabel(spec.label)
            label.setBuddy(widget)
            self.layout_.addRow(label, cell)
            self.widgets[spec.name] = widget
            self.errors[spec.name] = error

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
            if not isinstance(watched, QPlainTextEdit) or ctrl:
                self.save_requested.emit()
                return True
        return super().eventFilter(watched, event)

    def set_row_visible(self, name: str, visible: bool) -> None:
        cell = self.widgets[name].parentWidget()
        assert cell is not None
        self.layout_.setRowVisible(cell, visible)

    def set(self, name: str, value: Any) -> None:
        widget = self.widgets[name]
        if isinstance(widget, ChoiceCombo):
            widget.set_id(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))

    def text(self, name: str) -> str:
        widget = self.widgets[name]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def raw(self) -> dict[str, tuple[int, str]]:
        """What is typed, exactly (to put it back later)."""
        out = {}
        for name, widget in self.widgets.items():
            index = widget.currentIndex() if isinstance(widget, QComboBox) else -1
            out[name] = (index, self.text(name))
        return out

    def restore(self, raw: dict[str, tuple[int, str]]) -> None:
        for name, (index, text) in raw.items():
            widget = self.widgets[name]
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(index)
                if widget.isEditable():
                    widget.setEditText(text)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)
            elif isinstance(widget, QLineEdit):
                widget.setText(text)

    def clear(self, keep: Sequence[str] = ()) -> None:
        for spec in self.fields:
            if spec.kind != "choice" and spec.name not in keep:
                self.set(spec.name, None)
        self.clear_errors()

    def values(self) -> tuple[dict[str, Any], list[FieldError]]:
        out: dict[str, Any] = {}
        errors: list[FieldError] = []
        for spec in self.fields:
            widget = self.widgets[spec.name]
            if isinstance(widget, ChoiceCombo):
                out[spec.name] = widget.current_id()
                if out[spec.name] is None and widget.currentText().strip():
                    errors.append(FieldError(spec.name, self.tr("Choose an entry from the list.")))
            elif isinstance(widget, QComboBox):
                out[spec.name] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                out[spec.name] = widget.toPlainText()
            else:
                assert isinstance(widget, QLineEdit)
                text = widget.text()
                if spec.kind == "date":
                    out[spec.name] = parse_iso_date(text) if text.strip() else None
                    if text.strip() and out[spec.name] is None:
                        errors.append(FieldError(spec.name, self.tr("Not a date; type it as YYYY-MM-DD.")))
                elif spec.kind == "int":
                    digits = text.strip()
                    out[spec.name] = int(digits) if digits.isascii() and digits.isdigit() else None
                    if digits and out[spec.name] is None:
                        errors.append(FieldError(spec.name, self.tr("Not a whole number.")))
                else:
                    out[spec.name] = text
        return out, errors

    def show_errors(self, errors: Sequence[FieldError]) -> list[str]:
        """Put each message under its field; return the messages that belong to no field of this form."""
        self.clear_errors()
        rest = []
        for error in errors:
            label = self.errors.get(error.field)
            if label is None:
                rest.append(error.message)
            else:
                label.setText(error.message)
                label.show()
        bad = {e.field for e in errors}
        first = next((self.widgets[f.name] for f in self.fields if f.name in bad), None)  # in the form's order
        if first is not None:
            first.setFocus()
        return rest

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()


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


class ActionDialog(QDialog):
    """A workflow step (review, implementation) as a small form; it stays open with the errors beside the
    fields until the step is saved or cancelled, so nothing typed is lost."""

    def __init__(
        self, parent: QWidget, title: str, fields: Sequence[Field], submit: Callable[[dict[str, Any]], str]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.submit_values = submit
        self.message = ""
        self.form = RecordForm(fields)
        self.form.save_requested.connect(self.submit)
        self.status = QLabel()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        values, errors = self.form.values()
        try:
            if errors:
                raise ValidationError(errors)
            self.message = self.submit_values(values)
        except ValidationError as exc:
            self.status.setText("\n".join(self.form.show_errors(exc.errors)))
            return
        except SafetyWatchError as exc:
            self.status.setText(str(exc))
            return
        self.accept()


class ActivityTab(QWidget):
    """A period, its figures, the list of records and a form: a new record, or the selected one to amend.

    Selecting a record loads it into the form (the unfinished new record is kept aside and comes back with
    "New"); saving an existing record needs the reason typed in the form's reason field, as does voiding it.
    """

    changed = Signal()
    #: the stretch of the list and of the form
    proportions = (3, 2)

    def __init__(
        self,
        ledger: Ledger,
        columns: Sequence[tuple[str, str]],
        fields: Sequence[Field],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.editing: dict[str, Any] | None = None
        self._stash: dict[str, tuple[int, str]] | None = None
        self._shown_once = False
        today = ledger.clock.today()
        self.date_from = QLineEdit(today.replace(month=1, day=1).isoformat())
        self.date_to = QLineEdit(today.isoformat())
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(120)
            edit.returnPressed.connect(self.refresh)
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for caption, widget in ((self.tr("From"), self.date_from), (self.tr("To"), self.date_to)):
            label = QLabel(caption)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(show)
        bar.addStretch(1)
        self.filter_bar = bar
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.model = RowsModel(columns, self.display, self)
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

        reason = Field(CHANGE_REASON, self.tr("Reason for the change"))
        self.form = RecordForm([*fields, reason])
        self.form.set_row_visible(CHANGE_REASON, False)
        self.form.save_requested.connect(self.save)
        self.form_title = QLabel(self.tr("New record"))
        self.form_title.setStyleSheet("font-weight: bold;")
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.clicked.connect(self.start_new)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.setToolTip(self.tr("Type the reason in the form, then void."))
        self.void_button.clicked.connect(self.void_selected)
        self.action_bar = QHBoxLayout()
        self.action_bar.addWidget(self.new_button)
        self.action_bar.addWidget(self.void_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.save_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.extras = QVBoxLayout()  # kind-specific parts under the form
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.form_title)
        right_layout.addWidget(self.form)
        right_layout.addLayout(self.action_bar)
        right_layout.addWidget(self.status)
        right_layout.addLayout(self.extras)
        right_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.figures)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, self.proportions[0])
        self.splitter.setStretchFactor(1, self.proportions[1])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setTabOrder(self.date_from, self.date_to)

    def showEvent(self, event: Any) -> None:
        if not self._shown_once:  # the year's list is read when the tab is first opened, not at start-up
            self._shown_once = True
            self.refresh()
        super().showEvent(event)

    # kind-specific parts -----------------------------------------------------------------------------
    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        raise NotImplementedError

    def create_record(self, values: dict[str, Any]) -> str:
        raise NotImplementedError

    def amend_record(self, row: dict[str, Any], values: dict[str, Any], reason: str) -> str:
        raise NotImplementedError

    def void_record(self, record_id: int, reason: str) -> None:
        raise NotImplementedError

    def form_values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        """The form's values for a stored record (by default its columns of the same names)."""
        return {spec.name: row.get(spec.name) for spec in self.form.fields if spec.name != CHANGE_REASON}

    def describe(self, row: dict[str, Any]) -> str:
        return str(row.get("on_date", ""))

    def selection_changed(self, row: dict[str, Any] | None) -> None:
        """Kind-specific parts follow the selected record."""

    def kept_on_new(self) -> tuple[str, ...]:
        """Fields that keep their text for the next new record (the date)."""
        return ()

    def display(self, key: str, row: dict[str, Any]) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    # shared behaviour --------------------------------------------------------------------------------
    def period(self) -> tuple[dt.date, dt.date] | None:
        start, end = parse_iso_date(self.date_from.text()), parse_iso_date(self.date_to.text())
        if start is None or end is None:
            self.say(self.tr("Not a date; type it as YYYY-MM-DD."), ERROR_STYLE)
            return None
        return start, end

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.model.rows

    def refresh(self) -> None:
        span = self.period()
        if span is None:
            return
        keep = self.editing["id"] if self.editing else None
        try:
            rows, figures = self.load_rows(*span)
        except SafetyWatchError as exc:
            self.say(str(exc), ERROR_STYLE)
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

    def select_row(self, index: int) -> None:
        self.table.selectRow(index)
        self.table.setCurrentIndex(self.model.index(index, 0))
        self._load(self.rows[index])

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._load(self.rows[current.row()])

    def _load(self, row: dict[str, Any]) -> None:
        if self.editing is None:
            self._stash = self.form.raw()  # the unfinished new record comes back with "New"
        self.editing = row
        for name, value in self.form_values_of(row).items():
            self.form.set(name, value)
        self.form.set(CHANGE_REASON, "")
        self.form.clear_errors()
        self.form.set_row_visible(CHANGE_REASON, True)
        state = self.tr(" (void)") if row.get("voided") else ""
        self.form_title.setText(
            self.tr("Record {what}, version {version}{state}").format(
                what=self.describe(row), version=row["version"], state=state
            )
        )
        self.void_button.setEnabled(not row.get("voided"))
        self.save_button.setEnabled(not row.get("voided"))
        self.selection_changed(row)

    def start_new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.form.clear()
        if self._stash is not None:
            self.form.restore(self._stash)
            self._stash = None
        self.form.set(CHANGE_REASON, "")
        self.form.set_row_visible(CHANGE_REASON, False)
        self.form_title.setText(self.tr("New record"))
        self.void_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.selection_changed(None)
        self.form.widgets[self.form.fields[0].name].setFocus()

    def selected(self) -> dict[str, Any] | None:
        return self.editing

    def show_problem(self, exc: ValidationError) -> None:
        rest = self.form.show_errors(exc.errors)
        self.say("\n".join([self.tr("Not saved: correct the fields marked in red."), *rest]), ERROR_STYLE)

    def save(self) -> None:
        if self.editing is not None and self.editing.get("voided"):
            self.say(self.tr("This record is void and cannot be changed."), ERROR_STYLE)
            return
        values, errors = self.form.values()
        reason = values.pop(CHANGE_REASON)
        if self.editing is not None:
            problem = reason_problem(reason)  # checked here: a kind's own field may be called "reason"
            if problem:
                errors.append(FieldError(CHANGE_REASON, problem))
        try:
            if errors:
                raise ValidationError(errors)
            if self.editing is None:
                message = self.create_record(values)
            else:
                message = self.amend_record(self.editing, values, reason)
        except ValidationError as exc:
            self.show_problem(exc)
            return
        except SafetyWatchError as exc:
            self.say(str(exc), ERROR_STYLE)
            return
        if self.editing is None:
            self.form.clear(keep=self.kept_on_new())
            self.form.widgets[self.form.fields[0].name].setFocus()
        self.say(message, OK_STYLE)
        self.refresh()
        self.changed.emit()

    def act(self, action: Callable[[], object], message: str) -> bool:
        """Run a step that takes the reason typed in the form (void, unlink); its errors go beside that field."""
        try:
            action()
        except ValidationError as exc:
            rest = self.form.show_errors([as_change_reason(e) for e in exc.errors])
            self.say("\n".join(rest) or self.tr("Not saved: correct the fields marked in red."), ERROR_STYLE)
            return False
        except SafetyWatchError as exc:
            self.say(str(exc), ERROR_STYLE)
            return False
        self.form.clear_errors()
        self.say(message, OK_STYLE)
        self.refresh()
        self.changed.emit()
        return True

    def void_selected(self) -> None:
        row = self.editing
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return
        reason = self.form.text(CHANGE_REASON)
        if self.act(lambda: self.void_record(int(row["id"]), reason), self.tr("Voided.")):
            self.form.set(CHANGE_REASON, "")

    def open_dialog(self, title: str, fields: Sequence[Field], submit: Callable[[dict[str, Any]], str]) -> ActionDialog:
        """A step's dialog, opened window-modal without blocking; on success the list is refreshed."""
        dialog = ActionDialog(self, title, fields, submit)

        def done() -> None:
            self.say(dialog.message, OK_STYLE)
            self.refresh()
            self.changed.emit()

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def add_action(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.action_bar.insertWidget(self.action_bar.count() - 2, button)  # before the stretch and "Save"
        return button

    def hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(HINT_STYLE)
        return label
