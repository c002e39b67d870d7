"""Small widgets every page uses."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget


def page_title(text: str) -> QLabel:
    """The bold heading at the top of a page."""
    title = QLabel(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


class CheckedFormDialog(QDialog):
    """A small form whose fields each show their own error below them; a message for no known field goes
    below the form. Refusing a save never clears what was typed."""

    def build(self, context: list[tuple[str, QWidget]], fields: list[tuple[str, str, QWidget]], width: int) -> None:
        from safetywatch.ui.hazard_form import ERROR_STYLE

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for caption, widget in context:
            form.addRow(caption, widget)
        for name, caption, widget in fields:
            form.addRow(caption, widget)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[name] = error
        self.general = QLabel()
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        form.addRow(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(width)

    def show_errors(self, messages: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(messages.get(name, ""))
            label.setVisible(name in messages)
        self.general.setText("\n".join(text for name, text in messages.items() if name not in self.errors))
