"""Dates typed as clerks type them: ``2026-06-09``, ``2026/06/09`` or ``20260609``, shown as ``2026-06-09``."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from safetywatch.domain.validation import parse_iso_date


def parse_date(text: str) -> dt.date | None:
    """The day *text* names, or ``None`` (empty or not a date)."""
    return parse_iso_date(text)


def date_placeholder() -> str:
    return QCoreApplication.translate("dates", "YYYY-MM-DD")


def not_a_date(text: str) -> str:
    """The message under a date field that holds something else."""
    return QCoreApplication.translate("dates", "“{text}” is not a date; type it as YYYY-MM-DD.").format(text=text)


def normalise_date(edit: QLineEdit) -> None:
    """Show a valid date the way it is stored (20260609 -> 2026-06-09); anything else stays as typed."""
    day = parse_iso_date(edit.text())
    if day is not None and edit.text() != day.isoformat():
        edit.setText(day.isoformat())


def date_edit(text: str = "", parent: QWidget | None = None) -> QLineEdit:
    """A line for a date: the format shown while empty, normalised when the user leaves it."""
    edit = QLineEdit(text, parent)
    edit.setPlaceholderText(date_placeholder())
    edit.setMaxLength(10)
    edit.editingFinished.connect(lambda: normalise_date(edit))
    return edit
