"""Capture the screenshots in docs/screenshots/ (and, with --guide, the user guide's pictures) from the real
program on a demo database: a dev script, not part of the package.

    .venv/bin/python -m safetywatch demo --db /tmp/shots/mine.db --scale mine --years 1
    .venv/bin/python docs/screenshots/capture.py --db /tmp/shots/mine.db --out docs/screenshots --guide

It works on a copy of the database (log-ins and the failed log-in write audit events), with its own data and
settings folders, and logs in as the demo account of the role that uses each page (password ``Demo-2026!``).
Every page of the navigation is grabbed at 1024 and 1366 pixels wide (``<name>.png`` and ``<name>_1366.png``)
once its background work has finished, then the log-in dialog with a wrong password, the 三违 card after a
failed save, the export dialog and, from a fresh ``demo --stations`` office and station, the exchange page.
The window is as big as a maximised window's inside on a screen of that size at 100 % (a 40 px taskbar and a
23 px title bar off 768 px: 705 px high). Images are saved as 8-bit palette PNGs.

With --guide, docs/user-guide/images/ gets the 1024 captures, cropped to what the guide's paragraph shows
and run through ``optipng -o5`` when it is installed; the folder is bundled with the program, so the script
says how its total size changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget

from safetywatch.app import setup_qt_resources
from safetywatch.services.kinds import accounts
from safetywatch.services.maintenance import backup, demo
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.ui.login_dialog import LoginDialog
from safetywatch.ui.main_window import MainWindow
from safetywatch.ui.operations import wait_for_writes
from safetywatch.ui.session import open_session
from safetywatch.ui.worker import wait_for_jobs

#: (width, file-name suffix) of the two screens
SCREENS = ((1024, ""), (1366, "_1366"))
#: the inside of a maximised window on a 768 px screen: taskbar (40) and title bar (23) off
HEIGHT = 768 - 40 - 23
PASSWORD = demo.DEMO_PASSWORD

#: the user guide's pictures: file, capture, and the part of the 1024 capture the paragraph talks about
#: (x, y, width, height; None: all of it)
GUIDE: tuple[tuple[str, str, tuple[int, int, int, int] | None], ...] = (
    ("overview.png", "dashboard.png", None),
    ("hazard_card.png", "entry_form.png", None),
    ("hazards.png", "hazards_page.png", None),
    ("shift_sheet.png", "shift_sheet.png", None),
    ("violation_card.png", "violation_form.png", None),
    ("report.png", "report_page.png", None),
    ("reference.png", "reference_page.png", None),
    ("backup.png", "backup_page.png", None),
    ("audit.png", "audit_page.png", None),
    ("export.png", "export_dialog.png", None),
    ("exchange_office.png", "exchange_office.png", None),
    ("exchange_station.png", "exchange_station.png", None),
)


def settle(rounds: int = 6) -> None:
    """Let background jobs and writes finish and the widgets paint (charts and the PDF view paint late)."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(rounds):
        wait_for_jobs(120_000)
        wait_for_writes()
        app.processEvents()
        time.sleep(0.05)


def still_loading(widget: QWidget) -> bool:
    """Whether a visible text on *widget* still says it is loading."""
    return any(
        label.isVisible() and ("加载中" in label.text() or "正在" in label.text() or "Loading" in label.text())
        for label in widget.findChildren(QLabel)
    )


