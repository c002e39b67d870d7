"""The hazard list: the generic id window (:class:`IdWindowModel`) over ``hazard_query``, with the status
labels, the overdue colouring and its tooltip. Overdue is counted on the ledger's day of the query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from safetywatch.domain.hazard_loop import HazardStatus, overdue_on
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import COLUMN_KEYS, COLUMNS, HazardFilter
from safetywatch.ui.id_window_model import IdQuery, IdWindowModel

OVERDUE_BACKGROUND = QColor("#fde2e2")
OVERDUE_FOREGROUND = QColor("#b71c1c")

_STATUS = COLUMN_KEYS.index("status")
_DEADLINE = COLUMN_KEYS.index("deadline")
_DESCRIPTION = COLUMN_KEYS.index("description")


class HazardTableModel(IdWindowModel):
    """Rows = hazards matching a :class:`HazardFilter`, in SQL order; one column per ``COLUMNS`` entry."""

    def __init__(
        self,
        ledger: Ledger,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        block_size: int = 200,
        max_blocks: int = 50,
    ) -> None:
        super().__init__(
            ledger,
            [(key, header) for key, header, _ in COLUMNS],
            hazard_query.query_ids,
            hazard_query.fetch_rows,
            HazardFilter(),
            "found_date",
            parent,
            page_size=page_size,
            block_size=block_size,
            max_blocks=max_blocks,
        )
        self.today = ledger.clock.today()
        self.headers = [self.tr(header) for header in self.headers]

    def id_query(self, flt: Any, sort_key: str, descending: bool) -> IdQuery:
        today = self.today = self.ledger.clock.today()  # rows are coloured for the day the list was read
        return lambda conn, limit: hazard_query.query_ids(conn, flt, sort_key, descending, today, limit)

    def hazard_id(self, row: int) -> int | None:
        return self.record_id(row)

    def cell(self, values: tuple[Any, ...], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            value = values[column]
            if value is None:
                return ""
            return HazardStatus(value).label if column == _STATUS else str(value)
        voided = bool(values[-1])
        if voided and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return super().cell(values, column, role)  # grey and struck through
        overdue = 0 if voided else self._overdue_days(values)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVERDUE_FOREGROUND) if overdue else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACKGROUND) if overdue else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [str(values[column])] if column == _DESCRIPTION and values[column] else []
            if voided:
                tips.append(self.tr("Voided"))
            elif overdue:
                tips.append(
                    self.tr("Overdue by {days} days (deadline {deadline})").format(
                        days=overdue, deadline=values[_DEADLINE]
                    )
                )
            return "\n".join(tips) or None
        return None

    def _overdue_days(self, values: tuple[Any, ...]) -> int:
        """Days past the deadline while still open (0 if not overdue), as of the query's day."""
        deadline = values[_DEADLINE]
        if not deadline:
            return 0
        return overdue_on(HazardStatus(values[_STATUS]), dt.date.fromisoformat(deadline), self.today).days

    def is_overdue(self, row: int) -> bool:
        values = self.row_values(row)
        return values is not None and not values[-1] and self._overdue_days(values) > 0
