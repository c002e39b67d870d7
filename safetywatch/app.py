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
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

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
    """Per-user preferences (last login name, language) in an INI file beside the data, on every platform."""
    folder = Path(os.environ.get("SAFETYWATCH_CONFIG_DIR") or data_dir())
    return QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)


def _setup_logging() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / "safetywatch.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
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
                "SafetyWatch hit an unexpected error. Your saved records are safe. Details were written to {log}.",
            ).format(log=log_file),
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def run_gui(db: Path | None, *, lang: str | None = None, operator: str | None = None, self_test: bool = False) -> int:
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
    from safetywatch.domain.errors import StorageError
    from safetywatch.services.database import open_ledger
    from safetywatch.ui.main_window import MainWindow

    try:
        # The program's own ledger: start-up checks, migration, seeding, log-ins. People work on the
        # session ledger of their account (ui.session).
        ledger = open_ledger(db, actor="self-test" if self_test else "system")
    except StorageError as exc:
        if self_test:
            print(f"self-test FAILED: {exc}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, QApplication.translate("App", "Cannot open the database"), str(exc))
        return 1
    if not self_test:
        try:
            return _run_sessions(app, ledger, prefs, operator)
        finally:
            ledger.close()
    window = MainWindow(ledger)  # the self-test: the program itself, no log-in
    window.show()
    try:
        return _self_test(app, window)
    finally:
        window.close()
        ledger.close()
        if tmp is not None:
            tmp.cleanup()


def _run_sessions(app: QApplication, ledger: object, prefs: QSettings, login_hint: str | None) -> int:
    """Log in, work, and after "Sign out" log in again, until someone closes the window or cancels."""
    from safetywatch.services.database import Ledger
    from safetywatch.ui.session import sign_in

    assert isinstance(ledger, Ledger)
    hint = login_hint or str(prefs.value("operator", ""))
    while True:
        user = sign_in(ledger, hint)
        if user is None:
            return 0
        hint = user.login
        prefs.setValue("operator", user.login)
        code, signed_out = _one_session(app, ledger, prefs, user)
        if not signed_out:
            return code


def _one_session(app: QApplication, ledger: object, prefs: QSettings, user: object) -> tuple[int, bool]:
    """The main window of one signed-in user; returns the exit code and whether they signed out."""
    from safetywatch.domain.permissions import SignedIn
    from safetywatch.services.database import Ledger
    from safetywatch.ui.session import open_session

    assert isinstance(ledger, Ledger) and isinstance(user, SignedIn)
    window, session = open_session(ledger, user)
    signed_out = False

    def sign_out() -> None:
        nonlocal signed_out
        signed_out = True
        window.close()

    session.sign_out_requested.connect(sign_out)
    window.language_change_requested.connect(lambda code: _change_language(prefs, window, code))
    if ledger.backup_made:
        window.statusBar().showMessage(
            QApplication.translate("App", "Database upgraded; a copy of the old one was kept at {path}").format(
                path=ledger.backup_made
            )
        )
    window.show()
    try:
        code = app.exec()
    finally:
        session.stop()
        window.close()
        if window.ledger.read_only:
            window.ledger.close()
        window.deleteLater()
    return code, signed_out


def _change_language(prefs: QSettings, window: object, code: str) -> None:
    prefs.setValue("language", code)
    QMessageBox.information(
        window if isinstance(window, QMainWindow) else None,
        QApplication.translate("App", "Language"),
        QApplication.translate("App", "The new language is used the next time SafetyWatch starts."),
    )


def _self_test(app: QApplication, window: object) -> int:
    """Visit every page, check the database, and say what happened (used by CI and the frozen bundle)."""
    from safetywatch.services import audit
    from safetywatch.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    failures: list[str] = []
    for row, page in enumerate(window.pages()):
        window.nav.setCurrentRow(row)
        app.processEvents()
        image = page.grab()
        if image.isNull() or image.width() < 100:
            failures.append(f"page {row} ({type(page).__name__}) did not paint")
    with window.ledger.read() as conn:
        report = audit.verify(conn)
    failures.extend(p.message for p in report.problems)
    for failure in failures:
        print(f"self-test FAILED: {failure}", file=sys.stderr)
    if not failures:
        print(f"self-test OK: {len(window.pages())} pages, {report.events_checked} audit events verified")
    return 1 if failures else 0
