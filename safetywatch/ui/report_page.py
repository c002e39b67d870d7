"""The monthly report page (月报): pick month and scope, preview the PDF, print it, save it, close the month.
A switch turns it to the annual summary (年报, issue 16): pick the year instead, preview, save, close the year.

The preview is the very PDF the command line writes (reports.generate), laid out in a worker with
progress; saving as JSON or CSV writes the same report model. A closed month shows the report as printed at
its close, byte for byte; corrections of a closed month are entered here and appear in a later month's
report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QObject, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from safetywatch.db.files import atomic_write
from safetywatch.domain.errors import FieldError, PermissionDeniedError
from safetywatch.domain.periods import recent_months
from safetywatch.domain.permissions import Permission
from safetywatch.reports import closing, formats
from safetywatch.reports.generate import (
    FORMATS,
    GeneratedAnnualReport,
    GeneratedReport,
    annual_report,
    monthly_report,
)
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts
from safetywatch.services.maintenance.printing_check import (
    UnverifiedDatabaseError,
    check_before_printing,
    require_verified,
)
from safetywatch.services.reporting import month_close, report_months
from safetywatch.ui import pdf_print
from safetywatch.ui.operations import StatusErrors, run_write
from safetywatch.ui.pdf_zoom import ZoomControls
from safetywatch.ui.record_dialog import RecordDialog
from safetywatch.ui.role_gate import gate
from safetywatch.ui.scope_combo import ScopeCombo
from safetywatch.ui.widgets import StatusLine, error_label, hint_label, page_title
from safetywatch.ui.worker import LatestOnly

#: What the page previews: a monthly report or an annual summary.
Generated = GeneratedReport | GeneratedAnnualReport

ANALYSIS_LIMIT = 3000  # characters; the analysis is one section of the printed report, not a document


class _Progress(QObject):
    """Carries a worker's progress to the GUI thread (a queued signal: the page's slot runs there)."""

    step = Signal(int, int, int, str)  # token, step, steps, what


class CorrectionDialog(RecordDialog):
    """A correction of a closed month (``month_close.CORRECTION_FIELDS``): what, the corrected figure or text,
    why, and the report it goes in."""

    def __init__(self, parent: QWidget, ledger: Ledger, for_month: str, months: list[str]) -> None:
        context = [(QCoreApplication.translate("CorrectionDialog", "Corrects month"), QLabel(for_month))]
        super().__init__(parent, "", month_close.CORRECTION_FIELDS, context=context, width=480)
        self.setWindowTitle(self.tr("Correct a closed month"))
        self.ledger, self.for_month = ledger, for_month
        self.form.set_options("month", [(month, month) for month in sorted(months) if month > for_month])
        self.subject, self.correction = self.widgets["subject"], self.widgets["correction"]
        self.reason, self.month = self.widgets["reason"], self.widgets["month"]

    def check(self, values: dict[str, Any]) -> list[FieldError]:
        if values["month"] is not None:
            return []
        message = self.tr("Enter it in an open month after {month}.")  # there is none
        return [FieldError("month", message.format(month=self.for_month))]

    def write_call(self, values: dict[str, Any]) -> Callable[[], Any]:
        ledger, for_month = self.ledger, self.for_month
        return lambda: month_close.adjust(
            ledger, for_month, values["month"], values["subject"], values["correction"], values["reason"]
        )


class ReportPage(QWidget):
    """Signals ``month_closed(month)`` after a close, so other pages can reload."""

    month_closed = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.result: Generated | None = None
        self._inputs: tuple[str, str | None, str] | None = None  # (month, scope, analysis) of the preview
        self._jobs = LatestOnly(self)
        self._may: Callable[[Permission], bool] = lambda _permission: True  # the program itself: all
        self._token = 0
        self._progress = _Progress(self)
        self._progress.step.connect(self._on_progress)
        self._pdf_bytes = QByteArray()
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)

        self.kind = QComboBox()  # the month's report or the year's summary
        self.kind.addItem(self.tr("Monthly report"), "month")
        self.kind.addItem(self.tr("Annual summary"), "year")
        self.month = QComboBox()  # filled when shown: the months (or years) a report can be made for
        self.period_label = QLabel(self.tr("Statistic month"))
        self.scope = ScopeCombo(ledger)
        self.scope.setMinimumContentsLength(14)
        self.analysis = QPlainTextEdit()
        self.analysis.setTabChangesFocus(True)
        self.analysis.setPlaceholderText(self.tr("Main problems, typical hazards, next month's priorities"))
        self.analysis.setFixedHeight(90)

        self.generate_button = QPushButton(self.tr("&Generate (F5)"))
        self.print_button = QPushButton(self.tr("&Print… (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("&Save… (Ctrl+S)"))
        self.close_button = QPushButton(self.tr("Close the month…"))
        self.correct_button = QPushButton(self.tr("Enter a correction…"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.status = StatusLine()
        self.state = StatusLine()  # open (grey) or closed (green)
        self.warnings = error_label()  # characters the font lacks

        self.generate_button.clicked.connect(self.generate)
        self.print_button.clicked.connect(lambda: self.print_report())
        self.save_button.clicked.connect(lambda: self.save_report())
        self.close_button.clicked.connect(lambda: self.close_year() if self.annual else self.close_month())
        self.correct_button.clicked.connect(self.enter_correction)
        self.cancel_button.clicked.connect(self.cancel)
        self.month.currentIndexChanged.connect(lambda _i: self.generate())
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.scope.currentIndexChanged.connect(lambda _i: self.generate())
        self.analysis.textChanged.connect(self._update_buttons)
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_F5), self.generate),
            (QKeySequence.StandardKey.Print, self.print_report),
            (QKeySequence.StandardKey.Save, self.save_report),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        controls = QWidget()
        column = QVBoxLayout(controls)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)
        form.addRow(self.tr("Report"), self.kind)
        form.addRow(self.period_label, self.month)
        form.addRow(self.tr("Scope"), self.scope)
        form.addRow(self.tr("Analysis"), self.analysis)
        hint = hint_label(
            self.tr(
                "The analysis is printed at the end of the report. A closed month is printed exactly as it was "
                "printed at its close."
            )
        )
        form.addRow(hint)
        buttons = QVBoxLayout()
        for button in (self.generate_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.correct_button)
        form.addRow(buttons)
        busy = QHBoxLayout()
        busy.addWidget(self.progress)
        busy.addWidget(self.cancel_button)
        busy.addStretch(1)
        form.addRow(busy)
        form.addRow(self.status)
        form.addRow(self.state)
        form.addRow(self.warnings)
        controls.setMaximumWidth(420)

        splitter = QSplitter()
        splitter.addWidget(controls)
        preview = QWidget()
        preview_column = QVBoxLayout(preview)
        preview_column.setContentsMargins(0, 0, 0, 0)
        self.zoom = ZoomControls(self.view, self)
        preview_column.addWidget(self.zoom)
        preview_column.addWidget(self.view, 1)
        splitter.addWidget(preview)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Monthly report")))
        layout.addWidget(splitter, 1)
        self._set_busy(False)

    # --- inputs -----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.scope.ensure_loaded()
        self.load_months()
        if self.result is None and not self._jobs.busy:
            self.generate()

    @property
    def annual(self) -> bool:
        """Whether the page shows the annual summary (else the monthly report)."""
        return bool(self.kind.currentData() == "year")

    def _kind_changed(self) -> None:
        annual = self.annual
        self.period_label.setText(self.tr("Statistic year") if annual else self.tr("Statistic month"))
        self.close_button.setText(self.tr("Close the year…") if annual else self.tr("Close the month…"))
        self.analysis.setEnabled(not annual)  # the annual summary has no written analysis
        self.month.blockSignals(True)
        self.month.clear()
        self.month.blockSignals(False)
        self.load_months()
        self.generate()

    def load_months(self) -> None:
        """Offer the statistic months from today's back to the database's first record (report_months): a
        month not begun or before the first record would print zeros that look like figures. Keeps the
        choice; the first time, chooses the last month."""
        with self.ledger.read() as conn:
            months = report_months.reportable_months(conn, self.ledger.clock.today())
        if self.annual:  # the years of those months: the first time, the last one (usually over)
            months = list(dict.fromkeys(month[:4] for month in months))
        chosen = self.month.currentText()
        if chosen not in months:
            chosen = months[1] if len(months) > 1 else months[0]
        self.month.blockSignals(True)  # the same choice: nothing to generate again
        self.month.clear()
        self.month.addItems(months)
        self.month.setCurrentText(chosen)
        self.month.blockSignals(False)

    def inputs(self) -> tuple[str, str | None, str]:
        return self.month.currentText(), self.scope.currentData(), self.analysis.toPlainText().strip()

    @property
    def busy(self) -> bool:
        return self._jobs.busy

    @property
    def stale(self) -> bool:
        """The preview no longer shows what is chosen (e.g. the analysis was edited since)."""
        return self.result is None or self._inputs != self.inputs()

    # --- generation -------------------------------------------------------------------------------
    def generate(self) -> None:
        self.scope.ensure_loaded()
        if not self.month.count():
            self.load_months()
        month, scope, analysis = self.inputs()
        if len(analysis) > ANALYSIS_LIMIT:
            self.status.error(
                self.tr("The analysis is {count} characters long; keep it to {limit}.").format(
                    count=len(analysis), limit=ANALYSIS_LIMIT
                )
            )
            return
        self._token += 1
        token, progress = self._token, self._progress

        def report_step(step: int, steps: int, what: str) -> None:
            progress.step.emit(token, step, steps, what)

        ledger, today = self.ledger, self.ledger.clock.today()

        annual = self.annual

        def job() -> tuple[Generated, str]:
            """The report and, for a closed period, its closer's name (read here, off the UI thread)."""
            with ledger.read() as conn:
                require_verified(check_before_printing(conn, ledger.path))  # the footer vouches for the chain
                result: Generated
                if annual:
                    result = annual_report(conn, int(month), scope, "pdf", progress=report_step, today=today)
                else:
                    result = monthly_report(
                        conn, month, scope, "pdf", analysis=analysis, progress=report_step, today=today
                    )
                closer = ""
                if result.closed:  # the close keeps the login; people are shown by name
                    closer = accounts.shown_name(accounts.display_names(conn), result.closed["closed_by"])
                return result, closer

        if annual:
            self.status.hint(self.tr("Generating the annual summary of {year}…").format(year=month))
        else:
            self.status.hint(self.tr("Generating the report of {month}…").format(month=month))
        self._jobs.submit(job, lambda made: self._shown(made[0], made[1], (month, scope, analysis)), self._failed)
        self._set_busy(True)

    @Slot(int, int, int, str)
    def _on_progress(self, token: int, step: int, steps: int, what: str) -> None:
        if token == self._token and self._jobs.busy:
            self.progress.setRange(0, steps)
            self.progress.setValue(step)
            self.status.setText(what)

    def cancel(self) -> None:
        """Stop waiting for the report being generated (its result is dropped when it comes)."""
        self._jobs.cancel()
        self._token += 1
        self._set_busy(False)
        self.status.hint(self.tr("Cancelled."))

    def _shown(self, result: Generated, closer: str, inputs: tuple[str, str | None, str]) -> None:
        self.result, self._inputs = result, inputs
        self._set_busy(False)
        self._load_pdf(result.data)
        self.status.ok(self.tr("{pages} pages.").format(pages=result.pages))
        if result.warnings:
            self.warnings.setText("\n".join(result.warnings))
            self.warnings.show()
        else:
            self.warnings.hide()
        closed = result.closed
        if isinstance(result, GeneratedAnnualReport):
            self._annual_state(result, closer)
        elif closed:
            self.state.ok(
                self.tr(
                    "{month} was closed by {who} ({at}). This is the report printed then (SHA-256 {sha}…). "
                    "Its records can no longer be changed; enter corrections instead."
                ).format(
                    month=result.month,
                    who=closer,
                    at=closed["generated_at"].replace("T", " "),  # local time, as printed on the report
                    sha=closed["pdf_sha256"][:16],
                )
            )
            if result.report.analysis != self.analysis.toPlainText().strip():
                self.analysis.blockSignals(True)
                self.analysis.setPlainText(result.report.analysis)
                self.analysis.blockSignals(False)
                self._inputs = self.inputs()
        else:
            self.state.hint(self.tr("{month} is open: the figures are counted now.").format(month=result.month))
        self._update_buttons()

    def _annual_state(self, result: GeneratedAnnualReport, closer: str) -> None:
        closed = result.closed
        if closed:
            self.state.ok(
                self.tr("{year} was closed by {who} ({at}). This is the summary printed then (SHA-256 {sha}…).").format(
                    year=result.year,
                    who=closer,
                    at=closed["generated_at"].replace("T", " "),  # local time, as printed on the report
                    sha=closed["pdf_sha256"][:16],
                )
            )
        else:
            self.state.hint(self.tr("{month} is open: the figures are counted now.").format(month=result.year))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UnverifiedDatabaseError):  # nothing of this database stays printable
            self.result = None
            self.document.close()
        self._set_busy(False)
        self.status.problem(error)

    def _load_pdf(self, data: bytes) -> None:
        self.document.close()
        self._buffer.close()
        self._pdf_bytes = QByteArray(data)
        self._buffer.setData(self._pdf_bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view.pageNavigator().jump(0, QPointF(), self.view.pageNavigator().currentZoom())

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = not self._jobs.busy and not self.stale
        may = self._may
        self.print_button.setEnabled(ready and may(Permission.PRINT_REPORTS))
        self.save_button.setEnabled(ready and (may(Permission.PRINT_REPORTS) or may(Permission.EXPORT)))
        closed = self.result is not None and self.result.closed is not None
        whole = self.result is not None and self.result.scope_code is None
        self.close_button.setEnabled(ready and whole and not closed and may(Permission.CLOSE_MONTHS))
        monthly = isinstance(self.result, GeneratedReport)
        self.correct_button.setEnabled(not self._jobs.busy and closed and monthly and may(Permission.CLOSE_MONTHS))
        if self.result is not None and self.stale and not self._jobs.busy:
            self.status.hint(self.tr("The choices changed since the preview: press Generate (F5)."))

    def apply_role(self, may: Callable[[Permission], bool]) -> None:
        """Hide what the signed-in role may not do: print, save (print or export), close, correct; the
        disabled close and correct buttons say who may."""
        self._may = may
        gate(self.close_button, may, Permission.CLOSE_MONTHS)
        gate(self.correct_button, may, Permission.CLOSE_MONTHS)
        self._update_buttons()

    # --- output -----------------------------------------------------------------------------------
    def default_file_name(self, suffix: str = "pdf") -> str:
        month, scope, _ = self._inputs or self.inputs()
        kind = "年报" if len(month) == 4 else "月报"
        return f"群监网{kind}-{month}{'-' + scope if scope else ''}.{suffix}"

    def print_report(self, printer: QPrinter | None = None) -> int:
        """Print the previewed report; with no *printer*, the print dialog chooses one. Returns pages printed."""
        if self.result is None or self.stale or self._jobs.busy:
            return 0
        try:
            self.ledger.require(Permission.PRINT_REPORTS)
        except PermissionDeniedError as exc:
            self.status.error(str(exc))
            return 0
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.default_file_name())
            pdf_print.prepare(printer, self.document)
            dialog = QPrintDialog(printer, self)
            dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
        else:
            pdf_print.prepare(printer, self.document)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            printed = pdf_print.print_document(self.document, printer)
        except OSError as exc:
            self.status.error(self.tr("The printer could not be started: {error}").format(error=exc))
            return 0
        finally:
            QApplication.restoreOverrideCursor()
        self.status.ok(self.tr("{pages} pages sent to the printer.").format(pages=printed))
        return printed

    def save_report(self, path: Path | None = None) -> Path | None:
        """Save the previewed report as PDF, or the same report as JSON or CSV (by the file's suffix)."""
        if self.result is None or self.stale or self._jobs.busy:
            return None
        if not (self._may(Permission.PRINT_REPORTS) or self._may(Permission.EXPORT)):
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the report"),
                str(Path.home() / self.default_file_name()),
                self.tr("PDF (*.pdf);;JSON (*.json);;CSV for Excel/WPS (*.csv)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            path, fmt = path.with_suffix(path.suffix + ".pdf"), "pdf"
        result = self.result
        # the preview's own figures in every format: nothing is counted again
        data = {"pdf": result.data, "json": formats.as_json(result.report), "csv": formats.as_csv(result.report)}[fmt]
        try:
            atomic_write(path, data)
        except OSError as exc:
            self.status.error(self.tr("Could not write {path}: {error}").format(path=path, error=exc.strerror or exc))
            return None
        self.status.ok(self.tr("Saved to {path}.").format(path=path))
        return path

    # --- month close and corrections --------------------------------------------------------------
    def close_month(self, confirmed: bool = False) -> None:
        """Print-and-lock: the month's report is stored with its SHA-256 and its records can't change."""
        if self.result is None or self.stale or self.result.closed or self.result.scope_code or self.annual:
            return
        month, _, analysis = self.inputs()
        if not confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Close the month"),
                self.tr(
                    "Close {month}? The report is stored as it is printed now; records dated in {month} can no "
                    "longer be entered, amended or voided, and corrections are entered as adjustments shown in a "
                    "later report. This cannot be undone."
                ).format(month=month),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def done(_closed: object) -> None:
            self._set_busy(False)
            self.result = None
            self.month_closed.emit(month)
            self.generate()

        def refused(message: str) -> None:
            self._set_busy(False)
            self.status.error(message)

        self.status.hint(self.tr("Closing {month}…").format(month=month))
        self._set_busy(True)
        self.close_button.setEnabled(False)

        def close() -> dict[str, Any]:
            row, _printed = closing.close_month(self.ledger, month, analysis=analysis)
            return row

        run_write(self, close, done=done, errors=StatusErrors(refused))

    def close_year(self, confirmed: bool = False) -> None:
        """Close the year shown with its summary as printed now (refused while one of its months is open)."""
        result = self.result
        if not isinstance(result, GeneratedAnnualReport) or self.stale or result.closed or result.scope_code:
            return
        year = result.year
        if not confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Close the year"),
                self.tr(
                    "Close {year}? The annual summary is stored as it is printed now and every later print of it "
                    "is that very summary. This cannot be undone."
                ).format(year=year),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return

        def done(_closed: object) -> None:
            self._set_busy(False)
            self.result = None
            self.generate()

        def refused(message: str) -> None:
            self._set_busy(False)
            self.status.error(message)

        self.status.hint(self.tr("Closing {month}…").format(month=year))
        self._set_busy(True)
        self.close_button.setEnabled(False)

        def close() -> dict[str, Any]:
            row, _printed = closing.close_year(self.ledger, year)
            return row

        run_write(self, close, done=done, errors=StatusErrors(refused))

    def enter_correction(self) -> CorrectionDialog | None:
        """Open the dialog for a correction of the closed month shown (window-modal); the page says where
        it will be listed once it was saved."""
        if not isinstance(self.result, GeneratedReport) or not self.result.closed:
            return None
        for_month = self.result.month
        today = self.ledger.clock.today()
        with self.ledger.read() as conn:
            open_months = [m for m in recent_months(today, 36) if m > for_month and not month_close.closed(conn, m)]
        dialog = CorrectionDialog(self, self.ledger, for_month, open_months)
        dialog.saved.connect(
            lambda record: self.status.ok(
                self.tr("The correction will be listed in the report of {month}.").format(month=record["month"])
            )
        )
        dialog.open()
        return dialog
