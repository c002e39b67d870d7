"""The hazard register page (隐患台账): filters, the list, and a detail panel that walks the closed loop.

The list is a :class:`HazardTableModel` (SQL-side filter and sort). The detail panel shows one hazard's
file with its follow-up timeline and one button per step the loop allows now; a step is entered in a
:class:`~safetywatch.ui.step_dialog.StepDialog`, which calls :func:`services.kinds.hazards.act` and keeps the input when
it is refused.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QDate, QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.hazard_loop import HazardAction, HazardStatus, allowed_actions
from safetywatch.domain.permissions import Permission, write_permission
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, hazards, reference
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import COLUMN_KEYS, HazardFilter
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.hazard_table_model import HazardTableModel
from safetywatch.ui.role_gate import May, gate, may_everything
from safetywatch.ui.step_dialog import StepDialog
from safetywatch.ui.widgets import StatusLine, search_by_pinyin, text_width
from safetywatch.ui.widgets.flow_layout import FlowLayout, kept_together

log = logging.getLogger(__name__)

#: What the register shows besides reference data: the hazards and their follow-up steps.
HAZARD_TABLES = frozenset({"hazard", "hazard_follow_up"})
OVERDUE_STYLE = "color: #c62828; font-weight: bold;"
DEBOUNCE_MS = 300
#: Width in pixels of each list column (description takes what is left).
COLUMN_WIDTHS = {
    "number": 125,
    "found_date": 88,
    "shift": 48,
    "unit": 80,
    "location": 110,
    "description": 150,  # with 210 the 状态 column was off a 1024 px screen; the detail below shows it all
    "category": 72,
    "level": 40,
    "status": 72,
    "deadline": 88,
    "rectify_person": 80,
    "source": 84,
    "finder": 60,
    "escalation": 70,
}


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


# --- the detail panel -----------------------------------------------------------------------------------


class HazardDetail(QWidget):
    """One hazard's file: its fields, the follow-up timeline and the steps allowed now."""

    action_requested = Signal(str)  # a HazardAction value

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.hazard: dict[str, Any] | None = None
        self.action_buttons: dict[HazardAction, QPushButton] = {}
        self._may: May = may_everything

        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.overdue_label = QLabel()
        self.overdue_label.setStyleSheet(OVERDUE_STYLE)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.overdue_label)
        heading.addStretch(1)

        self.values: dict[str, QLabel] = {}
        grid_host = QWidget()
        self.grid = QGridLayout(grid_host)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self._build_fields()
        scroll = self.fields_view = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        scroll.viewport().installEventFilter(self)  # two columns of fields only where they fit

        self.timeline = QTableWidget(0, 6)
        self.timeline.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Step"),
                self.tr("Person"),
                self.tr("Note"),
                self.tr("Result"),
                self.tr("Entered by"),
            ]
        )
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setWordWrap(False)
        header = self.timeline.horizontalHeader()
        for column, width in enumerate((84, 96, 64, 150, 90, 60)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        timeline_box = QGroupBox(self.tr("Follow-up record"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)

        self.actions_box = QGroupBox(self.tr("Next step"))
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.final_label = QLabel(self.tr("No further steps: the record is final."))
        self.final_label.setWordWrap(True)
        self.actions_layout.addWidget(self.final_label)
        self.actions_layout.addStretch(1)
        self.actions_box.setMinimumWidth(150)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(scroll)
        body.addWidget(timeline_box)
        body.addWidget(self.actions_box)
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 4)
        body.setStretchFactor(2, 0)
        body.setChildrenCollapsible(False)

        self.placeholder = QLabel(self.tr("Select a hazard in the list to see its file and next steps."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #78909c;")
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(heading)
        body_layout.addWidget(body, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body)
        self.show_hazard(None)

    #: Values that are often long (names of stations and levels, places): always given the full width.
    _LONG_VALUES = frozenset({"workstation_name", "level", "location", "responsibility", "source_name"})

    def _build_fields(self) -> None:
        # (key, label, wide). Sections follow the paper card: finding, 五定, the loop so far.
        sections: list[tuple[str, list[tuple[str, str, bool]]]] = [
            (
                self.tr("Finding"),
                [
                    ("number", self.tr("Number"), False),
                    ("status", self.tr("Status"), False),
                    ("found", self.tr("Found"), False),
                    ("finder_name", self.tr("Found by"), False),
                    ("source_name", self.tr("Source"), False),
                    ("workstation_name", self.tr("Workstation"), False),
                    ("unit_name", self.tr("Responsible unit"), False),
                    ("location", self.tr("Location"), False),
                    ("category_name", self.tr("Category"), False),
                    ("nature_name", self.tr("Nature"), False),
                    ("level", self.tr("Level"), False),
                    ("major_item", self.tr("Major hazard item"), False),
                    ("description", self.tr("Description"), True),
                ],
            ),
            (
                self.tr("Five fixes (五定)"),
                [
                    ("rectify_person", self.tr("Rectifier"), False),
                    ("responsibility", self.tr("Responsibility"), False),
                    ("deadline", self.tr("Deadline"), False),
                    ("original_deadline", self.tr("Original deadline"), False),
                    ("overdue", self.tr("Overdue"), False),
                    ("escalation_level", self.tr("Supervised"), False),
                    ("funds_yuan", self.tr("Funds (yuan)"), False),
                    ("standard", self.tr("Standard"), True),
                    ("measures", self.tr("Measures"), True),
                    ("contingency_plan", self.tr("Contingency plan"), True),
                ],
            ),
            (
                self.tr("Closed loop"),
                [
                    ("notice_no", self.tr("Notice no."), False),
                    ("notice_issued_on", self.tr("Notice issued on"), False),
                    ("receipt_signed_by", self.tr("Receipt signed by"), False),
                    ("rectified_on", self.tr("Rectified on"), False),
                    ("accepted_by", self.tr("Accepted by"), False),
                    ("accepted_on", self.tr("Accepted on"), False),
                    ("closed_on", self.tr("Closed on"), False),
                    ("duplicate_of", self.tr("Duplicate of"), False),
                    ("void_reason", self.tr("Void reason"), True),
                    ("remarks", self.tr("Remarks"), True),
                    ("clerk", self.tr("Entered by"), False),
                ],
            ),
        ]
        self._sections: list[tuple[QLabel, list[tuple[str, QLabel, QLabel, bool]]]] = []
        for title, fields in sections:
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold; color: #37474f; padding-top: 4px;")
            placed: list[tuple[str, QLabel, QLabel, bool]] = []
            for key, label, wide in fields:
                name = QLabel(label)
                name.setStyleSheet("color: #607d8b;")
                name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                value = QLabel()
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setWordWrap(True)
                # Wrap long Chinese values inside the panel instead of running past its edge.
                value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                value.setMinimumWidth(40)
                value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.values[key] = value
                placed.append((key, name, value, wide or key in self._LONG_VALUES))
            self._sections.append((heading, placed))
        self._place_fields(paired=True)

    def _paired_width(self) -> int:
        """The width two fields side by side need with both values unclipped (a number, a date and shift)."""
        metrics = self.fontMetrics()
        names = [name for _heading, fields in self._sections for _key, name, _value, _wide in fields]
        label = max(metrics.horizontalAdvance(name.text()) for name in names)
        left = max(metrics.horizontalAdvance(sample) for sample in ("JK01-2026-00000", "2026-06-30 中班"))
        right = metrics.horizontalAdvance("环境因素") + metrics.horizontalAdvance("中")
        return 2 * label + left + right + 3 * self.grid.horizontalSpacing() + 24

    def _place_fields(self, *, paired: bool) -> None:
        """Lay the fields out in two columns, or in one when the panel is too narrow for two unclipped."""
        self._paired = paired
        for heading, fields in self._sections:
            self.grid.removeWidget(heading)
            for _key, name, value, _wide in fields:
                self.grid.removeWidget(name)
                self.grid.removeWidget(value)
        row = 0
        for heading, fields in self._sections:
            self.grid.addWidget(heading, row, 0, 1, 4)
            row += 1
            column = 0
            for _key, name, value, wide in fields:
                wide = wide or not paired
                if wide and column:
                    row, column = row + 1, 0
                self.grid.addWidget(name, row, column)
                self.grid.addWidget(value, row, column + 1, 1, 3 if wide else 1)
                if wide or column:
                    row, column = row + 1, 0
                else:
                    column = 2
            if column:
                row += 1
        for stretched in range(self.grid.rowCount()):
            self.grid.setRowStretch(stretched, 0)
        self.grid.setRowStretch(row, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.fields_view.viewport() and event.type() == QEvent.Type.Resize:
            paired = self.fields_view.viewport().width() >= self._paired_width()
            if paired != self._paired:
                self._place_fields(paired=paired)
        return super().eventFilter(watched, event)

    def value_text(self, key: str) -> str:
        return self.values[key].text()

    def show_hazard(self, hazard_id: int | None) -> None:
        """Show *hazard_id*'s file (None: nothing selected). Reads one row and its timeline."""
        if hazard_id is None:
            self.hazard = None
            self.placeholder.show()
            self.body.hide()
            self._set_actions([])
            return
        with self.ledger.read() as conn:
            hazard = hazards.get(conn, hazard_id)
            steps = hazards.timeline(conn, hazard_id)
            names = accounts.display_names(conn)
        self.hazard = hazard
        self.placeholder.hide()
        self.body.show()
        today = self.ledger.clock.today()
        status = HazardStatus(hazard["status"])
        days = hazards.overdue_days(hazard, today)
        self.title.setText(self.tr("{number}  {status}").format(number=hazard["number"], status=status.label))
        self.overdue_label.setText(self.tr("Overdue {days} days").format(days=days) if days else "")

        def text(key: str) -> str:
            value = hazard.get(key)
            return "" if value is None else str(value)

        shown = {key: text(key) for key in self.values}
        shown["status"] = status.label
        shown["clerk"] = accounts.shown_name(names, hazard["clerk"])
        shown["found"] = f"{hazard['found_date']} {hazard['shift_name']}"
        shown["level"] = hazard["level_name"] or hazard["level_code"]  # the name already says "A级…"
        shown["overdue"] = self.tr("{days} days").format(days=days) if days else ""
        if hazard["original_deadline"] == hazard["deadline"]:
            shown["original_deadline"] = ""
        for key, label in self.values.items():
            label.setText(shown[key])
        self.values["overdue"].setStyleSheet(OVERDUE_STYLE if days else "")
        self.values["deadline"].setStyleSheet(OVERDUE_STYLE if days else "")
        self._fill_timeline(steps, names)
        self._set_actions(allowed_actions(status))

    def _fill_timeline(self, steps: list[dict[str, Any]], names: dict[str, str]) -> None:
        self.timeline.setRowCount(len(steps))
        results = {"pass": self.tr("Pass"), "fail": self.tr("Fail")}
        for row, step in enumerate(steps):
            if step["new_deadline"]:
                result = self.tr("New deadline {date}").format(date=step["new_deadline"])
            elif step["escalation_level"]:
                result = step["escalation_level"]
            else:
                result = results.get(step["result"] or "", step["result"] or "")
            cells = (
                step["on_date"],
                HazardAction(step["action"]).label,
                step["person"] or "",
                step["note"] or "",
                result,
                accounts.shown_name(names, step["actor"]),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if column == 3 and value:
                    item.setToolTip(str(value))
                self.timeline.setItem(row, column, item)
        self.timeline.scrollToBottom()

    def timeline_rows(self) -> list[list[str]]:
        """The timeline as shown (tests)."""
        return [
            [
                item.text() if (item := self.timeline.item(r, c)) is not None else ""
                for c in range(self.timeline.columnCount())
            ]
            for r in range(self.timeline.rowCount())
        ]

    def _set_actions(self, actions: list[HazardAction]) -> None:
        self.final_label.setVisible(self.hazard is not None and not actions)
        if list(self.action_buttons) == actions:
            return  # the same steps: keep the buttons (and the keyboard focus on them) through a re-read
        for button in self.action_buttons.values():
            self.actions_layout.removeWidget(button)
            button.deleteLater()
        self.action_buttons = {}
        for position, action in enumerate(actions):
            button = QPushButton(action.label)
            button.setObjectName(f"action_{action.value}")
            button.setAutoDefault(True)  # Enter on a focused button presses it
            button.clicked.connect(lambda _checked=False, a=action: self.action_requested.emit(a.value))
            self.actions_layout.insertWidget(position, button)
            button.show()  # the layout would show it only on the next event loop turn: too late to focus
            # A clerk sees 验收 waiting, disabled and saying who may; a role that enters nothing sees no steps.
            enters_nothing = not self._may(Permission.ENTER_RECORDS)
            gate(button, self._may, write_permission("hazard", action.value), hide=enters_nothing)
            self.action_buttons[action] = button
        widest = max((b.sizeHint().width() for b in self.action_buttons.values()), default=0)
        self.actions_box.setMinimumWidth(max(150, widest + 24))  # no clipped button text in any language

    def focus_actions(self) -> bool:
        """Move the keyboard focus to the first step button the role may take; False if there is none."""
        for button in self.action_buttons.values():
            if button.isEnabled() and not button.isHidden():
                button.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return False

    def apply_role(self, may: May) -> None:
        """Offer the steps the signed-in role may take (docs/permissions.md); a role that enters no records
        (the auditor) gets no step panel at all."""
        self._may = may
        self.actions_box.setVisible(may(Permission.ENTER_RECORDS))
        actions = list(self.action_buttons)
        self._set_actions([])
        self._set_actions(actions)


# --- the page -------------------------------------------------------------------------------------------


class HazardsPage(QWidget):
    """Filter bar, the hazard list and the selected hazard's detail panel; re-read whenever hazards or
    reference data change, whoever changed them (the change hub)."""

    new_hazard_requested = Signal()
    amend_requested = Signal(int)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._selected_id: int | None = None
        self._pin_detail = False  # keep showing a hazard that just changed even if the filter hides it
        self.model = HazardTableModel(ledger, self)

        self._build_filter_bar()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, key in enumerate(COLUMN_KEYS):
            # at least as wide as the header text, which is longer in English than in Chinese
            header.resizeSection(column, max(COLUMN_WIDTHS.get(key, 90), header.sectionSizeHint(column)))
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # header clicks call model.sort(): SQL ORDER BY
        self.table.installEventFilter(self)
        self.setFocusProxy(self.table)  # the page opens on the list: arrows browse, Enter goes to the steps

        self.detail = HazardDetail(ledger)
        self.detail.action_requested.connect(self._on_action)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([440, 300])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.filter_bar)
        layout.addWidget(splitter, 1)

        self.model.modelReset.connect(self._after_reset)
        self.model.loaded.connect(self._on_loaded)
        self.model.load_failed.connect(self._on_load_failed)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(self._on_selection_changed)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)

        self.reload_choices()
        hub_for(ledger).watch(self, REFERENCE_TABLES | HAZARD_TABLES, self._on_changes)

    # --- filter bar -----------------------------------------------------------------------------------
    def _build_filter_bar(self) -> None:
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), frozenset())
        self.status_combo.addItem(self.tr("Open (not accepted yet)"), frozenset(hazard_query.OPEN_STATUSES))
        for status in HazardStatus:
            self.status_combo.addItem(status.label, frozenset({status.value}))
        self.unit_combo = QComboBox()
        self.level_combo = QComboBox()
        self.category_combo = QComboBox()
        self.source_combo = QComboBox()
        for combo in (self.unit_combo, self.level_combo, self.category_combo, self.source_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(7)
            search_by_pinyin(combo)  # typing on the closed box: a code, 拼音首字母 or 全拼
        unset = QDate(1999, 12, 31)  # before any business date: shown as "any", means no limit
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumDate(unset)
            edit.setSpecialValueText(self.tr("Any"))
            edit.setDate(unset)
        self.overdue_check = QCheckBox(self.tr("Overdue only"))
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search number, location, description, people (Ctrl+F)"))
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.new_button = QPushButton(self.tr("New hazard…"))
        self.count_label = StatusLine()  # how many are listed, or why the list could not be read
        self.overdue_label = QLabel()
        self.overdue_label.setStyleSheet(OVERDUE_STYLE)

        # The filters wrap (a flow layout) so the page fits beside the navigation on a 1024-pixel screen; the
        # counts and 登记新隐患 keep a row of their own, never cut off.
        filters = QWidget()
        flow = FlowLayout(filters)
        for label, widget in (
            (self.tr("Status"), self.status_combo),
            (self.tr("Responsible unit"), self.unit_combo),
            (self.tr("Level"), self.level_combo),
            (self.tr("Category"), self.category_combo),
            (self.tr("Source"), self.source_combo),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            flow.addWidget(kept_together(caption, widget))
        flow.addWidget(
            kept_together(QLabel(self.tr("Found from")), self.date_from, QLabel(self.tr("to")), self.date_to)
        )
        flow.addWidget(self.overdue_check)
        # its whole placeholder, the clear button beside it: at 260 px it read "（Ctrl+…"
        self.search_edit.setMinimumWidth(text_width(self.search_edit, self.search_edit.placeholderText()) + 20)
        flow.addWidget(kept_together(self.search_edit, self.clear_button))
        counts = QHBoxLayout()
        counts.addWidget(self.count_label)
        counts.addSpacing(8)
        counts.addWidget(self.overdue_label)
        counts.addStretch(1)
        counts.addWidget(self.new_button)
        self.filter_bar = QVBoxLayout()
        self.filter_bar.addWidget(filters)
        self.filter_bar.addLayout(counts)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._debounce.start)
        self.search_edit.returnPressed.connect(self.apply_filter)
        for combo in self._combos():
            combo.currentIndexChanged.connect(self.apply_filter)
        self.date_from.dateChanged.connect(self.apply_filter)
        self.date_to.dateChanged.connect(self.apply_filter)
        self.overdue_check.toggled.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_hazard_requested)

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.status_combo, self.unit_combo, self.level_combo, self.category_combo, self.source_combo)

    def reload_choices(self) -> None:
        """Fill the unit/level/category/source lists from reference data and run the list query."""
        self._fill_choices()
        self.apply_filter()

    def _fill_choices(self) -> None:
        """The unit/level/category/source lists from reference data (the selection kept where possible)."""
        today = self.ledger.clock.today()
        with self.ledger.read() as conn:
            lists = (
                (self.unit_combo, self.tr("All units"), reference.org_units(conn, "unit", today)),
                (self.level_combo, self.tr("All levels"), reference.choices(conn, "hazard_level", today)),
                (
                    self.category_combo,
                    self.tr("All categories"),
                    reference.choices(conn, "hazard_category", today),
                ),
                (self.source_combo, self.tr("All sources"), reference.choices(conn, "hazard_source", today)),
            )
        for combo, everything, entries in lists:
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for entry in entries:
                combo.addItem(entry.name, entry.id)
                combo.setItemData(combo.count() - 1, entry.display, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findData(kept), 0) if kept is not None else 0)
            combo.blockSignals(False)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(REFERENCE_TABLES):
            self._fill_choices()
        self.refresh()

    def current_filter(self) -> HazardFilter:
        statuses = self.status_combo.currentData()

        def day(edit: QDateEdit) -> dt.date | None:
            return None if edit.date() == edit.minimumDate() else _pydate(edit.date())

        return HazardFilter(
            statuses=statuses if isinstance(statuses, frozenset) else frozenset(),
            unit_id=self.unit_combo.currentData(),
            level_id=self.level_combo.currentData(),
            category_id=self.category_combo.currentData(),
            source_id=self.source_combo.currentData(),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            overdue_only=self.overdue_check.isChecked(),
            text=self.search_edit.text(),
        )

    def apply_filter(self) -> None:
        """Run the list query for what the filter bar says (sort order kept)."""
        self._debounce.stop()
        self._pin_detail = False
        self.model.set_query(self.current_filter())
        self._update_overdue()

    def clear_filters(self) -> None:
        widgets: list[QObject] = [
            self.status_combo,
            self.unit_combo,
            self.level_combo,
            self.category_combo,
            self.source_combo,
            self.date_from,
            self.date_to,
            self.overdue_check,
            self.search_edit,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        for combo in self._combos():
            combo.setCurrentIndex(0)
        self.date_from.setDate(self.date_from.minimumDate())
        self.date_to.setDate(self.date_to.minimumDate())
        self.overdue_check.setChecked(False)
        self.search_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filter()

    def apply_role(self, may: May) -> None:
        """The signed-in role's steps in the detail panel; no "new hazard" for a role that enters nothing."""
        gate(self.new_button, may, Permission.ENTER_RECORDS, hide=True)
        self.detail.apply_role(may)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # --- list state -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the list again (same filter and sort) and the selected hazard's file; keep the selection."""
        self._pin_detail = self._selected_id is not None
        self.model.set_query(self.current_filter())
        if self._selected_id is not None:
            self.detail.show_hazard(self._selected_id)
        self._update_overdue()

    def _update_overdue(self) -> int:
        with self.ledger.read() as conn:
            count = hazard_query.overdue_count(conn, self.ledger.clock.today())
        self.overdue_label.setText(self.tr("{count} overdue").format(count=count) if count else "")
        return count

    def _update_count(self) -> None:
        if self.model.total is None:
            shown = len(self.model.ids)
            self.count_label.plain(self.tr("{count}+ records, counting…").format(count=shown))
        else:
            self.count_label.plain(self.tr("{count} records").format(count=self.model.total))

    def _after_reset(self) -> None:
        self._update_count()
        self._restore_selection()

    def _on_loaded(self, _count: int) -> None:
        self._update_count()
        self._restore_selection()

    def _on_load_failed(self, message: str) -> None:
        self.count_label.error(self.tr("Could not read the list: {error}").format(error=message))

    def _restore_selection(self) -> None:
        """After a re-query, select the hazard that was selected before, wherever it moved."""
        if self._selected_id is None:
            return
        row = self.model.row_of(self._selected_id)
        if row >= 0:
            index = self.model.index(row, 0)
            self.table.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(index)
        elif not self.model.loading and not self._pin_detail:
            self._selected_id = None
            self.detail.show_hazard(None)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return  # keep the detail until another hazard is chosen (a re-query clears the selection)
        hazard_id = self.model.hazard_id(rows[0].row())
        if hazard_id is not None and (hazard_id != self._selected_id or self.detail.hazard is None):
            self._selected_id = hazard_id
            self.detail.show_hazard(hazard_id)

    def select_hazard(self, hazard_id: int) -> bool:
        """Select *hazard_id* in the list (if the filter shows it) and show its file."""
        self._selected_id = hazard_id
        self.detail.show_hazard(hazard_id)
        row = self.model.row_of(hazard_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_hazard_id(self) -> int | None:
        return self._selected_id

    # --- steps ----------------------------------------------------------------------------------------
    def _on_action(self, value: str) -> None:
        hazard = self.detail.hazard
        if hazard is None:
            return
        action = HazardAction(value)
        hazard_id = int(hazard["id"])
        if action is HazardAction.AMEND:
            self.amend_requested.emit(hazard_id)
            return
        if StepDialog.ask(self, self.ledger, hazard, action):
            self.after_change(hazard_id)

    def after_change(self, hazard_id: int) -> None:
        """A hazard was saved: refresh the list and its file, keep it selected, update the overdue count."""
        self._selected_id = hazard_id
        self.refresh()
        self.detail.focus_actions()

    # --- keyboard -------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.detail.hazard is not None
        ):
            return self.detail.focus_actions()
        return super().eventFilter(watched, event)
