"""Qt's own texts (message-box buttons, print and file dialogs) follow the chosen language too."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox

from safetywatch import i18n


def test_qt_dialog_buttons_speak_chinese_then_english(qtbot: Any) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "是(&Y)"
    i18n.install("en")
    english = QMessageBox(QMessageBox.Icon.Question, "t", "t", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(english)
    assert english.button(QMessageBox.StandardButton.Yes).text() == "&Yes"
