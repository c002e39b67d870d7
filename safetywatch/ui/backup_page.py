"""Backups in the GUI: the backup page, the recovery dialog shown when a database is refused at start,
and the automatic backups (on start, daily while open).

Entry points for the main window (not wired here):

- ``BackupPage(ledger)``: lists the backups of the open database; "Back up now"; "Restore into a new
  file…" restores the selected verified backup into a new file, verifies it and emits
  ``switch_requested(Path)`` — connect it to ``safetywatch.app.switch_database``.
- ``start_automatic_backups(parent, ledger)``: call once the window is up (``app.run_gui`` does).
- ``offer_recovery(error)``: the dialog for a ``DatabaseRefusedError`` (``app.run_gui`` shows it).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetywatch.db.files import clean_stale_temporaries
from safetywatch.domain.errors import StorageError
from safetywatch.domain.permissions import Permission
from safetywatch.services.core.changes import BACKUPS, TAMPERING, ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import backup, restore, server_backup
from safetywatch.services.maintenance.backup import BackupInfo
from safetywatch.services.maintenance.opening import DatabaseRefusedError, shown_name
from safetywatch.ui.change_hub import hub_for
from safetywatch.ui.widgets import StatusLine, page_title
from safetywatch.ui.worker import run_in_background

log = logging.getLogger(__name__)

#: How often the open program checks whether the daily backup is due.
CHECK_EVERY_MS = 60 * 60 * 1000


def _kind_label(kind: str) -> str:
    labels = {
        "start": QCoreApplication.translate("BackupPage", "on start"),
        "daily": QCoreApplication.translate("BackupPage", "daily"),
        "manual": QCoreApplication.translate("BackupPage", "by hand"),
        "before-migration": QCoreApplication.translate("BackupPage", "before upgrade"),
        "before-restore": QCoreApplication.translate("BackupPage", "before restore"),
    }
    return labels.get(kind, kind)


def _local_time(info: BackupInfo) -> str:
    return info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def suggested_restore_path(db_path: Path, info: BackupInfo) -> Path:
    """A new file beside the database, named after the backup's time (never an existing file)."""
    stamp = info.created.astimezone().strftime("%Y%m%d-%H%M%S")
    candidate = db_path.with_name(f"{db_path.stem}-restored-{stamp}{db_path.suffix or '.db'}")
    n = 2
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.stem}-restored-{stamp}-{n}{db_path.suffix or '.db'}")
        n += 1
    return candidate


def ask_restore_target(parent: QWidget, db_path: Path, info: BackupInfo) -> Path | None:
    """The new file to restore *info* into, suggested beside *db_path*; ``None`` if cancelled."""
    name, _filter = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("BackupPage", "Restore into a new file"),
        str(suggested_restore_path(db_path, info)),
        QCoreApplication.translate("BackupPage", "SafetyWatch database (*.db)"),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


