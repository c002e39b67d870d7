"""The clerk's shift sheet (上岗/汇报登记): pick workstation, date and shift; mark the roster with the keyboard.

Keys in the grid: arrows move; Space cycles the duty status (上岗 → 缺岗 → 请假 → 工伤 → 培训 → empty) in the status,
工号 and 姓名 columns, or toggles 汇报 / 本班无问题; digits and text are typed into their cells (F2 edits a cell, Del
clears it); typing in the 工号 or 姓名 column jumps to the inspector whose 工号 or name starts with what was typed.
A 工号 not on the sheet is said (with the workstation the inspector belongs to) and leaves no row current, so
the next Space marks no one; Ctrl+I adds a visiting inspector from another workstation for this shift.
Ctrl+Shift+A marks every unmarked row on duty, Ctrl+H / Ctrl+W ask for a hazard / 三违 card for the current row's
inspector, Ctrl+S saves. On the date, Ctrl+Left/Right or PgUp/PgDn show the previous/next day. The whole current
row is highlighted.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, SignalInstance
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
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.validation import EARLIEST_DATE
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, reference
from safetywatch.services.kinds.duty import EXEMPT, SheetInput
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.operations import WriteOp, run_write
from safetywatch.ui.shift_sheet_model import (
    COL,
    COLUMNS,
    COUNT_COLUMNS,
    FLAG_COLUMNS,
    TEXT_COLUMNS,
    SheetRow,
    ShiftSheetModel,
)
from safetywatch.ui.widgets import StatusLine, ask_reason, error_label, hint_label, page_title, show_message
from safetywatch.ui.widgets.pinyin_filter import search_by_pinyin

Key = tuple[int, dt.date, int]  # workstation id, date, shift id
SEARCH_COLUMNS = frozenset({"employee_no", "name"})
#: The cards whose numbers the "entered" column lists.
CARD_TABLES = frozenset({"hazard", "violation"})


def ask_unsaved(parent: QWidget) -> str:
    """'save', 'discard' or 'cancel' for a sheet with unsaved marks. Tests replace this."""
    box = QMessageBox(parent)
    box.setWindowTitle(parent.tr("Unsaved marks"))
    box.setText(parent.tr("This sheet has unsaved marks. Save them first?"))
    save = box.addButton(parent.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(parent.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(parent.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


def ask_employee_no(parent: QWidget, typed: str) -> str | None:
    """The 工号 of a visiting inspector to add to the sheet (*typed*: the one last typed in the grid), or
    ``None`` if cancelled. Tests replace this."""
    text, ok = QInputDialog.getText(
        parent,
        parent.tr("Visiting inspector"),
        parent.tr("工号 of the inspector from another workstation who works this shift here:"),
        text=typed,
    )
    return text.strip() if ok and text.strip() else None


def ask_reload(parent: QWidget, message: str) -> bool:
    """The sheet changed meanwhile: reload it now (losing what was typed here)? Tests replace this."""
    answer = QMessageBox.question(
        parent, parent.tr("Changed meanwhile"), message + "\n\n" + parent.tr("Reload the sheet now?")
    )
    return answer == QMessageBox.StandardButton.Yes


class SheetView(QTableView):
    """The grid, with the sheet's keys; type-ahead in the 工号/姓名 columns matches 工号 or name.

    What was typed matching no one on the sheet leaves no cell current (so Space marks no one) and is
    announced through ``not_found``; ``found`` follows a match again."""

    not_found = Signal(str)
    found = Signal()

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
        self.setAlternatingRowColors(False)
        self._typed = ""
        self._typed_at = -1e9
        self._search_column = COL["employee_no"]  # where type-ahead goes on while no cell is current

    def currentChanged(
        self, current: QModelIndex | QPersistentModelIndex, previous: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().currentChanged(current, previous)
        self.sheet.set_current_row(current.row() if current.isValid() else -1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not index.isValid() and plain and event.key() == Qt.Key.Key_Space:
            return  # no inspector is current (a 工号 not on the sheet was typed): Space marks no one
        if index.isValid() and plain:
            key, row = COLUMNS[index.column()], index.row()
            if event.key() == Qt.Key.Key_Space and (key == "status" or key in SEARCH_COLUMNS):
                self.sheet.cycle_status(row)
                return
            if event.key() == Qt.Key.Key_Space and key in FLAG_COLUMNS:
                self.sheet.toggle(row, key)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                cleared = {"status": None, **dict.fromkeys(FLAG_COLUMNS, False), **dict.fromkeys(COUNT_COLUMNS, "0")}
                if key in cleared:
                    self.sheet.set_value(row, key, cleared[key])
                    return
                if key in TEXT_COLUMNS:
                    self.sheet.set_value(row, key, "")
                    return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and row + 1 < self.sheet.rowCount():
                self.setCurrentIndex(self.sheet.index(row + 1, index.column()))  # as on a paper list: next line
                return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """QAbstractItemView's type-ahead, matching 工号 or name (prefix first, then anywhere in them).

        Keys typed within the keyboard input interval add up; a new search, or the same key pressed again,
        starts after the current row (so repeating a key walks through the matches); it wraps around.
        """
        current = self.currentIndex()
        if current.isValid():
            if COLUMNS[current.column()] not in SEARCH_COLUMNS:
                return
            self._search_column = current.column()
        if not self.sheet.rows or not search.strip():
            return
        now = time.monotonic()
        continuing = now - self._typed_at < QApplication.keyboardInputInterval() / 1000
        self._typed = self._typed + search if continuing else search
        self._typed_at = now
        typed = self._typed
        same_key = len(typed) > 1 and typed == typed[0] * len(typed)
        if same_key:
            typed = typed[0]
        rows = self.sheet.rows
        start = max(current.row(), 0) + (1 if current.isValid() and (not continuing or same_key) else 0)
        order = [(start + i) % len(rows) for i in range(len(rows))]
        folded = typed.casefold()
        tests: tuple[Callable[[SheetRow], bool], ...] = (
            lambda r: r.person.employee_no.casefold().startswith(folded) or r.person.name.casefold().startswith(folded),
            lambda r: folded in r.person.employee_no.casefold() or folded in r.person.name.casefold(),
        )
        for test in tests:
            found = next((i for i in order if test(rows[i])), None)
            if found is not None:
                self.setCurrentIndex(self.sheet.index(found, self._search_column))
                self.found.emit()
                return
        # No one on this sheet: leave no row current, or the next Space would mark whoever was current.
        self.clearSelection()
        self.setCurrentIndex(QModelIndex())
        self.not_found.emit(self._typed)


class ShiftSheetPage(QWidget):
    """The shift sheet page; emits requests to open a hazard or 三违 card for a row.

    Saving runs on the writer thread while the grid stays usable; the page follows the change hub (reference
    data, cards entered for the sheet, the sheet saved elsewhere while nothing is typed here)."""

    hazard_requested = Signal(object)
    violation_requested = Signal(object)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.sheet: duty.Sheet | None = None
        self.dirty = False
        self._edits = 0  # counts edits, so a save knows whether the clerk typed on while it ran
        self._loaded_key: Key | None = None
        self._busy = False  # a load or save is asking the clerk something: ignore nested triggers
        self._write: WriteOp | None = None
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
            "unit": self.tr("Mining unit"),
            "status": self.tr("Duty"),
            "time_in": self.tr("In"),
            "time_out": self.tr("Out"),
            "place": self.tr("Location"),
            "reported": self.tr("Reported"),
            "no_problem": self.tr("No problems"),
            "hazards": self.tr("Hazards"),
            "violations": self.tr("三违 items"),
            "suggestions": self.tr("Suggestions"),
            "summary": self.tr("Report summary"),
            "entered": self.tr("Entered"),
        }
        search_tip = self.tr("Type a 工号 or a name here to jump to that inspector.")
        count_tip = self.tr("Type the number of items on the report card; a number above 0 marks it reported.")
        self.model.header_tips = {
            "employee_no": search_tip,
            "name": search_tip,
            "status": self.tr("Space: 上岗 → 缺岗 → 请假 → 工伤 → 培训 → empty (not on this shift). Del: empty."),
            "time_in": self.tr("HH:MM; 0740 is read as 07:40."),
            "time_out": self.tr("HH:MM; 0740 is read as 07:40."),
            "reported": self.tr("Space: ticks or clears; ticking marks the inspector on duty."),
            "no_problem": self.tr("Space: a report of no problems (marks it reported, clears the item counts)."),
            "hazards": count_tip,
            "violations": count_tip,
            "suggestions": count_tip,
            "entered": self.tr("Hazards and 三违 already entered from this inspector's report of this shift."),
        }
        self.model.edited.connect(self._on_edited)
        self.model.rejected.connect(lambda message: self.status.error(message))
        self._build()
        self.reload_choices()
        self.load_current()
        hub_for(ledger).watch(self, REFERENCE_TABLES | CARD_TABLES | {"duty_sheet"}, self._on_changes)

    @property
    def saving(self) -> bool:
        return self._write is not None and self._write.pending

    def first_input(self) -> QWidget:
        """The page opens on the grid: the roster is what the clerk marks."""
        return self.view

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(REFERENCE_TABLES):
            self.reload_choices()  # an untouched sheet is re-read with the new roster
        elif changes.touches({"duty_sheet"}) and not self.dirty and not self.saving:
            self._reload()  # saved elsewhere (an import, another window): show what is stored now
        elif changes.touches(CARD_TABLES):
            self.refresh_entered()

    # --- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        title = page_title(self.tr("Shift duty and reports"))
        self.workstation = QComboBox()
        self.workstation.setMinimumContentsLength(16)
        search_by_pinyin(self.workstation)  # typing its code or pinyin picks the workstation
        self.workstation.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date = QDateEdit()
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(QDate(EARLIEST_DATE.year, EARLIEST_DATE.month, EARLIEST_DATE.day))
        self.date.setToolTip(self.tr("Ctrl+Left/Right or PgUp/PgDn: previous/next day · Enter: load the sheet"))
        self.shift = QComboBox()
        self.shift.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.load_button = QPushButton(self.tr("Load"))
        self.load_button.clicked.connect(self.load_current)
        for widget in (self.workstation, self.date, self.shift):
            widget.installEventFilter(self)
        self.load_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Enter in the bar loads: Tab skips it
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
        self.workstation.activated.connect(self._on_workstation_chosen)
        self.shift.activated.connect(lambda _i: self.load_current())
        self.date.editingFinished.connect(self.load_current)
        self.date.dateChanged.connect(self._on_date_changed)

        self.state = QLabel()
        self.summary = QLabel()
        self.view = SheetView(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL["summary"], QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        widths = {  # in CJK character widths, for typical values (工号 up to 9 characters, 3-4 character names)
            "employee_no": 6,
            "name": 5,
            "unit": 7,
            "status": 4,
            "time_in": 4,
            "time_out": 4,
            "place": 9,
            "reported": 3,
            "no_problem": 5,
            "hazards": 3,
            "violations": 3,
            "suggestions": 3,
            "summary": 10,
            "entered": 11,
        }
        metrics = self.view.fontMetrics()
        em = metrics.horizontalAdvance("中")
        for key, chars in widths.items():
            header.resizeSection(COL[key], max(chars * em, metrics.horizontalAdvance(self.model.headers[key]) + em))

        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Anything about this shift as a whole (optional)"))
        self.note.textEdited.connect(lambda _t: self._on_edited())
        self.note.installEventFilter(self)  # Tab from the note goes round to the workstation
        note_label = QLabel(self.tr("Note"))
        note_label.setBuddy(self.note)
        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)

        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.all_on_button = QPushButton(self.tr("All unmarked on duty (Ctrl+Shift+A)"))
        self.all_on_button.clicked.connect(self.mark_all_on)
        self.hazard_button = QPushButton(self.tr("Hazard card (Ctrl+H)"))
        self.hazard_button.clicked.connect(lambda: self._request(self.hazard_requested))
        self.violation_button = QPushButton(self.tr("三违 card (Ctrl+W)"))
        self.violation_button.clicked.connect(lambda: self._request(self.violation_requested))
        self.void_button = QPushButton(self.tr("Void this sheet…"))
        self.visitor_button = QPushButton(self.tr("Visiting inspector… (Ctrl+I)"))
        self.visitor_button.setToolTip(self.tr("Add an inspector of another workstation who works this shift here."))
        self.visitor_button.clicked.connect(self.add_visitor)
        self.void_button.clicked.connect(self.void_sheet)
        tips = (
            (self.save_button, self.tr("Save the sheet (Ctrl+S); changing a saved sheet asks for a reason.")),
            (self.all_on_button, self.tr("Mark every row without a status 上岗 (Ctrl+Shift+A).")),
            (self.hazard_button, self.tr("Enter a hazard card for the current row's inspector (Ctrl+H).")),
            (self.violation_button, self.tr("Enter a 三违 card for the current row's inspector (Ctrl+W).")),
            (self.void_button, self.tr("Void a sheet saved by mistake (asks for a reason).")),
        )
        for button, tip in tips:
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # each has its Ctrl key: Tab stays on a short path
        buttons = QHBoxLayout()
        for button in (self.all_on_button, self.visitor_button, self.hazard_button, self.violation_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.void_button)
        buttons.addWidget(self.save_button)

        self.hint = hint_label(
            self.tr(
                "Arrows: move · Space: cycle duty status / tick · type 工号 or name in the first columns to jump · "
                "digits and text: type into the cell · Del: clear"
            )
            + "\n"
            + self.tr("Ctrl+Shift+A: all unmarked on duty · Ctrl+H: hazard card · Ctrl+W: 三违 card · Ctrl+S: save")
            + " · "
            + self.tr("Ctrl+I: visiting inspector")
        )
        self.messages = error_label()  # every problem of a refused sheet; the cells are marked too
        self.status = StatusLine()
        self._not_on_sheet = ""  # the 工号 last typed that is on no row (the visitor dialog offers it)
        self.view.not_found.connect(self._on_not_found)
        self.view.found.connect(self._on_found)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.state)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.messages)
        layout.addLayout(note_row)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+A", self.mark_all_on),
            ("Ctrl+H", lambda: self._request(self.hazard_requested)),
            ("Ctrl+W", lambda: self._request(self.violation_requested)),
            ("Ctrl+I", self.add_visitor),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the date: PgUp/PgDn or Ctrl+Left/Right = previous/next day. Enter in the bar: load, go to the grid.

        Tab goes round workstation → date → shift → grid → note → workstation (Shift+Tab back): one Tab
        leaves the date, whose 年/月/日 parts are walked with the arrow keys."""
        if event.type() == QEvent.Type.KeyPress and watched in (self.workstation, self.date, self.shift, self.note):
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            step_to = {
                (self.date, Qt.Key.Key_Tab): self.shift,
                (self.date, Qt.Key.Key_Backtab): self.workstation,
                (self.note, Qt.Key.Key_Tab): self.workstation,
                (self.workstation, Qt.Key.Key_Backtab): self.note,
            }.get((watched, Qt.Key(key)))
            if step_to is not None and not mods & ~Qt.KeyboardModifier.ShiftModifier:
                backward = key == Qt.Key.Key_Backtab
                step_to.setFocus(Qt.FocusReason.BacktabFocusReason if backward else Qt.FocusReason.TabFocusReason)
                return True
            if watched is self.note:
                return False
            if watched is self.date:
                step = {Qt.Key.Key_PageUp: -1, Qt.Key.Key_PageDown: 1}.get(Qt.Key(key)) if not mods else None
                if mods == Qt.KeyboardModifier.ControlModifier:
                    step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(key))
                if step is not None:
                    self.step_day(step)
                    return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
                if self.load_current():
                    self.view.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- choices and loading ------------------------------------------------------------------------
    def reload_choices(self) -> None:
        """Re-read workstations and shifts (reference data changed); an untouched sheet is re-read too."""
        keep_ws = self.workstation.currentData()
        with self.ledger.read() as conn:
            stations = reference.choices(conn, "workstation")
        self.workstation.clear()
        for choice in stations:
            self.workstation.addItem(choice.display, choice.id)
        if keep_ws is not None and self.workstation.findData(keep_ws) >= 0:
            self.workstation.setCurrentIndex(self.workstation.findData(keep_ws))
        today = self.ledger.clock.today()
        self.date.blockSignals(True)
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        if self._loaded_key is None:
            self.date.setDate(QDate(today.year, today.month, today.day))
        self.date.blockSignals(False)
        self._reload_shifts()
        if self._loaded_key is not None and not self.dirty:
            self._reload()

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

    def current_key(self) -> Key | None:
        ws, shift = self.workstation.currentData(), self.shift.currentData()
        if ws is None or shift is None:
            return None
        qdate = self.date.date()
        return int(ws), dt.date(qdate.year(), qdate.month(), qdate.day()), int(shift)

    def _on_workstation_chosen(self, _index: int) -> None:
        self._reload_shifts()  # each mine has its own shifts
        self.load_current()

    def _on_date_changed(self, _date: QDate) -> None:
        if not self.date.hasFocus():  # picked in the calendar: load at once (typing waits for Enter or Tab)
            self.load_current()

    def step_day(self, days: int) -> bool:
        """Show the sheet of the previous (-1) or next (+1) day."""
        self.date.blockSignals(True)
        self.date.setDate(self.date.date().addDays(days))
        self.date.blockSignals(False)
        return self.load_current()

    def load(self, workstation_id: int, shift_date: dt.date, shift_id: int) -> bool:
        """Show the sheet of a workstation, date and shift (asks first if marks are unsaved)."""
        if self.workstation.findData(workstation_id) < 0:
            return False
        self.workstation.setCurrentIndex(self.workstation.findData(workstation_id))
        self._reload_shifts()
        if self.shift.findData(shift_id) < 0:
            self._show_key(self._loaded_key)
            return False
        self.date.blockSignals(True)
        self.date.setDate(QDate(shift_date.year, shift_date.month, shift_date.day))
        self.date.blockSignals(False)
        self.shift.setCurrentIndex(self.shift.findData(shift_id))
        return self.load_current()

    def load_current(self) -> bool:
        """Load the sheet the bar shows; unsaved marks of the one on screen are saved/discarded as the clerk says."""
        if self._busy:
            return False
        if self.shift.count() == 0:
            self._reload_shifts()
        key = self.current_key()
        if key is None:
            self.model.set_rows([])
            self.state.setText(self.tr("Choose a workstation and a shift."))
            return False
        if key == self._loaded_key:
            return True
        if self.saving:
            self._show_key(self._loaded_key)  # the sheet on screen is being saved: stay on it
            self.status.hint(self.tr("The sheet is being saved; wait a moment."))
            return False
        if self.dirty and self._loaded_key is not None:
            self._busy = True
            try:
                wanted = key
                self._show_key(self._loaded_key)  # save/cancel acts on the sheet on screen
                answer = ask_unsaved(self)
                if answer == "save":  # the wanted sheet is shown once this one is saved
                    self._save(focus_errors=True, then=lambda: self._switch_to(wanted))
            finally:
                self._busy = False
            if answer != "discard":
                return False
        return self._switch_to(key)

    def _switch_to(self, key: Key) -> bool:
        self._show_key(key)
        return self._reload(key, keep_cursor=False)

    def _reload(self, key: Key | None = None, *, keep_cursor: bool = True) -> bool:
        """Read a sheet from the ledger (default: the one on screen), dropping unsaved marks."""
        key = key or self._loaded_key
        if key is None:
            return False
        ws, day, shift = key
        with self.ledger.read() as conn:
            roster = duty.roster(conn, ws, day)
            sheet = duty.find_sheet(conn, ws, day, shift)
            people = {p.inspector_id: p for p in roster}
            extra = duty.inspectors_by_id(conn, [i for i in (sheet.marks if sheet else {}) if i not in people])
            homes = duty.visitors_home(conn, extra, ws)  # visitors: marked here, on another workstation's roster
            people.update(extra)
            entered = {i: duty.entered_items(conn, i, day, shift) for i in people}
        cursor = self._cursor() if keep_cursor else None
        marks = sheet.marks if sheet else {}
        rows = [SheetRow.of(person, marks.get(pid)) for pid, person in people.items()]
        rows.sort(key=lambda r: r.person.employee_no)
        for row in rows:
            self._set_entered(row, entered[row.person.inspector_id])
            row.visiting_from = homes.get(row.person.inspector_id, "")
        self.sheet = sheet
        self._loaded_key = key
        self.model.set_rows(rows)
        self.note.setText((sheet.note or "") if sheet else "")
        self.note.setStyleSheet("")
        self.note.setToolTip("")
        self.dirty = False
        show_message(self.messages, "")
        self.status.clear()
        self._show_state()
        self._update_summary()
        self._restore_cursor(cursor)
        return True

    def _show_state(self) -> None:
        sheet = self.sheet
        if sheet is None:
            self.state.setText(self.tr("New sheet"))
        else:
            self.state.setText(
                self.tr("Saved · entered by {clerk} · version {version}").format(
                    clerk=sheet.clerk, version=sheet.version
                )
            )
        self.void_button.setEnabled(sheet is not None)

    def _cursor(self) -> tuple[int, int] | None:
        index = self.view.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.model.rows):
            return None
        return self.model.rows[index.row()].person.inspector_id, index.column()

    def _restore_cursor(self, cursor: tuple[int, int] | None) -> None:
        if not self.model.rows:
            return
        row, column = 0, COL["status"]
        if cursor is not None and (found := self.model.row_of_inspector(cursor[0])) >= 0:
            row, column = found, cursor[1]
        self.view.setCurrentIndex(self.model.index(row, column))

    def refresh_entered(self) -> None:
        """Re-read the "entered" column (after a hazard or 三违 card was saved) without touching the marks."""
        key = self._loaded_key
        if key is None:
            return
        _ws, day, shift = key
        with self.ledger.read() as conn:
            for row in self.model.rows:
                self._set_entered(row, duty.entered_items(conn, row.person.inspector_id, day, shift))
        if self.model.rows:
            column = COL["entered"]
            self.model.dataChanged.emit(self.model.index(0, column), self.model.index(len(self.model.rows) - 1, column))

    def _set_entered(self, row: SheetRow, items: dict[str, list[str]]) -> None:
        """Short form for the cell (serials; workstation and year are the sheet's), full numbers in the tooltip."""
        parts = []
        for kind, label in (("hazards", self.tr("Hazard nos.")), ("violations", self.tr("Violations (三违)"))):
            if items[kind]:
                parts.append(label + " " + " ".join(number.rsplit("-", 1)[-1] for number in items[kind]))
        row.entered = " · ".join(parts)
        row.entered_tip = "\n".join(items["hazards"] + items["violations"])

    def _show_key(self, key: Key | None) -> None:
        """Put a sheet's workstation, date and shift back in the bar (without loading anything)."""
        if key is None:
            return
        ws, day, shift = key
        if self.workstation.currentData() != ws:
            self.workstation.setCurrentIndex(self.workstation.findData(ws))
            self._reload_shifts()
        self.date.blockSignals(True)
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.date.blockSignals(False)
        self.shift.setCurrentIndex(self.shift.findData(shift))

    # --- editing ------------------------------------------------------------------------------------
    def _on_edited(self) -> None:
        self.dirty = True
        self._edits += 1
        self._update_summary()

    def _update_summary(self) -> None:
        rows = self.model.rows
        on = sum(r.status == "on" for r in rows)
        exempt = sum(r.status in EXEMPT for r in rows)
        absent = sum(r.status == "absent" for r in rows)
        reported = sum(r.reported for r in rows)
        unmarked = sum(r.status is None for r in rows)
        text = self.tr(
            "Expected {expected} · on duty {on} · leave/injury/training {exempt} · absent {absent} · "
            "reported {reported}"
        ).format(expected=len(rows), on=on, exempt=exempt, absent=absent, reported=reported)
        if unmarked:
            text += " · " + self.tr("not marked {count}").format(count=unmarked)
        self.summary.setText(text)

    def mark_all_on(self) -> None:
        count = self.model.mark_all_unmarked_on()
        self.status.hint(self.tr("{count} inspectors marked on duty.").format(count=count))

    def _request(self, signal: SignalInstance) -> None:
        key = self._loaded_key
        row = self.view.currentIndex().row()
        if key is None or not 0 <= row < len(self.model.rows):
            self.status.error(self.tr("Choose an inspector's row first."))
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

    # --- the roster: who is not on this sheet, visitors ------------------------------------------------
    def _on_not_found(self, typed: str) -> None:
        """Say that what was typed is on no row, and whose roster such an inspector is on."""
        self._not_on_sheet = typed.strip()
        key = self._loaded_key
        number_typed = typed.isascii() and any(ch.isdigit() for ch in typed)  # a 工号 being typed, maybe partly
        if key is None or not number_typed:
            self.status.error(self.tr("No one on this sheet matches “{text}”.").format(text=typed))
            return
        with self.ledger.read() as conn:
            found = duty.on_roll(conn, typed, key[1], prefix=True)
        exact = [entry for entry in found if entry.employee_no == typed.strip()]
        if len(exact) == 1 or len(found) == 1:
            entry = (exact or found)[0]
            self._not_on_sheet = entry.employee_no
            message = self.tr("工号 {number} {name} is not on this sheet (belongs to {workstation}).").format(
                number=entry.employee_no, name=entry.name, workstation=entry.workstation or "—"
            )
            self.status.error(message + " " + self.tr("Ctrl+I adds a visiting inspector."))
        elif found:
            self.status.error(self.tr("工号 {number}… is not on this sheet.").format(number=typed))
        else:
            self.status.error(self.tr("工号 {number} is not on this sheet, nor on the roll.").format(number=typed))

    def _on_found(self) -> None:
        if self._not_on_sheet:
            self._not_on_sheet = ""
            self.status.clear_error()

    def add_visitor(self) -> bool:
        """Add an inspector of another workstation to this sheet for its shift (Ctrl+I), marked on duty.

        The mark is saved and audited with the sheet; an inspector already marked on another sheet of the
        shift is refused here (as the duty service would on saving)."""
        key = self._loaded_key
        if key is None or self.saving:
            return False
        ws, day, shift = key
        number = ask_employee_no(self, self._not_on_sheet)
        if number is None:
            return False
        with self.ledger.read() as conn:
            found = duty.on_roll(conn, number, day)
            elsewhere = duty.marked_elsewhere(conn, found[0].inspector_id, day, shift, ws) if found else ""
            home = duty.visitors_home(conn, [found[0].inspector_id], ws) if found else {}
        if not found:
            message = self.tr("No inspector on the roll on {date} has the 工号 {number}.")
            self.status.error(message.format(date=day.isoformat(), number=number))
            return False
        entry = found[0]
        row = self.model.row_of_inspector(entry.inspector_id)
        if row < 0 and elsewhere:
            message = self.tr("{who} is already marked for this shift on the sheet of {workstation}.")
            self.status.error(message.format(who=f"{entry.employee_no} {entry.name}", workstation=elsewhere))
            return False
        if row < 0:
            visitor = SheetRow(entry.roster_entry(), visiting_from=home.get(entry.inspector_id, ""))
            self.model.set_value(row := self.model.add_row(visitor), "status", "on")
            self._update_summary()
            message = self.tr("{who} ({workstation}) added on duty for this shift; Ctrl+S saves the sheet.")
            self.status.ok(message.format(who=f"{entry.employee_no} {entry.name}", workstation=entry.workstation))
        else:
            self.status.hint(self.tr("{who} is on this sheet already.").format(who=f"{entry.employee_no} {entry.name}"))
        self._not_on_sheet = ""
        self.view.setCurrentIndex(self.model.index(row, COL["status"]))
        self.view.setFocus()
        return True

    # --- saving -------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the sheet on screen (Ctrl+S) on the writer thread; ``False`` if cancelled or a save is running.
        A refused sheet keeps what was typed and marks the cells."""
        if self._busy or self.saving:
            return False
        self._busy = True
        try:
            return self._save(focus_errors=True)
        finally:
            self._busy = False

    def _commit_editor(self) -> None:
        """Ctrl+S while typing in a cell: take what is typed, as Enter would."""
        editor = QApplication.focusWidget()
        if self.view.state() == QAbstractItemView.State.EditingState and editor is not None and editor is not self.view:
            delegate = self.view.itemDelegate()
            if delegate is not None:
                delegate.setModelData(editor, self.model, self.view.currentIndex())
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.view.setFocus()

    def _save(self, *, focus_errors: bool, then: Callable[[], object] | None = None) -> bool:
        """Queue the save of the sheet on screen (asking a reason to change a saved one); *then* runs once it
        is saved. ``False`` if nothing was queued."""
        self._commit_editor()
        key = self._loaded_key
        if key is None:
            return False
        ws, day, shift = key
        note = self.note.text().strip() or None
        data = SheetInput(ws, day, shift, tuple(self.model.marks()), note)
        reason: str | None = None
        version = None
        if self.sheet is not None:
            reason = ask_reason(self, self.tr("Change a saved sheet"), self.tr("Why is this sheet changed?"))
            if reason is None:
                return False
            version = self.sheet.version
        edits = self._edits
        self.status.hint(self.tr("Saving…"))
        self._write = run_write(
            self,
            lambda: duty.save_sheet(self.ledger, data, reason=reason, expected_version=version),
            done=lambda _row: self._saved(key, data, edits, then),
            errors=_SaveErrors(self, key, version, focus_errors),
        )
        return True

    def _saved(self, key: Key, data: SheetInput, edits: int, then: Callable[[], object] | None) -> None:
        if key == self._loaded_key:
            if edits == self._edits:
                self._reload()  # what is stored now: new version, no unsaved marks
            else:  # typed on while it was saved: keep that on screen, unsaved, against the new version
                self._reload_sheet_only()
        on = sum(m.on_duty for m in data.marks)
        reported = sum(m.reported for m in data.marks)
        self.status.ok(self.tr("Saved · {on} on duty, {reported} reported").format(on=on, reported=reported))
        if then is not None:
            then()

    def _reload_sheet_only(self) -> None:
        """Take the stored sheet's version and state, keeping the marks on screen."""
        if self._loaded_key is None:
            return
        with self.ledger.read() as conn:
            self.sheet = duty.find_sheet(conn, *self._loaded_key)
        self._show_state()

    def _refused(self, key: Key, version: int | None, message: str) -> None:
        """A refused save: say why; if the stored sheet changed meanwhile, offer to reload it."""
        self.status.error(message)
        if key != self._loaded_key:
            return
        with self.ledger.read() as conn:
            stored = duty.find_sheet(conn, *key)
        if version is not None and (stored is None or stored.version != version) and ask_reload(self, message):
            self._reload()

    def _show_errors(self, exc: ValidationError, *, focus: bool) -> None:
        cells: dict[tuple[int, str], str] = {}
        messages = []
        first: QModelIndex | None = None
        sheet_widgets: dict[str, QWidget] = {
            "workstation_id": self.workstation,
            "shift_date": self.date,
            "shift_id": self.shift,
            "note": self.note,
        }
        first_widget: QWidget | None = None
        for error in exc.errors:
            parts = error.field.split(":")
            if len(parts) == 3 and parts[0] == "mark":
                inspector, key = int(parts[1]), parts[2]
                cells[(inspector, key)] = error.message
                row = self.model.row_of_inspector(inspector)
                column = COL.get(key, COL["employee_no"])
                if first is None and row >= 0:
                    first = self.model.index(row, column)
            elif error.field in sheet_widgets and first_widget is None:
                first_widget = sheet_widgets[error.field]
            if error.field == "note":
                self.note.setStyleSheet("background: #f8c9c9;")
                self.note.setToolTip(error.message)
            messages.append(error.message)
        self.model.set_errors(cells)
        show_message(self.messages, "\n".join(dict.fromkeys(messages)))
        self.status.error(self.tr("Not saved: correct the marked cells."))
        if not focus:
            return
        if first is not None:
            self.view.setCurrentIndex(first)
            self.view.setFocus()
        elif first_widget is not None:
            first_widget.setFocus()

    def void_sheet(self) -> None:
        """Void the stored sheet (entered by mistake) after asking for a reason."""
        if self.sheet is None or self.saving:
            return
        reason = ask_reason(self, self.tr("Void this sheet"), self.tr("Why is this sheet void?"))
        if reason is None:
            return
        sheet_id = self.sheet.id
        self._write = run_write(
            self,
            lambda: duty.void_sheet(self.ledger, sheet_id, reason),
            done=lambda _row: self._voided(),
            errors=self.status,
        )

    def _voided(self) -> None:
        self._reload()
        self.status.ok(self.tr("The sheet was voided; its shifts no longer count."))


class _SaveErrors:
    """Where a refused save of one sheet goes (an ``operations.ErrorSink``): the cells and the messages if that
    sheet is still on screen; a refusal may offer to reload a sheet changed meanwhile."""

    def __init__(self, page: ShiftSheetPage, key: Key, version: int | None, focus: bool) -> None:
        self.page, self.key, self.version, self.focus = page, key, version, focus

    def invalid(self, error: ValidationError) -> None:
        if self.key == self.page._loaded_key:
            self.page._show_errors(error, focus=self.focus)
        else:
            self.page.status.invalid(error)

    def failed(self, message: str) -> None:
        self.page._refused(self.key, self.version, message)
