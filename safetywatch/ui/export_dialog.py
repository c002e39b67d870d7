"""The export dialog: kind, format, filters and destination; the export runs in a worker with progress and
cancel (a cancelled export leaves no file). The work itself is ``exchange.export``, as on the command line.

Entry point for the main window: ``ExportDialog.open_for(ledger, parent)`` (non-modal).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.permissions import Permission
from safetywatch.exchange import export
from safetywatch.exchange.columns import KEYS, KINDS
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance.printing_check import check_before_printing, require_verified
from safetywatch.ui.widgets import StatusLine
from safetywatch.ui.worker import run_in_background
from safetywatch.ui.zoned_time import zone_label


class ExportDialog(QDialog):
    """Choose what to export and where; watch it run; cancel it."""

    progressed = Signal(int, int)  # emitted from the worker thread, delivered on the GUI thread
    exported = Signal(object)  # the export's Manifest

    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(self.tr("Export records"))
        self._cancel = threading.Event()
        self._running = False
        self.manifest: export.Manifest | None = None

        self.kind = QComboBox()
        for key, kind in KINDS.items():
            self.kind.addItem(self.tr(kind.title), key)
            # the command line's name of the kind, for whoever scripts it: not in the Chinese label
            self.kind.setItemData(self.kind.count() - 1, f"--what {key}", Qt.ItemDataRole.ToolTipRole)
        self.format = QComboBox()
        self.format.addItem("CSV (UTF-8)", "csv")
        self.format.addItem("Excel (XLSX)", "xlsx")
        # Chinese headers and labels by default (the auditor reads them); the keys for programs
        self.machine_keys = QCheckBox(self.tr("Machine keys and codes as headers (for programs)"))
        today = QDate.currentDate()
        self.by_date = QCheckBox(self.tr("Event date from"))
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.date_to)
        # changed between two moments of this computer's clock (as people read it); the records keep UTC
        self.by_modified = QCheckBox(self.tr("Changed from"))
        self.modified_since = QDateTimeEdit(QDateTime(today.addDays(-7), QTime(0, 0)))
        self.modified_until = QDateTimeEdit(QDateTime(today.addDays(1), QTime(0, 0)))
        for moment in (self.modified_since, self.modified_until):
            moment.setCalendarPopup(True)
            moment.setDisplayFormat("yyyy-MM-dd HH:mm")
        modified = QHBoxLayout()
        modified.addWidget(self.modified_since)
        modified.addWidget(QLabel(self.tr("to")))
        modified.addWidget(self.modified_until)
        self.modified_zone = QLabel(self.tr("local time ({zone}), converted to UTC").format(zone=zone_label()))
        self.modified_zone.setToolTip(
            self.tr("Records keep their change time in UTC; the times typed here are this computer's clock.")
        )
        self.destination = QLineEdit()
        self.destination.setPlaceholderText(self.tr("File to write"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(browse)
        self._folder = folder or Path.home()
        self.kind.currentIndexChanged.connect(self._suggest_name)
        self.format.currentIndexChanged.connect(self._suggest_name)
        self.kind.currentIndexChanged.connect(self._sync)
        self.by_date.toggled.connect(self._sync)
        self.by_modified.toggled.connect(self._sync)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = StatusLine()

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("Cancel export"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Record kind"), self.kind)
        form.addRow(self.tr("Format"), self.format)
        form.addRow("", self.machine_keys)
        form.addRow(self.by_date, dates)
        form.addRow(self.by_modified, modified)
        form.addRow("", self.modified_zone)
        form.addRow(self.tr("Save as"), where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.progressed.connect(self._on_progress)
        self.setMinimumWidth(560)
        self._suggest_name()
        self._sync()

    @classmethod
    def open_for(cls, ledger: Ledger, parent: QWidget | None = None) -> ExportDialog:
        """Show the dialog (non-modal) and return it."""
        dialog = cls(ledger, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # --- form ------------------------------------------------------------------------------------------

    @property
    def kind_key(self) -> str:
        return str(self.kind.currentData())

    def _suggest_name(self) -> None:
        if self._running:
            return
        current = self.destination.text().strip()
        folder = Path(current).parent if current else self._folder
        suffix = str(self.format.currentData())
        stamp = dt.date.today().strftime("%Y%m%d")
        self.destination.setText(str(folder / f"{self.kind_key}-{stamp}.{suffix}"))

    def _sync(self) -> None:
        has_date = KINDS[self.kind_key].event_date is not None
        self.by_date.setEnabled(has_date and not self._running)
        if not has_date:
            self.by_date.setChecked(False)
        self.date_from.setEnabled(self.by_date.isChecked() and not self._running)
        self.date_to.setEnabled(self.by_date.isChecked() and not self._running)
        self.modified_since.setEnabled(self.by_modified.isChecked() and not self._running)
        self.modified_until.setEnabled(self.by_modified.isChecked() and not self._running)
        for widget in (self.kind, self.format, self.destination, self.by_modified):
            widget.setEnabled(not self._running)
        self.start_button.setEnabled(not self._running)
        self.cancel_button.setEnabled(self._running)

    def _browse(self) -> None:
        suffix = str(self.format.currentData())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export records"), self.destination.text(), f"{suffix.upper()} (*.{suffix})"
        )
        if path:
            self.destination.setText(path)

    def filters(self) -> export.Filters:
        date_from = date_to = None
        if self.by_date.isChecked():
            date_from = self.date_from.date().toPython()
            date_to = self.date_to.date().toPython()
        since = until = None
        if self.by_modified.isChecked():  # the local moments typed, as UTC instants
            since = dt.datetime.fromtimestamp(self.modified_since.dateTime().toSecsSinceEpoch(), dt.UTC)
            until = dt.datetime.fromtimestamp(self.modified_until.dateTime().toSecsSinceEpoch(), dt.UTC)
        return export.Filters(date_from, date_to, since, until)  # type: ignore[arg-type]

    # --- running ---------------------------------------------------------------------------------------

    def start(self) -> None:
        text = self.destination.text().strip()
        if not text:
            self.status.error(self.tr("Choose the file to write."))
            return
        out = Path(text)
        kind, fmt, filters = self.kind_key, str(self.format.currentData()), self.filters()
        headers = KEYS if self.machine_keys.isChecked() else None
        self._cancel.clear()
        self._running = True
        self._sync()
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.status.hint(self.tr("Exporting…"))
        ledger, cancelled, progressed = self.ledger, self._cancel.is_set, self.progressed

        def job() -> export.Manifest:
            ledger.require(Permission.EXPORT)  # officers and auditors (docs/permissions.md); refusals are audited
            with ledger.read() as conn:
                require_verified(check_before_printing(conn, ledger.path))  # the manifest vouches for the chain
                return export.export(
                    conn,
                    kind,
                    out,
                    fmt=fmt,
                    filters=filters,
                    progress=progressed.emit,
                    cancelled=cancelled,
                    db_path=ledger.path,  # its chain head is logged beside the backups, for verify
                    headers=headers,  # None: the kind's default (Chinese, the audit log its keys)
                )

        run_in_background(self, job, self._done, self._failed)

    def cancel(self) -> None:
        if self._running:
            self._cancel.set()
            self.status.hint(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        if not self._running:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.hint(self.tr("{done} of {total} rows written…").format(done=f"{done:,}", total=f"{total:,}"))

    def _done(self, manifest: export.Manifest) -> None:
        self._running = False
        self.manifest = manifest
        self.progress.setRange(0, max(manifest.rows, 1))
        self.progress.setValue(max(manifest.rows, 1))
        self.status.ok(
            self.tr("{rows} rows written to {file}.\nSHA-256 {sha256}\nManifest: {manifest}").format(
                rows=f"{manifest.rows:,}",
                file=self.destination.text(),
                sha256=manifest.sha256,
                manifest=export.manifest_path(Path(self.destination.text())).name,
            )
        )
        self._sync()
        self.exported.emit(manifest)

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._sync()
        if isinstance(error, export.ExportCancelledError):
            self.status.hint(self.tr("Export cancelled; no file was written."))
        else:
            self.status.problem(error)

    @property
    def running(self) -> bool:
        return self._running

    def reject(self) -> None:
        """Closing while an export runs cancels it (the worker finishes on its own, leaving no file)."""
        if self._running:
            self.cancel()
        super().reject()
