"""A record form rendered from field specs (``services.core.fields``): the one way to type a record.

Every field gets a label, a widget chosen by its kind, and a red message under it; Tab follows the specs'
order (hidden and greyed-out fields are skipped); Enter saves (in a multi-line box Ctrl+Enter, Enter is a
new line); an open suggestion list takes the highlighted suggestion, or the first one, on Tab or Enter and
moves on to the next field; a field's message goes as soon as its value is valid; a failed save focuses the
first bad field and scrolls it into view. Reading the form at most completes a typed code to its entry, so
nothing typed is lost whatever the outcome of a save. Pages add behaviour around the form
(:mod:`safetywatch.ui.card_page`, :mod:`safetywatch.ui.record_dialog`); the form knows nothing about saving.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QStringListModel, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Connection

from safetywatch.domain.errors import FieldError
from safetywatch.services.core.fields import FieldKind, FieldSpec
from safetywatch.services.kinds import reference
from safetywatch.services.kinds.reference import Choice
from safetywatch.ui.widgets import ChoiceCombo, contains_completer, date_edit, error_label, parse_date
from safetywatch.ui.widgets.dates import not_a_date
from safetywatch.ui.widgets.pinyin_filter import search_by_pinyin

#: The form field for the reason of an amendment (services call it ``reason``; a kind may have its own).
CHANGE_REASON = "change_reason"
CHANGE_REASON_FIELD = FieldSpec(
    CHANGE_REASON, "Reason for the change", group="Amendment", hint="why the registered record is being corrected"
)

_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def translated(text: str) -> str:
    """A spec's English text in the user's language."""
    return QCoreApplication.translate("RecordForm", text) if text else ""


# --- one editor per kind: reads and writes one field's widget ------------------------------------------


class Editor:
    """The widget of one field, read as the input's value (with a problem when the text is not one)."""

    widget: QWidget

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec

    def read(self) -> tuple[Any, str | None]:
        raise NotImplementedError

    def write(self, value: Any) -> None:
        raise NotImplementedError

    def state(self) -> Any:
        """Exactly what is shown, to put back later (an unfinished card kept aside)."""
        raise NotImplementedError

    def restore(self, state: Any) -> None:
        raise NotImplementedError

    def is_empty(self) -> bool:
        return False

    def text(self) -> str:
        return str(self.state())

    def changed(self) -> SignalInstance:
        """Emitted whenever what the field shows changes."""
        raise NotImplementedError


class TextEditor(Editor):
    """A field read as the text shown (the service checks and trims it)."""

    def shown(self) -> str:
        raise NotImplementedError

    def show(self, text: str) -> None:
        raise NotImplementedError

    def read(self) -> tuple[Any, str | None]:
        return self.shown(), None

    def write(self, value: Any) -> None:
        self.show("" if value is None else str(value))

    def state(self) -> Any:
        return self.shown()

    def restore(self, state: Any) -> None:
        self.show(str(state))

    def is_empty(self) -> bool:
        return not self.shown().strip()


class LineEditor(TextEditor):
    """TEXT and TIME: one line."""

    def __init__(self, spec: FieldSpec, edit: QLineEdit | None = None) -> None:
        super().__init__(spec)
        self.edit = edit or QLineEdit()
        if spec.hint:  # else the line's own (a date line shows the format)
            self.edit.setPlaceholderText(translated(spec.hint))
        self.widget = self.edit

    def shown(self) -> str:
        return self.edit.text()

    def show(self, text: str) -> None:
        self.edit.setText(text)

    def changed(self) -> SignalInstance:
        return self.edit.textChanged


class PasswordEditor(LineEditor):
    """PASSWORD: one line shown as dots."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)


class DateEditor(LineEditor):
    """DATE typed as a line: 20260609 is shown as 2026-06-09 when the user moves on."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec, date_edit())

    def read(self) -> tuple[Any, str | None]:
        text = self.edit.text().strip()
        day = parse_date(text) if text else None
        return day, (not_a_date(text) if text and day is None else None)

    def write(self, value: Any) -> None:
        super().write(value.isoformat() if isinstance(value, dt.date) else value)