def palette_of(image: QImage) -> list[int]:
    """The image's 256 most frequent colours: a screenshot is mostly flat colours, so its own palette keeps
    light grid lines and anti-aliased text that Qt's fixed colour cube drops or dithers into noise."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    counts = Counter(memoryview(rgb.constBits()).cast("I"))
    return [colour | 0xFF000000 for colour, _n in counts.most_common(256)]


def save(image: QImage, path: Path) -> None:
    """An 8-bit palette PNG (about a third of the 32-bit size)."""
    indexed = image.convertToFormat(
        QImage.Format.Format_Indexed8, palette_of(image), Qt.ImageConversionFlag.ThresholdDither
    )
    if not indexed.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"  {path.name}: {image.width()}×{image.height()}, {path.stat().st_size:,} bytes")


def grab(widget: QWidget, path: Path) -> None:
    for _ in range(40):  # up to ~20 s for a slow page (the monthly report on a mine's year)
        settle(2)
        if not still_loading(widget):
            break
    settle()
    save(widget.grab().toImage(), path)


@contextmanager
def signed_in(db: Path, login: str, width: int) -> Iterator[MainWindow]:
    """The main window of *login* on *db*, as after a real log-in, *width* × :data:`HEIGHT` on screen."""
    ledger = open_ledger(db, actor="system", backups=False)
    user = accounts.authenticate(ledger, login, PASSWORD)
    window, session = open_session(ledger, user, idle_ms=24 * 3_600_000)
    window.resize(width, HEIGHT)
    window.show()
    settle()
    try:
        yield window
    finally:
        session.stop()
        window.close()
        settle(2)
        window.deleteLater()
        settle(1)
        if window.ledger is not ledger:
            window.ledger.close()
        ledger.close()


def show(window: MainWindow, page: QWidget) -> QWidget:
    """Open *page* through the navigation, as a click on its entry does, and wait till it has loaded."""
    window.nav.setCurrentItem(window.nav_item(page))
    settle()
    return page


def select_first_row(view: QAbstractItemView) -> None:
    """Select the first row, as a click on it does, so the page shows its details."""
    model = view.model()
    if model is not None and model.rowCount() > 0:
        view.setCurrentIndex(model.index(0, 0))
    settle()


# --- the captures -------------------------------------------------------------------------------------------

#: login → [(file name, page attribute of MainWindow, preparation)]
Prepare = Callable[[MainWindow], None]


def _hazards(window: MainWindow) -> None:
    select_first_row(window.hazards_page.table)


def _violations(window: MainWindow) -> None:
    select_first_row(window.violations_page.view)


def _shift_sheet(window: MainWindow) -> None:
    view = window.shift_sheet_page.view
    model = view.model()
    if model is not None and model.rowCount() > 2:
        view.setCurrentIndex(model.index(2, 0))
    settle()


def _audit(window: MainWindow) -> None:
    select_first_row(window.audit_page.table)


def _nothing(_window: MainWindow) -> None:
    return None


PAGES: dict[str, list[tuple[str, str, Prepare]]] = {
    "clerk": [
        ("entry_form", "form_page", _nothing),
        ("shift_sheet", "shift_sheet_page", _shift_sheet),
        ("activities_page", "activities_page", _nothing),
    ],
    "officer": [
        ("dashboard", "dashboard_page", _nothing),
        ("hazards_page", "hazards_page", _hazards),
        ("violations_page", "violations_page", _violations),
        ("rates_page", "rates_page", _nothing),
        ("allowance_page", "allowance_page", _nothing),
        ("report_page", "report_page", _nothing),
        ("reference_page", "reference_page", _nothing),
        ("exchange_page", "exchange_page", _nothing),
    ],
    "auditor": [("audit_page", "audit_page", _audit)],
    "admin": [("backup_page", "backup_page", _nothing), ("users_page", "users_page", _nothing)],
}


def capture_pages(db: Path, out: Path) -> None:
    for width, suffix in SCREENS:
        for login, pages in PAGES.items():
            print(f"{login} at {width}:")
            with signed_in(db, login, width) as window:
                for name, attribute, prepare in pages:
                    page = show(window, getattr(window, attribute))
                    prepare(window)
                    grab(window, out / f"{name}{suffix}.png")
                    del page
                if login == "clerk":
                    violation_card_with_errors(window, out / f"violation_form{suffix}.png")


def violation_card_with_errors(window: MainWindow, path: Path) -> None:
    """The 三违 card as a clerk types it from the paper card, saved with two mistakes: 性质 left empty and a
    hazard number that does not exist."""
    card = window.violation_form
    window.show_page(card)
    settle()
    card.start_new()
    with window.ledger.read() as conn:
        row = conn.exec_driver_sql(
            "SELECT workstation_id, shift_date, shift_id, inspector_id FROM duty WHERE status = 'on' "
            "ORDER BY shift_date DESC, shift_id LIMIT 1"
        ).one()
    card.prefill(row[0], dt.date.fromisoformat(str(row[1])), row[2], row[3])
    card.found_time.setText("10:20")
    card.location.setText("1201运输顺槽")
    with window.ledger.read() as conn:
        offender = conn.exec_driver_sql(
            "SELECT offender_no, offender_name FROM violation WHERE offender_no <> '' "
            "GROUP BY offender_no ORDER BY count(*) DESC LIMIT 1"
        ).one()
    card.offender_no.setText(str(offender[0]))
    card._offender_known()
    card.offender_name.setText(str(offender[1]))
    card.offender_trade.setText("支架工")
    card.employment.choose_text("ZS")
    card.type.choose_text("ZY")
    card.description.setPlainText("未敲帮问顶进入工作面")
    card.hazard_number.setText("JK01-2026-99999")
    card._update_repeat()
    settle()
    card.save()
    settle()
    grab(window, path)


def login_with_error(db: Path, path: Path) -> None:
    ledger = open_ledger(db, actor="system", backups=False)
    try:
        dialog = LoginDialog(ledger, "clerk")
        dialog.show()
        settle()
        dialog.password.setText("demo2026")
        dialog.submit()
        settle()
        dialog.fit_to_contents()
        settle()
        grab(dialog, path)
        dialog.close()
        dialog.deleteLater()
        settle(1)
    finally:
        ledger.close()


def export_dialog(db: Path, path: Path) -> None:
    with signed_in(db, "auditor", 1024) as window:
        dialog = window.show_export()
        settle()
        grab(dialog, path)
        dialog.close()


def capture_exchange(work: Path, out: Path) -> None:
    """The exchange page at the office (its stations, its held changes) and at a station, on a fresh
    ``demo --stations 2`` (a few seconds), with demo accounts added."""
    folder = work / "exchange"
    folder.mkdir()
    subprocess.run(
        [sys.executable, "-m", "safetywatch", "demo", "--stations", "2", "--out-dir", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for name in ("office.db", "station-ST01.db"):
        ledger = open_ledger(folder / name, actor="system", backups=False)
        try:
            with ledger.read() as conn:
                has_users = accounts.has_users(conn)
            if not has_users:
                demo.create_demo_accounts(ledger)
        finally:
            ledger.close()
    for width, suffix in SCREENS:
        with signed_in(folder / "office.db", "officer", width) as window:
            page = show(window, window.exchange_page)
            grab(window, out / f"exchange_office{suffix}.png")
            tabs = page.office_tabs
            tabs.setCurrentIndex(1)
            select_first_row(page.held_table)
            grab(window, out / f"exchange_held{suffix}.png")
        with signed_in(folder / "station-ST01.db", "clerk", width) as window:
            show(window, window.exchange_page)
            grab(window, out / f"exchange_station{suffix}.png")


# --- the user guide -----------------------------------------------------------------------------------------


def refresh_guide(shots: Path, images: Path) -> None:
    before = sum(p.stat().st_size for p in images.glob("*.png"))
    optipng = shutil.which("optipng")
    for target, source, crop in GUIDE:
        image = QImage(str(shots / source))
        if image.isNull():
            print(f"  {target}: no {source}, kept")
            continue
        if crop is not None:
            image = image.copy(QRect(*crop))
        save(image, images / target)
        if optipng:
            subprocess.run([optipng, "-quiet", "-o5", str(images / target)], check=True)
    after = sum(p.stat().st_size for p in images.glob("*.png"))
    print(f"user guide images: {before:,} → {after:,} bytes ({after - before:+,})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a database made by `safetywatch demo`")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--guide", action="store_true", help="also refresh docs/user-guide/images/")
    parser.add_argument("--no-exchange", action="store_true", help="keep the exchange_*.png there are")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # the mine's zone: the audit trail shows local time with the zone, as at the pit head (UTC+8), not the
    # build machine's UTC
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    # a fixed folder: the status bar and the backup page show the database's path, the same on every run
    work = Path(tempfile.gettempdir()) / "SafetyWatch-screenshots"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    os.environ["SAFETYWATCH_DATA_DIR"] = str(work / "data")  # backups and logs of the copy go here
    os.environ["SAFETYWATCH_CONFIG_DIR"] = str(work / "config")
    try:
        app = QApplication.instance() or QApplication(sys.argv[:1])
        setup_qt_resources("zh_CN")
        db = work / "safetywatch.db"
        shutil.copyfile(args.db, db)
        args.out.mkdir(parents=True, exist_ok=True)
        backup.create(db, "manual")  # the backup page lists one
        capture_pages(db, args.out)
        print("log-in, export:")
        login_with_error(db, args.out / "login_error.png")
        export_dialog(db, args.out / "export_dialog.png")
        if not args.no_exchange:
            print("exchange:")
            capture_exchange(work, args.out)
        if args.guide:
            refresh_guide(args.out, Path(__file__).resolve().parent.parent / "user-guide" / "images")
        del app
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
