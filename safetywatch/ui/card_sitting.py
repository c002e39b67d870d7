"""What a card page shows of the clerk's sitting, beside the card itself (issue 17).

- :class:`SittingList`: the cards saved since the page opened (number, inspector, short text), newest first,
  each with a tick box, so the clerk can tick them off against the paper cards. Session-only: nothing of it
  is stored.
- :class:`RosterWarning`: a finder who is not on duty on that shift's sheet is usually a slip, but not always
  (a report handed in a shift late): the first save says so, a second save of the same card keeps it.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty
from safetywatch.ui.widgets import ALERT_STYLE

SHORT_TEXT = 24  # characters of a card's description in the list
VISIBLE_ROWS = 4  # the list scrolls beyond this, so the card keeps its height at 768 px


def place_below_card(page: QWidget, *widgets: QWidget) -> None:
    """Put *widgets* between the card and the page's bottom row (status and buttons)."""
    layout = page.layout()
    assert isinstance(layout, QBoxLayout)
    for widget in widgets:
        layout.insertWidget(max(layout.count() - 1, 0), widget)


def short(text: str | None) -> str:
    plain = " ".join((text or "").split())
    return plain if len(plain) <= SHORT_TEXT else plain[: SHORT_TEXT - 1] + "…"


class SittingList(QWidget):
    """The cards entered in this sitting; hidden until the first one is saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.list = QListWidget()
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab stays inside the card
        self.list.setMaximumHeight(self.list.fontMetrics().height() * (VISIBLE_ROWS + 1) + 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 0, 9, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.setVisible(False)

    def add(self, number: str, inspector: str, text: str | None) -> None:
        item = QListWidgetItem("   ".join(part for part in (number, inspector, short(text)) if part))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.list.insertItem(0, item)
        self.title.setText(
            self.tr("Entered this sitting ({count}): tick each against its paper card.").format(count=self.count())
        )
        self.setVisible(True)

    def count(self) -> int:
        return self.list.count()

    def texts(self) -> list[str]:
        """The entries as shown, newest first (for tests and accessibility)."""
        return [self.list.item(i).text() for i in range(self.list.count())]


Key = tuple[int, int, dt.date, int]  # inspector, workstation, date, shift


class RosterWarning(QLabel):
    """The warning that a card's finder is not on duty on the shift's sheet, and its confirmation."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWordWrap(True)
        self.setStyleSheet(ALERT_STYLE)
        self.setContentsMargins(9, 0, 9, 0)
        self.setVisible(False)
        self._confirmed: Key | None = None

    def stops(
        self, inspector_id: int | None, workstation_id: int | None, day: dt.date | None, shift_id: int | None
    ) -> bool:
        """Whether this save stops to warn: the finder is not on duty on the sheet and was not warned of for
        this card yet. A second save of the same card (same finder, workstation, date, shift) goes through."""
        if inspector_id is None or workstation_id is None or day is None or shift_id is None:
            self.clear_warning()
            return False
        key = (inspector_id, workstation_id, day, shift_id)
        with self.ledger.read() as conn:
            warning = duty.sheet_standing(conn, inspector_id, workstation_id, day, shift_id)
        if warning is None or key == self._confirmed:
            return False
        self._confirmed = key
        self.setText(warning + " " + self.tr("Save again to keep it anyway (Enter)."))
        self.setVisible(True)
        return True

    def clear_warning(self) -> None:
        """A new card (or a saved one): warn afresh."""
        self._confirmed = None
        self.clear()
        self.setVisible(False)
