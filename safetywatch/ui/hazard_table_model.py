"""The hazard list as an id-window table model (architecture.md §6).

A query runs in SQL and yields the matching ids in display order (``array('q')``); rows are fetched by id
in blocks of 200 into a small LRU cache as the view asks for them. Sorting re-runs the query in SQL, so
there is no proxy model. ``data()`` never raises and never runs a slow query: a cache miss is one primary
key lookup of a block.
"""

from __future__ import annotations

import datetime as dt
import logging
from array import array
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from safetywatch.domain.hazard_loop import HazardStatus, overdue_on
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import COLUMN_KEYS, COLUMNS, HazardFilter
from safetywatch.ui.worker import LatestOnly

log = logging.getLogger(__name__)

OVERDUE_BACKGROUND = QColor("#fde2e2")
OVERDUE_FOREGROUND = QColor("#b71c1c")
VOIDED_FOREGROUND = QColor("#9e9e9e")

_COL = {key: i for i, key in enumerate(COLUMN_KEYS)}
_STATUS = _COL["status"]
_DEADLINE = _COL["deadline"]
_DESCRIPTION = _COL["description"]
_VOIDED = len(COLUMNS)  # fetch_rows appends the voided flag after the display columns

_HANDLED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.UserRole,
    }
)

Index = QModelIndex | QPersistentModelIndex


