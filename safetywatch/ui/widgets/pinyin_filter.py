"""Suggestion lists filtered by code, Chinese, pinyin initials or full pinyin (safetywatch.domain.pinyin_match).

QCompleter can only match the start or a substring of the shown text, so the matching is done here: the
completer hands the typed text to a filter model that keeps the entries whose search keys fit, best fit
first, and asks QCompleter itself to match nothing more (an empty path fits every row).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QCompleter

from safetywatch.domain.pinyin_match import match_rank, text_keys

Index = QModelIndex | QPersistentModelIndex


class PinyinFilterModel(QSortFilterProxyModel):
    """The rows of its source whose keys fit the query, best fit first (then in the source's order).

    Keys are built when the source is filled (once per entry text, and kept), so a keystroke only compares
    strings. A list that knows its entries' codes and names hands their keys over with :meth:`remember`
    before it fills the source.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.query = ""
        self._keys: dict[str, tuple[str, ...]] = {}
        self.setDynamicSortFilter(True)
        self.sort(0)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(lambda: self._learn_rows(0, model.rowCount() - 1))
        model.rowsInserted.connect(lambda _parent, first, last: self._learn_rows(first, last))
        self._learn_rows(0, model.rowCount() - 1)

    def _learn_rows(self, first: int, last: int) -> None:
        source = self.sourceModel()
        for row in range(first, last + 1):
            self.keys_of(str(source.data(source.index(row, 0)) or ""))

    def remember(self, keys: dict[str, tuple[str, ...]]) -> None:
        """Keys of entries by their shown text (e.g. ``search_keys(code, name)`` of a reference list)."""
        self._keys.update(keys)
        self.invalidate()

    def set_query(self, query: str) -> None:
        if query != self.query:
            self.query = query
            self.invalidate()

    def keys_of(self, text: str) -> tuple[str, ...]:
        keys = self._keys.get(text)
        if keys is None:
            keys = self._keys[text] = text_keys(text)
        return keys

    def _rank(self, row: int, parent: Index) -> int | None:
        source = self.sourceModel()
        text = source.data(source.index(row, 0, parent), Qt.ItemDataRole.DisplayRole)
        return match_rank(self.query, self.keys_of(str(text or "")))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self._rank(source_row, source_parent) is not None

    def lessThan(self, left: Index, right: Index) -> bool:
        ranks = (self._rank(left.row(), left.parent()), self._rank(right.row(), right.parent()))
        if ranks[0] != ranks[1]:
            return (ranks[0] or 0) < (ranks[1] or 0)
        return left.row() < right.row()


class PinyinCompleter(QCompleter):
    """A popup completer over :class:`PinyinFilterModel`.

    ``setModel``/``model`` name the list offered (as on a plain QCompleter); the filter sits between, and
    ``completionModel()`` lists the suggestions shown, best first.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter_model = PinyinFilterModel(self)
        super().setModel(self.filter_model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)

    def setModel(self, model: QAbstractItemModel) -> None:
        self.filter_model.setSourceModel(model)

    def model(self) -> QAbstractItemModel:
        return self.filter_model.sourceModel()

    def splitPath(self, path: str) -> list[str]:
        self.filter_model.set_query(path)
        return [""]  # the filter model has matched; QCompleter keeps every row it leaves
