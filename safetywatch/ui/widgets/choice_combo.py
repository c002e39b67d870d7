"""Pick lists the keyboard drives: type a code, part of a name or its pinyin; the entry it names is chosen."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from safetywatch.domain.pinyin_match import matches, search_keys
from safetywatch.services.kinds.reference import Choice
from safetywatch.ui.widgets.pinyin_filter import PinyinCompleter


def match_choice(
    items: list[Choice], text: str, *, partial: bool, keys: list[tuple[str, ...]] | None = None
) -> Choice | None:
    """The one entry *text* names: by "code name", code or name (any case); with *partial*, also the
    only entry containing the text or its pinyin (*keys*: the items' search keys, if already built).
    ``None`` when nothing or more than one entry fits."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for attribute in ("display", "code", "name"):
        hits = [c for c in items if str(getattr(c, attribute)).casefold() == wanted]
        if len(hits) == 1:
            return hits[0]
    if partial:
        hits = [c for c in items if wanted in c.display.casefold()]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            all_keys = keys if keys is not None else [search_keys(c.code, c.name) for c in items]
            hits = [c for c, k in zip(items, all_keys, strict=True) if matches(text, k)]
            if len(hits) == 1:
                return hits[0]
    return None


def contains_completer(parent: QObject) -> QCompleter:
    """Suggestions that fit what is typed: a code, part of a Chinese name, pinyin initials or full pinyin
    (any case), best fit first."""
    return PinyinCompleter(parent)


class ChoiceCombo(QComboBox):
    """An editable pick list: type part of a code or name; the typed text is resolved to an entry.

    Text that matches no entry is kept as typed (never replaced silently) and reported on save.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._completer = PinyinCompleter(self)
        self._completer.setModel(self.model())
        self.setCompleter(self._completer)
        self.items: list[Choice] = []
        self._keys: list[tuple[str, ...]] = []  # search keys of the items, built when they are set

    # --- content ------------------------------------------------------------------------------------
    def set_choices(self, items: list[Choice]) -> None:
        """Replace the entries, keeping the chosen one if still offered, else the typed text."""
        keep_id, keep_text = self.current_id(), self.currentText()
        self.blockSignals(True)
        self.clear()
        self.items = list(items)
        self._keys = [search_keys(item.code, item.name) for item in self.items]
        self._completer.filter_model.remember({c.display: k for c, k in zip(self.items, self._keys, strict=True)})
        for item in self.items:
            self.addItem(item.display, item.id)
        self.setCurrentIndex(-1)
        self.blockSignals(False)
        if keep_id is not None and self.findData(keep_id) >= 0:
            self.setCurrentIndex(self.findData(keep_id))
        else:
            self.setEditText(keep_text)

    def set_id(self, item_id: int | None, fallback: Choice | None = None) -> None:
        """Select an entry by id; *fallback* is added if it is not offered (e.g. retired since)."""
        if item_id is None:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        index = self.findData(item_id)
        if index < 0 and fallback is not None:
            self.items.append(fallback)
            self._keys.append(search_keys(fallback.code, fallback.name))
            self.addItem(fallback.display, fallback.id)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def choose_text(self, text: str) -> None:
        """Take *text* (typed or completed) and select the entry it names, if any."""
        self.setEditText(text)
        self.resolve()

    def exact_match(self, text: str) -> Choice | None:
        """The entry *text* names by its whole code, name or "code name" (no partial matches)."""
        return match_choice(self.items, text, partial=False)

    # --- resolving typed text -----------------------------------------------------------------------
    def resolve(self) -> int | None:
        """Select the entry the text names; return its id (``None``: empty or not resolvable)."""
        text = self.currentText()
        if not text.strip():
            if self.currentIndex() != -1:
                self.setCurrentIndex(-1)
            return None
        found = match_choice(self.items, text, partial=True, keys=self._keys)
        if found is None:
            return None
        index = self.items.index(found)
        if index != self.currentIndex() or self.currentText() != found.display:
            self.setCurrentIndex(index)
        return found.id

    def current_id(self) -> int | None:
        return self.resolve()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.resolve()
        super().focusOutEvent(event)
