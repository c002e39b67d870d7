"""Printing a PDF document (QtPdf) on a QPrinter: each page rendered at the printer's resolution.

Qt has no vector path from a QPdfDocument to a printer, so pages are rasterised; at 300 dpi an A4 page is
~35 MB while it is drawn, which is why the resolution is capped. "Save as PDF" keeps the vector original.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 300


def prepare(printer: QPrinter, document: QPdfDocument) -> None:
    """A4 portrait, full page, and the page range limited to the document."""
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFromTo(1, max(document.pageCount(), 1))


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Print the pages the printer asks for (all when no range is set); returns how many were printed."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        first, last = 1, count
    pages = list(range(max(first, 1) - 1, min(last, count)))
    if not pages:
        return 0
    dpi = min(printer.resolution(), MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(printer.printerName() or printer.outputFileName())
    printed = 0
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            target = QRectF(painter.viewport())
            scale = min(target.width() / size.width(), target.height() / size.height())
            drawn = QRectF(0, 0, size.width() * scale, size.height() * scale)
            drawn.moveCenter(target.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(drawn, image)
            printed += 1
    finally:
        painter.end()
    return printed
