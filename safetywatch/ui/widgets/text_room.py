"""How wide a field must be to show a given text whole: a layout squeezes a field to its small default minimum
(a date box read "6-01-01" and a filter box "记…" at 1024 px), so fields that must stay readable ask for this."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: a line edit's frame and text margins, a spin box's arrows or a combo's drop-down button, with a little air
FRAME = 36


def text_width(field: QWidget, text: str) -> int:
    """The width at which *field* (a line edit, date edit or combo box) shows *text* in its own font uncut."""
    return field.fontMetrics().horizontalAdvance(text) + FRAME
