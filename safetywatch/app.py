"""Composition root of the GUI: QApplication, font, translations, logging, database, main window."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from safetywatch import i18n
from safetywatch.log_file import start_logging
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


def _install_crash_handler(log_file: Path) -> None:
    """A bug shows a dialog pointing at the log file instead of vanishing (known errors are handled earlier)."""
    sys.excepthook = crash_hook(log_file)


def crash_hook(log_file: Path) -> Any:
    """The ``sys.excepthook`` of the GUI. A known error (``SafetyWatchError``: storage, validation…) that
    escaped its page is shown as its own message; anything else is a bug: logged with its traceback and shown
    in a crash dialog naming the log file. Either way the program keeps running with what is on screen
    (Qt carries on after a failed slot), so typed-in forms are not lost."""
    from safetywatch.domain.errors import SafetyWatchError

    showing: list[bool] = []

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        if issubclass(kind, (KeyboardInterrupt, SystemExit)):
            sys.__excepthook__(kind, value, tb)
            return
        known = issubclass(kind, SafetyWatchError)
        log.log(logging.WARNING if known else logging.ERROR, "unhandled %s\n%s", "error" if known else "bug", details)
        for handler in logging.getLogger().handlers:
            handler.flush()
        if showing:  # a second failure while the dialog is open: logged only
            return
        showing.append(True)
        try:
            if known:
                QMessageBox.warning(None, QApplication.translate("App", "SafetyWatch"), str(value))
                return
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
        finally:
            showing.clear()

    return hook


def run_gui(
    db: Path | str | None, *, lang: str | None = None, operator: str | None = None, self_test: bool = False
) -> int:
    """Start the GUI (or the self-test) and return the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    prefs = settings()
    language = lang or str(prefs.value("language", "zh_CN"))
    setup_qt_resources(language)
    if not self_test:
        _install_crash_handler(start_logging())

    from safetywatch.services.maintenance.opening import default_database
    from safetywatch.ui import server_choice

    tmp: tempfile.TemporaryDirectory[str] | None = None
    saved = server_choice.load(prefs) if db is None and not self_test and not os.environ.get(DB_ENV) else None
    if saved is not None:  # this PC works on a server database (its password: the password file, or asked)
        db = saved.address()
    if db is None and (not self_test or os.environ.get(DB_ENV)):
        # a server named in SAFETYWATCH_DB that cannot be reached is refused below: never the local file instead
        db = default_database()
    if db is None:  # the self-test never touches the user's own database unless it was named
        tmp = tempfile.TemporaryDirectory(prefix="safetywatch-selftest-")
        db = Path(tmp.name) / "selftest.db"
    from safetywatch.ui.main_window import MainWindow

    started = _open_start(db, prefs, self_test=self_test)
    if started is None:
        return 1
    ledger, lock = started
    _session.update(ledger=ledger, lock=lock)
    if not self_test:
        try:
            return _run_sessions(app, ledger, prefs, operator)
        finally:
            _close_session()
    window = MainWindow(ledger)  # the self-test: the program itself, no log-in
    _session.update(window=window)
    window.show()
    try:
        return _self_test(app, window)
    finally:
        _close_session()
        if tmp is not None:
            tmp.cleanup()