class BackupTable(QTableWidget):
    """The backups of one database, newest first; the row's backup is ``backup_at(row)``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Kind"), self.tr("Verified"), self.tr("Audit events"), self.tr("Size"), "SHA-256"]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self._backups: list[BackupInfo] = []

    def set_backups(self, backups: list[BackupInfo]) -> None:
        self._backups = list(backups)
        self.setRowCount(len(backups))
        for row, info in enumerate(backups):
            verified = self.tr("yes") if info.verified else self.tr("NO")
            cells = [
                _local_time(info),
                _kind_label(info.kind),
                verified,
                self.tr("up to No. {seq}").format(seq=info.head_seq),  # the audit trail's "第 N 号事件"
                f"{info.size / 1_048_576:.1f} MB",
                info.sha256[:16],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path) if info.verified else "\n".join(info.problems))
                self.setItem(row, column, item)
        if backups:
            self.selectRow(0)

    def backup_at(self, row: int) -> BackupInfo | None:
        return self._backups[row] if 0 <= row < len(self._backups) else None

    def selected(self) -> BackupInfo | None:
        return self.backup_at(self.currentRow())


def _restore_in_background(
    parent: QWidget,
    ledger: Ledger | None,
    info: BackupInfo,
    target: Path,
    done: Callable[[object], None],
    failed: Callable[[BaseException], None],
    *,
    actor: str = "system",
) -> None:
    """Restore *info* into *target* in the background. With the open *ledger*, only for a role that may
    (the refusal is audited) and backing the database in use up first; without, the refused file at start."""

    def job() -> restore.RestoreResult:
        if ledger is None:  # the refused file is not backed up again: it is not read beyond the checks
            return restore.restore(info.path, target, actor=actor, current=None)
        ledger.require(Permission.BACKUP)
        return restore.restore(info.path, target, actor=ledger.actor, current=ledger.path)

    run_in_background(parent, job, done, failed)


def announce_backups(ledger: Ledger) -> None:
    """Tell the pages that the backups of *ledger*'s database changed (the change hub's BACKUPS)."""
    hub_for(ledger).publish(ChangeSet.of(BACKUPS))


class BackupPage(QWidget):
    """The backups of the open database, a manual backup, and restoring one into a new file. The list is
    read again whenever a backup is written, by this page or by the automatic backups (the change hub)."""

    #: A backup was restored into this new, verified file: the app should switch to it.
    switch_requested = Signal(Path)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.busy = False
        title = QLabel(self.tr("Backups of {path}").format(path=shown_name(ledger.target)))
        title.setWordWrap(True)
        self.folder_label = QLabel(self.tr("Backup folder: {folder}").format(folder=backup.folder_for(ledger.path)))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = BackupTable()
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.restore_button = QPushButton(self.tr("Restore into a new file…"))
        # a server database is dumped with pg_dump here too, but restored only by its administrator
        self.server_note = QLabel(
            self.tr(
                "This is a server database: a backup here runs pg_dump and needs a server user allowed to create "
                "databases (the administrator's). The administrator usually schedules safetywatch backup on the "
                "server and restores a backup into a new database with safetywatch restore (docs/postgresql.md)."
            )
        )
        self.server_note.setWordWrap(True)
        self.server_note.setVisible(ledger.server is not None)
        self.restore_button.setVisible(ledger.server is None)
        # the policy an old disk can carry: one automatic backup a day, the folder kept within a size budget
        self.usage_label = QLabel()
        self.usage_label.setWordWrap(True)
        self.budget_box = QSpinBox()
        self.budget_box.setRange(*backup.BUDGET_BOUNDS_MB)
        self.budget_box.setSingleStep(100)
        self.budget_box.setSuffix(" MB")
        self.budget_box.setValue(backup.size_budget() // 1_048_576)
        self.budget_box.setKeyboardTracking(False)  # saved when typing ends, not at every digit
        budget_label = QLabel(self.tr("Size budget of the backups:"))
        budget_label.setBuddy(self.budget_box)
        budget = QHBoxLayout()
        budget.addWidget(budget_label)
        budget.addWidget(self.budget_box)
        budget.addStretch(1)
        self.status = StatusLine()
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Backups")))
        layout.addWidget(title)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.usage_label)
        layout.addWidget(self.server_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(budget)  # below the list: opening the page puts the keyboard on the list
        layout.addWidget(self.status)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.budget_box.valueChanged.connect(self.set_budget)
        self.refresh()
        hub_for(ledger).watch(self, {BACKUPS}, lambda _changes: self.refresh())

    def refresh(self) -> None:
        backups = backup.backups_of(self.ledger.path)
        self.table.set_backups(backups)
        if self.ledger.server is None:
            usage = self.tr(
                "{count} backups take {used:.0f} MB of the {budget:.0f} MB budget: the oldest are deleted when a "
                "new one would exceed it. The program backs up once a day after log-in, and before every upgrade "
                "and restore."
            )
        else:
            usage = self.tr(
                "{count} backups made on this PC take {used:.0f} MB of the {budget:.0f} MB budget: the oldest are "
                "deleted when a new one would exceed it. The program makes no automatic backups of a server database."
            )
        self.usage_label.setText(
            usage.format(
                count=len(backups), used=backup.total_size(backups) / 1_048_576, budget=backup.size_budget() / 1_048_576
            )
        )
        self._update_buttons()

    def set_budget(self, megabytes: int) -> None:
        """Save the size budget; it applies from the next backup (which rotates the folder)."""
        try:
            backup.set_size_budget(megabytes)
        except (ValueError, StorageError) as error:
            self.status.error(str(error))
            return
        self.refresh()

    def _update_buttons(self) -> None:
        chosen = self.table.selected()
        self.backup_button.setEnabled(not self.busy)
        self.restore_button.setEnabled(not self.busy and chosen is not None and chosen.verified)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def back_up_now(self) -> None:
        """Back up and verify in the background. Backups are the administrator's (docs/permissions.md): the
        job checks that first, so a refusal is audited and shown like any failure."""
        ledger = self.ledger
        self._set_busy(True)
        self.status.hint(self.tr("Backing up and verifying…"))

        def job() -> BackupInfo:
            ledger.require(Permission.BACKUP)
            if ledger.server is not None:
                return server_backup.create(ledger.server, "manual")
            return backup.create(ledger.path, "manual")

        def done(result: object) -> None:
            assert isinstance(result, BackupInfo)
            announce_backups(ledger)
            self._set_busy(False)
            if result.verified:
                text = self.tr("Backup made and verified: {file} (audit events up to No. {seq}).")
                self.status.ok(text.format(file=result.path.name, seq=result.head_seq))
            else:
                text = self.tr("Backup made, but it FAILED verification: {problems}")
                self.status.error(text.format(problems="; ".join(result.problems[:3])))

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.status.error(str(error))

        run_in_background(self, job, done, failed)

    def choose_target(self, info: BackupInfo) -> Path | None:
        """Ask for the new file (tests replace this). Never an existing file."""
        return ask_restore_target(self, self.ledger.path, info)

    def restore_selected(self) -> None:
        info = self.table.selected()
        if info is None or not info.verified:
            return
        target = self.choose_target(info)
        if target is None:
            return
        if target.exists():
            self.status.error(
                self.tr(
                    "{path} already exists. A backup is restored only into a new file; choose another name."
                ).format(path=target)
            )
            return
        self._set_busy(True)
        self.status.hint(self.tr("Restoring and verifying…"))

        def done(result: object) -> None:
            assert isinstance(result, restore.RestoreResult)
            announce_backups(self.ledger)  # the database in use was backed up first
            self._set_busy(False)
            self.status.ok(
                self.tr("Restored and verified: {path}. The database in use was backed up first.").format(
                    path=result.path
                )
            )
            self.switch_requested.emit(result.path)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.status.error(str(error))

        _restore_in_background(self, self.ledger, info, target, done, failed)


class RecoveryDialog(QDialog):
    """Shown when a database is refused at start: what is wrong, and its verified backups to restore from.

    The refused file is never touched. ``restored_path`` is the new, verified database after a restore.
    """

    def __init__(self, error: DatabaseRefusedError, *, actor: str = "system", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = error
        self.actor = actor
        self.restored_path: Path | None = None
        self.setWindowTitle(self.tr("Cannot open the database"))
        message = QLabel(str(error))
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = BackupTable()
        self.table.set_backups(error.backups)
        if error.backups:
            offer = self.tr("Verified backups of this database (newest first). Restore one into a new file:")
        else:
            offer = self.tr(
                "No verified backup of this database was found in {folder}. Keep the file as it is and ask for help."
            ).format(folder=backup.folder_for(error.path))
        self.offer = QLabel(offer)
        self.offer.setWordWrap(True)
        self.status = StatusLine()
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            self.tr("Restore into a new file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(bool(error.backups))
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.offer)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.table.setVisible(bool(error.backups))
        self.resize(760, 420)

    def choose_target(self, info: BackupInfo) -> Path | None:
        return ask_restore_target(self, self.error.path, info)

    def restore_selected(self) -> None:
        info = self.table.selected()
        if info is None:
            return
        target = self.choose_target(info)
        if target is None:
            return
        self.restore_button.setEnabled(False)
        self.status.hint(self.tr("Restoring and verifying…"))

        def done(result: object) -> None:
            assert isinstance(result, restore.RestoreResult)
            self.restored_path = result.path
            self.accept()

        def failed(error: BaseException) -> None:
            self.status.error(str(error))
            self.restore_button.setEnabled(True)

        _restore_in_background(self, None, info, target, done, failed, actor=self.actor)


def offer_recovery(error: DatabaseRefusedError, *, actor: str = "system") -> Path | None:
    """Show the recovery dialog; return the restored database to open instead, or ``None`` to quit."""
    dialog = RecoveryDialog(error, actor=actor)
    dialog.exec()
    return dialog.restored_path


class BackupScheduler(QObject):
    """Backs the open database up once a day, in the background: after the first log-in of the day, and
    when the day turns while the program is open (``backup.backup_due``); a later log-in the same day, or
    nothing changed since the newest backup, makes none. A backup that fails verification is logged and
    leaves the main window's warning line (``Ledger.tampered``); other failures are logged."""

    finished = Signal(object)  # BackupInfo or the exception

    def __init__(self, ledger: Ledger, parent: QObject | None = None, *, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.check_daily)

    def start(self) -> None:
        try:  # what a crash left beside the database (the backup folder is cleaned by each backup)
            clean_stale_temporaries(self.ledger.path.parent)
        except OSError as exc:
            log.warning("cannot clean temporaries beside %s: %s", self.ledger.path, exc)
        self.timer.start()
        if backup.backup_due(self.ledger.path):
            self._run("start")

    def check_daily(self, now: dt.datetime | None = None) -> None:
        if not self.running and backup.backup_due(self.ledger.path, now=now):
            self._run("daily")

    def _run(self, kind: str) -> None:
        self.running = True
        path = self.ledger.path

        def job() -> BackupInfo:
            return backup.create(path, kind, skip_if_unchanged=True)

        def done(info: object) -> None:
            self.running = False
            assert isinstance(info, BackupInfo)
            if not info.verified:
                log.error("backup %s failed verification: %s", info.path, info.problems)
                # The copy is the database as it is now: records changed outside SafetyWatch, or damage.
                # The main window says so until the program closes (reliability.md, "Attacks").
                self.ledger.tampered = self.tr("The automatic backup failed verification: {problems}").format(
                    problems="; ".join(info.problems[:3])
                )
                self.ledger.announce(ChangeSet.of(TAMPERING))
            else:
                log.info("backup %s verified (seq %s, sha256 %s)", info.path, info.head_seq, info.sha256)
            announce_backups(self.ledger)  # the backup page lists it
            self.finished.emit(info)

        def failed(error: BaseException) -> None:
            self.running = False
            log.error("automatic backup failed: %s", error)
            self.finished.emit(error)

        run_in_background(self, job, done, failed)


def start_automatic_backups(parent: QObject, ledger: Ledger) -> BackupScheduler | None:
    """Back up now (in the background) and check hourly whether the daily backup is due. A server database gets
    none (``None``): its backups are pg_dump runs the administrator schedules on the server, and an office PC's
    user may not create the scratch database a dump is verified in."""
    if ledger.server is not None:
        return None
    scheduler = BackupScheduler(ledger, parent)
    scheduler.start()
    return scheduler
