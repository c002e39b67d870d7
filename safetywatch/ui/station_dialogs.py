"""The office's two dialogs for a new station: registering it, and showing its one-time enrolment code.

The code is shown once (the office keeps only its hash), so the second dialog shows it big enough to read
out over the phone, with the office key's fingerprint the station clerk compares when enrolling.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import ValidationError
from safetywatch.exchange import stations
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.ui.widgets import error_label, hint_label, show_message


class StationDialog(QDialog):
    """Code, name and the workstations a new station serves; OK registers it (``new_station`` then holds it
    with its enrolment code). A refusal is shown under its field and the dialog stays open."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.new_station: stations.NewStation | None = None
        self.setWindowTitle(self.tr("Register a station"))
        self.code = QLineEdit()
        self.code.setPlaceholderText("ST01")
        self.code.setMaxLength(16)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. No. 1 pit-head station"))
        self.code_error, self.name_error, self.workstations_error = error_label(), error_label(), error_label()
        self.general_error = error_label()
        self.checks: dict[str, QCheckBox] = {}
        boxes = QWidget()
        box_layout = QVBoxLayout(boxes)
        with ledger.read() as conn:
            choices = reference.choices(conn, "workstation")
        for choice in choices:
            check = QCheckBox(f"{choice.code}  {choice.name}")
            self.checks[choice.code] = check
            box_layout.addWidget(check)
        box_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(boxes)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(120)
        form = QFormLayout()
        code_label = QLabel(self.tr("Station &code:"))
        code_label.setBuddy(self.code)
        name_label = QLabel(self.tr("&Name:"))
        name_label.setBuddy(self.name)
        form.addRow(code_label, self.code)
        form.addRow("", self.code_error)
        form.addRow(name_label, self.name)
        form.addRow("", self.name_error)
        form.addRow(QLabel(self.tr("Workstations it serves:")), scroll)
        form.addRow("", self.workstations_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Register"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.register)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "A station numbers the records of the workstations it serves; each workstation "
                    "belongs to one station."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.resize(480, 420)

    def chosen_workstations(self) -> list[str]:
        return [code for code, check in self.checks.items() if check.isChecked()]

    def register(self) -> None:
        """Register the station (a short write); keep the dialog open with the reason if it is refused."""
        for label in (self.code_error, self.name_error, self.workstations_error, self.general_error):
            show_message(label, "")
        try:
            self.new_station = stations.add_station(
                self.ledger, self.code.text(), self.name.text(), self.chosen_workstations()
            )
        except ValidationError as error:
            labels = {"code": self.code_error, "name": self.name_error, "workstations": self.workstations_error}
            for problem in error.errors:
                label = labels.get(problem.field, self.general_error)
                show_message(label, "\n".join(filter(None, (label.text(), problem.message))))
            return
        self.accept()


class EnrolmentCodeDialog(QDialog):
    """The one-time enrolment code, big, with the office key's fingerprint and where the bundle was written."""

    def __init__(
        self, station_code: str, enrol_code: str, fingerprint: str, bundle_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Enrolment code of station {code}").format(code=station_code))
        self.code_label = QLabel(enrol_code)
        self.fingerprint_label = QLabel(fingerprint)
        for label, scale in ((self.code_label, 2.6), (self.fingerprint_label, 1.5)):
            font = QFont("monospace")
            font.setStyleHint(QFont.StyleHint.Monospace)
            font.setPointSizeF(self.font().pointSizeF() * scale)
            font.setBold(True)
            label.setFont(font)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bundle = QLabel(bundle_text)
        bundle.setWordWrap(True)
        bundle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("I have noted it down"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Enrolment code (read it to the station clerk; it is shown only once):")))
        layout.addWidget(self.code_label)
        layout.addWidget(QLabel(self.tr("Fingerprint of the office key (the clerk compares it when enrolling):")))
        layout.addWidget(self.fingerprint_label)
        layout.addWidget(bundle)
        layout.addWidget(buttons)
        self.resize(560, 320)
