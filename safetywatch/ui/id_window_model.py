"""A list of records as an id window (architecture.md "Big tables"), for any record kind with a query module.

The query module gives ``query_ids(conn, filter, sort_key, descending, limit) -> array`` and
``fetch_rows(conn, ids) -> {id: (values..., voided)}``; the model shows a first page at once, reads the
full id list in a worker and fetches rows in cached blocks. The hazard list keeps its own model (overdue
colouring, status labels); new lists use this one.
"""

from __future__ import annotations

import logging
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy import Connection

from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.worker import LatestOnly

log = logging.getLogger(__name__)
VOIDED_FOREGROUND = QColor("#9e9e9e")
Index = QModelIndex | QPersistentModelIndex
QueryIds = Callable[[Connection, Any, str, bool, int | None], "array[int]"]
FetchRows = Callable[[Connection, Sequence[int]], dict[int, tuple[Any, ...]]]


class IdWindowModel(QAbstractTableModel):
    loaded = Signal(int)
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
        self.columns = list(columns)
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
        self.total: int | None = 0
        self._blocks: OrderedDict[int, dict[int, tuple[Any, ...]]] = OrderedDict()
        self._requests = LatestOnly(self)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    @property
    def loading(self) -> bool:
        return self.total is None

    def set_query(self, flt: Any, sort_key: str | None = None, descending: bool | None = None) -> None:
        self.filter = flt
        if sort_key is not None:
            self.sort_key = sort_key
        if descending is not None:
            self.descending = descending
        self._requests.cancel()
        key, desc = self.sort_key, self.descending
        try:
            with self.ledger.read() as conn:
                first = self._query_ids(conn, flt, key, desc, self.page_size)
        except Exception as exc:  # storage trouble: keep the rows shown, tell the page
            log.exception("list query failed")
            self.load_failed.emit(str(exc))
            return
        self.beginResetModel()
        self.ids = first
        self._blocks.clear()
        complete = len(first) < self.page_size
        self.total = len(first) if complete else None
        self.endResetModel()
        if complete:
            self.loaded.emit(len(first))
            return

        def full_list() -> array[int]:
            with self.ledger.read() as conn:
                return self._query_ids(conn, flt, key, desc, None)

        self._requests.submit(full_list, self._swap_in, lambda error: self.load_failed.emit(str(error)))

    def _swap_in(self, result: object) -> None:
        assert isinstance(result, array)
        old = len(self.ids)
        if len(result) >= old and result[:old] == self.ids:
            if len(result) > old:
                self.beginInsertRows(QModelIndex(), old, len(result) - 1)
                self.ids = result
                self.total = len(result)
                self.endInsertRows()
            self.total = len(result)
        else:
            self.beginResetModel()
            self.ids = result
            self._blocks.clear()
            self.total = len(result)
            self.endResetModel()
        self.loaded.emit(len(result))

    def refresh(self) -> None:
        self.set_query(self.filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.keys):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.keys[column] == self.sort_key and descending == self.descending and self.total is not None:
            return
        self.set_query(self.filter, self.keys[column], descending)

    def record_id(self, row: int) -> int | None:
        return int(self.ids[row]) if 0 <= row < len(self.ids) else None

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        if not 0 <= row < len(self.ids):
            return None
        number = row // self.block_size
        block = self._blocks.get(number)
        if block is None:
            start = number * self.block_size
            try:
                with self.ledger.read() as conn:
                    block = self._fetch_rows(conn, self.ids[start : start + self.block_size])
            except Exception:
                log.exception("fetching rows %d.. failed", start)
                return None
            self._blocks[number] = block
            while len(self._blocks) > self.max_blocks:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block.get(self.ids[row])

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.record_id(index.row())
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        values = self.row_values(index.row())
        if values is None:
            return None
        voided = bool(values[-1])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(self.keys[index.column()], values[index.column()])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(VOIDED_FOREGROUND) if voided else None
        if role == Qt.ItemDataRole.FontRole:
            return self._struck if voided else None
        if role == Qt.ItemDataRole.ToolTipRole:
            value = values[index.column()]
            return str(value) if isinstance(value, str) and len(value) > 20 else None
        return None
