"""Small widgets every page uses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel


def page_title(text: str) -> QLabel:
    """The bold heading at the top of a page."""
    title = QLabel(text)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    return title


def previous_month(day: dt.date) -> str:
    first = day.replace(day=1) - dt.timedelta(days=1)
    return first.strftime("%Y-%m")


def month_choices(today: dt.date, count: int = 24) -> list[str]:
    """This month and the *count* − 1 before it, newest first."""
    months, day = [], today.replace(day=1)
    for _ in range(count):
        months.append(day.strftime("%Y-%m"))
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months