class NumberEditor(LineEditor):
    """INTEGER and MONEY (whole yuan): a whole number, or empty."""

    def read(self) -> tuple[Any, str | None]:
        text = self.edit.text().strip().replace("−", "-").removeprefix("+")
        if not text:
            return None, None
        if _WHOLE_NUMBER.fullmatch(text):
            return int(text), None
        if self.spec.kind is FieldKind.MONEY:
            return None, QCoreApplication.translate("RecordForm", "Type the amount in whole yuan, e.g. 5000.")
        return None, QCoreApplication.translate("RecordForm", "Not a whole number.")


class LongTextEditor(TextEditor):
    """LONG_TEXT: Enter is a new line, Tab moves on."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.box = QPlainTextEdit()
        self.box.setTabChangesFocus(True)
        self.box.setPlaceholderText(translated(spec.hint))
        self.box.setFixedHeight(self.box.fontMetrics().lineSpacing() * spec.lines + 14)
        self.widget = self.box

    def shown(self) -> str:
        return self.box.toPlainText()

    def show(self, text: str) -> None:
        self.box.setPlainText(text)

    def changed(self) -> SignalInstance:
        return self.box.textChanged


class FlagEditor(Editor):
    """FLAG: a check box whose text is the spec's hint (Space toggles it)."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.box = QCheckBox(translated(spec.hint))
        self.widget = self.box

    def read(self) -> tuple[Any, str | None]:
        return self.box.isChecked(), None

    def write(self, value: Any) -> None:
        self.box.setChecked(bool(value))

    def state(self) -> Any:
        return self.box.isChecked()

    def restore(self, state: Any) -> None:
        self.box.setChecked(bool(state))

    def changed(self) -> SignalInstance:
        return self.box.toggled


