"""The network's other activities, one tab each: suggestions (合理化建议), safety squads (小分队), worker
representatives' tours (职工代表巡视) and family assistance (女工家属协管).

Every tab: a period, the period's figures, the list, and a keyboard form on the right (Tab moves, Enter or
Ctrl+Enter saves, errors under their fields, nothing typed is lost) that registers a new record or amends the
selected one with a reason; plus the kind's own steps (review and implementation of a suggestion, hazards linked
to a squad check or a tour, a tour's problems in an editable sub-table).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError, SafetyWatchError, ValidationError
from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.domain.validation import parse_iso_date
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import family, reference, squads, suggestions, tours
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.squads import SquadInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.ui.activity_widgets import CHANGE_REASON, ActionDialog, ActivityTab, Field, as_change_reason
from safetywatch.ui.widgets import ERROR_STYLE, OK_STYLE, ChoiceCombo, page_title

# -- suggestions -------------------------------------------------------------------------------------------


class SuggestionsTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate  # before QWidget.__init__ there is no self.tr()
        self.status_names = {
            "submitted": translate("SuggestionsTab", "Submitted"),
            "adopted": translate("SuggestionsTab", "Adopted"),
            "rejected": translate("SuggestionsTab", "Not adopted"),
        }
        super().__init__(
            ledger,
            [
                ("proposed_on", translate("SuggestionsTab", "Date")),
                ("proposer_name", translate("SuggestionsTab", "Proposer")),
                ("unit_name", translate("SuggestionsTab", "Unit")),
                ("category_name", translate("SuggestionsTab", "Kind of suggestion")),
                ("status", translate("SuggestionsTab", "Status")),
                ("implemented_on", translate("SuggestionsTab", "Implemented")),
                ("reward_yuan", translate("SuggestionsTab", "Reward (yuan)")),
                ("content", translate("SuggestionsTab", "Suggestion")),
            ],
            [
                Field("proposed_on", translate("SuggestionsTab", "Date"), "date"),
                Field("proposer_id", translate("SuggestionsTab", "Inspector (or type a name below)"), "ref"),
                Field("proposer_name", translate("SuggestionsTab", "Proposer's name")),
                Field("unit_id", translate("SuggestionsTab", "Unit"), "ref"),
                Field("category_id", translate("SuggestionsTab", "Kind of suggestion"), "ref"),
                Field("content", translate("SuggestionsTab", "Suggestion"), "long"),
            ],
            parent,
        )
        with ledger.read() as conn:
            lists = {
                "proposer_id": reference.choices(conn, "inspector", ledger.clock.today()),
                "unit_id": reference.org_units(conn, "unit"),
                "category_id": reference.choices(conn, "suggestion_category"),
            }
        for name, items in lists.items():
            combo = self.form.widgets[name]
            assert isinstance(combo, ChoiceCombo)
            combo.set_choices(items)
        self.form.set("proposed_on", ledger.clock.today().isoformat())
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All"), None)
        for key, text in self.status_names.items():
            self.status_filter.addItem(text, key)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.status_filter)
        self.review_button = self.add_action(self.tr("Review…"), self.review)
        self.implement_button = self.add_action(self.tr("Implemented…"), self.implement)
        self.detail = self.hint("")
        self.extras.addWidget(self.detail)
        self.selection_changed(None)

    def kept_on_new(self) -> tuple[str, ...]:
        return ("proposed_on", "unit_id", "category_id")

    def display(self, key: str, row: dict[str, Any]) -> str:
        if key == "status":
            return self.status_names.get(str(row["status"]), str(row["status"]))
        return super().display(key, row)

    def describe(self, row: dict[str, Any]) -> str:
        return f"{row['proposed_on']} {row['proposer_name']}"

    def form_values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        values = super().form_values_of(row)
        if row["proposer_id"] is not None:
            values["proposer_name"] = ""  # the name comes from the roster
        return values

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = suggestions.list_suggestions(conn, date_from, date_to, self.status_filter.currentData())
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

    def amend_record(self, row: dict[str, Any], values: dict[str, Any], reason: str) -> str:
        suggestions.amend(
            self.ledger, int(row["id"]), SuggestionInput(**values), reason, expected_version=row["version"]
        )
        return self.tr("Saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        suggestions.void(self.ledger, record_id, reason)

    def selection_changed(self, row: dict[str, Any] | None) -> None:
        live = row is not None and not row["voided"]
        self.review_button.setEnabled(live and row is not None and row["status"] == "submitted")
        self.implement_button.setEnabled(
            live and row is not None and row["status"] == "adopted" and row["implemented_on"] is None
        )
        lines = []
        if row is not None and row["reviewed_on"]:
            lines.append(
                self.tr("Reviewed on {date} by {who}: {decision}. {note}").format(
                    date=row["reviewed_on"],
                    who=row["reviewed_by"],
                    decision=self.status_names.get(row["status"], row["status"]),
                    note=row["review_note"] or "",
                )
            )
        if row is not None and row["implemented_on"]:
            lines.append(
                self.tr("Implemented on {date} by {who}; benefit: {benefit}; reward {reward} yuan").format(
                    date=row["implemented_on"],
                    who=row["implemented_by"],
                    benefit=row["benefit"] or "—",
                    reward=row["reward_yuan"] or 0,
                )
            )
        self.detail.setText("\n".join(lines))

    def review(self) -> ActionDialog | None:
        row = self.selected()
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return None
        decisions = (("adopted", self.tr("Adopted")), ("rejected", self.tr("Not adopted")))
        fields = [
            Field("decision", self.tr("Decision"), "choice", decisions),
            Field("reviewed_by", self.tr("Reviewed by")),
            Field("reviewed_on", self.tr("Review date"), "date"),
            Field("note", self.tr("Note (why, if not adopted)"), "long"),
        ]

        def submit(values: dict[str, Any]) -> str:
            adopted = values["decision"] == "adopted"
            suggestions.review(
                self.ledger, int(row["id"]), adopted, values["reviewed_by"], values["reviewed_on"], values["note"]
            )
            return self.tr("Review saved.")

        dialog = self.open_dialog(self.tr("Review"), fields, submit)
        dialog.form.set("reviewed_on", self.ledger.clock.today().isoformat())
        return dialog

    def implement(self) -> ActionDialog | None:
        row = self.selected()
        if row is None:
            self.say(self.tr("Choose a record in the list first."), ERROR_STYLE)
            return None
        fields = [
            Field("implemented_by", self.tr("Implemented by (unit)")),
            Field("implemented_on", self.tr("Implemented on"), "date"),
            Field("benefit", self.tr("Benefit"), "long"),
            Field("reward_yuan", self.tr("Reward (yuan, may be empty)"), "int"),
        ]

        def submit(values: dict[str, Any]) -> str:
            suggestions.implement(self.ledger, int(row["id"]), **values)
            return self.tr("Implementation saved.")

        dialog = self.open_dialog(self.tr("Implemented"), fields, submit)
        dialog.form.set("implemented_on", self.ledger.clock.today().isoformat())
        return dialog


# -- hazards linked to a squad check or a tour --------------------------------------------------------------


class HazardLinks(QWidget):
    """The hazards credited to the selected activity: link one by its number, unlink one with the reason."""

    def __init__(self, tab: ActivityTab, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tab = tab
        self.service = service  # squads or tours: link_hazard / unlink_hazard
        self.hazard_ids: list[int] = []
        self.caption = QLabel(self.tr("Hazards found"))
        self.caption.setStyleSheet("font-weight: bold;")
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("Hazard number, e.g. JK01-2026-00017"))
        self.number.returnPressed.connect(self.link)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        link = QPushButton(self.tr("Link"))
        link.clicked.connect(self.link)
        self.unlink_button = QPushButton(self.tr("Unlink…"))
        self.unlink_button.setToolTip(self.tr("Type the reason in the form, then unlink."))
        self.unlink_button.clicked.connect(self.unlink)
        row = QHBoxLayout()
        row.addWidget(self.number, 1)
        row.addWidget(link)
        row.addWidget(self.unlink_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def show_for(self, rows: list[dict[str, Any]] | None) -> None:
        self.setEnabled(rows is not None)
        self.list.clear()
        self.hazard_ids = []
        for h in rows or []:
            status = HazardStatus(h["status"]).label
            on_site = f"（{self.tr('fixed on site')}）" if h["fixed_on_site"] else ""
            self.list.addItem(f"{h['number']} · {h['found_date']} · {status}{on_site} · {h['description']}")
            self.hazard_ids.append(int(h["id"]))
        self.error.hide()

    def _say_error(self, exc: ValidationError) -> None:
        self.error.setText("\n".join(e.message for e in exc.errors if e.field != "reason"))
        self.error.setVisible(bool(self.error.text()))
        self.tab.form.show_errors([as_change_reason(e) for e in exc.errors if e.field == "reason"])

    def link(self) -> None:
        row = self.tab.selected()
        if row is None:
            return
        try:
            self.service.link_hazard(self.tab.ledger, int(row["id"]), self.number.text())
        except ValidationError as exc:
            self._say_error(exc)
            return
        except SafetyWatchError as exc:  # not allowed for this role, storage trouble
            self.error.setText(str(exc))
            self.error.show()
            return
        self.number.clear()
        self.tab.say(self.tr("Hazard linked."), OK_STYLE)
        self.tab.refresh()
        self.tab.changed.emit()

    def unlink(self) -> None:
        row = self.tab.selected()
        index = self.list.currentRow()
        if row is None or not 0 <= index < len(self.hazard_ids):
            self.error.setText(self.tr("Choose a hazard in the list first."))
            self.error.show()
            return
        try:
            self.service.unlink_hazard(
                self.tab.ledger, int(row["id"]), self.hazard_ids[index], self.tab.form.text(CHANGE_REASON)
            )
        except ValidationError as exc:
            self._say_error(exc)
            return
        except SafetyWatchError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.tab.form.set(CHANGE_REASON, "")
        self.tab.say(self.tr("Hazard unlinked."), OK_STYLE)
        self.tab.refresh()
        self.tab.changed.emit()


# -- safety squads -----------------------------------------------------------------------------------------


class SquadsTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
        super().__init__(
            ledger,
            [
                ("on_date", translate("SquadsTab", "Date")),
                ("squad", translate("SquadsTab", "Squad")),
                ("leader", translate("SquadsTab", "Leader")),
                ("route", translate("SquadsTab", "Route / areas")),
                ("hazards", translate("SquadsTab", "Hazards found")),
                ("violations_stopped", translate("SquadsTab", "三违 stopped")),
            ],
            [
                Field("on_date", translate("SquadsTab", "Date"), "date"),
                Field("squad", translate("SquadsTab", "Squad")),
                Field("leader", translate("SquadsTab", "Leader")),
                Field("members", translate("SquadsTab", "Members"), "long"),
                Field("route", translate("SquadsTab", "Route / areas")),
                Field("violations_stopped", translate("SquadsTab", "三违 stopped"), "int"),
                Field("note", translate("SquadsTab", "Notes"), "long"),
            ],
            parent,
        )
        self.form.set("on_date", ledger.clock.today().isoformat())
        self.links = HazardLinks(self, squads)
        self.extras.addWidget(self.links)
        self.links.show_for(None)

    def kept_on_new(self) -> tuple[str, ...]:
        return ("on_date",)

    def describe(self, row: dict[str, Any]) -> str:
        return f"{row['on_date']} {row['squad']}"

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = squads.listing(conn, date_from, date_to)
            s = squads.squad_stats(conn, date_from, date_to)
        return rows, self.tr(
            "{activities} squad checks; {found} hazards found, {rectified} of them rectified; {stopped} 三违 stopped"
        ).format(
            activities=s["activities"],
            found=s["hazards_found"],
            rectified=s["hazards_rectified"],
            stopped=s["violations_stopped"],
        )

    def create_record(self, values: dict[str, Any]) -> str:
        squads.record_squad(self.ledger, SquadInput(**values))
        return self.tr("Squad activity saved.")

    def amend_record(self, row: dict[str, Any], values: dict[str, Any], reason: str) -> str:
        squads.amend(self.ledger, int(row["id"]), SquadInput(**values), reason, expected_version=row["version"])
        return self.tr("Saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        squads.void(self.ledger, record_id, reason)

    def selection_changed(self, row: dict[str, Any] | None) -> None:
        if row is None or row["voided"]:
            self.links.show_for(None)
            return
        with self.ledger.read() as conn:
            self.links.show_for(squads.squad_hazards(conn, int(row["id"])))


# -- worker representatives' tours -------------------------------------------------------------------------

_PROBLEM_COLUMNS = ("description", "unit_id", "category", "status", "deadline", "reply")
_ERROR_BACKGROUND = QColor("#ffebee")


class ToursTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
        super().__init__(
            ledger,
            [
                ("on_date", translate("ToursTab", "Date")),
                ("organiser", translate("ToursTab", "Organised by")),
                ("areas", translate("ToursTab", "Areas")),
                ("reps", translate("ToursTab", "Representatives")),
                ("problems", translate("ToursTab", "Problems")),
            ],
            [
                Field("on_date", translate("ToursTab", "Date"), "date"),
                Field("organiser", translate("ToursTab", "Organised by")),
                Field("areas", translate("ToursTab", "Areas")),
                Field("reps", translate("ToursTab", "Representatives"), "int"),
                Field("note", translate("ToursTab", "Notes"), "long"),
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
        with ledger.read() as conn:
            self.units = reference.org_units(conn, "unit")
        self.problem_ids: list[int | None] = []
        self.problem_table = QTableWidget(0, len(_PROBLEM_COLUMNS))
        self.problem_table.setHorizontalHeaderLabels(
            [
                self.tr("Problem"),
                self.tr("Unit"),
                self.tr("Kind of problem"),
                self.tr("Status"),
                self.tr("Deadline"),
                self.tr("Reply"),
            ]
        )
        header = self.problem_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in ((1, 84), (2, 84), (3, 88), (4, 88), (5, 110)):
            self.problem_table.setColumnWidth(column, width)
        self.problem_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_table.setMinimumHeight(200)
        more = QPushButton(self.tr("Another problem"))
        more.clicked.connect(lambda: self._add_problem_row(None))
        self.void_problem_button = QPushButton(self.tr("Void problem…"))
        self.void_problem_button.setToolTip(self.tr("Type the reason in the form, then void."))
        self.void_problem_button.clicked.connect(self.void_problem)
        buttons = QHBoxLayout()
        buttons.addWidget(more)
        buttons.addWidget(self.void_problem_button)
        buttons.addStretch(1)
        caption = QLabel(self.tr("Problems raised"))
        caption.setStyleSheet("font-weight: bold;")
        self.extras.addWidget(caption)
        self.extras.addWidget(
            self.hint(
                self.tr(
                    "One problem per line; empty lines are ignored. A problem to be solved later needs a deadline. "
                    "Later an open problem may get a deadline, or a missed one become open again (with the reason); "
                    "“solved on site” is only set at the tour."
                )
            )
        )
        self.extras.addWidget(self.problem_table)
        self.extras.addLayout(buttons)
        self.links = HazardLinks(self, tours)
        self.extras.addWidget(self.links)
        self.splitter.setSizes([590, 670])  # the problem sub-table needs the room
        self.selection_changed(None)

    # the problem sub-table -------------------------------------------------------------------------------
    def _add_problem_row(self, problem: dict[str, Any] | None) -> None:
        r = self.problem_table.rowCount()
        self.problem_table.insertRow(r)
        unit = QComboBox()
        unit.addItem("", None)
        for choice in self.units:
            unit.addItem(choice.name, choice.id)
        category = QComboBox()
        for key, text in self.category_names.items():
            category.addItem(text, key)
        status = QComboBox()
        for key, text in self.status_names.items():
            status.addItem(text, key)
        status.setCurrentIndex(status.findData("open"))
        for column, combo in ((1, unit), (2, category), (3, status)):
            self.problem_table.setCellWidget(r, column, combo)
        for column in (0, 4, 5):
            self.problem_table.setItem(r, column, QTableWidgetItem(""))
        self.problem_ids.append(None if problem is None else int(problem["id"]))
        if problem is not None:
            self._cell(r, 0).setText(problem["description"])
            unit.setCurrentIndex(max(0, unit.findData(problem["unit_id"])))
            category.setCurrentIndex(max(0, category.findData(problem["category"])))
            status.setCurrentIndex(max(0, status.findData(problem["status"])))
            self._cell(r, 4).setText(problem["deadline"] or "")
            self._cell(r, 5).setText(problem["reply"] or "")

    def _reset_problem_rows(self, problems: list[dict[str, Any]]) -> None:
        self.problem_table.setRowCount(0)
        self.problem_ids = []
        for problem in problems:
            self._add_problem_row(problem)
        for _ in range(2 if problems else 3):
            self._add_problem_row(None)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.problem_table.item(row, column)
        if item is None:
            item = QTableWidgetItem("")
            self.problem_table.setItem(row, column, item)
        return item

    def _combo(self, row: int, column: int) -> QComboBox:
        widget = self.problem_table.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    def set_problem(self, row: int, description: str, status: str = "open", deadline: str = "") -> None:
        """Fill a line of the sub-table (typing helper for tests and scripts)."""
        while self.problem_table.rowCount() <= row:
            self._add_problem_row(None)
        self._cell(row, 0).setText(description)
        combo = self._combo(row, 3)
        combo.setCurrentIndex(combo.findData(status))
        self._cell(row, 4).setText(deadline)

    def problem_lines(self) -> tuple[list[tuple[int, int | None, ProblemInput]], list[FieldError]]:
        """(table row, problem id, input) for every non-empty line; date errors as ``problems[i].deadline``."""
        out: list[tuple[int, int | None, ProblemInput]] = []
        errors: list[FieldError] = []
        for r in range(self.problem_table.rowCount()):
            text = self._cell(r, 0).text()
            if not text.strip() and self.problem_ids[r] is None:
                continue
            deadline_text = self._cell(r, 4).text().strip()
            deadline = parse_iso_date(deadline_text) if deadline_text else None
            if deadline_text and deadline is None:
                errors.append(
                    FieldError(f"problems[{len(out)}].deadline", self.tr("Not a date; type it as YYYY-MM-DD."))
                )
            problem = ProblemInput(
                text,
                self._combo(r, 1).currentData(),
                self._combo(r, 2).currentData(),
                self._combo(r, 3).currentData(),
                deadline,
                self._cell(r, 5).text(),
            )
            out.append((r, self.problem_ids[r], problem))
        return out, errors

    def _clear_marks(self) -> None:
        for r in range(self.problem_table.rowCount()):
            for c in (0, 4, 5):
                item = self._cell(r, c)
                item.setBackground(QColor(0, 0, 0, 0))
                item.setToolTip("")
            for c in (1, 2, 3):
                self._combo(r, c).setStyleSheet("")
                self._combo(r, c).setToolTip("")

    def show_problem(self, exc: ValidationError) -> None:
        """Problem errors are marked in their cell and listed as "Problem n: …" (n = line of the sub-table)."""
        lines, _ = self.problem_lines()
        self._clear_marks()
        own, rest = [], []
        for error in exc.errors:
            if not error.field.startswith("problems["):
                own.append(error)
                continue
            index, _, name = error.field[len("problems[") :].partition("].")
            r = lines[int(index)][0] if int(index) < len(lines) else 0
            rest.append(self.tr("Problem {n}: {message}").format(n=r + 1, message=error.message))
            column = _PROBLEM_COLUMNS.index(name) if name in _PROBLEM_COLUMNS else 0
            if column in (1, 2, 3):
                self._combo(r, column).setStyleSheet("background: #ffebee;")
                self._combo(r, column).setToolTip(error.message)
            else:
                self._cell(r, column).setBackground(_ERROR_BACKGROUND)
                self._cell(r, column).setToolTip(error.message)
        super().show_problem(ValidationError([*own, *(FieldError("", m) for m in rest)]))

    # the record ----------------------------------------------------------------------------------------
    def kept_on_new(self) -> tuple[str, ...]:
        return ("on_date",)

    def describe(self, row: dict[str, Any]) -> str:
        return f"{row['on_date']} {row['organiser']}"

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = tours.listing(conn, date_from, date_to)
            s = tours.tour_stats(conn, date_from, date_to)
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

    def _tour_input(self, values: dict[str, Any]) -> tuple[TourInput, list[tuple[int, int | None, ProblemInput]]]:
        lines, errors = self.problem_lines()
        if errors:
            raise ValidationError(errors)
        return TourInput(**values), lines

    def create_record(self, values: dict[str, Any]) -> str:
        tour, lines = self._tour_input(values)
        tours.record_tour(self.ledger, tour, [p for _, _, p in lines])
        self._clear_marks()
        self._reset_problem_rows([])
        return self.tr("Tour saved with {count} problems.").format(count=len(lines))

    def amend_record(self, row: dict[str, Any], values: dict[str, Any], reason: str) -> str:
        tour, lines = self._tour_input(values)
        problems = [(pid, p) for _, pid, p in lines]
        tours.revise_tour(self.ledger, int(row["id"]), tour, problems, reason, expected_version=row["version"])
        self._clear_marks()
        return self.tr("Saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        tours.void(self.ledger, record_id, reason)

    def void_problem(self) -> None:
        r = self.problem_table.currentRow()
        problem_id = self.problem_ids[r] if 0 <= r < len(self.problem_ids) else None
        if problem_id is None:
            self.say(self.tr("Choose a saved problem in the table first."), ERROR_STYLE)
            return
        reason = self.form.text(CHANGE_REASON)
        if self.act(lambda: tours.void_problem(self.ledger, problem_id, reason), self.tr("Voided.")):
            self.form.set(CHANGE_REASON, "")

    def selection_changed(self, row: dict[str, Any] | None) -> None:
        self._clear_marks()
        if row is None:
            self._reset_problem_rows([])
            self.void_problem_button.setEnabled(False)
            self.links.show_for(None)
            return
        with self.ledger.read() as conn:
            problems = tours.problems(conn, int(row["id"]))
            linked = tours.tour_hazards(conn, int(row["id"]))
        self._reset_problem_rows(problems)
        self.void_problem_button.setEnabled(not row["voided"])
        self.links.show_for(None if row["voided"] else linked)


# -- family assistance -------------------------------------------------------------------------------------


class FamilyTab(ActivityTab):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
        self.kind_names = {
            "home_visit": translate("FamilyTab", "Home visit"),
            "conflict": translate("FamilyTab", "Family conflict resolved"),
            "forum": translate("FamilyTab", "Forum"),
            "pithead": translate("FamilyTab", "Pit-head visit"),
        }
        self.reason_names = {
            "violation": translate("FamilyTab", "三违 offender"),
            "worry": translate("FamilyTab", "不放心人员"),
            "other": translate("FamilyTab", "Other"),
        }
        super().__init__(
            ledger,
            [
                ("on_date", translate("FamilyTab", "Date")),
                ("kind", translate("FamilyTab", "Activity")),
                ("visitors", translate("FamilyTab", "Visitors / organisers")),
                ("person_visited", translate("FamilyTab", "Person visited")),
                ("reason", translate("FamilyTab", "Why visited")),
                ("participants", translate("FamilyTab", "Participants")),
                ("outcome", translate("FamilyTab", "Outcome")),
            ],
            [
                Field("on_date", translate("FamilyTab", "Date"), "date"),
                Field("kind", translate("FamilyTab", "Activity"), "choice", tuple(self.kind_names.items())),
                Field("visitors", translate("FamilyTab", "Visitors / organisers")),
                Field("person_visited", translate("FamilyTab", "Person visited")),
                Field("reason", translate("FamilyTab", "Why visited"), "choice", tuple(self.reason_names.items())),
                Field("worry_type", translate("FamilyTab", "Kind of 不放心人员")),
                Field("violation_number", translate("FamilyTab", "三违 number (optional)")),
                Field("participants", translate("FamilyTab", "Participants"), "int"),
                Field("outcome", translate("FamilyTab", "Outcome"), "long"),
                Field("follow_up", translate("FamilyTab", "Follow-up"), "long"),
            ],
            parent,
        )
        self.form.set("on_date", ledger.clock.today().isoformat())
        for name in ("kind", "reason"):
            combo = self.form.widgets[name]
            assert isinstance(combo, QComboBox)
            combo.currentIndexChanged.connect(self._follow_kind)
        self._follow_kind()

    def _follow_kind(self) -> None:
        """Reason and 不放心 type belong to home visits (the type to 不放心 visits); others are greyed out."""
        kind = self.form.widgets["kind"]
        reason = self.form.widgets["reason"]
        assert isinstance(kind, QComboBox) and isinstance(reason, QComboBox)
        visit = kind.currentData() == "home_visit"
        reason.setEnabled(visit)
        self.form.widgets["worry_type"].setEnabled(visit and reason.currentData() == "worry")

    def kept_on_new(self) -> tuple[str, ...]:
        return ("on_date",)

    def display(self, key: str, row: dict[str, Any]) -> str:
        if key == "kind":
            return self.kind_names.get(str(row["kind"]), str(row["kind"]))
        if key == "reason":
            text = self.reason_names.get(str(row["reason"]), "") if row["reason"] else ""
            return f"{text}（{row['worry_type']}）" if row["worry_type"] else text
        return super().display(key, row)

    def describe(self, row: dict[str, Any]) -> str:
        return f"{row['on_date']} {self.kind_names.get(row['kind'], row['kind'])}"

    def form_values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        return super().form_values_of(row) | {"violation_number": row["violation_number"] or ""}

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = family.listing(conn, date_from, date_to)
            s = family.family_stats(conn, date_from, date_to)
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

    def amend_record(self, row: dict[str, Any], values: dict[str, Any], reason: str) -> str:
        family.amend(self.ledger, int(row["id"]), FamilyInput(**values), reason, expected_version=row["version"])
        return self.tr("Saved.")

    def void_record(self, record_id: int, reason: str) -> None:
        family.void(self.ledger, record_id, reason)


# -- the page ----------------------------------------------------------------------------------------------


class ActivitiesPage(QWidget):
    """The four activity tabs of the network. ``changed`` is emitted after every saved change."""

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
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.current().save())

    def current(self) -> ActivityTab:
        tab = self.tabs.currentWidget()
        assert isinstance(tab, ActivityTab)
        return tab

    def refresh(self) -> None:
        """Re-read the open tab (e.g. after the reference data or other pages changed)."""
        self.current().refresh()
