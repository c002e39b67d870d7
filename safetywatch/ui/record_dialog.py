"""A small record form in a dialog: a step of a record (review, a loop step), a correction, an adjustment.

The fields come from specs (``services.core.fields``) and behave as on the cards: Tab order as declared,
Enter saves (Ctrl+Enter in a multi-line box), each error under its field, a message that belongs to no
field below the form. The save runs on the writer thread; the dialog closes when it succeeded and stays
open, with everything typed, when it was refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from safetywatch.domain.errors import FieldError, ValidationError
from safetywatch.services.core.fields import FieldSpec
from safetywatch.ui.operations import WriteOp, run_write
from safetywatch.ui.record_form import RecordForm
from safetywatch.ui.widgets import error_label, show_message

#: A service call made from the form's values; it runs on the writer thread (no widgets there).
Action = Callable[[dict[str, Any]], Any]


class RecordDialog(QDialog):
    """*fields* above OK/Cancel; OK (or Enter) runs *action* with the values; ``saved(result)`` on success."""

    saved = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: Sequence[FieldSpec],
        action: Action | None = None,
        *,
        context: Sequence[tuple[str, QWidget]] = (),
        calendar_dates: bool = False,
        width: int = 460,
        summary: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._action = action
        self.result_value: Any = None
        self._write: WriteOp | None = None
        self.form = RecordForm(fields, calendar_dates=calendar_dates, context=context)
        self.widgets, self.errors = self.form.widgets, self.form.errors
        self.form.submitted.connect(self.submit)
        self.status = error_label()  # what belongs to no field
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if summary is not None:
            layout.addWidget(summary)
        layout.addWidget(self.form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(width)

    @property
    def saving(self) -> bool:
        return self._write is not None and self._write.pending

    def check(self, values: dict[str, Any]) -> list[FieldError]:
        """Problems found before asking the service (beyond values that are not of their kind)."""
        return []

    def write_call(self, values: dict[str, Any]) -> Callable[[], Any]:
        """The service call to run for *values*."""
        action = self._action
        assert action is not None
        return lambda: action(values)

    def submit(self) -> None:
        """Save what the form holds; on success close, otherwise show why and keep everything typed."""
        if self.saving:
            return  # OK pressed again while saving
        self.form.clear_errors()
        show_message(self.status, "")
        values, problems = self.form.values()
        problems += self.check(values)
        if problems:
            self.invalid(ValidationError(problems))
            return
        self._write = run_write(self, self.write_call(values), done=self._done, errors=self)

    def accept(self) -> None:
        self.submit()  # the default button and Enter save; the dialog closes once saved

    def _done(self, result: Any) -> None:
        self.result_value = result
        self.saved.emit(result)
        super().accept()

    # the error sink of the write -------------------------------------------------------------------
    def invalid(self, error: ValidationError) -> None:
        show_message(self.status, "\n".join(self.form.show_errors(error.errors)))

    def failed(self, message: str) -> None:
        show_message(self.status, message)

    def error_text(self, field: str) -> str:
        """The message shown at *field*, or below the form for a field it does not show."""
        label = self.errors.get(field, self.status)
        return label.text() if not label.isHidden() else ""
