"""The line under a page or form that says how the last action went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from safetywatch.ui.widgets.styles import ERROR_STYLE, HINT_STYLE, OK_STYLE


class StatusLine(QLabel):
    """Green for done, red for an error, grey for a hint; wraps, and the text can be selected and copied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def ok(self, text: str) -> None:
        self._show(text, OK_STYLE)

    def error(self, text: str) -> None:
        self._show(text, ERROR_STYLE)

    def hint(self, text: str) -> None:
        self._show(text, HINT_STYLE)

    @property
    def is_error(self) -> bool:
        return self.styleSheet() == ERROR_STYLE and bool(self.text())

    def clear_error(self) -> None:
        """Forget an error (the user dismissed the messages); a success or hint stays."""
        if self.is_error:
            self.clear()

    def _show(self, text: str, style: str) -> None:
        self.setStyleSheet(style)
        self.setText(text)
