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

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Connection

from safetywatch.domain import representatives as people
from safetywatch.domain.errors import FieldError, ValidationError
from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.services.core.fields import field_named
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, family, reference, squads, suggestions, tours, training
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.squads import SquadInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.kinds.training import TrainingInput
from safetywatch.ui.activity_widgets import ActivityTab, as_change_reason
from safetywatch.ui.card_page import KindService, Record
from safetywatch.ui.operations import run_write
from safetywatch.ui.record_dialog import RecordDialog
from safetywatch.ui.record_form import CHANGE_REASON, translated
from safetywatch.ui.widgets import error_label, page_title, parse_date, show_message
from safetywatch.ui.widgets.pinyin_filter import search_by_pinyin


def option_names(fields: Any, name: str) -> dict[str, str]:
    """The translated labels of a choice field's options, by stored value."""
    return {value: translated(label) for value, label in field_named(fields, name).options}


# -- suggestions -------------------------------------------------------------------------------------------


class SuggestionsTab(ActivityTab):
    fields = suggestions.FIELDS
    service = KindService(SuggestionInput, suggestions.submit, suggestions.amend, suggestions.void)
    date_field = "proposed_on"  # the inspectors on the roll that day are offered
    record_tables = frozenset({suggestions.SUGGESTION.name})

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
            parent,
        )
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

    def display(self, key: str, row: Record) -> str:
        if key == "status":
            return self.status_names.get(str(row["status"]), str(row["status"]))
        return super().display(key, row)

    def describe(self, row: Record) -> str:
        return f"{row['proposed_on']} {row['proposer_name']}"

    def form_values_of(self, row: Record) -> dict[str, Any]:
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

    def saved_message(self, record: Record, amended: bool) -> str:
        return self.tr("Saved.") if amended else self.tr("Suggestion saved.")

    def selection_changed(self, row: Record | None) -> None:
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

    def review(self) -> RecordDialog | None:
        row = self.selected()
        if row is None:
            self.status.error(self.tr("Choose a record in the list first."))
            return None
        suggestion_id, ledger = int(row["id"]), self.ledger

        def review(v: dict[str, Any]) -> Record:
            adopted = v["decision"] == "adopted"
            return suggestions.review(ledger, suggestion_id, adopted, v["reviewed_by"], v["reviewed_on"], v["note"])

        return self.open_dialog(
            self.tr("Review"),
            suggestions.REVIEW_FIELDS,
            review,
            self.tr("Review saved."),
            {"reviewed_on": ledger.clock.today()},
        )

    def implement(self) -> RecordDialog | None:
        row = self.selected()
        if row is None:
            self.status.error(self.tr("Choose a record in the list first."))
            return None
        suggestion_id, ledger = int(row["id"]), self.ledger
        return self.open_dialog(
            self.tr("Implemented"),
            suggestions.IMPLEMENT_FIELDS,
            lambda v: suggestions.implement(ledger, suggestion_id, **v),
            self.tr("Implementation saved."),
            {"implemented_on": ledger.clock.today()},
        )


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
        self.error = error_label()
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

    # the error sink of a link or an unlink: the reason's errors under the card's reason, the rest here
    def invalid(self, error: ValidationError) -> None:
        show_message(self.error, "\n".join(e.message for e in error.errors if e.field != "reason"))
        self.tab.form.show_errors([as_change_reason(e) for e in error.errors if e.field == "reason"])

    def failed(self, message: str) -> None:  # not allowed for this role, storage trouble
        show_message(self.error, message)

    def _run(self, call: Any, message: str, done: Any) -> None:
        def finished(_result: object) -> None:
            done()
            self.tab.status.ok(message)
            self.tab.refresh()
            self.tab.changed.emit()

        show_message(self.error, "")
        self.tab._write = run_write(self.tab, call, done=finished, errors=self)

    def link(self) -> None:
        row = self.tab.selected()
        if row is None or self.tab.saving:
            return
        ledger, activity_id, number = self.tab.ledger, int(row["id"]), self.number.text()
        self._run(
            lambda: self.service.link_hazard(ledger, activity_id, number), self.tr("Hazard linked."), self.number.clear
        )

    def unlink(self) -> None:
        row = self.tab.selected()
        index = self.list.currentRow()
        if row is None or not 0 <= index < len(self.hazard_ids):
            show_message(self.error, self.tr("Choose a hazard in the list first."))
            return
        if self.tab.saving:
            return
        ledger, activity_id, hazard_id = self.tab.ledger, int(row["id"]), self.hazard_ids[index]
        reason = self.tab.form.text(CHANGE_REASON)
        self._run(
            lambda: self.service.unlink_hazard(ledger, activity_id, hazard_id, reason),
            self.tr("Hazard unlinked."),
            lambda: self.tab.form.set(CHANGE_REASON, ""),
        )