def _open_start(db: Path | str, prefs: QSettings, *, self_test: bool = False) -> tuple[Any, Any] | None:
    """The program's own ledger on *db* and its instance lock (start-up checks, migration, seeding, log-ins;
    people work on the session ledger of their account, ui.session), or ``None`` after telling why not.

    A server database that cannot be opened shows the connection dialog with the reason: the user corrects the
    connection or, explicitly, chooses this PC's file; the local file is never opened silently instead.
    """
    from safetywatch.db.dialect import is_server_url
    from safetywatch.domain.errors import StorageError
    from safetywatch.ui.server_choice import ConnectionDialog

    while True:
        # the instance lock keeps a second program off a file; a server takes any number of PCs (advisory lock)
        lock = None if self_test or not isinstance(db, Path) else _lock_database(db)
        if lock is False:
            return None
        try:
            opened = _open_checked(db, "self-test" if self_test else "system", interactive=not self_test)
        except StorageError as exc:
            if lock:
                lock.unlock()
            if self_test:
                print(f"self-test FAILED: {exc}", file=sys.stderr)
                return None
            if not is_server_url(db):
                QMessageBox.critical(None, QApplication.translate("App", "Cannot open the database"), str(exc))
                return None
            choice = ConnectionDialog.ask(prefs, _local_file(), error=str(exc))
            if choice is None:
                return None
            db = choice
            continue
        if opened is None:
            if lock:
                lock.unlock()
            return None
        ledger = opened[0]
        if ledger.server is None and ledger.path != db and lock:  # a backup was restored into a new file
            lock.unlock()
            lock = _lock_database(ledger.path)
        return ledger, lock


def _local_file() -> Path:
    """This PC's own database file (``SAFETYWATCH_DB`` when that names a file)."""
    from safetywatch.db.dialect import is_server_url

    return data_dir() / "safetywatch.db" if is_server_url(os.environ.get(DB_ENV)) else default_db_path()


def _reader_address(ledger: Any, prefs: QSettings) -> str | None:
    """The address of the server's read-only role for read-only users' sessions: the saved connection's
    auditor user, when the open database is that saved connection's."""
    from safetywatch.db.dialect import server_url
    from safetywatch.ui import server_choice

    saved = server_choice.load(prefs)
    if ledger.server is None or saved is None:
        return None
    same = server_url(saved.address()).set(password=None) == server_url(ledger.server).set(password=None)
    return saved.auditor_address() if same else None


def _run_sessions(app: QApplication, ledger: object, prefs: QSettings, login_hint: str | None) -> int:
    """Log in, work, and after "Sign out" log in again, until someone closes the window or cancels."""
    from safetywatch.services.core.ledger import Ledger
    from safetywatch.ui.session import sign_in

    assert isinstance(ledger, Ledger)
    hint = login_hint or str(prefs.value("operator", ""))
    _session["sessions"] = True

    def choose_database(parent: QWidget) -> bool:
        from safetywatch.ui.server_choice import ConnectionDialog

        choice = ConnectionDialog.ask(prefs, _local_file(), parent=parent)
        if choice is not None:
            _session["chosen"] = choice
        return choice is not None

    try:
        while True:
            user = sign_in(ledger, hint, choose_database=choose_database)
            if user is None:
                chosen = _session.pop("chosen", None)
                if chosen is None:
                    return 0
                started = _open_start(chosen, prefs)  # the old database stays open if this one cannot
                if started is not None:
                    _close_session()
                    ledger = started[0]
                    assert isinstance(ledger, Ledger)
                    _session.update(ledger=ledger, lock=started[1])
                continue
            hint = user.login
            prefs.setValue("operator", user.login)
            code, signed_out = _one_session(app, ledger, prefs, user)
            switched = _session.pop("next", None)
            if switched is not None:  # a restored copy: work goes on there, after a new log-in
                _close_session()
                new_ledger, lock = switched
                assert isinstance(new_ledger, Ledger)
                ledger = new_ledger
                _session.update(ledger=ledger, lock=lock)
                continue
            if not signed_out:
                return code
    finally:
        _session.pop("sessions", None)


