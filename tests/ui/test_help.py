"""The offline user guide: every page has its section, and F1 opens the guide at the page on screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from safetywatch.paths import user_guide_path
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.main_window import MainWindow


def test_every_page_has_a_section_and_every_image_exists(qtbot: Any, ledger: Ledger) -> None:
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    help_window = window.show_help()
    qtbot.addWidget(help_window)
    headings = help_window.headings()
    assert len(headings) > 15
    for page, section in window.help_sections().items():
        assert any(h.startswith(section) for h in headings), (type(page).__name__, section)
    assert set(window.help_sections()) == set(window.pages())
    guide = user_guide_path()
    import re

    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide.read_text(encoding="utf-8")):
        assert (guide.parent / image).exists(), image


def test_f1_opens_the_section_of_the_current_page(qtbot: Any, ledger: Ledger) -> None:
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = window._help
    assert help_window is not None and help_window.isVisible()
    qtbot.addWidget(help_window)
    at_report = help_window.browser.verticalScrollBar().value()
    assert at_report > 0  # scrolled down to 月报
    top = help_window.browser.cursorForPosition(help_window.browser.viewport().rect().topLeft()).block().text()
    assert top.startswith("月报")
    window.show_page(window.dashboard_page)
    window.show_help()
    assert 0 < help_window.browser.verticalScrollBar().value() < at_report  # 概览 comes before 月报
    assert not help_window.show_section("没有这一节")
