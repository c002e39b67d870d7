"""The network's other activities, one tab each: suggestions, safety squads, representatives' tours, family
assistance. Every tab: a period, the period's figures, the list, and a keyboard form (Tab moves, Ctrl+Enter
saves, errors under their fields, nothing typed is lost) with the kind's own actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError, SafetyWatchError, ValidationError
from safetywatch.domain.validation import parse_iso_date
from safetywatch.services import family, reference, squads, suggestions, tours
from safetywatch.services.database import Ledger
from safetywatch.services.family import FamilyInput
from safetywatch.services.squads import SquadInput
from safetywatch.services.suggestions import SuggestionInput
from safetywatch.services.tours import ProblemInput, TourInput
from safetywatch.ui.common import page_title
from safetywatch.ui.hazard_form import ERROR_STYLE, HINT_STYLE, OK_STYLE, ChoiceCombo


def ask_text(parent: QWidget, title: str, label: str) -> str | None:
    """A line of text from the user (reviewer, reason, hazard number); ``None`` if cancelled. Tests replace it."""
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | long | date | int | choice
    choices: tuple[tuple[str, str], ...] = ()


class RecordForm(QWidget):
    """A form built from :class:`Field` specs; ``values()`` gives typed values or collects errors."""

    save_requested = Signal()

    def __init__(self, fields: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
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
            widget.installEventFilter(self)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(widget)
            column.addWidget(error)
            layout.addRow(spec.label, cell)
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

    def clear(self) -> None:
        for spec in self.fields:
            if spec.kind != "choice":
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
        """Put each message under its field; return the messages that belong to no field."""
        self.clear_errors()
        rest = []
        for error in errors:
            label = self.errors.get(error.field)
            if label is None:
                rest.append(error.message)
            else:
                label.setText(error.message)
                label.show()
        first = next((self.widgets[e.field] for e in errors if e.field in self.widgets), None)
        if first is not None:
            first.setFocus()
        return rest

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()


class ActivityTab(QWidget):
    """A period, its figures, the list of records and a form for a new one."""

    changed = Signal()

    def __init__(
        self,
        ledger: Ledger,
        columns: Sequence[tuple[str, str]],
        fields: Sequence[Field],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []
        self._shown_once = False
        today = ledger.clock.today()
        self.date_from = QLineEdit(today.replace(month=1, day=1).isoformat())
        self.date_to = QLineEdit(today.isoformat())
        for edit in (self.date_from, self.date_to):
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
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([header for _, header in self.columns])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.form = RecordForm(fields)
        self.form.save_requested.connect(self.save)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.save)
        self.void_button = QPushButton(self.tr("Void…"))
        self.void_button.clicked.connect(self.void_selected)
        self.action_bar = QHBoxLayout()
        self.action_bar.addWidget(self.void_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.save_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.form_box = QVBoxLayout()
        title = QLabel(self.tr("New record"))
        title.setStyleSheet("font-weight: bold;")
        self.form_box.addWidget(title)
        self.form_box.addWidget(self.form)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(self.form_box)
        right_layout.addLayout(self.action_bar)
        right_layout.addWidget(self.status)
        right_layout.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.figures)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._shown_once:  # the year's list is read when the tab is first opened, not at start-up
            self._shown_once = True
            self.refresh()
        super().showEvent(event)

    # kind-specific parts -----------------------------------------------------------------------------
    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        raise NotImplementedError

    def create_record(self, values: dict[str, Any]) -> str:
        raise NotImplementedError

    def void_record(self, record_id: int, reason: str) -> None:
        raise NotImplementedError

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

    def refresh(self) -> None:
        span = self.period()
        if span is None:
            return
        try:
            self.rows, figures = self.load_rows(*span)
        except SafetyWatchError as exc:
            self.say(str(exc), ERROR_STYLE)
            return
        self.figures.setText(figures)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (key, _header) in enumerate(self.columns):
                item = QTableWidgetItem(self.display(key, row))
                if row.get("voided"):
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)

    def selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def save(self) -> None:
        values, errors = self.form.values()
        try:
            if errors:
                raise ValidationError(errors)
            message = self.create_record(values)
        except ValidationError as exc:
            rest = self.form.show_errors(exc.errors)
            self.say("\n".join([self.tr("Not saved: correct the fields marked in red."), *rest]), ERROR_STYLE)
            return
        except SafetyWatchError as exc:
            self.say(str(exc), ERROR_STYLE)
            return
        self.form.clear()
        self.say(message, OK_STYLE)
        self.refresh()
        self.changed.emit()

    def act(self, action: Callable[[], object], message: str) -> None:
        try:
            action()
        except ValidationError as exc:
            self.say("\n".join(e.message for e in exc.errors), ERROR_STYLE)
            return
        except SafetyWatchError as exc:
            self.say(str(exc), ERROR_STYLE)
            return
        self.say(message, OK_STYLE)
        self.refresh()
        self.changed.emit()

    def void_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return
        reason = ask_text(self, self.tr("Void"), self.tr("Why is this record void?"))
        if reason is not None:
            self.act(lambda: self.void_record(int(row["id"]), reason), self.tr("Voided."))

    def say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def add_action(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        self.action_bar.insertWidget(1, button)
        return button


class SuggestionsTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        statuses = {
            "submitted": self.tr("Submitted"),
            "adopted": self.tr("Adopted"),
            "rejected": self.tr("Not adopted"),
        }
        self.status_names = statuses
        super().__init__(
            ledger,
            [
                ("proposed_on", self.tr("Date")),
                ("proposer_name", self.tr("Proposer")),
                ("unit_name", self.tr("Unit")),
                ("category_name", self.tr("Kind of suggestion")),
                ("content", self.tr("Suggestion")),
                ("status", self.tr("Status")),
                ("implemented_on", self.tr("Implemented")),
                ("reward_yuan", self.tr("Reward (yuan)")),
            ],
            [
                Field("proposed_on", self.tr("Date"), "date"),
                Field("proposer_id", self.tr("Inspector (or type a name below)"), "ref"),
                Field("proposer_name", self.tr("Proposer's name")),
                Field("unit_id", self.tr("Unit"), "ref"),
                Field("category_id", self.tr("Kind of suggestion"), "ref"),
                Field("content", self.tr("Suggestion"), "long"),
            ],
            parent,
        )
        with ledger.read() as conn:
            proposer = self.form.widgets["proposer_id"]
            unit = self.form.widgets["unit_id"]
            category = self.form.widgets["category_id"]
            assert isinstance(proposer, ChoiceCombo) and isinstance(unit, ChoiceCombo)
            assert isinstance(category, ChoiceCombo)
            proposer.set_choices(reference.choices(conn, "inspector", ledger.clock.today()))
            unit.set_choices(reference.org_units(conn, "unit"))
            category.set_choices(reference.choices(conn, "suggestion_category"))
        self.form.set("proposed_on", ledger.clock.today().isoformat())
        self.status_names = {
            "submitted": self.tr("Submitted"),
            "adopted": self.tr("Adopted"),
            "rejected": self.tr("Not adopted"),
        }
        self.add_action(self.tr("Review…"), self.review)
        self.add_action(self.tr("Implemented…"), self.implement)

    def display(self, key: str, row: dict[str, Any]) -> str:
        if key == "status":
            return self.status_names.get(str(row["status"]), str(row["status"]))
        return super().display(key, row)

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = suggestions.listing(conn, date_from, date_to)
            s = suggestions.stats(conn, date_from, date_to)
        return rows, self.tr(
            "{made} suggestions: {adopted} adopted, {rejected} not adopted, {pending} waiting; "
            "{implemented} implemented; rewards {reward} yuan"
        ).format(
            made=s["made"],
            adopted=s["adopted"],
            rejected=s["rejected"],
            pending=s["pending"],
            implemented=s["implemented"],
            reward=s["reward_yuan"],
        )

    def create_record(self, values: dict[str, Any]) -> str:
        suggestions.submit(self.ledger, SuggestionInput(**values))
        return self.tr("Suggestion saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        suggestions.void(self.ledger, record_id, reason)

    def review(self) -> None:
        row = self.selected()
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return
        verdict, ok = QInputDialog.getItem(
            self, self.tr("Review"), self.tr("Decision"), [self.tr("Adopted"), self.tr("Not adopted")], 0, False
        )
        if not ok:
            return
        reviewer = ask_text(self, self.tr("Review"), self.tr("Reviewed by"))
        if reviewer is None:
            return
        note = ask_text(self, self.tr("Review"), self.tr("Note (why, if not adopted)")) or ""
        adopted = verdict == self.tr("Adopted")
        today = self.ledger.clock.today()
        self.act(
            lambda: suggestions.review(self.ledger, int(row["id"]), adopted, reviewer, today, note),
            self.tr("Review saved."),
        )

    def implement(self) -> None:
        row = self.selected()
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return
        who = ask_text(self, self.tr("Implemented"), self.tr("Implemented by (unit)"))
        if who is None:
            return
        reward_text = ask_text(self, self.tr("Implemented"), self.tr("Reward (yuan, may be empty)")) or ""
        reward = int(reward_text) if reward_text.strip().isdigit() else None
        today = self.ledger.clock.today()
        self.act(
            lambda: suggestions.implement(self.ledger, int(row["id"]), who, today, "", reward),
            self.tr("Implementation saved."),
        )


class SquadsTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(
            ledger,
            [
                ("on_date", self.tr("Date")),
                ("squad", self.tr("Squad")),
                ("leader", self.tr("Leader")),
                ("route", self.tr("Route / areas")),
                ("hazards", self.tr("Hazards found")),
                ("violations_stopped", self.tr("三违 stopped")),
            ],
            [
                Field("on_date", self.tr("Date"), "date"),
                Field("squad", self.tr("Squad")),
                Field("leader", self.tr("Leader")),
                Field("members", self.tr("Members"), "long"),
                Field("route", self.tr("Route / areas")),
                Field("violations_stopped", self.tr("三违 stopped"), "int"),
                Field("note", self.tr("Notes"), "long"),
            ],
            parent,
        )
        self.form.set("on_date", ledger.clock.today().isoformat())
        self.add_action(self.tr("Link a hazard…"), self.link)

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = squads.listing(conn, date_from, date_to)
            s = squads.stats(conn, date_from, date_to)
        return rows, self.tr(
            "{activities} squad checks; {found} hazards found, {rectified} of them rectified; {stopped} 三违 stopped"
        ).format(
            activities=s["activities"],
            found=s["hazards_found"],
            rectified=s["hazards_rectified"],
            stopped=s["violations_stopped"],
        )

    def create_record(self, values: dict[str, Any]) -> str:
        values["violations_stopped"] = values["violations_stopped"] or 0
        squads.record(self.ledger, SquadInput(**values))
        return self.tr("Squad activity saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        squads.void(self.ledger, record_id, reason)

    def link(self) -> None:
        row = self.selected()
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return
        number = ask_text(self, self.tr("Link a hazard"), self.tr("Hazard number"))
        if number:
            self.act(lambda: squads.link_hazard(self.ledger, int(row["id"]), number), self.tr("Hazard linked."))


class ToursTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(
            ledger,
            [
                ("on_date", self.tr("Date")),
                ("organiser", self.tr("Organised by")),
                ("areas", self.tr("Areas")),
                ("reps", self.tr("Representatives")),
                ("problems", self.tr("Problems")),
            ],
            [
                Field("on_date", self.tr("Date"), "date"),
                Field("organiser", self.tr("Organised by")),
                Field("areas", self.tr("Areas")),
                Field("reps", self.tr("Representatives"), "int"),
                Field("note", self.tr("Notes"), "long"),
            ],
            parent,
        )
        self.form.set("on_date", ledger.clock.today().isoformat())
        self.status_names = {
            "on_site": self.tr("Solved on site"),
            "later": self.tr("Solved later"),
            "open": self.tr("Open"),
        }
        self.category_names = {
            "safety": self.tr("Safety"),
            "labour": self.tr("Labour protection"),
            "other": self.tr("Other"),
        }
        self.problem_table = QTableWidget(3, 4)
        self.problem_table.setHorizontalHeaderLabels(
            [self.tr("Problem"), self.tr("Kind of problem"), self.tr("Status"), self.tr("Deadline")]
        )
        self.problem_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.problem_table.verticalHeader().setVisible(False)
        for r in range(self.problem_table.rowCount()):
            self._init_problem_row(r)
        more = QPushButton(self.tr("Another problem"))
        more.clicked.connect(self._add_problem_row)
        self.form_box.addWidget(QLabel(self.tr("Problems raised (one per line; empty lines are ignored)")))
        self.form_box.addWidget(self.problem_table)
        self.form_box.addWidget(more)
        self.problems_view = QLabel()
        self.problems_view.setWordWrap(True)
        self.problems_view.setStyleSheet(HINT_STYLE)
        self.form_box.addWidget(self.problems_view)
        self.table.itemSelectionChanged.connect(self._show_problems)

    def _init_problem_row(self, row: int) -> None:
        category = QComboBox()
        for key, text in self.category_names.items():
            category.addItem(text, key)
        status = QComboBox()
        for key, text in self.status_names.items():
            status.addItem(text, key)
        self.problem_table.setCellWidget(row, 1, category)
        self.problem_table.setCellWidget(row, 2, status)
        self.problem_table.setItem(row, 0, QTableWidgetItem(""))
        self.problem_table.setItem(row, 3, QTableWidgetItem(""))

    def _add_problem_row(self) -> None:
        self.problem_table.insertRow(self.problem_table.rowCount())
        self._init_problem_row(self.problem_table.rowCount() - 1)

    def problems(self) -> tuple[list[ProblemInput], list[FieldError]]:
        out: list[ProblemInput] = []
        errors: list[FieldError] = []
        for r in range(self.problem_table.rowCount()):
            text_item, deadline_item = self.problem_table.item(r, 0), self.problem_table.item(r, 3)
            text = text_item.text() if text_item else ""
            if not text.strip():
                continue
            category, status = self.problem_table.cellWidget(r, 1), self.problem_table.cellWidget(r, 2)
            assert isinstance(category, QComboBox) and isinstance(status, QComboBox)
            deadline_text = deadline_item.text().strip() if deadline_item else ""
            deadline = parse_iso_date(deadline_text) if deadline_text else None
            if deadline_text and deadline is None:
                errors.append(
                    FieldError(f"problems[{len(out)}].deadline", self.tr("Not a date; type it as YYYY-MM-DD."))
                )
            out.append(ProblemInput(text.strip(), None, category.currentData(), status.currentData(), deadline))
        return out, errors

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = tours.listing(conn, date_from, date_to)
            s = tours.stats(conn, date_from, date_to)
        return rows, self.tr(
            "{tours} tours, {reps} representatives; {found} problems found: {on_site} solved on site, "
            "{later} to be solved by a deadline, {open} open"
        ).format(
            tours=s["tours"],
            reps=s["reps"],
            found=s["problems_found"],
            on_site=s["solved_on_site"],
            later=s["solved_later"],
            open=s["unsolved"],
        )

    def create_record(self, values: dict[str, Any]) -> str:
        problems, errors = self.problems()
        if errors:
            raise ValidationError(errors)
        try:
            tours.record_tour(self.ledger, TourInput(**values), problems)
        except ValidationError as exc:
            # problem rows are numbered among the non-empty lines, from 1 for people
            messages = [
                FieldError(
                    e.field,
                    self.tr("Problem {n}: {message}").format(n=int(e.field[9:].split("]")[0]) + 1, message=e.message),
                )
                if e.field.startswith("problems[")
                else e
                for e in exc.errors
            ]
            raise ValidationError(messages) from None
        for r in range(self.problem_table.rowCount()):
            for c in (0, 3):
                self.problem_table.setItem(r, c, QTableWidgetItem(""))
        return self.tr("Tour saved with {count} problems.").format(count=len(problems))

    def void_record(self, record_id: int, reason: str) -> None:
        tours.void(self.ledger, record_id, reason)

    def _show_problems(self) -> None:
        row = self.selected()
        if row is None:
            self.problems_view.clear()
            return
        with self.ledger.read() as conn:
            items = tours.problems(conn, int(row["id"]))
        lines = [
            f"{i}. {p['description']} · {self.category_names.get(p['category'], p['category'])} · "
            f"{self.status_names.get(p['status'], p['status'])}" + (f" · {p['deadline']}" if p["deadline"] else "")
            for i, p in enumerate(items, 1)
        ]
        self.problems_view.setText("\n".join(lines))


class FamilyTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        # before QWidget.__init__ there is no self.tr(): the application translator directly
        self.kind_names = {
            "home_visit": QCoreApplication.translate("FamilyTab", "Home visit"),
            "conflict": QCoreApplication.translate("FamilyTab", "Family conflict resolved"),
            "forum": QCoreApplication.translate("FamilyTab", "Forum"),
            "pithead": QCoreApplication.translate("FamilyTab", "Pit-head visit"),
        }
        reasons = (
            ("violation", QCoreApplication.translate("FamilyTab", "三违 offender")),
            ("worry", QCoreApplication.translate("FamilyTab", "不放心人员")),
            ("other", QCoreApplication.translate("FamilyTab", "Other")),
        )
        super().__init__(
            ledger,
            [
                ("on_date", self.tr("Date")),
                ("kind", self.tr("Activity")),
                ("visitors", self.tr("Visitors / organisers")),
                ("person_visited", self.tr("Person visited")),
                ("participants", self.tr("Participants")),
                ("outcome", self.tr("Outcome")),
            ],
            [
                Field("on_date", self.tr("Date"), "date"),
                Field("kind", self.tr("Activity"), "choice", tuple(self.kind_names.items())),
                Field("visitors", self.tr("Visitors / organisers")),
                Field("person_visited", self.tr("Person visited")),
                Field("reason", self.tr("Why visited"), "choice", reasons),
                Field("worry_type", self.tr("Kind of 不放心人员")),
                Field("violation_number", self.tr("三违 number (optional)")),
                Field("participants", self.tr("Participants"), "int"),
                Field("outcome", self.tr("Outcome"), "long"),
                Field("follow_up", self.tr("Follow-up"), "long"),
            ],
            parent,
        )
        self.form.set("on_date", ledger.clock.today().isoformat())

    def display(self, key: str, row: dict[str, Any]) -> str:
        if key == "kind":
            return self.kind_names.get(str(row["kind"]), str(row["kind"]))
        return super().display(key, row)

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = family.listing(conn, date_from, date_to)
            s = family.stats(conn, date_from, date_to)
        return rows, self.tr(
            "{visits} home visits ({violation} to 三违 people, {worry} to 不放心人员); {conflicts} conflicts resolved; "
            "{forums} forums ({forum_people} people); {pithead} pit-head visits ({pithead_people} people)"
        ).format(
            visits=s["home_visit"],
            violation=s["visits_violation"],
            worry=s["visits_worry"],
            conflicts=s["conflict"],
            forums=s["forum"],
            forum_people=s["forum_participants"],
            pithead=s["pithead"],
            pithead_people=s["pithead_participants"],
        )

    def create_record(self, values: dict[str, Any]) -> str:
        family.record(self.ledger, FamilyInput(**values))
        return self.tr("Saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        family.void(self.ledger, record_id, reason)


class ActivitiesPage(QWidget):
    """The four activity tabs of the network."""

    changed = Signal()

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = page_title(self.tr("Network activities"))
        self.suggestions = SuggestionsTab(ledger)
        self.squads = SquadsTab(ledger)
        self.tours = ToursTab(ledger)
        self.family = FamilyTab(ledger)
        self.tabs = QTabWidget()
        for tab, text in (
            (self.suggestions, self.tr("Safety suggestions")),
            (self.squads, self.tr("Safety squads")),
            (self.tours, self.tr("Representatives' tours")),
            (self.family, self.tr("Family assistance")),
        ):
            self.tabs.addTab(tab, text)
            tab.changed.connect(self.changed.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.activated.connect(lambda: self.current().save())

    def current(self) -> ActivityTab:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, ActivityTab)
        return tab
