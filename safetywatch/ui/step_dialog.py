"""One step of the hazard's closed loop, asked for as ``domain.hazard_loop.STEP_RULES`` says.

The fields are ``services.kinds.hazards.STEP_FIELDS``: the date, the person under the step's own label
(required where the rule says so), the further fields the step asks for, and the note, which is the
required reason of the steps in ``NEEDS_REASON``. Refused input stays in the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QWidget

from safetywatch.domain.hazard_loop import NEEDS_REASON, STEP_RULES, HazardAction, HazardStatus
from safetywatch.services.core.fields import FieldSpec
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.ui.record_dialog import RecordDialog


def step_fields(action: HazardAction) -> list[FieldSpec]:
    """The fields *action* asks for, in the order of ``STEP_FIELDS``."""
    rule = STEP_RULES[action]
    reason = action in NEEDS_REASON
    asked = {"on_date", "person", "note", *rule.asks}
    relabelled = {
        "person": (rule.person_label, bool(rule.person_required)),
        "note": ("Reason" if reason else "Note", reason),
    }
    out = []
    for spec in hazards.STEP_FIELDS:
        if spec.name in asked:
            label, required = relabelled.get(spec.name, (spec.label, spec.required))
            out.append(replace(spec, label=label, required=required))
    return out


class StepDialog(RecordDialog):
    """Asks for what one step of the loop needs and applies it; refused input stays in the form."""

    def __init__(
        self, ledger: Ledger, hazard: dict[str, Any], action: HazardAction, parent: QWidget | None = None
    ) -> None:
        summary = QLabel(
            self.tr("{number}  {status}  deadline {deadline}\n{description}").format(
                number=hazard["number"],
                status=HazardStatus(hazard["status"]).label,
                deadline=hazard["deadline"],
                description=hazard["description"],
            )
        )
        summary.setWordWrap(True)
        summary.setStyleSheet("color: #455a64;")
        title = self.tr("{action} – {number}").format(action=action.label, number=hazard["number"])
        super().__init__(parent, title, step_fields(action), calendar_dates=True, summary=summary)
        self.ledger, self.hazard, self.action = ledger, hazard, action
        self.saved_hazard: dict[str, Any] | None = None
        self.problem_box: QMessageBox | None = None
        self.general_error = self.status
        self.date_edit = self._widget("on_date", QDateEdit)
        self.person_edit = self._widget("person", QLineEdit)
        self.note_edit = self.widgets["note"]
        self.notice_edit = self._widget("notice_no", QLineEdit)
        self.deadline_edit = self._widget("new_deadline", QDateEdit)
        self.escalation_combo = self._widget("escalation_level", QComboBox)
        self.duplicate_edit = self._widget("duplicate_of", QLineEdit)
        today = ledger.clock.today()
        self.form.set("on_date", today)
        if self.notice_edit is not None:
            self.notice_edit.setPlaceholderText(self.tr("Blank: TZ-{number}").format(number=hazard["number"]))
        if action is HazardAction.START_RECTIFICATION:
            self.form.set("person", hazard.get("rectify_person") or "")
        if self.deadline_edit is not None:
            current = dt.date.fromisoformat(hazard["deadline"])
            self.form.set("new_deadline", max(current, today) + dt.timedelta(days=7))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        first = self.date_edit if action is HazardAction.ISSUE_NOTICE else self.person_edit
        if first is not None:
            first.setFocus()

    def _widget(self, name: str, kind: type[Any]) -> Any:
        """The field's widget if this step asks for it (else ``None``)."""
        widget = self.widgets.get(name)
        assert widget is None or isinstance(widget, kind)
        return widget

    def write_call(self, values: dict[str, Any]) -> Any:
        step = hazards.StepInput(action=self.action, **values)
        hazard_id, version = int(self.hazard["id"]), self.hazard["version"]
        return lambda: hazards.act(self.ledger, hazard_id, step, expected_version=version)

    def _done(self, result: Any) -> None:
        self.saved_hazard = result
        super()._done(result)

    def failed(self, message: str) -> None:
        """A refusal that is no field's (changed by someone else, not allowed now, storage): said at once
        in a message box; the dialog stays usable behind it."""
        super().failed(message)
        # open(), not exec(): the dialog stays usable behind the message and tests are never blocked.
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not saved"), message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.problem_box = box
        box.open()

    @classmethod
    def ask(cls, parent: QWidget | None, ledger: Ledger, hazard: dict[str, Any], action: HazardAction) -> bool:
        """Show the dialog modally; True if the step was saved."""
        dialog = cls(ledger, hazard, action, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
