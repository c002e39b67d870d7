"""The hazard card (隐患登记卡) typed from paper with the keyboard only, and its amend mode.

The fields are ``services.kinds.hazards.FIELDS``, rendered by the card page (Tab order, Enter saves, errors
under the fields, nothing typed lost, the next card keeps workstation, date, shift and source). The hazard's
own behaviour: the deadline follows the found date and the level unless the clerk types one; "found by" is
an inspector of the roster or else a name, said beside it; the 五落实 box shows for a major hazard only;
each new card carries an idempotency key, so a retried save never registers it twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy import Connection

from safetywatch.domain.errors import FieldError
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus, next_status
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards, reference
from safetywatch.services.kinds.reference import Choice
from safetywatch.services.queries import hazard_query
from safetywatch.ui.card_page import CardPage, KindService, Record
from safetywatch.ui.card_sitting import RosterWarning, SittingList, place_below_card
from safetywatch.ui.record_form import CHANGE_REASON, CHANGE_REASON_FIELD, reference_entry
from safetywatch.ui.widgets import ChoiceCombo, hint_label, match_choice, parse_date

_CARD, _PLAN, _MAJOR, _OTHER = dict.fromkeys(spec.group for spec in hazards.FIELDS)  # the card's boxes


class HazardFormPage(CardPage):
    """Register a hazard from its paper card, or amend a registered one (``load_for_amend``)."""

    hazard_saved = Signal(int)

    fields = hazards.FIELDS
    service = KindService(hazards.HazardInput, hazards.register, hazards.amend)
    date_field = "found_date"
    columns = ((_CARD,), (_PLAN, _MAJOR, _OTHER, CHANGE_REASON_FIELD.group))
    fixed_when_amending = ("workstation_id", "fixed_on_site")  # part of the number; decided at registration
    error_fields: ClassVar[Mapping[str, str]] = {"finder_id": "finder_name"}

    workstation: ChoiceCombo
    found_date: QLineEdit
    shift: ChoiceCombo
    source: ChoiceCombo
    finder: QLineEdit
    unit: ChoiceCombo
    location: QLineEdit
    description: QPlainTextEdit
    category: ChoiceCombo
    nature: ChoiceCombo
    level: ChoiceCombo
    fixed_on_site: QCheckBox
    rectify_person: QLineEdit
    deadline: QLineEdit
    responsibility: QLineEdit
    standard: QPlainTextEdit
    measures: QPlainTextEdit
    major_item: QLineEdit
    funds: QLineEdit
    contingency_plan: QPlainTextEdit
    remarks: QLineEdit
    reason: QLineEdit

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, parent)
        self.saved.connect(self.hazard_saved.emit)
        self.roster_warning = RosterWarning(ledger)  # a finder not on duty on the shift's sheet
        self.sitting = SittingList()  # the cards saved in this sitting, to tick off against the paper
        place_below_card(self, self.roster_warning, self.sitting)

    def save(self) -> None:
        """Save, unless the finder is not on duty on the shift's sheet and the clerk has not seen that yet."""
        if not self.saving and not self.amending and self._finder_off_sheet():
            return
        super().save()

    def _finder_off_sheet(self) -> bool:
        inspector = self._resolve_finder()
        return self.roster_warning.stops(
            inspector.id if inspector else None,
            self.workstation.current_id(),
            parse_date(self.found_date.text()),
            self.shift.current_id(),
        )

    def build(self) -> None:
        # Idempotency key of the card being typed: a retried save (after "disk full", "busy", or a save that
        # landed but was not acknowledged) finds the record it made instead of making a second one.
        self._card_key = str(uuid.uuid4())
        self._auto_deadline: str | None = None  # the deadline text we filled in ourselves
        self._levels: dict[int, dict[str, Any]] = {}
        self._inspectors: list[Choice] = []
        self.name_widgets(
            {
                "workstation": "workstation_id",
                "found_date": "found_date",
                "shift": "shift_id",
                "source": "source_id",
                "finder": "finder_name",
                "unit": "unit_id",
                "location": "location",
                "description": "description",
                "category": "category_id",
                "nature": "nature_id",
                "level": "level_id",
                "fixed_on_site": "fixed_on_site",
                "rectify_person": "rectify_person",
                "deadline": "deadline",
                "responsibility": "responsibility",
                "standard": "standard",
                "measures": "measures",
                "major_item": "major_item",
                "funds": "funds_yuan",
                "contingency_plan": "contingency_plan",
                "remarks": "remarks",
                "reason": CHANGE_REASON,
            }
        )
        self.major_box = self.form.boxes[_MAJOR]
        self.reason_box = self.form.boxes[CHANGE_REASON_FIELD.group]
        self.finder_hint: QLabel = hint_label()
        self.finder_hint.setWordWrap(False)
        self.deadline_hint: QLabel = hint_label()
        self.deadline_hint.setWordWrap(False)
        self.form.add_beside("finder_name", self.finder_hint)
        self.form.add_beside("deadline", self.deadline_hint)
        self.form.completer("finder_name")
        self.form.completer("location")
        self.level.currentIndexChanged.connect(self._on_level_changed)
        self.fixed_on_site.toggled.connect(self._on_fixed_toggled)
        self.deadline.textEdited.connect(self._on_deadline_edited)
        self.finder.editingFinished.connect(self._resolve_finder)
        self.finder.textEdited.connect(lambda _text: self.finder_hint.clear())
        self.form.chosen.connect(lambda name: self._resolve_finder() if name == "finder_name" else None)

    # --- the kind's hooks ---------------------------------------------------------------------------
    def new_title(self) -> str:
        return self.tr("New hazard")

    def amend_title(self, record: Record) -> str:
        return self.tr("Amend hazard {number}").format(number=record["number"])

    def load_choices(self, conn: Connection, day: dt.date) -> None:
        self._levels = {int(r["id"]): r for r in reference.list_rows(conn, "hazard_level")}
        self._inspectors = reference.choices(conn, "inspector", day)
        self.form.set_completions("finder_name", [c.display for c in self._inspectors])
        self.form.set_completions("location", hazard_query.recent_locations(conn))
        self._update_major()

    def date_changed(self) -> None:
        self._update_deadline()

    def input_of(self, values: dict[str, Any]) -> tuple[hazards.HazardInput, list[FieldError]]:
        data = hazards.HazardInput(**values, uuid=None if self.amending else self._card_key)
        inspector = self._resolve_finder()
        if inspector is not None:
            data.finder_id, data.finder_name = inspector.id, ""
        if not self._is_major():  # 五落实 fields only apply to major hazards
            data.major_item, data.funds_yuan, data.contingency_plan = "", None, ""
        return data, []

    def check(self, conn: Connection, data: hazards.HazardInput) -> None:
        hazards.validate_input(conn, data, self.ledger.clock.today())

    def read_record(self, conn: Connection, record_id: int) -> tuple[Record, dict[str, Any]]:
        hazard = hazards.get(conn, record_id)
        if hazard["voided"]:
            next_status(HazardStatus.VOIDED, HazardAction.AMEND)  # says why it cannot be amended
        next_status(HazardStatus(hazard["status"]), HazardAction.AMEND)
        data = asdict(hazards.input_of(hazard))
        values = {spec.name: data[spec.name] for spec in self.fields}
        inspector = reference_entry(conn, "inspector", data["finder_id"]) if data["finder_id"] else None
        if inspector is not None:
            values["finder_name"] = inspector.display
        return hazard, values

    def enter_amend(self, record: Record, values: Mapping[str, Any], fallbacks: Mapping[str, Choice]) -> None:
        super().enter_amend(record, values, fallbacks)
        self._auto_deadline = None  # the stored deadline is the clerk's
        self.deadline_hint.clear()
        self._resolve_finder()

    def card_state(self) -> dict[str, Any]:
        return {"key": self._card_key, "auto_deadline": self._auto_deadline}

    def restore_card_state(self, state: dict[str, Any]) -> None:
        self._card_key = str(state.get("key") or uuid.uuid4())  # a new card: a new key
        self._auto_deadline = state.get("auto_deadline")
        self.finder_hint.clear()
        self.deadline_hint.clear()
        self._update_major()

    def saved_message(self, record: Record, amended: bool) -> str:
        if amended:
            return self.tr("Saved changes to {number}").format(number=record["number"])
        return self.tr("Saved {number}").format(number=record["number"])

    def after_save(self, record: Record, amended: bool) -> None:
        location = record.get("location") or ""
        if not amended and location and location not in self.form.completions("location"):
            self.form.set_completions("location", [location, *self.form.completions("location")])
        if not amended:
            self.sitting.add(str(record["number"]), str(record.get("finder_name") or ""), record.get("description"))
        self.roster_warning.clear_warning()
        super().after_save(record, amended)

    def prefill(self, workstation_id: int, shift_date: dt.date, shift_id: int, inspector_id: int | None) -> None:
        """Start a card from the shift sheet: workstation, date, shift and finder filled in, the inspector's
        report (群监员汇报) as source, focus on the first empty field."""
        self.start_with({"found_date": shift_date, "workstation_id": workstation_id, "shift_id": shift_id})
        self.source.choose_text("QJY")
        inspector = next((c for c in self._inspectors if c.id == inspector_id), None)
        if inspector is not None:
            self.finder.setText(inspector.display)
            self._resolve_finder()
        self.form.focus_first_empty()

    # --- finder -------------------------------------------------------------------------------------
    def _resolve_finder(self) -> Choice | None:
        """An inspector if the text names exactly one; otherwise the text stays a free-text name."""
        inspector = match_choice(self._inspectors, self.finder.text(), partial=False)
        if inspector is not None:
            if self.finder.text() != inspector.display:
                self.finder.setText(inspector.display)
            self.finder_hint.setText(self.tr("Inspector"))
        elif duty.looks_like_employee_no(self.finder.text()):
            self.finder_hint.setText(self.tr("No inspector has this 工号"))  # the save says so under the field
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
        found = parse_date(self.found_date.text())
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