# -- safety squads -----------------------------------------------------------------------------------------


class SquadsTab(ActivityTab):
    fields = squads.FIELDS
    service = KindService(SquadInput, squads.record_squad, squads.amend, squads.void)
    date_field = "on_date"
    record_tables = frozenset({squads.SQUAD.name, "hazard"})  # a hazard linked, rectified or voided

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
            parent,
        )
        self.links = HazardLinks(self, squads)
        self.extras.addWidget(self.links)
        self.links.show_for(None)

    def describe(self, row: Record) -> str:
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

    def saved_message(self, record: Record, amended: bool) -> str:
        return self.tr("Saved.") if amended else self.tr("Squad activity saved.")

    def selection_changed(self, row: Record | None) -> None:
        if row is None or row["voided"]:
            self.links.show_for(None)
            return
        with self.ledger.read() as conn:
            self.links.show_for(squads.squad_hazards(conn, int(row["id"])))


# -- worker representatives' tours -------------------------------------------------------------------------

_PROBLEM_COLUMNS = tuple(spec.name for spec in tours.PROBLEM_FIELDS)
_SOLVED_COLUMN = len(_PROBLEM_COLUMNS)  # read only: "2026-06-20 张三" once marked solved afterwards
_ERROR_BACKGROUND = QColor("#ffebee")
_TourLines = list[tuple[int, int | None, ProblemInput]]  # (table row, problem id, input)


