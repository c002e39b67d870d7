"""Suggestion lists filtered by code, Chinese, pinyin initials or full pinyin (safetywatch.domain.pinyin_match).

QCompleter can only match the start or a substring of the shown text, so the matching is done here: the
completer hands the typed text to a filter model that keeps the entries whose search keys fit, best fit
first, and asks QCompleter itself to match nothing more (an empty path fits every row).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QElapsedTimer,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QListView

from safetywatch.domain.pinyin_match import CONTAINS, match_rank, text_keys

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
        self._ranks: dict[str, int] = {}  # entry text → how well it fits the query
        self.setDynamicSortFilter(True)

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

    def set_query(self, query: str) -> None:
        if query != self.query:
            self.query = query
            self._ranks.clear()
            self.sort(0 if query else -1)  # nothing typed: the source's order, without sorting thousands
            self.invalidate()

    def keys_of(self, text: str) -> tuple[str, ...]:
        keys = self._keys.get(text)
        if keys is None:
            keys = self._keys[text] = text_keys(text)
        return keys

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        text = str(source.data(source.index(source_row, 0, source_parent)) or "")
        rank = match_rank(self.query, self.keys_of(text))
        if rank is not None:
            self._ranks[text] = rank  # for lessThan, which runs after filtering
        return rank is not None

    def lessThan(self, left: Index, right: Index) -> bool:
        ranks = (self._ranks.get(str(left.data() or ""), CONTAINS), self._ranks.get(str(right.data() or ""), CONTAINS))
        if ranks[0] != ranks[1]:
            return ranks[0] < ranks[1]
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


class PinyinListView(QListView):
    """The list of a non-editable combo box (a register's filter): typing on the closed box jumps to the
    entry the typed letters fit, by code, Chinese, pinyin initials or full pinyin.

    QComboBox hands typed text to its view's ``keyboardSearch``; letters typed within the keyboard input
    interval add up (``j``, ``jd``, ``jdd``), as in Qt's own search. An entry's keys come from its tool tip
    where that spells out code and name, else from its text; they are kept per text.
    """

    def __init__(self, parent: QComboBox | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._since = QElapsedTimer()
        self._keys: dict[str, tuple[str, ...]] = {}

    def keyboardSearch(self, search: str) -> None:
        if not self._since.isValid() or self._since.elapsed() > QApplication.keyboardInputInterval():
            self._typed = ""
        self._since.restart()
        self._typed += search
        model = self.model()
        best: tuple[int, int] | None = None
        for row in range(model.rowCount()):
            index = model.index(row, self.modelColumn())
            text = str(index.data(Qt.ItemDataRole.ToolTipRole) or index.data() or "")
            keys = self._keys.get(text)
            if keys is None:
                keys = self._keys[text] = text_keys(text)
            rank = match_rank(self._typed, keys)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, row)
        if best is not None:
            self.setCurrentIndex(model.index(best[1], self.modelColumn()))


def search_by_pinyin(combo: QComboBox) -> None:
    """Let typing on a non-editable combo box find entries by code, Chinese or pinyin."""
    combo.setView(PinyinListView(combo))