class ChoiceEditor(Editor):
    """CHOICE: one of the spec's options (or of options given at run time, e.g. the open months)."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.combo = QComboBox()
        search_by_pinyin(self.combo)
        self.widget = self.combo
        self.set_options([(value, translated(label)) for value, label in spec.options])

    def set_options(self, options: Sequence[tuple[Any, str]]) -> None:
        """Offer *options* (value, text shown), keeping the chosen value if still offered."""
        keep = self.combo.currentData()
        self.combo.clear()
        for value, text in options:
            self.combo.addItem(text, value)
        self.combo.setCurrentIndex(max(0, self.combo.findData(keep)))

    def read(self) -> tuple[Any, str | None]:
        return self.combo.currentData(), None

    def write(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(value)))

    def state(self) -> Any:
        return self.combo.currentIndex()

    def restore(self, state: Any) -> None:
        self.combo.setCurrentIndex(int(state))

    def is_empty(self) -> bool:
        return self.combo.count() == 0

    def text(self) -> str:
        return self.combo.currentText()

    def changed(self) -> SignalInstance:
        return self.combo.currentIndexChanged


class SuggestionEditor(LineEditor):
    """TEXT with options: the options are offered, but any text may be typed (read as the combo's line)."""

    def __init__(self, spec: FieldSpec) -> None:
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems([translated(label) for _, label in spec.options])
        line = self.combo.lineEdit()
        assert line is not None
        super().__init__(spec, line)
        self.widget = self.combo


class ReferenceEditor(Editor):
    """REFERENCE: an entry of a reference list, chosen by typing part of its code or name."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.combo = ChoiceCombo()
        self.widget = self.combo

    def read(self) -> tuple[Any, str | None]:
        chosen = self.combo.current_id()
        text = self.combo.currentText().strip()
        if chosen is None and text:
            message = QCoreApplication.translate("RecordForm", "“{text}” is not in the list; choose an entry.")
            return None, message.format(text=text)
        return chosen, None

    def write(self, value: Any, fallback: Choice | None = None) -> None:
        self.combo.set_id(None if value is None else int(value), fallback)

    def state(self) -> Any:
        return self.combo.currentText()

    def restore(self, state: Any) -> None:
        self.combo.choose_text(str(state))

    def is_empty(self) -> bool:
        return not self.combo.currentText().strip()

    def changed(self) -> SignalInstance:
        return self.combo.editTextChanged


class CalendarDateEditor(Editor):
    """DATE with a calendar (the step dialogs): always a valid day; arrow keys change it."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.widget = self.edit

    def read(self) -> tuple[Any, str | None]:
        day = self.edit.date()
        return dt.date(day.year(), day.month(), day.day()), None

    def write(self, value: Any) -> None:
        if isinstance(value, dt.date):
            self.edit.setDate(QDate(value.year, value.month, value.day))

    def state(self) -> Any:
        return self.edit.date()

    def restore(self, state: Any) -> None:
        self.edit.setDate(state)

    def changed(self) -> SignalInstance:
        return self.edit.dateChanged


def editor_for(spec: FieldSpec, *, calendar_dates: bool = False) -> Editor:
    if spec.kind is FieldKind.DATE:
        return CalendarDateEditor(spec) if calendar_dates else DateEditor(spec)
    if spec.kind in (FieldKind.INTEGER, FieldKind.MONEY):
        return NumberEditor(spec)
    if spec.kind is FieldKind.TEXT and spec.options:
        return SuggestionEditor(spec)
    editors: dict[FieldKind, type[Editor]] = {
        FieldKind.LONG_TEXT: LongTextEditor,
        FieldKind.FLAG: FlagEditor,
        FieldKind.CHOICE: ChoiceEditor,
        FieldKind.REFERENCE: ReferenceEditor,
        FieldKind.PASSWORD: PasswordEditor,
    }
    return editors.get(spec.kind, LineEditor)(spec)


# --- reference lists ------------------------------------------------------------------------------------


def _reference_kind(key: str) -> tuple[str, str | None]:
    """(reference kind, org unit level) of a spec's ``reference``."""
    kind, _, level = key.partition(":")
    return kind, level or None


def reference_choices(conn: Connection, key: str, day: dt.date | None) -> list[Choice]:
    """The entries a REFERENCE field offers on *day*."""
    kind, level = _reference_kind(key)
    return reference.org_units(conn, level, day) if level else reference.choices(conn, kind, day)


def reference_entry(conn: Connection, key: str, entry_id: int) -> Choice | None:
    """Any entry of the list, also one no longer offered (a stored record still points to it)."""
    kind, _level = _reference_kind(key)
    code = reference.KINDS[kind].unique
    for row in reference.list_rows(conn, kind):
        if row["id"] == entry_id:
            return Choice(int(row["id"]), str(row[code]), str(row["name"]))
    return None


# --- the form -------------------------------------------------------------------------------------------


class RecordForm(QWidget):
    """The fields of *fields*, laid out in their groups (boxes), *columns* of groups side by side.

    *calendar_dates*: dates in a calendar box instead of a typed line; *context*: read-only rows above the
    fields; *enter_toggles_flags*: Enter on a check box toggles it (Ctrl+Enter still saves).
    """

    submitted = Signal()  # Enter: the user asks to save
    chosen = Signal(str)  # a suggestion was taken from a field's list (the field's name)
    error_cleared = Signal(str)  # a field's message went away because its value became valid

    def __init__(
        self,
        fields: Sequence[FieldSpec],
        parent: QWidget | None = None,
        *,
        columns: Sequence[Sequence[str]] = (),
        calendar_dates: bool = False,
        context: Sequence[tuple[str, QWidget]] = (),
        enter_toggles_flags: bool = False,
    ) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.enter_toggles_flags = enter_toggles_flags
        self.editors: dict[str, Editor] = {s.name: editor_for(s, calendar_dates=calendar_dates) for s in self.fields}
        self.widgets: dict[str, QWidget] = {name: e.widget for name, e in self.editors.items()}
        self.errors: dict[str, QLabel] = {}
        self.boxes: dict[str, QWidget] = {}
        self._rows: dict[str, tuple[QLabel, QWidget, QHBoxLayout]] = {}
        self._popups: dict[QObject, tuple[str, QCompleter]] = {}
        self._build(columns, context)
        for first, second in itertools.pairwise(self.widgets.values()):
            QWidget.setTabOrder(first, second)
        #: Whether a field's value is still wrong (the page may ask its service); decides when a message goes.
        self.still_wrong: Callable[[str], bool] = self._wrong_here
        for name, widget in self.widgets.items():
            widget.setObjectName(name)
            widget.installEventFilter(self)
            if isinstance(widget, ChoiceCombo):
                self._watch_popup(name, widget.completer())
            self.editors[name].changed().connect(lambda *_args, n=name: self._recheck(n))

    # --- building -----------------------------------------------------------------------------------
    def _build(self, columns: Sequence[Sequence[str]], context: Sequence[tuple[str, QWidget]]) -> None:
        groups = list(dict.fromkeys(spec.group for spec in self.fields))
        grids: dict[str, QGridLayout] = {}
        for group in groups:
            box: QWidget = QGroupBox(translated(group)) if group else QWidget()
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            grid.setVerticalSpacing(2)
            if not group and len(groups) == 1:  # a plain form; beside boxes a plain part keeps their margins
                grid.setContentsMargins(0, 0, 0, 0)
            self.boxes[group], grids[group] = box, grid
        for caption, widget in context:  # read-only facts the form is about, above its fields
            grid = grids[groups[0]]
            row = grid.rowCount()
            grid.addWidget(self._label(caption), row, 0)
            grid.addWidget(widget, row, 1)
        for spec in self.fields:
            self._add_row(grids[spec.group], spec)
        placed = [g for column in columns for g in column if g in self.boxes]
        columns = [[g for g in column if g in self.boxes] for column in columns]
        rest = [g for g in groups if g not in placed]
        if rest:
            columns = [*columns, rest] if columns else [rest]
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        for column in columns:
            stack = QVBoxLayout()
            for group in column:
                stack.addWidget(self.boxes[group])
            stack.addStretch(1)
            line.addLayout(stack, 1)
            self._align_labels([spec.name for spec in self.fields if spec.group in column])

    def _align_labels(self, names: list[str]) -> None:
        """One label width for the boxes of a column, so their fields start at the same place."""
        labels = [self._rows[name][0] for name in names]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    @staticmethod
    def _label(text: str) -> QLabel:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _add_row(self, grid: QGridLayout, spec: FieldSpec) -> None:
        widget = self.widgets[spec.name]
        label = self._label(translated(spec.label))
        label.setBuddy(widget)
        if spec.kind is FieldKind.LONG_TEXT:
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)
        cell = QWidget()
        line = QHBoxLayout(cell)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(widget, 1)
        error = error_label()
        error.setObjectName(f"error_{spec.name}")
        row = grid.rowCount()
        grid.addWidget(label, row, 0)
        grid.addWidget(cell, row, 1)
        grid.addWidget(error, row + 1, 1)
        self.errors[spec.name] = error
        self._rows[spec.name] = (label, cell, line)

    def add_beside(self, name: str, widget: QWidget) -> None:
        """Show *widget* (a hint, a count) to the right of a field."""
        self._rows[name][2].addWidget(widget)

    def set_row_visible(self, name: str, visible: bool) -> None:
        label, cell, _line = self._rows[name]
        label.setVisible(visible)
        cell.setVisible(visible)
        if not visible:
            self.errors[name].hide()

    def completer(self, name: str) -> QCompleter:
        """The suggestion list of a line field (made on first use; its model a QStringListModel)."""
        edit = self.widgets[name]
        assert isinstance(edit, QLineEdit)
        completer = edit.completer()
        if completer is None:
            completer = contains_completer(self)
            completer.setModel(QStringListModel(self))
            edit.setCompleter(completer)
            self._watch_popup(name, completer)
        return completer

    def set_completions(self, name: str, texts: Sequence[str]) -> None:
        model = self.completer(name).model()
        assert isinstance(model, QStringListModel)
        model.setStringList(list(texts))

    def completions(self, name: str) -> list[str]:
        model = self.completer(name).model()
        assert isinstance(model, QStringListModel)
        return model.stringList()

    def _watch_popup(self, name: str, completer: QCompleter | None) -> None:
        popup = completer.popup() if completer is not None else None
        assert completer is not None and popup is not None
        popup.installEventFilter(self)  # installed after the completer's own filter, so it runs first
        self._popups[popup] = (name, completer)

    # --- values -------------------------------------------------------------------------------------
    def values(self) -> tuple[dict[str, Any], list[FieldError]]:
        """Every field's value, and a problem for each field whose text is not a value of its kind.

        A hidden or greyed-out field does not count: its problems are not reported (the page decides
        its value)."""
        values: dict[str, Any] = {}
        problems: list[FieldError] = []
        for name, editor in self.editors.items():
            values[name], problem = editor.read()
            if problem and self.is_active(name):
                problems.append(FieldError(name, problem))
        return values, problems

    def value(self, name: str) -> Any:
        return self.editors[name].read()[0]

    def text(self, name: str) -> str:
        """What the field shows, as text."""
        return self.editors[name].text()

    def set(self, name: str, value: Any) -> None:
        self.editors[name].write(value)

    def fill(self, values: Mapping[str, Any], fallbacks: Mapping[str, Choice] | None = None) -> None:
        """Show *values*; a reference entry no longer offered is shown from *fallbacks*."""
        for name, value in values.items():
            editor = self.editors.get(name)
            if isinstance(editor, ReferenceEditor):
                editor.write(value, (fallbacks or {}).get(name))
            elif editor is not None:
                editor.write(value)

    def reference_editors(self) -> dict[str, ReferenceEditor]:
        return {n: e for n, e in self.editors.items() if isinstance(e, ReferenceEditor) and e.spec.reference}

    def offer_references(self, conn: Connection, day: dt.date | None) -> None:
        """Offer in every reference field the entries in use on *day*, keeping what is chosen or typed."""
        for editor in self.reference_editors().values():
            editor.combo.set_choices(reference_choices(conn, editor.spec.reference, day))

    def set_options(self, name: str, options: Sequence[tuple[Any, str]]) -> None:
        editor = self.editors[name]
        assert isinstance(editor, ChoiceEditor)
        editor.set_options(options)

    def snapshot(self) -> dict[str, Any]:
        """Everything shown, exactly (to keep an unfinished card aside)."""
        return {name: editor.state() for name, editor in self.editors.items()}

    def restore(self, snapshot: Mapping[str, Any]) -> None:
        for name, state in snapshot.items():
            self.editors[name].restore(state)

    def clear(self, keep: Iterable[str] = ()) -> None:
        """Empty every field but *keep* (a choice goes back to its first option)."""
        kept = set(keep)
        for name, editor in self.editors.items():
            if name not in kept:
                editor.write(None)
        self.clear_errors()

    def clear_for_next(self) -> None:
        """The next card: only the sticky fields keep their values."""
        self.clear(keep=[spec.name for spec in self.fields if spec.sticky])

    # --- messages -----------------------------------------------------------------------------------
    def is_active(self, name: str) -> bool:
        widget = self.widgets[name]
        return widget.isVisibleTo(self) and widget.isEnabled()

    def show_errors(self, errors: Iterable[FieldError]) -> list[str]:
        """Put each message under its field and focus the first bad field (in the form's order); return
        the messages that belong to no field shown."""
        self.clear_errors()
        rest: list[str] = []
        bad: set[str] = set()
        for error in errors:
            label = self.errors.get(error.field)
            if label is None or not self.widgets[error.field].isVisibleTo(self):
                rest.append(error.message)
                continue
            label.setText(error.message if error.field not in bad else f"{label.text()}\n{error.message}")
            label.show()
            bad.add(error.field)
        first = next((name for name in self.widgets if name in bad), None)
        if first is not None:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_to(first)
        return rest

    def scroll_to(self, name: str) -> None:
        """Scroll a field and its message into view, where the form sits in a scroll area."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the messages just shown take room
        parent.ensureWidgetVisible(self.errors[name])
        parent.ensureWidgetVisible(self.widgets[name])

    def _wrong_here(self, name: str) -> bool:
        """Without the page's service: a field is wrong while empty or not a value of its kind."""
        editor = self.editors[name]
        return editor.is_empty() or editor.read()[1] is not None

    def _recheck(self, name: str) -> None:
        """A field with a message changed: the message goes as soon as the value is valid."""
        label = self.errors[name]
        if label.isHidden() or self.still_wrong(name):
            return
        label.clear()
        label.hide()
        self.error_cleared.emit(name)

    def has_errors(self) -> bool:
        return any(not label.isHidden() for label in self.errors.values())

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def field_error(self, name: str) -> str:
        """The message shown under a field ('' if none): for tests and accessibility."""
        label = self.errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    # --- focus --------------------------------------------------------------------------------------
    def focus_first_empty(self) -> bool:
        """Focus the first empty field a user can type in; False if every field is filled."""
        for name, editor in self.editors.items():
            if self.is_active(name) and editor.is_empty():
                editor.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def first_input(self) -> QWidget | None:
        """Where typing starts: the first empty field, else the first field a user can type in."""
        active = [name for name in self.widgets if self.is_active(name)]
        name = next((n for n in active if self.editors[n].is_empty()), active[0] if active else None)
        return None if name is None else self.widgets[name]

    def focus_first(self) -> None:
        """The first empty field, else the first field a user can type in."""
        widget = self.first_input()
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_step(self, name: str, step: int) -> None:
        """Move focus along the form's order, skipping hidden or disabled fields."""
        names = list(self.widgets)
        position = names.index(name)
        candidates = names[position + 1 :] if step > 0 else list(reversed(names[:position]))
        for candidate in candidates:
            if self.is_active(candidate):
                self.widgets[candidate].setFocus(Qt.FocusReason.TabFocusReason)
                return

    # --- keyboard -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched in self._popups:
                return self._popup_key(watched, event)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                if isinstance(watched, QPlainTextEdit) and not ctrl:
                    return False  # a new line inside the box
                if isinstance(watched, QCheckBox) and self.enter_toggles_flags and not ctrl:
                    watched.toggle()  # where clerks are used to it (the 三违 card); Ctrl+Enter saves
                    return True
                self.submitted.emit()
                return True
        return super().eventFilter(watched, event)

    def _popup_key(self, popup: QObject, event: QKeyEvent) -> bool:
        """Tab or Enter in an open suggestion list takes the highlighted suggestion, else the entry the text
        names exactly, else the first suggestion, and moves on to the next field: one key, not two.
        """
        name, completer = self._popups[popup]
        key = event.key()
        if not isinstance(popup, QAbstractItemView) or not popup.isVisible():
            return False
        if key == Qt.Key.Key_Backtab:
            popup.hide()
            self._focus_step(name, -1)
            return True
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        index = popup.currentIndex()
        picked = index.isValid()  # highlighted with the arrow keys
        owner = self.widgets[name]
        exact = None if picked or not isinstance(owner, ChoiceCombo) else owner.exact_match(owner.currentText())
        model = completer.completionModel()
        if not picked and exact is None and model.rowCount() > 0:
            index = model.index(0, 0)
        popup.hide()
        self.window().activateWindow()  # where the popup took activation (offscreen), the form gets it back
        text = exact.display if exact is not None else str(index.data()) if index.isValid() else None
        if text is not None:
            if isinstance(owner, ChoiceCombo):
                owner.choose_text(text)
            elif isinstance(owner, QLineEdit):
                owner.setText(text)
            self.chosen.emit(name)
        self._focus_step(name, 1)
        return True
