"""The clerk's shift sheet (上岗/汇报登记): pick workstation, date and shift; mark the roster with the keyboard.

Keys in the grid: arrows move; Space cycles the duty status (上岗 → 缺岗 → 请假 → 工伤 → 培训 → empty) or toggles
汇报 / 本班无问题; digits and text are typed into their cells; typing in the 工号 or 姓名 column jumps to the
inspector whose 工号 or name starts with what was typed. Ctrl+Shift+A marks every unmarked row on duty,
Ctrl+H / Ctrl+W open a hazard / 三违 card for the current row's inspector, Ctrl+S saves.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import ConflictError, SafetyWatchError, ValidationError
from safetywatch.services import duty, reference
from safetywatch.services.database import Ledger
from safetywatch.services.duty import EXEMPT, SheetInput
from safetywatch.ui.common import page_title
from safetywatch.ui.hazard_form import ERROR_STYLE, HINT_STYLE, OK_STYLE
from safetywatch.ui.shift_sheet_model import COL, COLUMNS, COUNT_COLUMNS, FLAG_COLUMNS, SheetRow, ShiftSheetModel


def ask_reason(parent: QWidget, title: str, label: str) -> str | None:
    """Ask for a reason (amending or voiding a saved sheet); ``None`` if cancelled. Tests replace this."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_unsaved(parent: QWidget) -> str:
    """'save', 'discard' or 'cancel' for a sheet with unsaved marks. Tests replace this."""
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("Unsaved marks"))
    box.setText(parent.tr("This sheet has unsaved marks. Save them first?"))
    save = box.addButton(parent.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(parent.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(parent.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class SheetView(QTableView):
    """The grid, with the sheet's keys; type-ahead matches 工号 or name in the first two columns."""

    def __init__(self, model: ShiftSheetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setTabKeyNavigation(False)  # Tab leaves the grid for the buttons; arrows move inside
        self._typed = ""
        self._typed_at = 0.0

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid() and event.key() == Qt.Key.Key_Space and not event.modifiers():
            key = COLUMNS[index.column()]
            if key == "status":
                self.sheet.cycle_status(index.row())
                return
            if key in FLAG_COLUMNS:
                self.sheet.toggle(index.row(), key)
                return
        if index.isValid() and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            key = COLUMNS[index.column()]
            if key == "status":
                self.sheet.set_value(index.row(), "status", None)
                return
            if key in FLAG_COLUMNS:
                self.sheet.set_value(index.row(), key, False)
                return
            if key in COUNT_COLUMNS:
                self.sheet.set_value(index.row(), key, "0")
                return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Jump to the inspector whose 工号 or name starts with the typed text (then: contains it)."""
        now = time.monotonic()
        interval = QApplication.keyboardInputInterval() / 1000
        self._typed = (self._typed + search) if now - self._typed_at < interval else search
        self._typed_at = now
        typed = self._typed.casefold()
        rows = self.sheet.rows
        for test in (
            lambda r: r.person.employee_no.casefold().startswith(typed) or r.person.name.startswith(self._typed),
            lambda r: typed in r.person.employee_no.casefold() or self._typed in r.person.name,
        ):
            found = next((i for i, r in enumerate(rows) if test(r)), None)
            if found is not None:
                column = max(self.currentIndex().column(), 0)
                self.setCurrentIndex(self.sheet.index(found, column))
                return


class ShiftSheetPage(QWidget):
    """The shift sheet page; emits requests to open a hazard or 三违 card for a row."""

    hazard_requested = Signal(object)
    violation_requested = Signal(object)
    saved = Signal(int)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.sheet: duty.Sheet | None = None
        self.dirty = False
        self._loaded_key: tuple[int, dt.date, int] | None = None
        self.model = ShiftSheetModel(self)
        self.model.status_names = {
            None: "",
            "on": self.tr("On duty"),
            "absent": self.tr("Absent"),
            "leave": self.tr("Leave"),
            "injury": self.tr("Injury"),
            "training": self.tr("Training"),
        }
        self.model.headers = {
            "employee_no": self.tr("Employee no."),
            "name": self.tr("Full name"),
            "unit": self.tr("Unit"),
            "status": self.tr("Duty"),
            "time_in": self.tr("In"),
            "time_out": self.tr("Out"),
            "place": self.tr("Work place"),
            "reported": self.tr("Reported"),
            "no_problem": self.tr("No problems"),
            "hazards": self.tr("Hazards"),
            "violations": self.tr("三违 items"),
            "suggestions": self.tr("Suggestions"),
            "summary": self.tr("Report summary"),
            "entered": self.tr("Entered"),
        }
        self.model.edited.connect(self._on_edited)
        self._build()
        self.reload_choices()
        self.load_current()

    # --- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        title = page_title(self.tr("Shift duty and reports"))
        self.workstation = QComboBox()
        self.workstation.setMinimumContentsLength(16)
        self.date = QDateEdit()
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.installEventFilter(self)
        self.shift = QComboBox()
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.clicked.connect(self.load_current)
        bar = QHBoxLayout()
        for label, widget in (
            (self.tr("Workstation"), self.workstation),
            (self.tr("Date"), self.date),
            (self.tr("Shift"), self.shift),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.load_button)
        bar.addStretch(1)
        self.workstation.activated.connect(lambda _i: self.load_current())
        self.shift.activated.connect(lambda _i: self.load_current())
        self.date.editingFinished.connect(self.load_current)

        self.state = QLabel()
        self.summary = QLabel()
        self.view = SheetView(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL["summary"], QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        widths = {
            "employee_no": 9,
            "name": 6,
            "unit": 8,
            "status": 5,
            "time_in": 4,
            "time_out": 4,
            "place": 10,
            "reported": 3,
            "no_problem": 5,
            "hazards": 3,
            "violations": 3,
            "suggestions": 3,
            "entered": 12,
        }
        em = self.view.fontMetrics().horizontalAdvance("中")
        for key, chars in widths.items():
            header.resizeSection(
                COL[key], max(chars * em, self.view.fontMetrics().horizontalAdvance(str(self.model.headers[key])) + em)
            )

        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.all_on_button = QPushButton(self.tr("All unmarked on duty (Ctrl+Shift+A)"))
        self.all_on_button.clicked.connect(self.mark_all_on)
        self.hazard_button = QPushButton(self.tr("Hazard card (Ctrl+H)"))
        self.hazard_button.clicked.connect(lambda: self._request(self.hazard_requested))
        self.violation_button = QPushButton(self.tr("三违 card (Ctrl+W)"))
        self.violation_button.clicked.connect(lambda: self._request(self.violation_requested))
        self.void_button = QPushButton(self.tr("Void this sheet…"))
        self.void_button.clicked.connect(self.void_sheet)
        buttons = QHBoxLayout()
        for button in (self.all_on_button, self.hazard_button, self.violation_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.void_button)
        buttons.addWidget(self.save_button)

        hint = QLabel(
            self.tr(
                "Arrows: move · Space: cycle duty status / tick · type 工号 or name in the first columns to jump · "
                "digits and text: type into the cell · Del: clear"
            )
        )
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        self.messages = QLabel()
        self.messages.setStyleSheet(ERROR_STYLE)
        self.messages.setWordWrap(True)
        self.status = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.state)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(self.messages)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+A", self.mark_all_on),
            ("Ctrl+H", lambda: self._request(self.hazard_requested)),
            ("Ctrl+W", lambda: self._request(self.violation_requested)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """PgUp / PgDn on the date: the previous / next day, loaded at once."""
        if watched is self.date and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}.get(Qt.Key(event.key()))
            if step is not None:
                self.date.setDate(self.date.date().addDays(step))
                self.load_current()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.load_current()
                self.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- choices and loading ------------------------------------------------------------------------
    def reload_choices(self) -> None:
        keep_ws = self.workstation.currentData()
        with self.ledger.read() as conn:
            stations = reference.choices(conn, "workstation")
        self.workstation.clear()
        for choice in stations:
            self.workstation.addItem(choice.display, choice.id)
        if keep_ws is not None and self.workstation.findData(keep_ws) >= 0:
            self.workstation.setCurrentIndex(self.workstation.findData(keep_ws))
        today = self.ledger.clock.today()
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        if self._loaded_key is None:
            self.date.setDate(QDate(today.year, today.month, today.day))
        self._reload_shifts()

    def _reload_shifts(self) -> None:
        keep = self.shift.currentData()
        self.shift.clear()
        ws = self.workstation.currentData()
        if ws is None:
            return
        with self.ledger.read() as conn:
            for shift_id, code, name in duty.shifts_for(conn, int(ws)):
                self.shift.addItem(f"{code} {name}", shift_id)
        if keep is not None and self.shift.findData(keep) >= 0:
            self.shift.setCurrentIndex(self.shift.findData(keep))

    def current_key(self) -> tuple[int, dt.date, int] | None:
        ws, shift = self.workstation.currentData(), self.shift.currentData()
        if ws is None or shift is None:
            return None
        qdate = self.date.date()
        return int(ws), dt.date(qdate.year(), qdate.month(), qdate.day()), int(shift)

    def load(self, workstation_id: int, shift_date: dt.date, shift_id: int) -> bool:
        """Show the sheet of a workstation, date and shift (asks first if marks are unsaved)."""
        if self.workstation.findData(workstation_id) < 0:
            return False
        self.workstation.setCurrentIndex(self.workstation.findData(workstation_id))
        self._reload_shifts()
        self.date.setDate(QDate(shift_date.year, shift_date.month, shift_date.day))
        if self.shift.findData(shift_id) < 0:
            return False
        self.shift.setCurrentIndex(self.shift.findData(shift_id))
        return self.load_current()

    def load_current(self) -> bool:
        if self.shift.count() == 0:
            self._reload_shifts()
        key = self.current_key()
        if key is None:
            self.model.set_rows([])
            self.state.setText(self.tr("Choose a workstation and a shift."))
            return False
        if key == self._loaded_key:
            return True
        if self.dirty and self._loaded_key is not None:
            answer = ask_unsaved(self)
            if answer == "cancel" or (answer == "save" and not self.save()):
                self._show_key(self._loaded_key)
                return False
        ws, day, shift = key
        try:
            with self.ledger.read() as conn:
                roster = duty.roster(conn, ws, day)
                sheet = duty.find_sheet(conn, ws, day, shift)
                people = {p.inspector_id: p for p in roster}
                extra = duty.inspectors_by_id(conn, [i for i in (sheet.marks if sheet else {}) if i not in people])
                people.update(extra)
                entered = {i: duty.entered_items(conn, i, day, shift) for i in people}
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return False
        marks = sheet.marks if sheet else {}
        rows = [SheetRow.of(person, marks.get(pid)) for pid, person in people.items()]
        rows.sort(key=lambda r: r.person.employee_no)
        for row in rows:
            items = entered[row.person.inspector_id]
            row.entered = " ".join(items["hazards"] + items["violations"])
        self.sheet = sheet
        self._loaded_key = key
        self.model.set_rows(rows)
        self.dirty = False
        self.messages.clear()
        self.status.clear()
        if sheet is None:
            self.state.setText(self.tr("New sheet"))
        else:
            self.state.setText(
                self.tr("Saved · entered by {clerk} · version {version}").format(
                    clerk=sheet.clerk, version=sheet.version
                )
            )
        self.void_button.setEnabled(sheet is not None)
        self._update_summary()
        if rows:
            self.view.setCurrentIndex(self.model.index(0, COL["status"]))
        return True

    def refresh_entered(self) -> None:
        """Re-read the "entered" column (after a hazard or 三违 card was saved) without touching the marks."""
        key = self._loaded_key
        if key is None:
            return
        _ws, day, shift = key
        with self.ledger.read() as conn:
            for row in self.model.rows:
                items = duty.entered_items(conn, row.person.inspector_id, day, shift)
                row.entered = " ".join(items["hazards"] + items["violations"])
        if self.model.rows:
            column = COL["entered"]
            self.model.dataChanged.emit(self.model.index(0, column), self.model.index(len(self.model.rows) - 1, column))

    def _show_key(self, key: tuple[int, dt.date, int]) -> None:
        ws, day, shift = key
        self.workstation.setCurrentIndex(self.workstation.findData(ws))
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.shift.setCurrentIndex(self.shift.findData(shift))

    # --- editing ------------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.dirty = True
        self._update_summary()

    def _update_summary(self) -> None:
        rows = self.model.rows
        on = sum(r.status == "on" for r in rows)
        exempt = sum(r.status in EXEMPT for r in rows)
        absent = sum(r.status == "absent" for r in rows)
        reported = sum(r.reported for r in rows)
        self.summary.setText(
            self.tr(
                "Expected {expected} · on duty {on} · leave/injury/training {exempt} · absent {absent} · "
                "reported {reported}"
            ).format(expected=len(rows), on=on, exempt=exempt, absent=absent, reported=reported)
        )

    def mark_all_on(self) -> None:
        count = self.model.mark_all_unmarked_on()
        self._say(self.tr("{count} inspectors marked on duty.").format(count=count), HINT_STYLE)

    def _request(self, signal: Any) -> None:
        key = self._loaded_key
        row = self.view.currentIndex().row()
        if key is None or not 0 <= row < len(self.model.rows):
            self._say(self.tr("Choose an inspector's row first."), ERROR_STYLE)
            return
        ws, day, shift = key
        signal.emit(
            {
                "workstation_id": ws,
                "shift_date": day,
                "shift_id": shift,
                "inspector_id": self.model.rows[row].person.inspector_id,
            }
        )

    # --- saving -------------------------------------------------------------------------------------
    def save(self) -> bool:
        editor = QApplication.focusWidget()
        if self.view.state() == QAbstractItemView.State.EditingState and editor is not None and editor is not self.view:
            # Ctrl+S while typing in a cell: take what is typed, as Enter would
            self.view.itemDelegate().setModelData(editor, self.model, self.view.currentIndex())
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.view.setFocus()
        key = self._loaded_key
        if key is None:
            return False
        ws, day, shift = key
        data = SheetInput(ws, day, shift, tuple(self.model.marks()))
        reason: str | None = None
        version = None
        if self.sheet is not None:
            reason = ask_reason(self, self.tr("Change a saved sheet"), self.tr("Why is this sheet changed?"))
            if reason is None:
                return False
            version = self.sheet.version
        try:
            row = duty.save_sheet(self.ledger, data, reason=reason, expected_version=version)
        except ValidationError as exc:
            self._show_errors(exc)
            return False
        except ConflictError as exc:
            self._say(str(exc), ERROR_STYLE)
            if QMessageBox.question(self, self.tr("Changed meanwhile"), self.tr("Reload the sheet now?")) == (
                QMessageBox.StandardButton.Yes
            ):
                self.dirty, self._loaded_key = False, None
                self.load_current()
            return False
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return False
        self.dirty = False
        self._loaded_key = None
        self.load_current()
        on = sum(m.on_duty for m in data.marks)
        reported = sum(m.reported for m in data.marks)
        self._say(self.tr("Saved · {on} on duty, {reported} reported").format(on=on, reported=reported), OK_STYLE)
        self.saved.emit(int(row["id"]))
        return True

    def _show_errors(self, exc: ValidationError) -> None:
        cells: dict[tuple[int, str], str] = {}
        messages = []
        first: QModelIndex | None = None
        for error in exc.errors:
            parts = error.field.split(":")
            if len(parts) == 3 and parts[0] == "mark":
                inspector, key = int(parts[1]), parts[2]
                cells[(inspector, key)] = error.message
                row = self.model.row_of_inspector(inspector)
                column = COL.get(key, COL["employee_no"])
                if first is None and row >= 0:
                    first = self.model.index(row, column)
            messages.append(error.message)
        self.model.set_errors(cells)
        self.messages.setText("\n".join(messages))
        self._say(self.tr("Not saved: correct the marked cells."), ERROR_STYLE)
        if first is not None:
            self.view.setCurrentIndex(first)
            self.view.setFocus()

    def void_sheet(self) -> None:
        if self.sheet is None:
            return
        reason = ask_reason(self, self.tr("Void this sheet"), self.tr("Why is this sheet void?"))
        if reason is None:
            return
        try:
            duty.void_sheet(self.ledger, self.sheet.id, reason)
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        self.dirty, self._loaded_key = False, None
        self.load_current()
        self._say(self.tr("The sheet was voided; its shifts no longer count."), OK_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)
