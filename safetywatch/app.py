"""Composition root of the GUI: QApplication, font, translations, logging, database, main window."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from safetywatch import i18n
from safetywatch.paths import APP_NAME, DB_ENV, data_dir, default_db_path, font_path

log = logging.getLogger("safetywatch")
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


# --- start-up -------------------------------------------------------------------------------------------


def settings() -> QSettings:
    """Per-user preferences (operator name, language) in an INI file beside the data, on every platform."""
    folder = Path(os.environ.get("SAFETYWATCH_CONFIG_DIR") or data_dir())
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def _setup_logging() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / "safetywatch.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    return folder / "safetywatch.log"


def _install_crash_handler(log_file: Path) -> None:
    """A bug shows a dialog pointing at the log file instead of vanishing (known errors are handled earlier)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unhandled exception\n%s", details)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QApplication.translate("App", "Unexpected error"),
            QApplication.translate(
                "App",
                "SafetyWatch hit an unexpected error. Your saved records are "
                "safe. Details were written to {log}.",
            ).format(log=log_file),
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def ask_operator(default: str) -> str | None:
    """The operator's name, recorded as the actor of every change (until accounts exist)."""
    while True:
        name, ok = QInputDialog.getText(
            None,
            QApplication.translate("App", "Operator"),
            QApplication.translate("App", "Your name (recorded with every change you make):"),
            QLineEdit.EchoMode.Normal,
            default,
        )
        if not ok:
            return None
        name = name.strip()
        if name:
            return name


def run_gui(
    db: Path | None, *, lang: str | None = None, operator: str | None = None, self_test: bool = False
) -> int:
    """Start the GUI (or the self-test) and return the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    prefs = settings()
    language = lang or str(prefs.value("language", "zh_CN"))
    setup_qt_resources(language)
    if not self_test:
        _install_crash_handler(_setup_logging())

    tmp: tempfile.TemporaryDirectory[str] | None = None
    if db is None and self_test and os.environ.get(DB_ENV):
        db = Path(os.environ[DB_ENV])
    if db is None:
        if self_test:  # never touch the user's own database unless it was named
            tmp = tempfile.TemporaryDirectory(prefix="safetywatch-selftest-")
            db = Path(tmp.name) / "selftest.db"
        else:
            db = default_db_path()
    if operator is None:
        operator = "self-test" if self_test else ask_operator(str(prefs.value("operator", "")))
        if operator is None:
            return 0
    prefs.setValue("operator", operator)

    from safetywatch.domain.errors import StorageError
    from safetywatch.services.database import open_ledger
    from safetywatch.ui.main_window import MainWindow

    try:
        ledger = open_ledger(db, actor=operator)
    except StorageError as exc:
        if self_test:
            print(f"self-test FAILED: {exc}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, QApplication.translate("App", "Cannot open the database"), str(exc))
        return 1
    window = MainWindow(ledger)

    def change_language(code: str) -> None:
        prefs.setValue("language", code)
        QMessageBox.information(
            window,
            QApplication.translate("App", "Language"),
            QApplication.translate("App", "The new language is used the next time SafetyWatch starts."),
        )

    window.language_change_requested.connect(change_language)
    if ledger.backup_made:
        window.statusBar().showMessage(
            QApplication.translate(
                "App", "Database upgraded; a copy of the old one was kept at {path}"
            ).format(path=ledger.backup_made)
        )
    window.show()
    try:
        if self_test:
            return _self_test(app, window)
        return app.exec()
    finally:
        window.close()
        ledger.close()
        if tmp is not None:
            tmp.cleanup()


def _self_test(app: QApplication, window: object) -> int:
    """Visit every page, check the database, and say what happened (used by CI and the frozen bundle)."""
    from safetywatch.services import audit
    from safetywatch.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    failures: list[str] = []
    # Chinese must render from the bundled font alone (offline PCs may have no CJK font installed)
    metrics = QFontMetrics(app.font())
    if not all(metrics.inFontUcs4(ord(c)) for c in "群监网隐患"):
        failures.append(f"the application font {app.font().family()!r} cannot draw Chinese")
    shots = os.environ.get("SAFETYWATCH_SELF_TEST_SHOTS")  # a folder: keep a picture of every page
    for row, page in enumerate(window.pages()):
        window.nav.setCurrentRow(row)
        app.processEvents()
        image = page.grab()
        if image.isNull() or image.width() < 100:
            failures.append(f"page {row} ({type(page).__name__}) did not paint")
    # the pages that count in the background must finish: this proves ReportLab, the bundled font, QtPdf
    # and QtCharts work (the frozen bundle runs this too)
    from safetywatch.ui.worker import wait_for_jobs

    wait_for_jobs(60_000)
    if window.dashboard_page.data is None:
        failures.append("the overview did not count its figures: " + window.dashboard_page.status.text())
    if window.report_page.result is None or window.report_page.document.pageCount() < 1:
        failures.append("the monthly report was not generated: " + window.report_page.status.text())
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        for row, _page in enumerate(window.pages()):
            window.nav.setCurrentRow(row)
            app.processEvents()
            window.grab().save(str(Path(shots) / f"page{row:02d}.png"))
    with window.ledger.read() as conn:
        report = audit.verify(conn)
    failures.extend(p.message for p in report.problems)
    for failure in failures:
        print(f"self-test FAILED: {failure}", file=sys.stderr)
    if not failures:
        print(f"self-test OK: {len(window.pages())} pages, {report.events_checked} audit events verified")
    return 1 if failures else 0
