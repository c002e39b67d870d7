"""The hazard card (隐患登记卡) typed from paper with the keyboard only, and the amend form.

Fields follow the paper card (domain.md §2.3) and Tab follows the fields. Enter in a single-line field
(Ctrl+Enter anywhere) saves; a failed save never loses what was typed: field errors appear in red under
their field, storage errors in the status line. After a save the next card keeps workstation, date, shift
and source, because clerks enter a whole shift's cards in one go.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Connection

from safetywatch.domain.errors import FieldError, SafetyWatchError, TransitionError, ValidationError
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus, next_status
from safetywatch.domain.validation import parse_iso_date
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.kinds.reference import Choice
from safetywatch.services.queries import hazard_query

ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"
HINT_STYLE = "color: #666666;"
#: How many recent hazards feed the location completion (enough variety, and a fast query at 350k rows).


def match_choice(items: list[Choice], text: str, *, partial: bool) -> Choice | None:
    """The one entry *text* names: by "code name", code or name (any case); with *partial*, also the
    only entry containing the text. ``None`` when nothing or more than one entry fits."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for attribute in ("display", "code", "name"):
        hits = [c for c in items if str(getattr(c, attribute)).casefold() == wanted]
        if len(hits) == 1:
            return hits[0]
    if partial:
        hits = [c for c in items if wanted in c.display.casefold()]
        if len(hits) == 1:
            return hits[0]
    return None


