"""Issue 17, the window on old screens: the tours tab (职工代表巡视) at 1024×768 shows the whole card, the
problems sub-table with its buttons and the linked hazards without scrolling (they were below the card,
in its scroll area, out of view)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import tours
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.ui.activities_page import ToursTab
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import refs


def test_the_tours_tab_fits_1024_by_768_without_scrolling(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    unit = refs(ledger).unit1
    problems = [ProblemInput(f"问题{n}", unit, "safety", "on_site") for n in range(8)]
    tours.record_tour(ledger, TourInput(dt.date(2026, 6, 9), "矿工会", "二采区", 1), problems)
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.use_settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window.showNormal()
    window.resize(1024, 738)  # a 1024×768 screen less the task bar
    window.show_page(window.activities_page)
    tabs = window.activities_page.tabs
    tab = next(tabs.widget(i) for i in range(tabs.count()) if isinstance(tabs.widget(i), ToursTab))
    tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)  # the tour in the card (amending: the reason field shows), its problems below
    QApplication.processEvents()
    wait_for_jobs()
    qtbot.waitUntil(lambda: tab.problem_table.rowCount() >= 8)
    assert window.height() == 738

    assert tab.page_area.verticalScrollBar().maximum() == 0  # the tab does not scroll (it may on a smaller window)
    assert tab._card_area.verticalScrollBar().maximum() == 0  # nor does the card
    shown = QRect(tab.mapTo(window, tab.rect().topLeft()), tab.size()) & window.rect()
    controls = [w for w in tab.findChildren(QAbstractButton) + tab.findChildren(QLineEdit) if w.isVisibleTo(tab)]
    assert tab.solved_button in controls and tab.links.unlink_button in controls and tab.save_button in controls
    for control in controls:
        where = QRect(control.mapTo(window, control.rect().topLeft()), control.size())
        assert shown.contains(where), (control.text(), where, shown)  # every button and field in view
        assert not control.visibleRegion().isEmpty(), control.text()  # and not covered or clipped away
    assert tab.problem_table.viewport().height() >= 90  # room for three lines of problems at least
