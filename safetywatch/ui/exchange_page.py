"""The 数据交换 page: what it shows depends on the database's role in the exchange.

- standalone: one PC doing everything needs nothing here; it can be made the office.
- office: the stations with what the office holds of each; register a station (its enrolment bundle and
  one-time code); read station bundles (one file or a folder's), each all or nothing, with a result per
  file; write a station's reply; the held changes with the station's and the office's values side by side.
- station: its code and the office key's fingerprint, what the office acknowledged; write the bundle for the
  office, read the office's reply.

The work is ``exchange.stations`` and ``exchange.bundles``, as on the command line, run in the background;
a refusal (a damaged, foreign, forged or out-of-date bundle) is said in red in the page's message line.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.record_labels import action_label, table_label
from safetywatch.exchange import bundle_file, bundles, held, held_messages, stations
from safetywatch.services.core.audit import chain_head
from safetywatch.services.core.ledger import Ledger
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.field_labels import field_label, field_value
from safetywatch.ui.removable_drives import suggested_folder
from safetywatch.ui.station_dialogs import EnrolmentCodeDialog, StationDialog
from safetywatch.ui.widgets import StatusLine, error_text, hint_label, page_title
from safetywatch.ui.widgets.reason_dialog import ask_reason
from safetywatch.ui.widgets.styles import ERROR_STYLE, HINT_STYLE, OK_STYLE
from safetywatch.ui.worker import run_in_background

#: The tables whose changes this page shows (the role lives in app_setting).
WATCHED = frozenset({"exchange_station", "station_event", "held_change", "app_setting"})
_DIFFERENT = QColor("#fde7e7")

APPLIED, HELD, ALREADY_HELD, REFUSED = "applied", "held", "already_held", "refused"
_RESULT_STYLE = {APPLIED: OK_STYLE, HELD: "color: #e65100;", ALREADY_HELD: HINT_STYLE, REFUSED: ERROR_STYLE}


@dataclass(frozen=True)
class BundleResult:
    """What reading one bundle file did, as the page lists it."""

    path: Path
    outcome: str  # APPLIED | HELD | ALREADY_HELD | REFUSED
    message: str


def _local(utc_text: object) -> str:
    """A stored UTC instant as local wall-clock time (minutes), or a dash."""
    if not utc_text:
        return "—"
    try:
        return dt.datetime.fromisoformat(str(utc_text)).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(utc_text)


def _shown(value: Any, name: str = "") -> str:
    """A value as the register shows it (a status or kind by its Chinese label)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return field_value(name, text) if name else text


def bundle_files(paths: list[Path]) -> list[Path]:
    """The bundle files to read: each file as given, each folder's ``*.swbundle`` files by name (a station's
    bundles are named by their sequence range, so older ones come first)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.glob(f"*{bundle_file.SUFFIX}"))
        else:
            found.append(path)
    return found


def _read_each(
    ledger: Ledger,
    paths: list[Path],
    progress: bundles.Progress | None = None,
    cancelled: bundles.Cancelled | None = None,
) -> list[BundleResult]:
    """Read every bundle in turn (the job behind "read bundles"): each all or nothing, a refusal named; after
    a cancel the rest are left unread."""
    results = []
    for path in paths:
        if cancelled is not None and cancelled():
            results.append(BundleResult(path, REFUSED, _translate("Not read: cancelled.")))
            continue
        try:
            report = bundles.read_station_bundle(ledger, path, progress=progress, cancelled=cancelled)
        except SafetyWatchError as error:
            results.append(BundleResult(path, REFUSED, error_text(error)))
            continue
        results.append(_result_of(report))
    return results


def _result_of(report: bundles.ImportReport) -> BundleResult:
    tr = _translate
    if report.changed_nothing:
        text = tr("Station {station}: events #{first}–#{last} were held already; nothing changed.")
        return BundleResult(
            report.path, ALREADY_HELD, text.format(station=report.station, first=report.first_seq, last=report.last_seq)
        )
    applied = report.applied
    text = tr("Station {station}: {new} new events taken in, {applied} applied, {held} held for a person.").format(
        station=report.station, new=report.new_events, applied=applied.applied, held=len(applied.held)
    )
    if applied.closed_month:
        text += " " + tr(
            "{count} records are dated in a closed month: listed as corrections in the next open month's report."
        ).format(count=len(applied.closed_month))
    if applied.held:
        return BundleResult(report.path, HELD, text + "\n" + "\n".join(applied.held[:5]))
    return BundleResult(report.path, APPLIED, text)


def _translate(text: str) -> str:
    """The page's translation outside a widget (the results are made on the worker thread)."""
    return QCoreApplication.translate("ExchangePage", text)


