"""A list of records as an id window (architecture.md "Big tables"), for any record kind with a list query.

The query gives ``query_ids(conn, filter, sort_key, descending, limit=...) -> array`` (the matching ids in
display order) and ``fetch_rows(conn, ids) -> {id: (value per column..., voided)}``
(:class:`~safetywatch.services.queries.record_lists.ListQuery` has both). The model shows the first page at
once, reads the full id list in a worker and fetches rows by id in blocks into a small LRU cache as the view
asks for them. Sorting re-runs the query in SQL, so there is no proxy model. ``data()`` never raises and
never runs a slow query: a cache miss is one primary-key lookup of a block. Subclasses add their colours
and labels (:class:`~safetywatch.ui.hazard_table_model.HazardTableModel`).
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy import Connection

from safetywatch.domain.errors import SafetyWatchError
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.worker import LatestOnly

log = logging.getLogger(__name__)
VOIDED_FOREGROUND = QColor("#9e9e9e")
Index = QModelIndex | QPersistentModelIndex
FetchRows = Callable[[Connection, Sequence[int]], dict[int, tuple[Any, ...]]]
#: One id query bound to its filter and order: ``ids(conn, limit)``.
IdQuery = Callable[[Connection, int | None], "array[int]"]

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


class QueryIds(Protocol):
    def __call__(
        self, conn: Connection, flt: Any, sort_key: str, descending: bool, *, limit: int | None
    ) -> array[int]: ...


class IdWindowModel(QAbstractTableModel):
    """Rows = records matching a filter, in SQL order; one column per ``(key, header)`` of *columns*."""

    #: The full id list is in place; the argument is the number of matching records.
    loaded = Signal(int)
    #: Reading the list failed; the argument is the message for the user (the rows shown are kept).
    load_failed = Signal(str)

    def __init__(
        self,
        ledger: Ledger,
        columns: Sequence[tuple[str, str]],
        query_ids: QueryIds,
        fetch_rows: FetchRows,
        flt: Any,
        sort_key: str,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
        block_size: int = 200,
        max_blocks: int = 50,
        display: Callable[[str, Any], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.keys = [key for key, _ in columns]
        self.headers = [header for _, header in columns]
        self._query_ids = query_ids
        self._fetch_rows = fetch_rows
        self.filter = flt
        self.sort_key = sort_key
        self.descending = True
        self.page_size, self.block_size, self.max_blocks = page_size, block_size, max_blocks
        self.display = display or (lambda _key, value: "" if value is None else str(value))
        self.ids: array[int] = array("q")
        self.total: int | None = 0  # None while the full id list is still loading
        self._blocks: OrderedDict[int, dict[int, tuple[Any, ...]]] = OrderedDict()
        self._failed_blocks: set[int] = set()
        self._requests = LatestOnly(self)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    # --- queries ------------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the full id list of the current query is still being read in the background."""
        return self.total is None

    def id_query(self, flt: Any, sort_key: str, descending: bool) -> IdQuery:
        """The id query of one request (subclasses bind more, e.g. the day that "overdue" is counted on)."""
        query_ids = self._query_ids
        return lambda conn, limit: query_ids(conn, flt, sort_key, descending, limit=limit)

    def set_query(self, flt: Any, sort_key: str | None = None, descending: bool | None = None) -> None:
        """Show the records matching *flt*: the first page at once, the full list when it is read."""
        if sort_key is not None and sort_key not in self.keys:
            raise ValueError(f"unknown sort column {sort_key!r}")
        self.filter = flt
        self.sort_key = sort_key or self.sort_key
        self.descending = self.descending if descending is None else descending
        self._requests.cancel()
        ids = self.id_query(flt, self.sort_key, self.descending)
        try:
            with self.ledger.read() as conn:
                first = ids(conn, self.page_size)
        except SafetyWatchError as exc:  # storage trouble on the GUI thread: keep the rows shown, tell the page
            log.warning("list query failed: %s", exc)
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
                return ids(conn, None)

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
            self.total = len(ids)
        else:  # rows changed in between (someone saved): start afresh
            self.beginResetModel()
            self.ids = ids
            self._drop_cache()
            self.total = len(ids)
            self.endResetModel()
        self.loaded.emit(len(ids))

    def _load_failed(self, error: BaseException) -> None:
        if not isinstance(error, SafetyWatchError):
            raise error  # a bug: the crash handler
        self.total = len(self.ids)
        self.load_failed.emit(str(error))

    def refresh(self) -> None:
        """Read the list again with the same filter and sort (after a change); cached rows are dropped."""
        self.set_query(self.filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by *column* (the view calls this when a header is clicked)."""
        if not 0 <= column < len(self.keys):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.keys[column] == self.sort_key and descending == self.descending and self.total is not None:
            return  # already in this order (the view re-sorts when sorting is switched on)
        self.set_query(self.filter, self.keys[column], descending)

    def sort_column(self) -> int:
        return self.keys.index(self.sort_key)

    # --- ids ------------------------------------------------------------------------------------------
    def record_id(self, row: int) -> int | None:
        return int(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_of(self, record_id: int) -> int:
        """The row showing *record_id*, or -1 if it is not in the current list."""
        return self.ids.index(record_id) if record_id in self.ids else -1

    # --- cache ----------------------------------------------------------------------------------------
    def _drop_cache(self) -> None:
        self._blocks.clear()
        self._failed_blocks.clear()

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """The display tuple of *row* (a value per column, then the voided flag), fetched if needed."""
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
                block = self._fetch_rows(conn, chunk)
        except SafetyWatchError as exc:  # painting must go on: empty cells, retried after the next refresh
            log.warning("fetching rows %d..%d failed: %s", start, start + len(chunk), exc)
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
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.UserRole:
            return self.record_id(row)
        values = self.row_values(row)
        if values is None or not 0 <= column < len(self.keys):
            return None
        try:
            return self.cell(values, column, role)
        except Exception:  # a bad value must not break painting; the log says which
            log.exception("list cell %d,%d role %d", row, column, role)
            return None

    def cell(self, values: tuple[Any, ...], column: int, role: int) -> Any:
        """What *role* shows in *column* of a row with *values* (subclasses add colours and labels)."""
        voided = bool(values[-1])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(self.keys[column], values[column])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(VOIDED_FOREGROUND) if voided else None
        if role == Qt.ItemDataRole.FontRole:
            return self._struck if voided else None
        if role == Qt.ItemDataRole.ToolTipRole:
            value = values[column]
            return str(value) if isinstance(value, str) and len(value) > 20 else None
        return None
