"""Canaries for the Qt binding itself: a regression here crashes the program in the field, not in a test.

PySide6 6.12.0 on Python 3.11 dropped a reference to ``None`` on every call of a method returning void;
after a few thousand calls (filling a table of 2,000 inspectors is enough) Python aborts with
"none_dealloc". pyproject.toml excludes that release; this test fails if such a binding is installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

CALLS = 2_000


def test_void_methods_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    label, combo, item = QLabel(), QComboBox(), QStandardItem()
    qtbot.addWidget(label)
    qtbot.addWidget(combo)
    before = sys.getrefcount(None)
    for n in range(CALLS):
        label.setText("上岗")
        combo.addItem("JK01", n)
        item.setData(n, Qt.ItemDataRole.UserRole)
    leaked = before - sys.getrefcount(None)
    assert leaked < CALLS // 10, f"the Qt binding dropped {leaked} references to None in {3 * CALLS} calls"
