"""Composition root of the GUI: QApplication, font, translations, database, main window."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from safetywatch import i18n
from safetywatch.paths import font_path

_font_family: str | None = None


def setup_qt_resources(lang: str) -> None:
    """Register the bundled CJK font (Chinese renders on PCs without one) and install the translation."""
    global _font_family
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _font_family is None:
        font_id = QFontDatabase.addApplicationFont(str(font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _font_family = families[0] if families else ""
    if _font_family:
        app.setFont(QFont(_font_family, 10))
    i18n.install(lang)
