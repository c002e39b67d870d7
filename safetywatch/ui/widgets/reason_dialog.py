"""The one way to ask for a reason outside a form (voiding, clearing a signature, changing a saved sheet…)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from safetywatch.domain.validation import has_visible_content


class ReasonDialog(QDialog):
    """A one-line reason; OK stays disabled until something visible is typed."""

    def __init__(self, parent: QWidget | None, title: str, label: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QLineEdit()
        self.text.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 28)
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setBuddy(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(has_visible_content(self.text.text()))

    def accept(self) -> None:
        if has_visible_content(self.text.text()):  # Enter in an empty field is refused too
            super().accept()


def ask_reason(parent: QWidget | None, title: str, label: str) -> str | None:
    """The reason typed (stripped), or ``None`` if cancelled. Tests replace this (on the module using it)."""
    dialog = ReasonDialog(parent, title, label)
    try:
        return dialog.text.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