def _contains_completer(parent: QObject) -> QCompleter:
    completer = QCompleter(parent)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class ChoiceCombo(QComboBox):
    """An editable pick list: type part of a code or name; the typed text is resolved to an entry.

    Text that matches no entry is kept as typed (never replaced silently) and reported on save.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = _contains_completer(self)
        completer.setModel(self.model())
        self.setCompleter(completer)
        self._items: list[Choice] = []

    # --- content ------------------------------------------------------------------------------------
    def set_choices(self, items: list[Choice]) -> None:
        """Replace the entries, keeping the chosen one if still offered, else the typed text."""
        keep_id, keep_text = self.current_id(), self.currentText()
        self.blockSignals(True)
        self.clear()
        self._items = list(items)
        for item in self._items:
            self.addItem(item.display, item.id)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        if keep_id is not None and self.findData(keep_id) >= 0:
            self.setCurrentIndex(self.findData(keep_id))
        else:
            self.setEditText(keep_text)

    def set_id(self, item_id: int | None, fallback: Choice | None = None) -> None:
        """Select an entry by id; *fallback* is added if it is not offered (e.g. retired since)."""
        if item_id is None:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        index = self.findData(item_id)
        if index < 0 and fallback is not None:
            self._items.append(fallback)
            self.addItem(fallback.display, fallback.id)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def choose_text(self, text: str) -> None:
        """Take *text* (typed or completed) and select the entry it names, if any."""
        self.setEditText(text)
        self.resolve()

    # --- resolving typed text -----------------------------------------------------------------------
    def _match(self, text: str) -> int:
        found = match_choice(self._items, text, partial=True)
        return -1 if found is None else self._items.index(found)

    def resolve(self) -> int | None:
        """Select the entry the text names; return its id (``None``: empty or not resolvable)."""
        text = self.currentText()
        if not text.strip():
            if self.currentIndex() != -1:
                self.setCurrentIndex(-1)
            return None
        index = self._match(text)
        if index < 0:
            return None
        if index != self.currentIndex() or self.currentText() != self._items[index].display:
            self.setCurrentIndex(index)
        return self._items[index].id

    def current_id(self) -> int | None:
        return self.resolve()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.resolve()
        super().focusOutEvent(event)


@dataclass
class _Field:
    """One input of the card: its widget, the red message under it and (optional) a hint."""

    widget: QWidget
    error: QLabel
    row: list[QWidget]  # label + cell, shown/hidden together


class HazardFormPage(QWidget):
    """Register a hazard from its paper card, or amend a registered one (``load_for_amend``)."""

    hazard_saved = Signal(int)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._amend_id: int | None = None
        self._amend_version: int | None = None
        self._amend_number = ""
        self._stash: dict[str, Any] | None = None  # the unfinished new card while amending
        # Idempotency key of the card being typed: a retried save (after "disk full", "busy", or a save that
        # landed but was not acknowledged) finds the record it made instead of making a second one.
        self._card_key = str(uuid.uuid4())
        self._choices_date: dt.date | None = None
        self._auto_deadline: str | None = None  # the deadline text we filled in ourselves
        self._levels: dict[int, dict[str, Any]] = {}
        self._inspectors: list[Choice] = []
        self._fields: dict[str, _Field] = {}
        self._order: list[QWidget] = []
        self._popups: dict[QObject, tuple[QWidget, QCompleter]] = {}
        self._saving = False
        self._build()
        self.reload_choices()
        self._fill_defaults()

    # --- building -----------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self.tr("New hazard"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        keys = QLabel(
            self.tr(
                "Tab: next field · Enter: save (Ctrl+Enter in multi-line boxes) · Esc: clear the messages"
            )
        )
        keys.setStyleSheet(HINT_STYLE)

        self.workstation = ChoiceCombo()
        self.found_date = QLineEdit()
        self.shift = ChoiceCombo()
        self.source = ChoiceCombo()
        self.finder = QLineEdit()
        self.finder_hint = QLabel()
        self.finder_hint.setStyleSheet(HINT_STYLE)
        self.unit = ChoiceCombo()
        self.location = QLineEdit()
        self.description = self._text_box(3)
        self.category = ChoiceCombo()
        self.nature = ChoiceCombo()
        self.level = ChoiceCombo()
        self.fixed_on_site = QCheckBox(self.tr("Found and fixed during the shift"))
        self.rectify_person = QLineEdit()
        self.deadline = QLineEdit()
        self.deadline_hint = QLabel()
        self.deadline_hint.setStyleSheet(HINT_STYLE)
        self.responsibility = QLineEdit()
        self.standard = self._text_box(2)
        self.measures = self._text_box(2)
        self.major_item = QLineEdit()
        self.funds = QLineEdit()
        self.contingency_plan = self._text_box(2)
        self.remarks = QLineEdit()
        self.reason = QLineEdit()
        for date_edit in (self.found_date, self.deadline):
            date_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
            date_edit.setMaxLength(10)
        self.funds.setPlaceholderText(self.tr("whole yuan, e.g. 5000"))
        self.finder.setPlaceholderText(self.tr("employee no. or name"))
        self.reason.setPlaceholderText(self.tr("why the registered card is being corrected"))

        self._finder_model = QStringListModel(self)
        finder_completer = _contains_completer(self)
        finder_completer.setModel(self._finder_model)
        self.finder.setCompleter(finder_completer)
        self._location_model = QStringListModel(self)
        location_completer = _contains_completer(self)
        location_completer.setModel(self._location_model)
        self.location.setCompleter(location_completer)

        card = QGroupBox(self.tr("Hazard card"))
        card_grid = QGridLayout(card)
        self._add(card_grid, "workstation_id", self.tr("Workstation"), self.workstation)
        self._add(card_grid, "found_date", self.tr("Found on"), self.found_date)
        self._add(card_grid, "shift_id", self.tr("Shift"), self.shift)
        self._add(card_grid, "source_id", self.tr("Hazard source"), self.source)
        self._add(card_grid, "finder_name", self.tr("Found by"), self.finder, hint=self.finder_hint)
        self._add(card_grid, "unit_id", self.tr("Responsible unit"), self.unit)
        self._add(card_grid, "location", self.tr("Location"), self.location)
        self._add(card_grid, "description", self.tr("Hazard description"), self.description)
        self._add(card_grid, "category_id", self.tr("Category"), self.category)
        self._add(card_grid, "nature_id", self.tr("Nature"), self.nature)
        self._add(card_grid, "level_id", self.tr("Hazard level"), self.level)
        self._add(card_grid, "fixed_on_site", self.tr("Fixed on site"), self.fixed_on_site)
        card_grid.setRowStretch(card_grid.rowCount(), 1)

        plan = QGroupBox(self.tr("Five fixes (五定)"))
        plan_grid = QGridLayout(plan)
        self._add(plan_grid, "rectify_person", self.tr("Person to rectify"), self.rectify_person)
        self._add(plan_grid, "deadline", self.tr("Deadline"), self.deadline, hint=self.deadline_hint)
        self._add(plan_grid, "responsibility", self.tr("Responsibility"), self.responsibility)
        self._add(plan_grid, "standard", self.tr("Rectification standard"), self.standard)
        self._add(plan_grid, "measures", self.tr("Rectification measures"), self.measures)

        self.major_box = QGroupBox(self.tr("Major hazard (五落实)"))
        major_grid = QGridLayout(self.major_box)
        self._add(major_grid, "major_item", self.tr("Criteria item"), self.major_item)
        self._add(major_grid, "funds_yuan", self.tr("Funds (yuan)"), self.funds)
        self._add(major_grid, "contingency_plan", self.tr("Contingency plan"), self.contingency_plan)

        other = QWidget()
        other_grid = QGridLayout(other)
        other_grid.setContentsMargins(0, 0, 0, 0)
        self._add(other_grid, "remarks", self.tr("Remarks"), self.remarks)
        self.reason_box = QGroupBox(self.tr("Amendment"))
        reason_grid = QGridLayout(self.reason_box)
        self._add(reason_grid, "reason", self.tr("Reason for the change"), self.reason)

        right = QVBoxLayout()
        right.addWidget(plan)
        right.addWidget(self.major_box)
        right.addWidget(other)
        right.addWidget(self.reason_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(card, 1)
        columns.addLayout(right, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.title)
        body_layout.addWidget(keys)
        body_layout.addLayout(columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Enter or Ctrl+S"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel amendment"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.start_new)
        for button in (self.save_button, self.cancel_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep Tab inside the card
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(bottom)

        self._order = [
            self.workstation,
            self.found_date,
            self.shift,
            self.source,
            self.finder,
            self.unit,
            self.location,
            self.description,
            self.category,
            self.nature,
            self.level,
            self.fixed_on_site,
            self.rectify_person,
            self.deadline,
            self.responsibility,
            self.standard,
            self.measures,
            self.major_item,
            self.funds,
            self.contingency_plan,
            self.remarks,
            self.reason,
        ]
        for first, second in itertools.pairwise(self._order):
            QWidget.setTabOrder(first, second)
        for widget in self._order:
            widget.installEventFilter(self)
        for owner in (self.workstation, self.shift, self.source, self.unit, self.category, self.nature):
            self._watch_popup(owner)
        self._watch_popup(self.level)
        self._watch_popup(self.finder)

        self.found_date.editingFinished.connect(self._on_found_date_edited)
        self.level.currentIndexChanged.connect(self._on_level_changed)
        self.fixed_on_site.toggled.connect(self._on_fixed_toggled)
        self.deadline.textEdited.connect(self._on_deadline_edited)
        self.deadline.editingFinished.connect(lambda: self._normalise_date(self.deadline))
        self.finder.editingFinished.connect(self._resolve_finder)
        self.finder.textEdited.connect(lambda _text: self.finder_hint.clear())
        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Escape), self.clear_errors),
            (QKeySequence("Ctrl+S"), self.save),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._set_amend_mode(False)
        self._update_major()

    def _text_box(self, lines: int) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)  # Tab moves on; Enter is a new line; Ctrl+Enter saves
        height = box.fontMetrics().lineSpacing() * lines + 14
        box.setFixedHeight(height)
        return box

    def _add(
        self, grid: QGridLayout, name: str, label_text: str, widget: QWidget, hint: QLabel | None = None
    ) -> None:
        row = grid.rowCount()
        label = QLabel(label_text)
        label.setBuddy(widget)
        multi = isinstance(widget, QPlainTextEdit)
        label.setAlignment(
            Qt.AlignmentFlag.AlignRight
            | (Qt.AlignmentFlag.AlignTop if multi else Qt.AlignmentFlag.AlignVCenter)
        )
        if multi:
            label.setContentsMargins(0, 4, 0, 0)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setObjectName(f"error_{name}")
        error.hide()
        cell: QWidget = widget
        if hint is not None:
            cell = QWidget()
            line = QHBoxLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(widget, 1)
            line.addWidget(hint)
        grid.addWidget(label, row, 0)
        grid.addWidget(cell, row, 1)
        grid.addWidget(error, row + 1, 1)
        grid.setColumnStretch(1, 1)
        self._fields[name] = _Field(widget, error, [label, cell])

    def _watch_popup(self, owner: QComboBox | QLineEdit) -> None:
        completer = owner.completer()
        popup = completer.popup() if completer is not None else None
        assert completer is not None and popup is not None
        popup.installEventFilter(self)  # installed after the completer's own filter, so it runs first
        self._popups[popup] = (owner, completer)

    # --- reference data -----------------------------------------------------------------------------
    def _choice_date(self) -> dt.date:
        return parse_iso_date(self.found_date.text()) or self.ledger.clock.today()

    def reload_choices(self) -> None:
        """Re-read the pick lists (entries effective on the found date), keeping what is chosen or typed."""
        day = self._choice_date()
        try:
            with self.ledger.read() as conn:
                lists = {
                    self.workstation: reference.choices(conn, "workstation", day),
                    self.shift: reference.choices(conn, "shift", day),
                    self.source: reference.choices(conn, "hazard_source", day),
                    self.unit: reference.org_units(conn, "unit", day),
                    self.category: reference.choices(conn, "hazard_category", day),
                    self.nature: reference.choices(conn, "hazard_nature", day),
                    self.level: reference.choices(conn, "hazard_level", day),
                }
                self._levels = {int(r["id"]): r for r in reference.list_rows(conn, "hazard_level")}
                self._inspectors = reference.choices(conn, "inspector", day)
                locations = hazard_query.recent_locations(conn)
        except SafetyWatchError as exc:
            self._show_status(str(exc), ERROR_STYLE)
            return
        self._choices_date = day
        for combo, items in lists.items():
            combo.set_choices(items)
        self._finder_model.setStringList([c.display for c in self._inspectors])
        self._location_model.setStringList(locations)
        self._update_major()

    def _normalise_date(self, edit: QLineEdit) -> None:
        """Show a valid date the way it is stored (20260609 -> 2026-06-09); a bad one stays as typed."""
        day = parse_iso_date(edit.text())
        if day is not None and edit.text() != day.isoformat():
            edit.setText(day.isoformat())

    def _on_found_date_edited(self) -> None:
        self._normalise_date(self.found_date)
        day = parse_iso_date(self.found_date.text())
        if day is not None and day != self._choices_date:
            self.reload_choices()
        self._update_deadline()

    # --- finder -------------------------------------------------------------------------------------
    def _find_inspector(self, text: str) -> Choice | None:
        return match_choice(self._inspectors, text, partial=False)

    def _resolve_finder(self) -> Choice | None:
        """An inspector if the text names exactly one; otherwise the text stays a free-text name."""
        inspector = self._find_inspector(self.finder.text())
        if inspector is not None:
            if self.finder.text() != inspector.display:
                self.finder.setText(inspector.display)
            self.finder_hint.setText(self.tr("Inspector"))
        elif self.finder.text().strip():
            self.finder_hint.setText(self.tr("Not on the roster: kept as a name"))
        else:
            self.finder_hint.clear()
        return inspector

    # --- level, deadline, major fields --------------------------------------------------------------
    def _level_row(self) -> dict[str, Any] | None:
        index = self.level.currentIndex()
        if index < 0 or not self.level.currentText().strip():
            return None
        level_id = self.level.itemData(index)
        return self._levels.get(int(level_id)) if level_id is not None else None

    def _is_major(self) -> bool:
        level = self._level_row()
        return level is not None and level["national"] == "major"

    def _update_major(self) -> None:
        self.major_box.setVisible(self._is_major())

    def _on_level_changed(self, _index: int) -> None:
        self._update_major()
        self._update_deadline()

    def _on_fixed_toggled(self, checked: bool) -> None:
        self.deadline.setReadOnly(checked)
        if not checked and self.deadline.text() == self.found_date.text().strip():
            self._auto_deadline = self.deadline.text()  # was ours: recompute from the level
        self._update_deadline()

    def _on_deadline_edited(self, _text: str) -> None:
        self._auto_deadline = None  # the clerk's own deadline wins over the level default
        self.deadline_hint.clear()

    def _update_deadline(self) -> None:
        """Fill the deadline from found date and level unless the clerk typed one."""
        found = parse_iso_date(self.found_date.text())
        if self.fixed_on_site.isChecked():
            if found is not None:
                self.deadline.setText(found.isoformat())
                self._auto_deadline = self.deadline.text()
                self.deadline_hint.setText(self.tr("= found date"))
            return
        if self.deadline.text().strip() and self.deadline.text() != self._auto_deadline:
            return
        level = self._level_row()
        if found is None or level is None:
            return
        days = int(level["default_deadline_days"])
        self.deadline.setText((found + dt.timedelta(days=days)).isoformat())
        self._auto_deadline = self.deadline.text()
        self.deadline_hint.setText(self.tr("found date + {days} days").format(days=days))

    # --- keyboard -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched in self._popups:
                return self._popup_key(watched, event)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                if isinstance(watched, QPlainTextEdit) and not ctrl:
                    return False  # a new line inside the description
                self.save()
                return True
        return super().eventFilter(watched, event)

    def _popup_key(self, popup: QObject, event: QKeyEvent) -> bool:
        """Tab or Enter in an open suggestion list takes the highlighted (or else the first) suggestion.

        Enter on a suggestion highlighted with the arrow keys only chooses it; Enter straight after typing
        also saves, as Enter does everywhere else on the card.
        """
        owner, completer = self._popups[popup]
        key = event.key()
        if not isinstance(popup, QAbstractItemView) or not popup.isVisible():
            return False
        if key == Qt.Key.Key_Backtab:
            popup.hide()
            self._focus_step(owner, -1)
            return True
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        index = popup.currentIndex()
        picked = index.isValid()  # highlighted with the arrow keys: Enter only chooses it
        model = completer.completionModel()
        if not picked and model.rowCount() > 0:
            index = model.index(0, 0)
        popup.hide()
        if index.isValid():
            text = str(index.data())
            if isinstance(owner, ChoiceCombo):
                owner.choose_text(text)
            elif isinstance(owner, QLineEdit):
                owner.setText(text)
                if owner is self.finder:
                    self._resolve_finder()
        if key == Qt.Key.Key_Tab:
            self._focus_step(owner, 1)
        elif not picked:
            self.save()  # typed, then Enter: the first suggestion, and the card is done
        return True

    def _focus_step(self, current: QWidget, step: int) -> None:
        """Move focus along the card order, skipping hidden or disabled fields."""
        position = self._order.index(current) if current in self._order else -1
        candidates = self._order[position + 1 :] if step > 0 else list(reversed(self._order[:position]))
        for widget in candidates:
            if widget.isVisibleTo(self) and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return

    # --- reading and filling the card ---------------------------------------------------------------
    def _collect(self) -> tuple[hazards.HazardInput, list[FieldError]]:
        """The card as a HazardInput plus the errors found before asking the services."""
        errors: list[FieldError] = []
        data = hazards.HazardInput(uuid=self._card_key if self._amend_id is None else None)
        combos = (
            ("workstation_id", self.workstation),
            ("shift_id", self.shift),
            ("source_id", self.source),
            ("unit_id", self.unit),
            ("category_id", self.category),
            ("nature_id", self.nature),
            ("level_id", self.level),
        )
        for name, combo in combos:
            setattr(data, name, combo.current_id())
            if getattr(data, name) is None and combo.currentText().strip():
                errors.append(
                    FieldError(
                        name,
                        self.tr("“{text}” is not in the list for that date; choose an entry.").format(
                            text=combo.currentText().strip()
                        ),
                    )
                )
        for name, edit in (("found_date", self.found_date), ("deadline", self.deadline)):
            text = edit.text().strip()
            day = parse_iso_date(text) if text else None
            if text and day is None:
                errors.append(
                    FieldError(
                        name, self.tr("“{text}” is not a date; type it as YYYY-MM-DD.").format(text=text)
                    )
                )
            setattr(data, name, day)
        inspector = self._resolve_finder()
        if inspector is not None:
            data.finder_id = inspector.id
        else:
            data.finder_name = self.finder.text()
        data.location = self.location.text()
        data.description = self.description.toPlainText()
        data.fixed_on_site = self.fixed_on_site.isChecked()
        data.rectify_person = self.rectify_person.text()
        data.responsibility = self.responsibility.text()
        data.standard = self.standard.toPlainText()
        data.measures = self.measures.toPlainText()
        data.remarks = self.remarks.text()
        if self._is_major():  # 五落实 fields only apply to major hazards
            data.major_item = self.major_item.text()
            data.contingency_plan = self.contingency_plan.toPlainText()
            funds = self.funds.text().strip()
            if funds:
                try:
                    data.funds_yuan = int(funds)
                except ValueError:
                    errors.append(
                        FieldError("funds_yuan", self.tr("Type the amount in whole yuan, e.g. 5000."))
                    )
        return data, errors

    def _snapshot(self) -> dict[str, Any]:
        """Everything typed, as typed (to keep an unfinished card while another is amended)."""
        state: dict[str, Any] = {}
        for name, field in self._fields.items():
            widget = field.widget
            if isinstance(widget, QComboBox):
                state[name] = widget.currentText()
            elif isinstance(widget, QPlainTextEdit):
                state[name] = widget.toPlainText()
            elif isinstance(widget, QCheckBox):
                state[name] = widget.isChecked()
            elif isinstance(widget, QLineEdit):
                state[name] = widget.text()
        state["_auto_deadline"] = self._auto_deadline
        state["_card_key"] = self._card_key
        return state

    def _restore(self, state: dict[str, Any]) -> None:
        self.found_date.setText(str(state.get("found_date", "")))
        self.reload_choices()
        for name, field in self._fields.items():
            if name == "found_date" or name not in state:
                continue
            widget, value = field.widget, state[name]
            if isinstance(widget, ChoiceCombo):
                widget.choose_text(str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))
        self._auto_deadline = state.get("_auto_deadline")
        self._card_key = str(state.get("_card_key") or uuid.uuid4())
        self._update_major()

    def _clear_for_next_card(self) -> None:
        """Empty the card except workstation, date, shift and source (the same for a whole shift)."""
        for name in ("unit_id", "category_id", "nature_id", "level_id"):
            widget = self._fields[name].widget
            assert isinstance(widget, ChoiceCombo)
            widget.set_id(None)
        for edit in (
            self.finder,
            self.location,
            self.rectify_person,
            self.deadline,
            self.responsibility,
            self.major_item,
            self.funds,
            self.remarks,
            self.reason,
        ):
            edit.clear()
        for box in (self.description, self.standard, self.measures, self.contingency_plan):
            box.clear()
        self.fixed_on_site.setChecked(False)
        self._auto_deadline = None
        self._card_key = str(uuid.uuid4())  # a new card: a new key
        self.finder_hint.clear()
        self.deadline_hint.clear()
        self._update_major()

    def _fill_defaults(self) -> None:
        """A blank first card: today's date, and the workstation if this PC serves only one."""
        self.found_date.setText(self.ledger.clock.today().isoformat())
        self.reload_choices()
        if self.workstation.count() == 1:
            self.workstation.setCurrentIndex(0)

    # --- modes --------------------------------------------------------------------------------------
    def _set_amend_mode(self, amending: bool) -> None:
        self.reason_box.setVisible(amending)
        self.cancel_button.setVisible(amending)
        self.workstation.setEnabled(not amending)  # part of the number; cannot change
        self.fixed_on_site.setEnabled(not amending)
        if amending:
            self.title.setText(self.tr("Amend hazard {number}").format(number=self._amend_number))
            self.save_button.setText(self.tr("Save changes"))
        else:
            self.title.setText(self.tr("New hazard"))
            self.save_button.setText(self.tr("Save"))

    def start_new(self) -> None:
        """Show the new-hazard card: leaves amend mode and brings back an unfinished card, if any."""
        if self._amend_id is not None:
            self._amend_id = self._amend_version = None
            self._amend_number = ""
            self._set_amend_mode(False)
            self.clear_errors()
            self._clear_for_next_card()
            if self._stash is not None:
                self._restore(self._stash)
                self._stash = None
        self._focus_first_empty()

    def prefill(self, workstation_id: int, shift_date: dt.date, shift_id: int, inspector_id: int | None) -> None:
        """Start a card from the shift sheet: workstation, date, shift and finder filled in, the inspector's
        report as source, focus on the first empty field."""
        self.start_new()
        if self._amend_id is not None:  # start_new left amend mode only if it could
            return
        self.found_date.setText(shift_date.isoformat())
        self.reload_choices()
        self.workstation.set_id(workstation_id)
        self.shift.set_id(shift_id)
        self.source.choose_text("QJY")  # 群监员汇报: the card comes from the inspector's report
        if inspector_id is not None:
            inspector = next((c for c in self._inspectors if c.id == inspector_id), None)
            if inspector is not None:
                self.finder.setText(inspector.display)
                self._resolve_finder()
        self._focus_first_empty()

    def load_for_amend(self, hazard_id: int) -> bool:
        """Fill the card from a registered hazard for correction; return False if it cannot be amended."""
        try:
            with self.ledger.read() as conn:
                hazard = hazards.get(conn, hazard_id)
                fallbacks = self._fallbacks(conn, hazard)
        except SafetyWatchError as exc:
            self._show_status(str(exc), ERROR_STYLE)
            return False
        try:
            if hazard["voided"]:
                next_status(HazardStatus.VOIDED, HazardAction.AMEND)
            next_status(HazardStatus(hazard["status"]), HazardAction.AMEND)
        except TransitionError as exc:
            self._show_status(str(exc), ERROR_STYLE)
            return False
        if self._amend_id is None:
            self._stash = self._snapshot()
        data = hazards.input_of(hazard)
        self._amend_id = hazard_id
        self._amend_version = int(hazard["version"])
        self._amend_number = str(hazard["number"])
        self.clear_errors()
        self._clear_for_next_card()
        self.found_date.setText(data.found_date.isoformat() if data.found_date else "")
        self.reload_choices()
        self.fixed_on_site.setChecked(data.fixed_on_site)  # before the deadline: toggling may refill it
        for name in (
            "workstation_id",
            "shift_id",
            "source_id",
            "unit_id",
            "category_id",
            "nature_id",
            "level_id",
        ):
            widget = self._fields[name].widget
            assert isinstance(widget, ChoiceCombo)
            widget.set_id(getattr(data, name), fallbacks.get(name))
        inspector = next((c for c in self._inspectors if c.id == data.finder_id), fallbacks.get("finder_id"))
        self.finder.setText(inspector.display if inspector is not None else data.finder_name)
        self.location.setText(data.location)
        self.description.setPlainText(data.description)
        self.rectify_person.setText(data.rectify_person)
        self.deadline.setText(data.deadline.isoformat() if data.deadline else "")
        self._auto_deadline = None
        self.responsibility.setText(data.responsibility)
        self.standard.setPlainText(data.standard)
        self.measures.setPlainText(data.measures)
        self.major_item.setText(data.major_item)
        self.funds.setText("" if data.funds_yuan is None else str(data.funds_yuan))
        self.contingency_plan.setPlainText(data.contingency_plan)
        self.remarks.setText(data.remarks)
        self._set_amend_mode(True)
        self._update_major()
        self._show_status(self.tr("Correct the card, give the reason and press Enter to save."), HINT_STYLE)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _fallbacks(self, conn: Connection, hazard: dict[str, Any]) -> dict[str, Choice]:
        """Entries a stored hazard points to, for when they are no longer offered on its date."""
        kinds = {
            "workstation_id": "workstation",
            "shift_id": "shift",
            "source_id": "hazard_source",
            "unit_id": "org_unit",
            "category_id": "hazard_category",
            "nature_id": "hazard_nature",
            "level_id": "hazard_level",
            "finder_id": "inspector",
        }
        found: dict[str, Choice] = {}
        for name, kind in kinds.items():
            wanted = hazard.get(name)
            if wanted is None:
                continue
            code_column = reference.KINDS[kind].unique
            for row in reference.list_rows(conn, kind):
                if row["id"] == wanted:
                    found[name] = Choice(int(row["id"]), str(row[code_column]), str(row["name"]))
                    break
        return found

    # --- saving -------------------------------------------------------------------------------------
    def save(self) -> None:
        """Register (or amend) the card. On any failure everything typed stays as it is."""
        if self._saving:
            return
        self._saving = True
        try:
            self._save()
        finally:
            self._saving = False

    def _save(self) -> None:
        self.clear_errors()
        data, local_errors = self._collect()
        if local_errors:
            self._show_errors(local_errors + self._service_errors(data, {e.field for e in local_errors}))
            return
        try:
            if self._amend_id is not None:
                hazard = hazards.amend(
                    self.ledger,
                    self._amend_id,
                    data,
                    self.reason.text(),
                    expected_version=self._amend_version,
                )
            else:
                hazard = hazards.register(self.ledger, data)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except SafetyWatchError as exc:  # storage (busy, read-only, full), conflict, transition
            self._show_status(str(exc), ERROR_STYLE)
            return
        hazard_id, number = int(hazard["id"]), str(hazard["number"])
        if self._amend_id is not None:
            message = self.tr("Saved changes to {number}").format(number=number)
            self.start_new()
        else:
            message = self.tr("Saved {number}").format(number=number)
            if data.location and data.location not in self._location_model.stringList():
                self._location_model.setStringList([data.location, *self._location_model.stringList()])
            self._clear_for_next_card()
            self.finder.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_status(message, OK_STYLE)
        self.hazard_saved.emit(hazard_id)

    def _service_errors(self, data: hazards.HazardInput, skip: set[str]) -> list[FieldError]:
        """The services' verdict on the rest of the card, so every problem shows at once."""
        try:
            with self.ledger.read() as conn:
                hazards.validate_input(conn, data, self.ledger.clock.today())
        except ValidationError as exc:
            return [e for e in exc.errors if e.field not in skip]
        except SafetyWatchError:
            return []
        return []

    # --- messages -----------------------------------------------------------------------------------
    def _field_name(self, name: str) -> str | None:
        if name == "finder_id":
            return "finder_name"
        return name if name in self._fields else None

    def _show_errors(self, errors: list[FieldError]) -> None:
        loose: list[str] = []
        shown: set[str] = set()
        for error in errors:
            name = self._field_name(error.field)
            if name is None or not self._fields[name].widget.isVisibleTo(self):
                loose.append(error.message)
                continue
            label = self._fields[name].error
            label.setText(error.message if name not in shown else f"{label.text()}\n{error.message}")
            label.show()
            shown.add(name)
        if loose:
            self._show_status("\n".join(loose), ERROR_STYLE)
        else:
            self._show_status(self.tr("Not saved: correct the fields marked in red."), ERROR_STYLE)
        for name in self._fields:  # focus the first bad field in card order
            if name in shown:
                self._fields[name].widget.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def _show_status(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)

    def clear_errors(self) -> None:
        """Hide the red messages (Escape); what was typed stays."""
        for field in self._fields.values():
            field.error.clear()
            field.error.hide()
        if self.status.styleSheet() == ERROR_STYLE:
            self.status.clear()

    def field_error(self, name: str) -> str:
        """The message shown under a field ('' if none): for tests and accessibility."""
        label = self._fields[name].error
        return label.text() if label.isVisibleTo(self) else ""

    def _focus_first_empty(self) -> None:
        for widget in self._order:
            if not widget.isVisibleTo(self) or not widget.isEnabled():
                continue
            empty = (
                (isinstance(widget, QComboBox) and not widget.currentText().strip())
                or (isinstance(widget, QLineEdit) and not widget.text().strip())
                or (isinstance(widget, QPlainTextEdit) and not widget.toPlainText().strip())
            )
            if empty:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
