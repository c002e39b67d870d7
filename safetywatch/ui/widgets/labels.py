"""Labels every page uses: the page title, a grey hint, the red message under a field."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from safetywatch.ui.widgets.styles import ERROR_STYLE, HINT_STYLE


def page_title(text: str) -> QLabel:
    """The bold heading at the top of a page."""
    title = QLabel(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


def hint_label(text: str = "") -> QLabel:
    """Grey explanatory text that wraps."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def error_label() -> QLabel:
    """The red message under a field: hidden until there is something to say."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_message(label: QLabel, text: str) -> None:
    """Show *text* in a field's message label, or hide the label when there is nothing to say."""
    label.setText(text)
    label.setVisible(bool(text))