class HazardTableModel(QAbstractTableModel):
    """Rows = hazards matching a :class:`HazardFilter`, in SQL order; one column per ``COLUMNS`` entry."""

    #: The full id list is in place; the argument is the number of matching hazards.
    loaded = Signal(int)
    #: Loading the id list failed; the argument is the message for the user.
    load_failed = Signal(str)

    def __init__(
        self,
        ledger: Ledger,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        block_size: int = 200,
        max_blocks: int = 50,
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.page_size = page_size
        self.block_size = block_size
        self.max_blocks = max_blocks
        self.ids: array[int] = array("q")
        self.filter = HazardFilter()
        self.sort_key = "found_date"
        self.descending = True
        self.today = ledger.clock.today()
        self.total: int | None = 0  # None while the full id list is still loading
        self._blocks: OrderedDict[int, dict[int, tuple[Any, ...]]] = OrderedDict()
        self._failed_blocks: set[int] = set()
        self._requests = LatestOnly(self)
        self._font = QFont()
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    # --- queries ------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the full id list of the current query is still being read in the background."""
        return self.total is None

    def set_query(
        self, flt: HazardFilter, sort_key: str | None = None, descending: bool | None = None
    ) -> None:
        """Show the hazards matching *flt*: the first page at once, the full list when it is read."""
        self.filter = flt
        if sort_key is not None:
            if sort_key not in COLUMN_KEYS:
                raise ValueError(f"unknown sort column {sort_key!r}")
            self.sort_key = sort_key
        if descending is not None:
            self.descending = descending
        self.today = self.ledger.clock.today()
        self._requests.cancel()
        flt, key, desc, today = self.filter, self.sort_key, self.descending, self.today
        try:
            with self.ledger.read() as conn:
                first = hazard_query.query_ids(conn, flt, key, desc, today, limit=self.page_size)
        except Exception as exc:  # a storage error: keep the old rows, tell the page
            log.exception("hazard query failed")
            self.load_failed.emit(str(exc))
            return
        self.beginResetModel()
        self.ids = first
        self._drop_cache()
        complete = len(first) < self.page_size
        self.total = len(first) if complete else None
        self.endResetModel()
        if complete:
            self.loaded.emit(len(first))
            return

        def full_list() -> array[int]:
            with self.ledger.read() as conn:  # a connection of the worker thread
                return hazard_query.query_ids(conn, flt, key, desc, today)

        self._requests.submit(full_list, self._swap_in, self._load_failed)

    def _swap_in(self, result: object) -> None:
        assert isinstance(result, array)
        ids: array[int] = result
        old = len(self.ids)
        if len(ids) >= old and ids[:old] == self.ids:
            # The first page is a prefix: append the rest, the view keeps selection and scroll position.
            if len(ids) > old:
                self.beginInsertRows(QModelIndex(), old, len(ids) - 1)
                self.ids = ids
                self.total = len(ids)
                self.endInsertRows()
            else:
                self.total = len(ids)
        else:  # rows changed in between (someone saved): start afresh
            self.beginResetModel()
            self.ids = ids
            self._drop_cache()
            self.total = len(ids)
            self.endResetModel()
        self.loaded.emit(len(ids))

    def _load_failed(self, error: BaseException) -> None:
        log.error("loading the hazard list failed: %r", error)
        self.total = len(self.ids)
        self.load_failed.emit(str(error))

    def refresh(self) -> None:
        """Read the list again with the same filter and sort (after a change); cached rows are dropped."""
        self.set_query(self.filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by *column* (the view calls this when a header is clicked)."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMN_KEYS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.sort_key and descending == self.descending and self.total is not None:
            return  # the list is already in this order (the view re-sorts when sorting is switched on)
        self.set_query(self.filter, key, descending)

    def sort_column(self) -> int:
        return _COL[self.sort_key]

    # --- ids ------------------------------------------------------------------------------------------
    def hazard_id(self, row: int) -> int | None:
        return int(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_of(self, hazard_id: int) -> int:
        """The row showing *hazard_id*, or -1 if it is not in the current list."""
        try:
            return self.ids.index(hazard_id)
        except ValueError:
            return -1

    # --- cache ----------------------------------------------------------------------------------------
    def _drop_cache(self) -> None:
        self._blocks.clear()
        self._failed_blocks.clear()

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """The display tuple of *row* (values per ``COLUMNS`` and the voided flag), fetched if needed."""
        if not 0 <= row < len(self.ids):
            return None
        number = row // self.block_size
        block = self._blocks.get(number)
        if block is None:
            if number in self._failed_blocks:
                return None
            block = self._fetch_block(number)
            if block is None:
                return None
        else:
            self._blocks.move_to_end(number)
        return block.get(self.ids[row])

    def _fetch_block(self, number: int) -> dict[int, tuple[Any, ...]] | None:
        start = number * self.block_size
        chunk = self.ids[start : start + self.block_size]
        try:
            with self.ledger.read() as conn:
                block = hazard_query.fetch_rows(conn, chunk)
        except Exception:  # data() must not raise: show empty cells and log once, retry after refresh
            log.exception("fetching hazard rows %d..%d failed", start, start + len(chunk))
            self._failed_blocks.add(number)
            return None
        self._blocks[number] = block
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)
        return block

    def cached_blocks(self) -> int:
        return len(self._blocks)

    # --- Qt model -------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section][1])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        try:
            return self._data(index.row(), index.column(), role)
        except Exception:  # a bad value must not break painting; the log says which
            log.exception("hazard list cell %d,%d role %d", index.row(), index.column(), role)
            return None

    def _data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.UserRole:
            return self.hazard_id(row)
        values = self.row_values(row)
        if values is None or not 0 <= column < len(COLUMNS):
            return None
        voided = bool(values[_VOIDED])
        overdue = self._overdue_days(values)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(values, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if voided:
                return QBrush(VOIDED_FOREGROUND)
            return QBrush(OVERDUE_FOREGROUND) if overdue else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE_BACKGROUND) if overdue and not voided else None
        if role == Qt.ItemDataRole.FontRole:
            return self._struck if voided else None
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

    def _display(self, values: tuple[Any, ...], column: int) -> str:
        value = values[column]
        if value is None:
            return ""
        if column == _STATUS:
            return HazardStatus(value).label
        return str(value)

    def _overdue_days(self, values: tuple[Any, ...]) -> int:
        """Days past the deadline while still open (0 if not overdue), as of the query's today."""
        deadline = values[_DEADLINE]
        if not deadline:
            return 0
        return overdue_on(HazardStatus(values[_STATUS]), dt.date.fromisoformat(deadline), self.today).days

    def is_overdue(self, row: int) -> bool:
        values = self.row_values(row)
        return values is not None and not values[_VOIDED] and self._overdue_days(values) > 0