class ToursTab(ActivityTab):
    fields = tours.FIELDS
    service = KindService(TourInput, tours.record_tour, tours.amend, tours.void)
    date_field = "on_date"
    record_tables = frozenset({tours.TOUR.name, tours.PROBLEM.name, "hazard"})

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
        self.units: list[reference.Choice] = []
        super().__init__(
            ledger,
            [
                ("on_date", translate("ToursTab", "Date")),
                ("organiser", translate("ToursTab", "Organised by")),
                ("areas", translate("ToursTab", "Areas")),
                ("reps", translate("ToursTab", "Representatives")),
                ("problems", translate("ToursTab", "Problems")),
            ],
            parent,
        )
        self.status_names = option_names(tours.PROBLEM_FIELDS, "status")
        self.category_names = option_names(tours.PROBLEM_FIELDS, "category")
        self.problem_ids: list[int | None] = []
        #: the stored problem of each line (None: a new line): its solved date and solver are kept as they are
        self.problem_rows: list[dict[str, Any] | None] = []
        self.problem_table = QTableWidget(0, len(_PROBLEM_COLUMNS) + 1)
        self.problem_table.setHorizontalHeaderLabels(
            [translated(spec.label) for spec in tours.PROBLEM_FIELDS] + [self.tr("Solved afterwards")]
        )
        header = self.problem_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for column, width in ((1, 76), (2, 68), (3, 84), (4, 84), (5, 80), (6, 110)):
            self.problem_table.setColumnWidth(column, width)
        self.problem_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_table.setMinimumHeight(200)
        more = QPushButton(self.tr("Another problem"))
        more.clicked.connect(lambda: self._add_problem_row(None))
        self.void_problem_button = QPushButton(self.tr("Void problem…"))
        self.void_problem_button.setToolTip(self.tr("Type the reason in the form, then void."))
        self.void_problem_button.clicked.connect(self.void_problem)
        self.solved_button = QPushButton(self.tr("Mark solved…"))
        self.solved_button.setToolTip(self.tr("The chosen problem was solved after the tour: the day and by whom."))
        self.solved_button.clicked.connect(self.mark_solved)
        buttons = QHBoxLayout()
        buttons.addWidget(more)
        buttons.addWidget(self.solved_button)
        buttons.addWidget(self.void_problem_button)
        buttons.addStretch(1)
        caption = QLabel(self.tr("Problems raised"))
        caption.setStyleSheet("font-weight: bold;")
        problems = QWidget()
        problems_column = QVBoxLayout(problems)
        problems_column.setContentsMargins(0, 0, 0, 0)
        problems_column.addWidget(caption)
        problems_column.addWidget(
            self.hint(
                self.tr(
                    "One problem per line; empty lines are ignored. A problem to be solved later needs a deadline. "
                    "Later an open problem may get a deadline, or a missed one become open again (with the reason); "
                    "“solved on site” is only set at the tour. When a problem is solved afterwards, choose it and "
                    "press “Mark solved…”."
                )
            )
        )
        problems_column.addWidget(self.problem_table, 1)
        problems_column.addLayout(buttons)
        self.links = HazardLinks(self, tours)
        # At 1024×768 the card's column has no room for the problems: they go under the list and the card,
        # across the page; the linked hazards go under the list of tours (a few a year). Every button is in
        # view without scrolling.
        self.problem_table.setMinimumHeight(120)
        self.list_column.addWidget(self.links)
        self.page_splitter = QSplitter(Qt.Orientation.Vertical)
        self.page_splitter.setChildrenCollapsible(False)
        # On a window smaller than 1024×768 the tab scrolls as a whole (the window's minimum stays small).
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page_area.setWidget(self.page_splitter)
        layout = self.layout()
        assert layout is not None  # ActivityTab.lay_out made it
        layout.replaceWidget(self.splitter, self.page_area)
        self.page_splitter.addWidget(self.splitter)
        self.page_splitter.addWidget(problems)
        self.page_splitter.setStretchFactor(0, 0)
        self.page_splitter.setStretchFactor(1, 1)
        card = self._card_area.widget()
        if card is not None:
            card.installEventFilter(self)
        self.selection_changed(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._card_area.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_card()  # the card grew or shrank (the reason field shows when amending)
        return super().eventFilter(watched, event)

    def _fit_card(self) -> None:
        """The whole card in view above the problems, which get the rest of the page's height."""
        card = self._card_area.widget()
        needed = card.minimumSizeHint().height() if card is not None else 0
        if needed != self.splitter.minimumHeight():
            self.splitter.setMinimumHeight(needed)
            self.page_splitter.setSizes([needed, self.page_splitter.height() - needed])

    def load_choices(self, conn: Connection, day: dt.date) -> None:
        self.units = reference.org_units(conn, "unit", day)  # offered on the lines added from now on

    # the problem sub-table -------------------------------------------------------------------------------
    def _add_problem_row(self, problem: dict[str, Any] | None) -> None:
        r = self.problem_table.rowCount()
        self.problem_table.insertRow(r)
        unit = QComboBox()
        search_by_pinyin(unit)
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
        solved = QTableWidgetItem("")
        solved.setFlags(solved.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.problem_table.setItem(r, _SOLVED_COLUMN, solved)
        self.problem_ids.append(None if problem is None else int(problem["id"]))
        self.problem_rows.append(problem)
        if problem is not None:
            self._cell(r, 0).setText(problem["description"])
            if unit.findData(problem["unit_id"]) < 0 and problem["unit_id"] is not None:
                unit.addItem(problem.get("unit_name") or str(problem["unit_id"]), problem["unit_id"])  # retired since
            unit.setCurrentIndex(max(0, unit.findData(problem["unit_id"])))
            category.setCurrentIndex(max(0, category.findData(problem["category"])))
            status.setCurrentIndex(max(0, status.findData(problem["status"])))
            self._cell(r, 4).setText(problem["deadline"] or "")
            self._cell(r, 5).setText(problem["reply"] or "")
            if problem.get("solved_on"):
                solved.setText(f"{problem['solved_on']} {problem['solved_by'] or ''}".strip())

    def _reset_problem_rows(self, problems: list[dict[str, Any]]) -> None:
        self.problem_table.setRowCount(0)
        self.problem_ids = []
        self.problem_rows = []
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

    def problem_lines(self) -> tuple[_TourLines, list[FieldError]]:
        """(table row, problem id, input) for every non-empty line; date errors as ``problems[i].deadline``."""
        out: _TourLines = []
        errors: list[FieldError] = []
        for r in range(self.problem_table.rowCount()):
            text = self._cell(r, 0).text()
            if not text.strip() and self.problem_ids[r] is None:
                continue
            deadline_text = self._cell(r, 4).text().strip()
            deadline = parse_date(deadline_text) if deadline_text else None
            if deadline_text and deadline is None:
                errors.append(
                    FieldError(f"problems[{len(out)}].deadline", self.tr("Not a date; type it as YYYY-MM-DD."))
                )
            stored = self.problem_rows[r] or {}
            solved_on = stored.get("solved_on")
            problem = ProblemInput(
                text,
                self._combo(r, 1).currentData(),
                self._combo(r, 2).currentData(),
                self._combo(r, 3).currentData(),
                deadline,
                self._cell(r, 5).text(),
                dt.date.fromisoformat(solved_on) if solved_on else None,
                stored.get("solved_by") or "",
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

    def show_invalid(self, errors: Any) -> None:
        """Problem errors are marked in their cell and listed as "Problem n: …" (n = line of the sub-table)."""
        lines, _ = self.problem_lines()
        self._clear_marks()
        own, rest = [], []
        for error in errors:
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
        super().show_invalid([*own, *(FieldError("", m) for m in rest)])

    # the record ----------------------------------------------------------------------------------------
    def describe(self, row: Record) -> str:
        return f"{row['on_date']} {row['organiser']}"

    def form_values_of(self, row: Record) -> dict[str, Any]:
        values = super().form_values_of(row)
        if row.get("representatives"):  # the head count follows from the names
            values["representatives"] = people.as_text(row["representatives"])
            values["reps"] = None
        return values

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = tours.listing(conn, date_from, date_to)
            s = tours.tour_stats(conn, date_from, date_to, min(date_to, self.ledger.clock.today()))
        distinct = "—" if s["representatives"] is None else str(s["representatives"])
        return rows, self.tr(
            "{tours} tours, {reps} representative-times ({people} people); {found} problems found: "
            "{on_site} solved on site, {afterwards} solved afterwards, {due} due and not solved, {open} open"
        ).format(
            tours=s["tours"],
            reps=s["reps"],
            people=distinct,
            found=s["problems_found"],
            on_site=s["solved_on_site"],
            afterwards=s["solved_afterwards"],
            due=s["due_unsolved"],
            open=s["open"],
        )

    def input_of(self, values: dict[str, Any]) -> tuple[tuple[TourInput, _TourLines], list[FieldError]]:
        lines, errors = self.problem_lines()
        return (TourInput(**values), lines), errors

    def register(self, data: tuple[TourInput, _TourLines]) -> Record:
        tour, lines = data
        return tours.record_tour(self.ledger, tour, [p for _, _, p in lines])

    def amend(self, record_id: int, data: tuple[TourInput, _TourLines], reason: str, version: int | None) -> Record:
        tour, lines = data
        problems = [(pid, p) for _, pid, p in lines]
        return tours.revise_tour(self.ledger, record_id, tour, problems, reason, expected_version=version)

    def saved_message(self, record: Record, amended: bool) -> str:
        if amended:
            return self.tr("Saved.")
        lines, _ = self.problem_lines()
        return self.tr("Tour saved with {count} problems.").format(count=len(lines))

    def after_save(self, record: Record, amended: bool) -> None:
        self._clear_marks()
        if not amended:
            self._reset_problem_rows([])
        super().after_save(record, amended)

    def void_problem(self) -> None:
        r = self.problem_table.currentRow()
        problem_id = self.problem_ids[r] if 0 <= r < len(self.problem_ids) else None
        if problem_id is None:
            self.status.error(self.tr("Choose a saved problem in the table first."))
            return
        reason, ledger = self.form.text(CHANGE_REASON), self.ledger
        self.act(
            lambda: tours.void_problem(ledger, problem_id, reason),
            self.tr("Voided."),
            lambda: self.form.set(CHANGE_REASON, ""),
        )

    def mark_solved(self) -> RecordDialog | None:
        """The chosen problem was solved afterwards: the day and by whom (a dialog; audited as ``solve``)."""
        r = self.problem_table.currentRow()
        problem = self.problem_rows[r] if 0 <= r < len(self.problem_rows) else None
        if problem is None:
            self.status.error(self.tr("Choose a saved problem in the table first."))
            return None
        problem_id, version, ledger = int(problem["id"]), int(problem["version"]), self.ledger
        return self.open_dialog(
            self.tr("Problem solved afterwards"),
            tours.SOLVED_FIELDS,
            lambda v: tours.mark_solved(ledger, problem_id, **v, expected_version=version),
            self.tr("Saved."),
            {"solved_on": ledger.clock.today()},
        )

    def selection_changed(self, row: Record | None) -> None:
        self._clear_marks()
        if row is None:
            self._reset_problem_rows([])
            self.solved_button.setEnabled(False)
            self.void_problem_button.setEnabled(False)
            self.links.show_for(None)
            return
        with self.ledger.read() as conn:
            problems = tours.problems(conn, int(row["id"]))
            linked = tours.tour_hazards(conn, int(row["id"]))
        self._reset_problem_rows(problems)
        self.void_problem_button.setEnabled(not row["voided"])
        self.solved_button.setEnabled(not row["voided"])
        self.links.show_for(None if row["voided"] else linked)


# -- family assistance -------------------------------------------------------------------------------------


class FamilyTab(ActivityTab):
    fields = family.FIELDS
    service = KindService(FamilyInput, family.record, family.amend, family.void)
    date_field = "on_date"
    record_tables = frozenset({family.FAMILY.name})

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
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
            parent,
        )
        self.kind_names = option_names(family.FIELDS, "kind")
        self.reason_names = option_names(family.FIELDS, "reason")
        for name in ("kind", "reason"):
            combo = self.widgets[name]
            assert isinstance(combo, QComboBox)
            combo.currentIndexChanged.connect(self._follow_kind)
        self._follow_kind()

    def load_choices(self, conn: Connection, day: dt.date) -> None:
        """A database of one mine: its mine is the only answer, so the card starts with it."""
        mines = reference.org_units(conn, "mine", day)
        if len(mines) == 1 and self.form.editors["mine_id"].is_empty():
            self.form.set("mine_id", mines[0].id)

    def _follow_kind(self) -> None:
        """Reason and 不放心 type belong to home visits (the type to 不放心 visits); others are greyed out."""
        visit = self.form.value("kind") == "home_visit"
        self.widgets["reason"].setEnabled(visit)
        self.widgets["worry_type"].setEnabled(visit and self.form.value("reason") == "worry")

    def display(self, key: str, row: Record) -> str:
        if key == "kind":
            return self.kind_names.get(str(row["kind"]), str(row["kind"]))
        if key == "reason":
            text = self.reason_names.get(str(row["reason"]), "") if row["reason"] else ""
            return f"{text}（{row['worry_type']}）" if row["worry_type"] else text
        return super().display(key, row)

    def describe(self, row: Record) -> str:
        return f"{row['on_date']} {self.kind_names.get(row['kind'], row['kind'])}"

    def form_values_of(self, row: Record) -> dict[str, Any]:
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


# -- inspector training ------------------------------------------------------------------------------------


class TrainingTab(ActivityTab):
    """网员培训: the sessions, and under the card the attendees as typed, resolved to the roll while typing."""

    fields = training.FIELDS
    service = KindService(TrainingInput, training.record, training.amend, training.void)
    date_field = "on_date"
    record_tables = frozenset({training.SESSION.name, training.ATTENDEE.name})

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        translate = QCoreApplication.translate
        super().__init__(
            ledger,
            [
                ("on_date", translate("TrainingTab", "Date")),
                ("topic", translate("TrainingTab", "Topic")),
                ("hours", translate("TrainingTab", "Hours")),
                ("teacher", translate("TrainingTab", "Teacher")),
                ("unit_name", translate("TrainingTab", "Organised by")),
                ("attendee_count", translate("TrainingTab", "Attending")),
            ],
            parent,
        )
        self.attending = QLabel()
        self.attending.setWordWrap(True)
        self.extras.addWidget(self.attending)
        editor = self.widgets["attendees"]
        assert isinstance(editor, QPlainTextEdit)
        editor.textChanged.connect(self._show_attending)

    def _show_attending(self) -> None:
        """The attendees typed so far as the roll knows them, or what is wrong with an entry."""
        text = str(self.form.value("attendees") or "")
        day = self.form.value("on_date")
        with self.ledger.read() as conn:
            ids, problems = training.resolve_attendees(conn, text, day if isinstance(day, dt.date) else None)
            names = duty.inspectors_by_id(conn, ids)
        shown = "、".join(f"{names[i].employee_no} {names[i].name}" for i in ids if i in names)
        lines = [self.tr("{count} attending: {names}").format(count=len(ids), names=shown)] if ids else []
        self.attending.setText("\n".join([*lines, *problems]))

    def describe(self, row: Record) -> str:
        return f"{row['on_date']} {row['topic']}"

    def form_values_of(self, row: Record) -> dict[str, Any]:
        return super().form_values_of(row) | {"attendees": row.get("attendee_nos") or ""}

    def load_rows(self, date_from: dt.date, date_to: dt.date) -> tuple[list[dict[str, Any]], str]:
        with self.ledger.read() as conn:
            rows = training.listing(conn, date_from, date_to)
        valid = [r for r in rows if not r["voided"]]
        figures = self.tr("{sessions} training sessions, {hours} class hours, {people} inspector attendances")
        return rows, figures.format(
            sessions=len(valid),
            hours=sum(int(r["hours"]) for r in valid),
            people=sum(int(r["attendee_count"]) for r in valid),
        )

    def saved_message(self, record: Record, amended: bool) -> str:
        return self.tr("Saved.") if amended else self.tr("Training session saved.")


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
        self.training = TrainingTab(ledger)
        self.tabs = QTabWidget()
        for tab, text in (
            (self.suggestions, self.tr("Safety suggestions")),
            (self.squads, self.tr("Safety squads")),
            (self.tours, self.tr("Representatives' tours")),
            (self.family, self.tr("Family assistance")),
            (self.training, self.tr("Inspector training")),
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
