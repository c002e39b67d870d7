"""Zoom buttons for a PDF preview (QPdfView): fit the width, or step in and out — a 1024-pixel screen shows an A4
page at fit-width too small to read a table, and a wide screen too large to see a whole page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 4.0)


class ZoomControls(QWidget):
    """适合宽度 / − / + for *view*; Ctrl+= (Ctrl++) and Ctrl+- work while the keyboard is in *shortcut_area*."""

    def __init__(self, view: QPdfView, shortcut_area: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.fit_button = QToolButton()
        self.fit_button.setText(self.tr("Fit width"))
        self.fit_button.clicked.connect(self.fit_width)
        self.out_button = QToolButton()
        self.out_button.setText("−")
        self.out_button.setToolTip(self.tr("Zoom out") + " (Ctrl+-)")
        self.out_button.clicked.connect(self.zoom_out)
        self.in_button = QToolButton()
        self.in_button.setText("+")
        self.in_button.setToolTip(self.tr("Zoom in") + " (Ctrl+=)")
        self.in_button.clicked.connect(self.zoom_in)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        for button in (self.fit_button, self.out_button, self.in_button):
            layout.addWidget(button)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Equal), self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
        ):
            QShortcut(keys, shortcut_area, slot, context=context)

    def zoom_in(self) -> None:
        self._zoom_to(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_to(self.view.zoomFactor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _zoom_to(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = self._shown_factor() * (factor / self.view.zoomFactor())
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(max(factor, ZOOM_RANGE[0]), ZOOM_RANGE[1]))

    def _shown_factor(self) -> float:
        """The factor fit-width shows at now (QPdfView keeps zoomFactor at 1 in that mode): the width available
        beside the page over the page's width in pixels at 100 %."""
        document = self.view.document()
        if document is None or document.pageCount() < 1:
            return 1.0
        points = document.pagePointSize(0).width()
        pixels = points * self.view.logicalDpiX() / 72
        room = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(room / pixels, ZOOM_RANGE[0]) if pixels > 0 else 1.0