def _one_session(app: QApplication, ledger: object, prefs: QSettings, user: object) -> tuple[int, bool]:
    """The main window of one signed-in user; returns the exit code and whether they signed out."""
    from safetywatch.domain.permissions import SignedIn
    from safetywatch.services.core.ledger import Ledger
    from safetywatch.ui.operations import wait_for_writes
    from safetywatch.ui.session import open_session

    assert isinstance(ledger, Ledger) and isinstance(user, SignedIn)
    window, session = open_session(ledger, user, reader_address=_reader_address(ledger, prefs))
    signed_out = False

    def sign_out() -> None:
        nonlocal signed_out
        signed_out = True
        window.close()

    session.sign_out_requested.connect(sign_out)
    window.backup_page.switch_requested.connect(switch_database)
    _session["window"] = window
    window.use_settings(prefs)  # its size, place and splitter of last time
    _start_backups(window, window.ledger)  # the user's ledger: its pages hear of each backup (change hub)
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
        scheduler = _session.pop("backups", None)
        if scheduler is not None:
            scheduler.timer.stop()
        _session.pop("window", None)
        session.stop()
        window.close()
        wait_for_writes()  # a save still on the writer thread lands before its ledger is closed
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


def _has_ink(image: QImage) -> bool:
    """Whether a rendered page has anything dark on it (a blank render means QtPdf is broken)."""
    if image.isNull():
        return False
    step = max(1, image.width() // 60)
    return any(
        image.pixelColor(x, y).lightness() < 128
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
    )


def _postgresql_driver() -> tuple[bool, str]:
    """Whether the office's PostgreSQL driver (issue 18) loads, and which: SQLAlchemy's psycopg dialect,
    Alembic's PostgreSQL support and psycopg's binary implementation with the libpq it ships (the frozen
    bundle must carry them all). No connection is made."""
    try:
        import psycopg
        from alembic.ddl.postgresql import PostgresqlImpl  # noqa: F401
        from psycopg.conninfo import conninfo_to_dict
        from sqlalchemy import create_engine

        create_engine("postgresql+psycopg://selftest@localhost/selftest").dispose()  # loads the dialect only
        conninfo_to_dict("host=localhost dbname=selftest")  # parsed by libpq itself
        libpq = psycopg.pq.version()  # 180006: 18.6
        found = f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {libpq // 10000}.{libpq % 10000})"
    except Exception as exc:
        return False, f"the PostgreSQL driver does not load: {exc!r}"
    if psycopg.pq.__impl__ != "binary":
        return False, f"the PostgreSQL driver is not psycopg's binary implementation with its libpq: {found}"
    return True, found


def _self_test(app: QApplication, window: object) -> int:
    """Visit every page, check the database, and say what happened (used by CI and the frozen bundle)."""
    from safetywatch.services.maintenance import integrity
    from safetywatch.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    failures: list[str] = []
    # Chinese must render from the bundled font alone (offline PCs may have no CJK font installed)
    metrics = QFontMetrics(app.font())
    if not all(metrics.inFontUcs4(ord(c)) for c in "群监网隐患"):
        failures.append(f"the application font {app.font().family()!r} cannot draw Chinese")
    shots = os.environ.get("SAFETYWATCH_SELF_TEST_SHOTS")  # a folder: keep a picture of every page
    for row, page in enumerate(window.pages()):
        window.nav.setCurrentItem(window.nav_item(page))
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
    elif not _has_ink(window.report_page.document.render(0, QSize(300, 424))):
        failures.append("QtPdf rendered the report's first page blank")
    if shots:
        import time

        Path(shots).mkdir(parents=True, exist_ok=True)
        for row, _page in enumerate(window.pages()):
            window.nav.setCurrentItem(window.nav_item(_page))
            for _ in range(10):  # the PDF view and the charts paint asynchronously
                app.processEvents()
                time.sleep(0.05)
            window.grab().save(str(Path(shots) / f"page{row:02d}.png"))
    driver_ok, driver = _postgresql_driver()
    if not driver_ok:
        failures.append(driver)
    with window.ledger.read() as conn:
        report = integrity.verify(conn)
    failures.extend(p.message for p in report.problems)
    for failure in failures:
        print(f"self-test FAILED: {failure}", file=sys.stderr)
    if not failures:
        print(f"self-test OK: {len(window.pages())} pages, {report.events_checked} audit events verified")
        print(f"PostgreSQL driver: {driver}")
    return 1 if failures else 0


# --- reliability: single writer, refused databases, switching after a restore (issue 6) -----------------

#: The open database of this GUI process: its main window, ledger and instance lock.
_session: dict[str, Any] = {}


def _lock_database(db: Path) -> Any:
    """The database's instance lock, or False after telling the user another program holds it."""
    from safetywatch.ui import instance_lock

    with contextlib.suppress(OSError):  # open_ledger explains a folder it cannot create
        db.parent.mkdir(parents=True, exist_ok=True)
    from safetywatch.services.maintenance.opening import read_only_reason

    lock = instance_lock.acquire(db)
    if lock is None:  # a read-only place is said as such: the file is not damaged, nor held by anyone
        message = read_only_reason(db) or instance_lock.refusal_message(db)
        QMessageBox.critical(None, QApplication.translate("App", "Cannot open the database"), message)
        return False
    return lock


def _open_checked(db: Path | str, operator: str, *, interactive: bool) -> tuple[Any] | None:
    """Open the ledger; a refused file (damaged, foreign, tampered, network share) is left untouched and
    the user is offered its verified backups: a restore into a new file is opened instead."""
    from safetywatch.services.maintenance.opening import DatabaseRefusedError, open_ledger

    try:
        return (open_ledger(db, actor=operator),)
    except DatabaseRefusedError as exc:
        if not interactive or exc.kind in ("readonly", "cantopen"):
            raise  # not damaged: no backup to offer, the message says what to do (shown by run_gui)
        log.warning("database refused: %s", exc)
        from safetywatch.ui.backup_page import offer_recovery

        restored = offer_recovery(exc, actor=operator)
        if restored is None:
            return None
        return (open_ledger(restored, actor=operator),)


def switch_database(path: Path) -> Any:
    """Close the open database and its window, and open *path* (a restored, verified copy) instead.

    Connect ``BackupPage.switch_requested`` to this. Returns the new main window, or None if the new
    database could not be opened (the old one then stays open).
    """
    from safetywatch.domain.errors import StorageError
    from safetywatch.services.maintenance.opening import open_ledger
    from safetywatch.ui.main_window import MainWindow

    old_ledger = _session.get("ledger")
    actor = old_ledger.actor if old_ledger is not None else "system"
    lock = _lock_database(path)
    if lock is False:
        return None
    try:
        ledger = open_ledger(path, actor=actor)
    except StorageError as exc:
        lock.unlock()
        QMessageBox.critical(None, QApplication.translate("App", "Cannot open the database"), str(exc))
        return None
    if _session.get("sessions"):
        # signed-in work: end this session; _run_sessions asks for a log-in on the restored copy, so its
        # own accounts and roles apply (never the program's unrestricted ledger)
        _session["next"] = (ledger, lock)
        window = _session.get("window")
        if window is not None:
            window.close()
        return None
    _close_session()
    window = MainWindow(ledger)
    window.backup_page.switch_requested.connect(switch_database)
    _session.update(window=window, ledger=ledger, lock=lock)
    _start_backups(window, ledger)
    window.show()
    window.statusBar().showMessage(
        QApplication.translate("App", "Now working on the restored database {path}").format(path=path)
    )
    return window


def _start_backups(window: Any, ledger: Any) -> None:
    """Back up on start and daily while open (background; see ui.backup_page)."""
    from safetywatch.ui.backup_page import start_automatic_backups

    _session["backups"] = start_automatic_backups(window, ledger)


def _close_session() -> None:
    from safetywatch.ui.operations import wait_for_writes

    scheduler = _session.pop("backups", None)
    if scheduler is not None:
        scheduler.timer.stop()
    window, ledger, lock = _session.pop("window", None), _session.pop("ledger", None), _session.pop("lock", None)
    if window is not None:
        window.close()
    wait_for_writes()  # a save still on the writer thread lands before the database is closed
    if ledger is not None:
        ledger.close()
    if lock:
        lock.unlock()
