"""The 三违 card (三违登记卡), typed from paper with the keyboard only, and its amend mode.

Tab follows the card; Enter in a single-line field (Ctrl+Enter anywhere) saves; errors appear under their
fields and nothing typed is lost. After a save the next card keeps workstation, date, shift and who stopped
it. Typing the offender's 工号 fills name and unit when the person is known; the offender's 三违 count in the
last 12 months shows beside the name (red from the second).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import FieldError, SafetyWatchError, ValidationError
from safetywatch.domain.validation import parse_iso_date
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference, violations
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.ui.hazard_form import ERROR_STYLE, HINT_STYLE, OK_STYLE, ChoiceCombo

REPEAT_STYLE = "color: #b71c1c; font-weight: bold;"


class ViolationFormPage(QWidget):
    saved = Signal(int)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._amend_id: int | None = None
        self._amend_version: int | None = None
        self._errors: dict[str, QLabel] = {}
        self._order: list[QWidget] = []
        self._build()
        self.found_date.setText(ledger.clock.today().isoformat())
        self.reload_choices()
        if self.workstation.count() == 1:
            self.workstation.setCurrentIndex(0)

    # --- layout -------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self.tr("New 三违 record"))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        keys = QLabel(
            self.tr("Tab: next field · Enter: save (Ctrl+Enter in multi-line boxes) · Esc: clear the messages")
        )
        keys.setStyleSheet(HINT_STYLE)
        self.workstation = ChoiceCombo()
        self.found_date = QLineEdit()
        self.found_date.setPlaceholderText(self.tr("YYYY-MM-DD, e.g. 2026-06-09"))
        self.shift = ChoiceCombo()
        self.found_time = QLineEdit()
        self.found_time.setPlaceholderText("HH:MM")
        self.location = QLineEdit()
        self.offender_no = QLineEdit()
        self.offender_no.setPlaceholderText(self.tr("工号 if known: name and unit are filled in"))
        self._known_numbers = QStringListModel(self)
        self.offender_completer = QCompleter(self._known_numbers, self)
        self.offender_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.offender_no.setCompleter(self.offender_completer)
        self.offender_name = QLineEdit()
        self.repeat = QLabel()
        self.offender_unit = ChoiceCombo()
        self.offender_team = ChoiceCombo()
        self.offender_trade = QLineEdit()
        self.employment = ChoiceCombo()
        self.type = ChoiceCombo()
        self.severity = ChoiceCombo()
        self.rule_item = QLineEdit()
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 3 + 14)
        self.stopped_by_kind = QComboBox()
        for key, kind_label in (
            ("inspector", self.tr("Inspector")),
            ("cadre", self.tr("Cadre")),
            ("safety", self.tr("Safety officer")),
            ("other", self.tr("Other")),
        ):
            self.stopped_by_kind.addItem(kind_label, key)
        self.stopped_by = ChoiceCombo()
        self.stopped_by_name = QLineEdit()
        self.found_via = ChoiceCombo()
        self.hazard_number = QLineEdit()
        self.hazard_number.setPlaceholderText(self.tr("e.g. JK01-2026-00017 (optional)"))
        self.offender_signed = QCheckBox(self.tr("The offender signed the paper record"))
        self.remarks = QLineEdit()
        self.reason = QLineEdit()
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel amendment"))
        self.cancel_button.clicked.connect(self.start_new)
        self.status = QLabel()
        self.status.setWordWrap(True)

        grid = QGridLayout()
        offender = QWidget()
        line = QHBoxLayout(offender)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.offender_name, 1)
        line.addWidget(self.repeat)
        fields: list[tuple[str, str, QWidget, QWidget | None]] = [
            ("workstation_id", self.tr("Workstation"), self.workstation, None),
            ("found_date", self.tr("Date"), self.found_date, None),
            ("shift_id", self.tr("Shift"), self.shift, None),
            ("found_time", self.tr("Time"), self.found_time, None),
            ("location", self.tr("Location"), self.location, None),
            ("offender_no", self.tr("Offender's employee no."), self.offender_no, None),
            ("offender_name", self.tr("Offender"), self.offender_name, offender),
            ("offender_unit_id", self.tr("Offender's unit"), self.offender_unit, None),
            ("offender_team_id", self.tr("Team (optional)"), self.offender_team, None),
            ("offender_trade", self.tr("Trade (工种)"), self.offender_trade, None),
            ("employment_id", self.tr("Employment"), self.employment, None),
            ("type_id", self.tr("三违 type"), self.type, None),
            ("severity_id", self.tr("Severity"), self.severity, None),
            ("rule_item", self.tr("Rule item"), self.rule_item, None),
            ("description", self.tr("What was done"), self.description, None),
            ("stopped_by_kind", self.tr("Stopped by"), self.stopped_by_kind, None),
            ("stopped_by_id", self.tr("Inspector who stopped it"), self.stopped_by, None),
            ("stopped_by_name", self.tr("Name of who stopped it"), self.stopped_by_name, None),
            ("found_via_id", self.tr("How found"), self.found_via, None),
            ("hazard_id", self.tr("Linked hazard"), self.hazard_number, None),
            ("offender_signed", "", self.offender_signed, None),
            ("remarks", self.tr("Remarks"), self.remarks, None),
            ("reason", self.tr("Reason for the amendment"), self.reason, None),
        ]
        for name, text, widget, cell in fields:
            row = grid.rowCount()
            label = QLabel(text)
            label.setBuddy(widget)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(label, row, 0)
            grid.addWidget(cell if cell is not None else widget, row, 1)
            grid.addWidget(error, row + 1, 1)
            self._errors[name] = error
            self._order.append(widget)
            widget.installEventFilter(self)
            if name == "reason":
                self._reason_row: list[QWidget] = [label, widget]
        grid.setColumnStretch(1, 1)
        self._order.append(self.save_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.title)
        body_layout.addWidget(keys)
        body_layout.addLayout(grid)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()  # below the scrolled card: the outcome of a save is always in view
        buttons.setContentsMargins(9, 4, 9, 6)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)
        for first, second in zip(self._order, self._order[1:], strict=False):  # now all in one window
            QWidget.setTabOrder(first, second)

        self.stopped_by_kind.currentIndexChanged.connect(lambda _i: self._update_stopper())
        self.offender_no.editingFinished.connect(self._offender_known)
        self.offender_no.textEdited.connect(self._suggest_numbers)
        self.offender_completer.activated.connect(self._number_chosen)
        self.offender_name.editingFinished.connect(self._update_repeat)
        self.offender_unit.currentIndexChanged.connect(lambda _i: self._update_repeat())
        self.found_date.editingFinished.connect(self._on_date_edited)
        self._set_amend_mode(False)
        self._update_stopper()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                if isinstance(watched, QPlainTextEdit) and not ctrl:
                    return False
                if isinstance(watched, QCheckBox) and not ctrl:
                    watched.toggle()
                    return True
                self.save()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.clear_errors()
                return True
        return super().eventFilter(watched, event)

    # --- choices ------------------------------------------------------------------------------------
    def _day(self) -> dt.date:
        return parse_iso_date(self.found_date.text()) or self.ledger.clock.today()

    def reload_choices(self) -> None:
        day = self._day()
        try:
            with self.ledger.read() as conn:
                lists = {
                    self.workstation: reference.choices(conn, "workstation", day),
                    self.shift: reference.choices(conn, "shift", day),
                    self.offender_unit: reference.org_units(conn, "unit", day),
                    self.offender_team: reference.org_units(conn, "team", day),
                    self.employment: reference.choices(conn, "employment", day),
                    self.type: reference.choices(conn, "violation_type", day),
                    self.severity: reference.choices(conn, "violation_severity", day),
                    self.stopped_by: reference.choices(conn, "inspector", day),
                    self.found_via: reference.choices(conn, "violation_found_via", day),
                }
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return
        for combo, items in lists.items():
            combo.set_choices(items)

    def _on_date_edited(self) -> None:
        day = parse_iso_date(self.found_date.text())
        if day is not None:
            self.found_date.setText(day.isoformat())
            self.reload_choices()
            self._update_repeat()

    def _update_stopper(self) -> None:
        inspector = self.stopped_by_kind.currentData() == "inspector"
        self.stopped_by.setEnabled(inspector)
        self.stopped_by_name.setEnabled(not inspector)

    def _suggest_numbers(self, text: str) -> None:
        """Type-ahead: 工号 of inspectors and earlier offenders starting with what is typed."""
        with self.ledger.read() as conn:
            self._known_numbers.setStringList(violations.offender_numbers(conn, text))

    def _number_chosen(self, number: str) -> None:
        self.offender_no.setText(number)
        self._offender_known()

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
            count = violations.repeat_count(conn, key, self._day())
        if self._amend_id is None:
            count += 1  # this card is one more
        self.repeat.setText(self.tr("{count} in the last 12 months").format(count=count))
        self.repeat.setStyleSheet(REPEAT_STYLE if count >= 2 else HINT_STYLE)

    # --- modes --------------------------------------------------------------------------------------
    def _set_amend_mode(self, amending: bool) -> None:
        for widget in self._reason_row:
            widget.setVisible(amending)
        self.cancel_button.setVisible(amending)
        self.workstation.setEnabled(not amending)

    def start_new(self) -> None:
        if self._amend_id is not None:
            self._amend_id = self._amend_version = None
            self.title.setText(self.tr("New 三违 record"))
            self._set_amend_mode(False)
            self._clear_for_next_card()
        self.clear_errors()
        self._focus_first_empty()

    def prefill(self, workstation_id: int, shift_date: dt.date, shift_id: int, inspector_id: int | None) -> None:
        """A card from the shift sheet: workstation, date, shift and the inspector who stopped it filled in."""
        self.start_new()
        self.found_date.setText(shift_date.isoformat())
        self.reload_choices()
        self.workstation.set_id(workstation_id)
        self.shift.set_id(shift_id)
        self.found_via.choose_text("QJY")
        if inspector_id is not None:
            self.stopped_by_kind.setCurrentIndex(self.stopped_by_kind.findData("inspector"))
            self.stopped_by.set_id(inspector_id)
        self._focus_first_empty()

    def load_for_amend(self, violation_id: int) -> bool:
        try:
            with self.ledger.read() as conn:
                row = violations.get(conn, violation_id)
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return False
        if row["voided"]:
            self._say(self.tr("This record is void; it cannot be amended."), ERROR_STYLE)
            return False
        self._amend_id, self._amend_version = violation_id, int(row["version"])
        self.title.setText(self.tr("Amend 三违 {number}").format(number=row["number"]))
        self._fill(violations.input_of(row), row.get("hazard_number") or "")
        self._set_amend_mode(True)
        self.reason.clear()
        self.clear_errors()
        self.location.setFocus()
        return True

    def _fill(self, data: ViolationInput, hazard_number: str) -> None:
        self.found_date.setText(data.found_date.isoformat() if data.found_date else "")
        self.reload_choices()
        for combo, value in (
            (self.workstation, data.workstation_id),
            (self.shift, data.shift_id),
            (self.offender_unit, data.offender_unit_id),
            (self.offender_team, data.offender_team_id),
            (self.employment, data.employment_id),
            (self.type, data.type_id),
            (self.severity, data.severity_id),
            (self.stopped_by, data.stopped_by_id),
            (self.found_via, data.found_via_id),
        ):
            combo.set_id(value)
        for edit, text in (
            (self.found_time, data.found_time),
            (self.location, data.location),
            (self.offender_no, data.offender_no),
            (self.offender_name, data.offender_name),
            (self.offender_trade, data.offender_trade),
            (self.rule_item, data.rule_item),
            (self.stopped_by_name, data.stopped_by_name if data.stopped_by_kind != "inspector" else ""),
            (self.remarks, data.remarks),
            (self.hazard_number, hazard_number),
        ):
            edit.setText(text)
        self.description.setPlainText(data.description)
        self.stopped_by_kind.setCurrentIndex(self.stopped_by_kind.findData(data.stopped_by_kind))
        self.offender_signed.setChecked(data.offender_signed)
        self._update_repeat()

    def _clear_for_next_card(self) -> None:
        """Keep workstation, date, shift and who stopped it; clear the rest."""
        for edit in (
            self.found_time,
            self.location,
            self.offender_no,
            self.offender_name,
            self.offender_trade,
            self.rule_item,
            self.remarks,
            self.hazard_number,
            self.reason,
        ):
            edit.clear()
        self.description.clear()
        for combo in (self.offender_unit, self.offender_team, self.employment, self.type, self.severity):
            combo.set_id(None)
        self.offender_signed.setChecked(False)
        self.repeat.clear()

    # --- saving -------------------------------------------------------------------------------------
    def collect(self) -> tuple[ViolationInput, list[FieldError]]:
        errors: list[FieldError] = []
        data = ViolationInput()
        for name, combo in (
            ("workstation_id", self.workstation),
            ("shift_id", self.shift),
            ("offender_unit_id", self.offender_unit),
            ("offender_team_id", self.offender_team),
            ("employment_id", self.employment),
            ("type_id", self.type),
            ("severity_id", self.severity),
            ("stopped_by_id", self.stopped_by),
            ("found_via_id", self.found_via),
        ):
            value = combo.current_id()
            if value is None and combo.currentText().strip() and combo.isEnabled():
                errors.append(
                    FieldError(
                        name, self.tr("“{text}” is not in the list; choose an entry.").format(text=combo.currentText())
                    )
                )
            setattr(data, name, value if combo.isEnabled() or name == "workstation_id" else None)
        day_text = self.found_date.text().strip()
        data.found_date = parse_iso_date(day_text)
        if day_text and data.found_date is None:
            errors.append(FieldError("found_date", self.tr("Not a date; type it as YYYY-MM-DD.")))
        data.found_time = self.found_time.text()
        data.location = self.location.text()
        data.offender_no = self.offender_no.text()
        data.offender_name = self.offender_name.text()
        data.offender_trade = self.offender_trade.text()
        data.rule_item = self.rule_item.text()
        data.description = self.description.toPlainText()
        data.stopped_by_kind = str(self.stopped_by_kind.currentData())
        data.stopped_by_name = self.stopped_by_name.text() if data.stopped_by_kind != "inspector" else ""
        data.offender_signed = self.offender_signed.isChecked()
        data.remarks = self.remarks.text()
        number = self.hazard_number.text().strip()
        if number:
            with self.ledger.read() as conn:
                data.hazard_id = hazards.by_number(conn, number)
            if data.hazard_id is None:
                errors.append(
                    FieldError("hazard_id", self.tr("No hazard has the number {number}.").format(number=number))
                )
        return data, errors

    def save(self) -> bool:
        self.clear_errors()
        data, errors = self.collect()
        try:
            if errors:  # show the service's findings on the other fields too, in one go
                with self.ledger.read() as conn:
                    try:
                        violations.validate_input(conn, data, self.ledger.clock.today())
                    except ValidationError as more:
                        errors += [e for e in more.errors if e.field not in {f.field for f in errors}]
                raise ValidationError(errors)
            if self._amend_id is None:
                row = violations.register(self.ledger, data)
            else:
                row = violations.amend(
                    self.ledger, self._amend_id, data, self.reason.text(), expected_version=self._amend_version
                )
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        except SafetyWatchError as exc:
            self._say(str(exc), ERROR_STYLE)
            return False
        self._say(self.tr("Saved as {number}.").format(number=row["number"]), OK_STYLE)
        if self._amend_id is not None:
            self._amend_id = self._amend_version = None
            self.title.setText(self.tr("New 三违 record"))
            self._set_amend_mode(False)
        self._clear_for_next_card()
        self._focus_first_empty()
        self.saved.emit(int(row["id"]))
        return True

    def _show_errors(self, errors: list[FieldError]) -> None:
        first: QWidget | None = None
        for error in errors:
            label = self._errors.get(error.field)
            if label is None:
                self._say(error.message, ERROR_STYLE)
                continue
            label.setText(error.message)
            label.show()
            index = list(self._errors).index(error.field)
            widget = self._order[index]
            if first is None or self._order.index(widget) < self._order.index(first):
                first = widget
        self._say(self.tr("Not saved: correct the fields marked in red."), ERROR_STYLE)
        if first is not None:
            first.setFocus()

    def field_error(self, name: str) -> str:
        label = self._errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.hide()

    def _focus_first_empty(self) -> None:
        for widget in self._order:
            if not widget.isEnabled() or not widget.isVisibleTo(self):
                continue
            empty = (
                (isinstance(widget, QComboBox) and not widget.currentText().strip())
                or (isinstance(widget, QLineEdit) and not widget.text().strip())
                or (isinstance(widget, QPlainTextEdit) and not widget.toPlainText().strip())
            )
            if empty:
                widget.setFocus()
                return

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)
