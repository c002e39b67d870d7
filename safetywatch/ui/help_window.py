"""The offline user guide (docs/user-guide/index.md) in a window of its own; F1 opens a page's section.

Qt renders the Markdown itself (QTextDocument), so nothing is converted at build time. Qt's Markdown import
keeps no heading anchors, so a section is found by its heading's text (a test checks every page has one).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from safetywatch.paths import user_guide_path


class HelpWindow(QWidget):
    """The guide beside the program; Escape closes it (F1 brings it back)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("SafetyWatch user guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)  # offline: links inside the guide only
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        screen = self.screen().availableGeometry()  # 900×760 would overrun a 1024×768 screen's work area
        self.resize(min(900, screen.width() * 9 // 10), min(760, screen.height() * 9 // 10))
        guide = user_guide_path()
        if guide.exists():
            self.browser.setSource(QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource)
        else:
            self.browser.setPlainText(self.tr("The user guide was not found at {path}.").format(path=guide))

    def headings(self) -> list[str]:
        document = self.browser.document()
        block, found = document.begin(), []
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                found.append(block.text())
            block = block.next()
        return found

    def show_section(self, heading: str) -> bool:
        """Scroll so the first heading starting with *heading* is at the top; False if there is none."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0 and block.text().startswith(heading):
                top = document.documentLayout().blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(int(top))
                return True
            block = block.next()
        return False
