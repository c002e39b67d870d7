"""The line under a page or form that says how the last action went."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.ui.widgets.styles import ERROR_STYLE, HINT_STYLE, OK_STYLE


def error_text(error: SafetyWatchError) -> str:
    """What to tell the user about a known error: each finding of a validation on its own line."""
    if isinstance(error, ValidationError):
        return "\n".join(e.message for e in error.errors)
    return str(error)


class StatusLine(QLabel):
    """Green for done, red for an error, grey for a hint (or plain); wraps, and the text can be selected and copied.

    It is also where a write without fields reports a refusal (an ``operations.ErrorSink``: pass it as
    ``errors=``) and where a background job's known error is said (:meth:`problem`).
    """

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

    def plain(self, text: str) -> None:
        """Text in the page's own colour (a heading or a count that is sometimes an error)."""
        self._show(text, "")

    @property
    def is_error(self) -> bool:
        return self.styleSheet() == ERROR_STYLE and bool(self.text())

    def clear_error(self) -> None:
        """Forget an error (the user dismissed the messages); a success or hint stays."""
        if self.is_error:
            self.clear()

    # --- the error sink of a write, and background jobs ---------------------------------------------
    def invalid(self, error: ValidationError) -> None:
        self.error(error_text(error))

    def failed(self, message: str) -> None:
        self.error(message)

    def problem(self, error: BaseException) -> None:
        """A background job failed: a known error is said here; anything else is a bug, raised for the
        crash handler."""
        if not isinstance(error, SafetyWatchError):
            raise error
        self.error(error_text(error))

    def _show(self, text: str, style: str) -> None:
        self.setStyleSheet(style)
        self.setText(text)
