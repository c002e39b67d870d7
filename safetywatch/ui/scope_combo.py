"""The report scope chooser of the overview and report pages: "All units", then the organisation tree.

It keeps itself current: when reference data changes (a unit added, renamed or voided) it reloads through
the change hub and keeps the chosen node; if that node is gone it falls back to "All units" and says so
with ``currentIndexChanged``, so the page counts again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.reporting import tallies
from safetywatch.ui.change_hub import REFERENCE_TABLES, hub_for
from safetywatch.ui.widgets.pinyin_filter import search_by_pinyin


class ScopeCombo(QComboBox):
    """``currentData()`` is the chosen organisation code, or None for the whole database."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.loaded = False
        self.setMinimumContentsLength(12)
        search_by_pinyin(self)  # typing a code or pinyin picks the unit
        hub_for(ledger).watch(self, REFERENCE_TABLES, lambda _changes: self.reload())

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        """Read the organisation tree again, keeping the chosen node while it exists."""
        chosen = self.currentData()
        with self.ledger.read() as conn:
            choices = tallies.scope_choices(conn)
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("All units"), None)
        for code, name, depth in choices:
            self.addItem("　" * depth + f"{name} ({code})", code)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.blockSignals(False)
        if self.loaded and self.currentData() != chosen:
            self.currentIndexChanged.emit(self.currentIndex())
        self.loaded = True
