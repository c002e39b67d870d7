"""The 三违 card (三违登记卡), typed from paper with the keyboard only, and its amend mode.

The fields are ``services.kinds.violations.FIELDS`` on the card page (two columns, Tab follows the card,
Enter saves, errors under their fields, the next card keeps workstation, date, shift, who stopped it and
how it was found). The 三违's own behaviour: a known 工号 fills name and unit (an inspector, or an offender
recorded before); the offender's 三违 count in the last 12 months shows beside the name (red from the
second); "stopped by" switches between the inspector list and a typed name; a linked hazard is typed as
its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy import Connection

from safetywatch.domain.errors import FieldError, TransitionError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, violations
from safetywatch.services.kinds.reference import Choice
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.ui.card_page import CardPage, KindService, Record
from safetywatch.ui.card_sitting import RosterWarning, SittingList, place_below_card
from safetywatch.ui.record_form import CHANGE_REASON, CHANGE_REASON_FIELD
from safetywatch.ui.widgets import ALERT_STYLE, HINT_STYLE, ChoiceCombo, parse_date

_WHEN, _WHO, _WHAT, _STOPPED = dict.fromkeys(spec.group for spec in violations.FIELDS)  # the card's boxes


class ViolationFormPage(CardPage):
    """Register a 三违 from its paper card, or amend a registered one (``load_for_amend``)."""

    fields = violations.FIELDS
    service = KindService(ViolationInput, violations.register, violations.amend, violations.void)
    date_field = "found_date"
    columns = ((_WHEN, _WHO), (_WHAT, _STOPPED, CHANGE_REASON_FIELD.group))
    fixed_when_amending = ("workstation_id",)  # part of the number
    enter_toggles_flags = True  # Enter ticks "signed", as this card always did

    workstation: ChoiceCombo
    found_date: QLineEdit
    shift: ChoiceCombo
    found_time: QLineEdit
    location: QLineEdit
    offender_no: QLineEdit
    offender_name: QLineEdit
    offender_unit: ChoiceCombo
    offender_team: ChoiceCombo
    offender_trade: QLineEdit
    employment: ChoiceCombo
    type: ChoiceCombo
    severity: ChoiceCombo
    rule_item: QLineEdit
    description: QPlainTextEdit
    stopped_by_kind: QComboBox
    stopped_by: ChoiceCombo
    stopped_by_name: QLineEdit
    found_via: ChoiceCombo
    hazard_number: QLineEdit
    offender_signed: QCheckBox
    remarks: QLineEdit
    reason: QLineEdit

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(ledger, parent)
        self._update_stopper()
        self.roster_warning = RosterWarning(ledger)  # who stopped it is not on duty on the shift's sheet
        self.sitting = SittingList()  # the cards saved in this sitting, to tick off against the paper
        place_below_card(self, self.roster_warning, self.sitting)

    def save(self) -> None:
        """Save, unless the inspector who stopped it is not on duty on the shift's sheet and the clerk has not
        seen that yet."""
        if not self.saving and not self.amending and self._stopper_off_sheet():
            return
        super().save()

    def _stopper_off_sheet(self) -> bool:
        inspector = self.stopped_by.current_id() if self.stopped_by_kind.currentData() == "inspector" else None
        return self.roster_warning.stops(
            inspector, self.workstation.current_id(), parse_date(self.found_date.text()), self.shift.current_id()
        )

    def after_save(self, record: Record, amended: bool) -> None:
        if not amended:
            who = str(record.get("stopped_by_name") or "")
            text = f"{record.get('offender_name') or ''} {record.get('description') or ''}"
            self.sitting.add(str(record["number"]), who, text)
        self.roster_warning.clear_warning()
        super().after_save(record, amended)

    def build(self) -> None:
        self.name_widgets(
            {
                "workstation": "workstation_id",
                "found_date": "found_date",
                "shift": "shift_id",
                "found_time": "found_time",
                "location": "location",
                "offender_no": "offender_no",
                "offender_name": "offender_name",
                "offender_unit": "offender_unit_id",
                "offender_team": "offender_team_id",
                "offender_trade": "offender_trade",
                "employment": "employment_id",
                "type": "type_id",
                "severity": "severity_id",
                "rule_item": "rule_item",
                "description": "description",
                "stopped_by_kind": "stopped_by_kind",
                "stopped_by": "stopped_by_id",
                "stopped_by_name": "stopped_by_name",
                "found_via": "found_via_id",
                "hazard_number": "hazard_id",
                "offender_signed": "offender_signed",
                "remarks": "remarks",
                "reason": CHANGE_REASON,
            }
        )
        self.repeat = QLabel()
        self.form.add_beside("offender_name", self.repeat)
        self.offender_completer: QCompleter = self.form.completer("offender_no")
        self.stopped_by_kind.currentIndexChanged.connect(lambda _i: self._update_stopper())
        self.offender_no.editingFinished.connect(self._offender_known)
        self.offender_no.textEdited.connect(self._suggest_numbers)
        self.form.chosen.connect(lambda name: self._offender_known() if name == "offender_no" else None)
        self.offender_name.editingFinished.connect(self._update_repeat)
        self.offender_unit.currentIndexChanged.connect(lambda _i: self._update_repeat())

    # --- the kind's hooks ---------------------------------------------------------------------------
    def new_title(self) -> str:
        return self.tr("New 三违 record")

    def amend_title(self, record: Record) -> str:
        return self.tr("Amend 三违 {number}").format(number=record["number"])

    def date_changed(self) -> None:
        self._update_repeat()

    def input_of(self, values: dict[str, Any]) -> tuple[ViolationInput, list[FieldError]]:
        number = str(values.pop("hazard_id")).strip()
        data = ViolationInput(**values)
        if data.stopped_by_kind == "inspector":
            data.stopped_by_name = ""
        else:
            data.stopped_by_id = None
        if not number:
            return data, []
        with self.ledger.read() as conn:
            data.hazard_id = hazards.by_number(conn, number)
        if data.hazard_id is None:
            return data, [FieldError("hazard_id", self.tr("No hazard has the number {number}.").format(number=number))]
        return data, []

    def check(self, conn: Connection, data: ViolationInput) -> None:
        violations.validate_input(conn, data, self.ledger.clock.today())

    def read_record(self, conn: Connection, record_id: int) -> tuple[Record, dict[str, Any]]:
        row = violations.get(conn, record_id)
        if row["voided"]:
            raise TransitionError(self.tr("This record is void; it cannot be amended."))
        values = asdict(violations.input_of(row)) | {"hazard_id": row.get("hazard_number") or ""}
        if values["stopped_by_kind"] == "inspector":
            values["stopped_by_name"] = ""
        return row, values

    def enter_amend(self, record: Record, values: Mapping[str, Any], fallbacks: Mapping[str, Choice]) -> None:
        super().enter_amend(record, values, fallbacks)
        self._update_repeat()

    def restore_card_state(self, state: dict[str, Any]) -> None:
        self._update_repeat()

    def saved_message(self, record: Record, amended: bool) -> str:
        return self.tr("Saved as {number}.").format(number=record["number"])

    def prefill(self, workstation_id: int, shift_date: dt.date, shift_id: int, inspector_id: int | None) -> None:
        """A card from the shift sheet: workstation, date, shift and the inspector who stopped it filled in,
        the inspector's report (群监员汇报) as how it was found."""
        self.start_with({"found_date": shift_date, "workstation_id": workstation_id, "shift_id": shift_id})
        self.found_via.choose_text("QJY")
        if inspector_id is not None:
            self.form.fill({"stopped_by_kind": "inspector", "stopped_by_id": inspector_id})
        self.form.focus_first_empty()

    # --- the offender and who stopped it ------------------------------------------------------------
    def _update_stopper(self) -> None:
        inspector = self.stopped_by_kind.currentData() == "inspector"
        self.stopped_by.setEnabled(inspector)
        self.stopped_by_name.setEnabled(not inspector)

    def _suggest_numbers(self, text: str) -> None:
        """Type-ahead: 工号 of inspectors and earlier offenders starting with what is typed."""
        with self.ledger.read() as conn:
            self.form.set_completions("offender_no", violations.offender_numbers(conn, text))

    def _offender_known(self) -> None:
        """A known 工号 fills in name and unit (an inspector, or an offender recorded before)."""
        number = self.offender_no.text().strip()
        if number and not self.offender_name.text().strip():
            with self.ledger.read() as conn:
                row = violations.known_person(conn, number)
            if row is not None:
                self.offender_name.setText(str(row[0]))
                self.offender_unit.set_id(int(row[1]))
        self._update_repeat()

    def _update_repeat(self) -> None:
        name = self.offender_name.text().strip()
        number = self.offender_no.text().strip()
        unit = self.offender_unit.current_id()
        if not number and not (name and unit):
            self.repeat.clear()
            return
        key = violations.offender_key(number or None, name, unit)
        with self.ledger.read() as conn:
            count = violations.repeat_count(conn, key, self.choice_date())
        if not self.amending:
            count += 1  # this card is one more
        self.repeat.setText(self.tr("{count} in the last 12 months").format(count=count))
        self.repeat.setStyleSheet(ALERT_STYLE if count >= 2 else HINT_STYLE)