class ExchangePage(QWidget):
    """Stations and the office: bundles on a USB stick (issue 15)."""

    #: (events taken in, of) while a bundle is read, from the worker thread
    progressed = Signal(int, int)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._cancel = threading.Event()
        self.progressed.connect(self._on_progress)
        self.busy = False
        self.role = stations.STANDALONE
        self.last_results: list[BundleResult] = []
        self.station_codes: list[str] = []  # the office's stations as listed
        self.enrolment_dialog: EnrolmentCodeDialog | None = None
        self.role_label = hint_label()
        self.panels = QStackedWidget()
        self.panels.addWidget(self._standalone_panel())
        self.panels.addWidget(self._office_panel())
        self.panels.addWidget(self._station_panel())
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # moving until the job says how far it is
        self.busy_bar.setMaximumHeight(12)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        # a big bundle (a station's first, with its history; a slow USB stick) takes seconds: reading or writing
        # it can be stopped, writing nothing
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.clicked.connect(self.cancel_work)
        self.cancel_button.hide()
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy_bar, 1)
        busy_row.addWidget(self.cancel_button)
        self.status = StatusLine()
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Data exchange")))
        layout.addWidget(self.role_label)
        layout.addWidget(self.panels, 1)
        layout.addLayout(busy_row)
        layout.addWidget(self.status)
        self.refresh()
        hub_for(ledger).watch(self, WATCHED, lambda _changes: self.refresh())

    # --- the three panels -----------------------------------------------------------------------------
    def _standalone_panel(self) -> QWidget:
        panel = QWidget()
        text = hint_label(
            self.tr(
                "This PC keeps the whole ledger by itself: one PC doing everything needs nothing on this page.\n\n"
                "Where pit-head stations keep their own PCs, the safety office's PC becomes the office: it registers "
                "each station, reads the bundles the stations bring on a USB stick, and writes their replies. Its "
                "records stay as they are."
            )
        )
        self.make_office_button = QPushButton(self.tr("&Make this PC the safety office (collecting end)…"))
        self.make_office_button.clicked.connect(self.make_office)
        row = QHBoxLayout()
        row.addWidget(self.make_office_button)
        row.addStretch(1)
        layout = QVBoxLayout(panel)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addStretch(1)
        return panel

    def _office_panel(self) -> QWidget:
        panel = QWidget()
        self.stations_table = QTableWidget(0, 7)
        self.stations_table.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Workstations"),
                self.tr("Last event"),
                self.tr("Last bundle"),
                self.tr("Held"),
                self.tr("Key"),
            ]
        )
        _read_only_table(self.stations_table)
        self.stations_table.itemSelectionChanged.connect(self._update_buttons)
        self.add_station_button = QPushButton(self.tr("Re&gister a station…"))
        self.read_bundles_button = QPushButton(self.tr("&Read bundles…"))
        menu = QMenu(self.read_bundles_button)
        menu.addAction(self.tr("One bundle &file…"), self.choose_bundle_file)
        menu.addAction(self.tr("Every bundle in a f&older…"), self.choose_bundle_folder)
        self.read_bundles_button.setMenu(menu)
        self.write_reply_button = QPushButton(self.tr("&Write replies…"))
        replies = QMenu(self.write_reply_button)
        self.reply_selected_action = replies.addAction(
            self.tr("For the &selected station…"), self.write_reply
        )  # fmt: skip
        self.reply_all_action = replies.addAction(self.tr("For &every station, into a folder…"), self.write_all_replies)
        self.write_reply_button.setMenu(replies)
        self.write_reply_button.setToolTip(self.tr("A station's reply: what the office holds of it, and its changes"))
        self.add_station_button.clicked.connect(self.add_station)
        self.recovery_button = QPushButton(self.tr("Reco&very bundle…"))
        self.recovery_button.setToolTip(
            self.tr("For a station PC restored from an older backup: its own events as the office holds them")
        )
        self.recovery_button.clicked.connect(self.write_recovery)
        buttons = QHBoxLayout()
        for button in (
            self.add_station_button,
            self.read_bundles_button,
            self.write_reply_button,
            self.recovery_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setMaximumHeight(110)
        stations_tab = QWidget()
        tab_layout = QVBoxLayout(stations_tab)
        tab_layout.addWidget(self.stations_table, 1)
        tab_layout.addLayout(buttons)
        tab_layout.addWidget(QLabel(self.tr("Bundles read:")))
        tab_layout.addWidget(self.results)

        self.held_table = QTableWidget(0, 6)
        self.held_table.setHorizontalHeaderLabels(
            [
                self.tr("Station"),
                self.tr("Event"),
                self.tr("Record"),
                self.tr("Change"),
                self.tr("Cause"),
                self.tr("Why"),
            ]
        )
        _read_only_table(self.held_table)
        self.held_table.itemSelectionChanged.connect(self._show_held_detail)
        self.held_table.itemSelectionChanged.connect(self._update_buttons)
        self.held_detail = QTableWidget(0, 4)
        self.held_detail.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Station: before"), self.tr("Station: after"), self.tr("Office now")]
        )
        _read_only_table(self.held_detail)
        # a person decides, with a reason; either decision goes back to the station in its next reply
        self.keep_office_button = QPushButton(self.tr("&Keep the office's version…"))
        self.keep_office_button.clicked.connect(lambda: self.resolve_selected(held.KEEP_OFFICE))
        self.take_station_button = QPushButton(self.tr("&Take the station's version…"))
        self.take_station_button.setToolTip(
            self.tr("Only for a change that arrived after the office changed the record")
        )
        self.take_station_button.clicked.connect(lambda: self.resolve_selected(held.TAKE_STATION))
        held_tab = QWidget()
        held_layout = QVBoxLayout(held_tab)
        held_layout.addWidget(self.held_table, 1)
        held_layout.addWidget(QLabel(self.tr("The selected change, the station's values beside the office's:")))
        held_layout.addWidget(self.held_detail, 1)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.keep_office_button)
        resolve_row.addWidget(self.take_station_button)
        resolve_row.addStretch(1)
        held_layout.addLayout(resolve_row)

        self.office_tabs = QTabWidget()
        self.office_tabs.addTab(stations_tab, self.tr("Stations"))
        self.office_tabs.addTab(held_tab, self.tr("Held changes"))
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.office_tabs)
        return panel

    def _station_panel(self) -> QWidget:
        panel = QWidget()
        self.station_info = QLabel()
        self.station_info.setWordWrap(True)
        self.write_bundle_button = QPushButton(self.tr("&Write bundle for the office…"))
        self.read_reply_button = QPushButton(self.tr("&Read the office's reply…"))
        self.write_bundle_button.clicked.connect(self.write_bundle)
        self.read_reply_button.clicked.connect(self.choose_reply)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_bundle_button)
        buttons.addWidget(self.read_reply_button)
        buttons.addStretch(1)
        self.last_exchange = QLabel(self.tr("No exchange yet since the program started."))
        self.last_exchange.setWordWrap(True)
        layout = QVBoxLayout(panel)
        layout.addWidget(self.station_info)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Take the bundle to the safety office on a USB stick. Each bundle starts where the office last "
                    "acknowledged, so a lost or forgotten stick costs nothing: just write a new one."
                )
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Last exchange:")))
        layout.addWidget(self.last_exchange)
        layout.addStretch(1)
        return panel

    # --- reading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        with self.ledger.read() as conn:
            me = stations.identity(conn)
            self.role = me.role
            if me.role == stations.OFFICE:
                key = stations.signing_key(conn)
                self._fill_office(bundles.stations(conn), bundles.held_changes(conn))
                fingerprint = bundle_file.key_fingerprint(key[1]) if key else "—"
                self.role_label.setText(
                    self.tr("This PC is the safety office. Fingerprint of its key: {fingerprint}").format(
                        fingerprint=fingerprint
                    )
                )
            elif me.role == stations.STATION:
                row = stations.station_by_code(conn, str(me.code))
                head, _ = chain_head(conn)
                self._fill_station(me, row, head)
                self.role_label.setText(self.tr("This PC is station {code}.").format(code=me.code))
            else:
                self.role_label.setText(self.tr("This PC works alone (standalone)."))
        self.panels.setCurrentIndex({stations.OFFICE: 1, stations.STATION: 2}.get(self.role, 0))
        self._update_buttons()

    def _fill_office(self, rows: list[dict[str, Any]], held: list[dict[str, Any]]) -> None:
        selected = self.selected_station()
        self.station_codes = [str(row["code"]) for row in rows]
        self.stations_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            last_event = (
                self.tr("No. {seq}").format(seq=row["last_seq"]) + f"  {_local(row['last_event_at'])}"
                if row["last_seq"]
                else "—"
            )
            cells = [
                row["code"],
                row["name"],
                str(row["workstations"]).replace(",", ", "),
                last_event,
                _local(row["last_bundle_at"]),
                str(row["held"]),
                self.tr("received") if row["enrolled"] else self.tr("awaiting first bundle"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                if c == 5 and row["held"]:
                    item.setForeground(QBrush(QColor("#e65100")))
                self.stations_table.setItem(r, c, item)
            if row["code"] == selected or (selected is None and r == 0):
                self.stations_table.selectRow(r)
        self.held_rows = held
        self.held_table.setRowCount(len(held))
        for r, change in enumerate(held):
            why = held_messages.render(change["message"])  # in the reader's language, not the importer's
            cells = [
                change["station"],
                self.tr("No. {seq}").format(seq=change["seq"]),  # the station's event, as the audit trail says
                table_label(str(change["entity"])),
                self._action_label(str(change["action"])),
                held_messages.cause_label(str(change["cause"])),
                why,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setToolTip(why)
                self.held_table.setItem(r, c, item)
        self.office_tabs.setTabText(1, self.tr("Held changes ({count})").format(count=len(held)))
        if held:
            self.held_table.selectRow(0)
        self._show_held_detail()

    def _action_label(self, action: str) -> str:
        return action_label(action)

    def _show_held_detail(self) -> None:
        row = self.held_table.currentRow()
        if not 0 <= row < len(getattr(self, "held_rows", [])):
            self.held_detail.setRowCount(0)
            return
        change = self.held_rows[row]
        incoming = json.loads(change["incoming"] or "{}")
        before = incoming.get("before") or {}
        after = incoming.get("after") or {}
        office = json.loads(change["office_values"]) if change["office_values"] else {}
        names = [n for n in dict.fromkeys([*after, *office]) if not n.startswith("+")]
        self.held_detail.setRowCount(len(names))
        for r, name in enumerate(names):
            cells = [
                field_label(name),
                _shown(before.get(name), name),
                _shown(after.get(name), name),
                _shown(office.get(name), name),
            ]
            differs = name in office and after.get(name) != office.get(name)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:
                    item.setBackground(QBrush(_DIFFERENT))
                self.held_detail.setItem(r, c, item)

    def _fill_station(self, me: stations.Identity, row: dict[str, Any], head: int) -> None:
        fingerprint = bundle_file.key_fingerprint(bytes.fromhex(me.office_public_key)) if me.office_public_key else "—"
        acked = int(row["acked_seq"])
        lines = [
            self.tr("Station: {code} {name}").format(code=me.code, name=row["name"]),
            self.tr("Workstations: {codes}").format(codes=str(row["workstation_codes"]).replace(",", ", ")),
            self.tr("Fingerprint of the office key: {fingerprint}").format(fingerprint=fingerprint),
            self.tr("The office acknowledged this station's events up to #{seq}.").format(seq=acked)
            if acked
            else self.tr("The office has acknowledged nothing yet."),
            self.tr("Events not yet acknowledged: {count} (up to #{head}).").format(count=head - acked, head=head),
        ]
        self.station_info.setText("\n".join(lines))

    def selected_station(self) -> str | None:
        row = self.stations_table.currentRow()
        item = self.stations_table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None and self.stations_table.selectionModel().hasSelection() else None

    def _update_buttons(self) -> None:
        idle = not self.busy
        for button in (
            self.make_office_button,
            self.add_station_button,
            self.read_bundles_button,
            self.write_bundle_button,
            self.read_reply_button,
        ):
            button.setEnabled(idle)
        self.write_reply_button.setEnabled(idle and self.stations_table.rowCount() > 0)
        self.reply_selected_action.setEnabled(self.selected_station() is not None)
        self.recovery_button.setEnabled(idle and self.selected_station() is not None)
        change = self.selected_held()
        self.keep_office_button.setEnabled(idle and change is not None)
        self.take_station_button.setEnabled(idle and change is not None and change["cause"] in held.TAKEABLE_CAUSES)

    def selected_held(self) -> dict[str, Any] | None:
        rows = getattr(self, "held_rows", [])
        row = self.held_table.currentRow()
        return rows[row] if 0 <= row < len(rows) and self.held_table.selectionModel().hasSelection() else None

    def resolve_selected(self, take: str) -> None:
        """Resolve the selected held change (a reason is asked for) and show the list again."""
        change = self.selected_held()
        if change is None:
            return
        title = (
            self.tr("Keep the office's version") if take == held.KEEP_OFFICE else self.tr("Take the station's version")
        )
        reason = ask_reason(self, title, self.tr("Why (kept with the decision and sent to the station):"))
        if reason is None:
            return
        ledger, held_id = self.ledger, int(change["id"])

        def done(_row: object) -> None:
            self.refresh()
            self.status.ok(self.tr("Resolved; the station gets the decision with its next reply."))

        self._run(self.tr("Resolving…"), lambda: held.resolve(ledger, held_id, take, reason), done)

    # --- background work --------------------------------------------------------------------------------
    def _run(
        self, hint: str, job: Callable[[], Any], done: Callable[[Any], None], *, cancellable: bool = False
    ) -> None:
        """Run *job* in the background with the busy bar (and, if *cancellable*, the cancel button: the job asks
        ``self._cancel``); a known error goes to the message line in red, a cancel in grey."""
        self.busy = True
        self._cancel.clear()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(cancellable)
        self._update_buttons()
        self.status.hint(hint)

        def finish() -> None:
            self.busy = False
            self.busy_bar.hide()
            self.cancel_button.hide()
            self._update_buttons()

        def succeeded(result: object) -> None:
            finish()
            done(result)

        def failed(error: BaseException) -> None:
            finish()
            if isinstance(error, (bundles.WriteCancelledError, bundles.ImportCancelledError)):
                self.status.hint(str(error))
                return
            if isinstance(error, OSError):  # a drive pulled out while writing, a folder not writable
                self.status.error(self.tr("The file could not be written or read: {error}").format(error=error))
                return
            self.status.problem(error)

        run_in_background(self, job, succeeded, failed)

    # --- standalone -------------------------------------------------------------------------------------
    def make_office(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Make this PC the safety office"),
            self.tr(
                "This PC becomes the safety office: it registers stations and takes in their bundles. Its records "
                "stay as they are; a station's PC must not be made the office.\n\nMake this PC the office?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ledger = self.ledger

        def done(_identity: object) -> None:
            self.refresh()
            self.status.ok(self.tr("This PC is now the safety office. Register the stations next."))

        self._run(self.tr("Making this PC the office…"), lambda: stations.make_office(ledger), done)

    # --- office -----------------------------------------------------------------------------------------
    def choose_folder(self, title: str) -> Path | None:
        """A folder to write into, a removable drive offered first (tests replace this)."""
        name = QFileDialog.getExistingDirectory(self, title, str(suggested_folder()))
        return Path(name) if name else None

    def add_station(self) -> None:
        dialog = StationDialog(self.ledger, self)
        if dialog.exec() != StationDialog.DialogCode.Accepted or dialog.new_station is None:
            return
        self.refresh()
        self.write_enrolment(dialog.new_station, self.choose_folder(self.tr("Where to write the enrolment bundle")))

    def write_enrolment(self, new: stations.NewStation, folder: Path | None) -> None:
        """Write *new*'s enrolment bundle into *folder*, then show its one-time code (also when no folder was
        chosen: the code exists only now)."""
        code = str(new.row["code"])
        with self.ledger.read() as conn:
            key = stations.signing_key(conn)
        fingerprint = bundle_file.key_fingerprint(key[1]) if key else "—"
        if folder is None:
            self._show_enrolment_code(code, new.enrol_code, fingerprint, self.tr("No enrolment bundle was written."))
            return
        ledger = self.ledger

        def done(path: object) -> None:
            where = self.tr("Enrolment bundle written: {path}").format(path=path)
            self.status.ok(where)
            self._show_enrolment_code(code, new.enrol_code, fingerprint, where)

        def job() -> Path:
            return stations.write_enrolment(ledger, code, folder / f"enrol-{code}{bundle_file.SUFFIX}")

        self._run(self.tr("Writing the enrolment bundle…"), job, done)

    def _show_enrolment_code(self, station: str, enrol_code: str, fingerprint: str, where: str) -> None:
        self.enrolment_dialog = EnrolmentCodeDialog(station, enrol_code, fingerprint, where, self)
        self.enrolment_dialog.open()

    def choose_bundle_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Read a station's bundle"),
            str(suggested_folder()),
            self.tr("SafetyWatch bundles (*{suffix})").format(suffix=bundle_file.SUFFIX),
        )
        if name:
            self.read_bundles([Path(name)])

    def choose_bundle_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, self.tr("Read every bundle in a folder"), str(suggested_folder()))
        if name:
            self.read_bundles([Path(name)])

    def read_bundles(self, paths: list[Path]) -> None:
        """Read the bundles at *paths* (files, or folders of ``*.swbundle``), each all or nothing."""
        files = bundle_files(paths)
        if not files:
            self.status.error(
                self.tr("No bundle ({suffix}) found in {paths}.").format(
                    suffix=bundle_file.SUFFIX, paths=", ".join(str(p) for p in paths)
                )
            )
            return
        ledger, progress, cancelled = self.ledger, self.progressed.emit, self._cancel.is_set
        self._run(
            self.tr("Reading {count} bundles…").format(count=len(files)),
            lambda: _read_each(ledger, files, progress, cancelled),
            self._show_results,
            cancellable=True,
        )

    def cancel_work(self) -> None:
        """Stop the bundle being read or written: nothing of it is written (a read is rolled back; a write leaves
        no file and records nothing); bundles not yet read are not read."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status.hint(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.busy_bar.setRange(0, max(total, 1))
        self.busy_bar.setValue(done)

    def _show_results(self, results: list[BundleResult]) -> None:
        self.last_results = results
        self.results.clear()
        labels = {
            APPLIED: self.tr("applied"),
            HELD: self.tr("applied, some held"),
            ALREADY_HELD: self.tr("already held"),
            REFUSED: self.tr("refused"),
        }
        for result in results:
            item = QListWidgetItem(f"{result.path.name} — {labels[result.outcome]}: {result.message}")
            colour = {REFUSED: "#c62828", HELD: "#e65100", ALREADY_HELD: "#666666"}.get(result.outcome, "#2e7d32")
            item.setForeground(QBrush(QColor(colour)))
            item.setToolTip(str(result.path))
            self.results.addItem(item)
        refused = [r for r in results if r.outcome == REFUSED]
        self.refresh()
        if len(results) == 1 and refused:
            self.status.error(
                self.tr("{file} was refused; nothing of it was written. {message}").format(
                    file=refused[0].path.name, message=refused[0].message
                )
            )
        elif refused:
            self.status.error(
                self.tr("{refused} of {count} bundles were refused; nothing of them was written.").format(
                    refused=len(refused), count=len(results)
                )
            )
        else:
            self.status.ok(self.tr("{count} bundles read.").format(count=len(results)))

    def write_reply(self) -> None:
        code = self.selected_station()
        if code is None:
            return
        folder = self.choose_folder(self.tr("Where to write the reply for station {code}").format(code=code))
        if folder is not None:
            self.write_reply_to(code, folder)

    def write_reply_to(self, code: str, folder: Path) -> None:
        ledger, progress, cancelled = self.ledger, self.progressed.emit, self._cancel.is_set

        def done(path: object) -> None:
            self.status.ok(self.tr("Reply for station {code} written: {path}").format(code=code, path=path))

        def job() -> Path:
            return bundles.write_reply(ledger, code, folder, progress=progress, cancelled=cancelled)

        self._run(self.tr("Writing the reply…"), job, done, cancellable=True)

    def write_all_replies(self) -> None:
        folder = self.choose_folder(self.tr("Where to write the replies for every station"))
        if folder is not None:
            self.write_all_replies_to(folder)

    def write_all_replies_to(self, folder: Path) -> None:
        """Every station's reply into *folder*, one file each (their standard names); after a cancel the replies
        written before it stay (each is whole) and the status line names how many."""
        ledger, progress, cancelled = self.ledger, self.progressed.emit, self._cancel.is_set
        codes = list(self.station_codes)

        def job() -> list[Path]:
            written: list[Path] = []
            for code in codes:
                try:
                    written.append(bundles.write_reply(ledger, code, folder, progress=progress, cancelled=cancelled))
                except bundles.WriteCancelledError as cancel:
                    raise bundles.WriteCancelledError(
                        _translate(
                            "Cancelled: {written} of {count} replies were written; write the rest again."
                        ).format(written=len(written), count=len(codes))
                    ) from cancel
            return written

        def done(paths: list[Path]) -> None:
            self.status.ok(self.tr("{count} replies written into {folder}.").format(count=len(paths), folder=folder))

        self._run(self.tr("Writing the replies…"), job, done, cancellable=True)

    def write_recovery(self) -> None:
        code = self.selected_station()
        if code is None:
            return
        folder = self.choose_folder(self.tr("Where to write the recovery bundle for station {code}").format(code=code))
        if folder is not None:
            self.write_recovery_to(code, folder)

    def write_recovery_to(self, code: str, folder: Path) -> None:
        """The station's own events as the office holds them, for a station PC restored from an older backup."""
        ledger, progress, cancelled = self.ledger, self.progressed.emit, self._cancel.is_set

        def done(path: object) -> None:
            self.status.ok(
                self.tr("Recovery bundle for station {code} written: {path}. Read it at the station.").format(
                    code=code, path=path
                )
            )

        def job() -> Path:
            return bundles.write_recovery(ledger, code, folder, progress=progress, cancelled=cancelled)

        self._run(self.tr("Writing the recovery bundle…"), job, done, cancellable=True)

    # --- station ----------------------------------------------------------------------------------------
    def write_bundle(self) -> None:
        folder = self.choose_folder(self.tr("Where to write the bundle for the office"))
        if folder is not None:
            self.write_bundle_to(folder)

    def write_bundle_to(self, folder: Path) -> None:
        ledger, progress, cancelled = self.ledger, self.progressed.emit, self._cancel.is_set

        def done(path: object) -> None:
            text = self.tr("Bundle written: {path}. Take it to the safety office.").format(path=path)
            self.last_exchange.setText(text)
            self.status.ok(text)
            self.refresh()  # its own export event is in the chain now

        def job() -> Path:
            return bundles.write_station_bundle(ledger, folder, progress=progress, cancelled=cancelled)

        self._run(self.tr("Writing the bundle…"), job, done, cancellable=True)

    def choose_reply(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Read the office's reply"),
            str(suggested_folder()),
            self.tr("SafetyWatch bundles (*{suffix})").format(suffix=bundle_file.SUFFIX),
        )
        if name:
            self.read_reply(Path(name))

    def read_reply(self, path: Path) -> None:
        ledger = self.ledger

        def done(result: object) -> None:
            if isinstance(result, int):  # a recovery bundle: this station's own events taken back
                text = self.tr("Recovery bundle read: {count} of this station's own events taken back.").format(
                    count=result
                )
            else:
                assert isinstance(result, dict)
                text = self.tr(
                    "Reply read: the office holds this station's events up to #{seq}; {changes} reference changes "
                    "applied."
                ).format(seq=result["acked_seq"], changes=result["reference_changes"])
            self.last_exchange.setText(text)
            self.status.ok(text)
            self.refresh()

        def job() -> object:
            # the office's recovery bundle (a station restored from an older backup) is read through the same button
            if bundles.check_bundle(None, path)["kind"] == "recovery":
                return bundles.read_recovery(ledger, path)
            return bundles.read_reply(ledger, path)

        self._run(self.tr("Reading the reply…"), job, done)


def _read_only_table(table: QTableWidget) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab goes on to the buttons (arrows move within the table)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
