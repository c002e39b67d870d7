"""The import dialog: a CSV or XLSX file and its kind are checked first (every row, in a transaction that is rolled
back) and the problems listed by line and column; only a file that passed can be imported, all or nothing.
The work itself is ``exchange.importer``, as on the command line.

Entry point for the main window: ``ImportDialog.open_for(ledger, parent)`` (non-modal).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetywatch.exchange import importer
from safetywatch.exchange.columns import IMPORTABLE, KINDS
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.operations import StatusErrors, run_write
from safetywatch.ui.widgets import StatusLine


class ImportDialog(QDialog):
    """Check a file, see its problems by line and column, then import it."""

    imported = Signal(object)  # the ImportReport of a written import

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(self.tr("Import records"))
        self.report: importer.ImportReport | None = None
        self._checked: tuple[str, str, str, str] | None = None  # (file, kind, encoding, sha256) that passed
        self._busy = False

        self.file = QLineEdit()
        self.file.setPlaceholderText(self.tr("CSV or XLSX file in the export format"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.kind = QComboBox()
        for key in IMPORTABLE:
            self.kind.addItem(self.tr(KINDS[key].title), key)
            # the command line's name of the kind, for whoever scripts it: not in the Chinese label
            self.kind.setItemData(self.kind.count() - 1, f"--what {key}", Qt.ItemDataRole.ToolTipRole)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("Automatic (UTF-8, else GB18030)"), "auto")
        self.encoding.addItem("UTF-8", "utf-8")
        self.encoding.addItem("GB18030 / GBK", "gb18030")
        for widget in (self.file, self.kind, self.encoding):
            signal = widget.textChanged if isinstance(widget, QLineEdit) else widget.currentIndexChanged
            signal.connect(self._changed)

        self.status = StatusLine()
        self.status.hint(self.tr("Choose a file and check it. Nothing is written until you import it."))
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels([self.tr("Line no."), self.tr("Column"), self.tr("Problem")])
        self.errors.verticalHeader().hide()
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.errors.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.buttons = QDialogButtonBox()
        self.check_button = self.buttons.addButton(self.tr("Check"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Record kind"), self.kind)
        form.addRow(self.tr("Encoding"), self.encoding)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self._sync()

    @classmethod
    def open_for(cls, ledger: Ledger, parent: QWidget | None = None) -> ImportDialog:
        """Show the dialog (non-modal) and return it."""
        dialog = cls(ledger, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import records"), self.file.text(), "CSV, Excel (*.csv *.xlsx)"
        )
        if path:
            self.file.setText(path)

    def _request(self) -> tuple[str, str, str]:
        return self.file.text().strip(), str(self.kind.currentData()), str(self.encoding.currentData())

    def _changed(self) -> None:
        self._checked = None
        self._sync()

    def _sync(self) -> None:
        ready = bool(self.file.text().strip()) and not self._busy
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready and self._checked is not None and self._checked[:3] == self._request())
        for widget in (self.file, self.kind, self.encoding):
            widget.setEnabled(not self._busy)

    def check(self) -> None:
        """Check every row (dry run, in the background); list the problems."""
        self._start(dry_run=True)

    def run_import(self) -> None:
        """Import the checked file (checked again inside the import's own transaction)."""
        if self._checked is None or self._checked[:3] != self._request():
            return
        self._start(dry_run=False)

    def _start(self, *, dry_run: bool) -> None:
        path, kind, encoding = self._request()
        self._busy = True
        self._sync()
        self.status.hint(self.tr("Checking…") if dry_run else self.tr("Importing…"))
        ledger = self.ledger

        def job() -> importer.ImportReport:
            return importer.import_file(ledger, kind, Path(path), dry_run=dry_run, encoding=encoding)

        # On the writer thread: the check runs the import in a transaction that is rolled back.
        run_write(
            self,
            job,
            done=lambda report: self._finished(report, (path, kind, encoding), dry_run),
            errors=StatusErrors(self._failed),
        )

    def _finished(self, report: importer.ImportReport, request: tuple[str, str, str], dry_run: bool) -> None:
        self._busy = False
        self.report = report
        self._show_errors(report)
        if not report.ok:
            self._checked = None
            more = self.tr(" (only the first are listed)") if report.more_errors else ""
            self.status.error(
                self.tr(
                    "{count} problems found{more}; nothing was imported. Correct the file and check it again."
                ).format(count=len(report.errors), more=more)
            )
        elif dry_run:
            self._checked = (*request, report.sha256)
            self.status.ok(
                self.tr(
                    "{rows} rows checked ({encoding}): {created} new, {present} already present. Import them?"
                ).format(
                    rows=f"{report.rows:,}",
                    encoding=report.encoding,
                    created=f"{report.created:,}",
                    present=f"{report.present:,}",
                )
            )
        else:
            self._checked = None
            self.status.ok(
                self.tr("{created} records imported, {present} were already present.\nFile SHA-256 {sha256}").format(
                    created=f"{report.created:,}", present=f"{report.present:,}", sha256=report.sha256
                )
            )
            if report.written:  # the pages hear of the new records from the change hub
                self.imported.emit(report)
        self._sync()

    def _show_errors(self, report: importer.ImportReport) -> None:
        self.errors.setRowCount(len(report.errors))
        for r, error in enumerate(report.errors):
            line = QTableWidgetItem("" if error.line is None else str(error.line))
            line.setData(Qt.ItemDataRole.UserRole, error.line)
            self.errors.setItem(r, 0, line)
            self.errors.setItem(r, 1, QTableWidgetItem(error.column or ""))
            self.errors.setItem(r, 2, QTableWidgetItem(error.message))

    def _failed(self, message: str) -> None:
        self._busy = False
        self._checked = None
        self._sync()
        self.status.error(message)
