"""The export and import dialogs offscreen on real files: export with progress, cancel leaving no file,
filters from the form; import checked first with problems listed by line and column, then imported."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from safetywatch.exchange import export
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import anchor_log
from safetywatch.ui.export_dialog import ExportDialog
from safetywatch.ui.import_dialog import ImportDialog
from safetywatch.ui.worker import wait_for_jobs
from tests.helpers import card, count_rows, refs


def _hazards(ledger: Ledger, n: int) -> None:
    r = refs(ledger)
    for i in range(n):
        hazards.register(ledger, card(r, description=f"=隐患{i}", found_date=dt.date(2026, 5, 1 + i % 28)))


def _finish(qtbot: QtBot, condition: object) -> None:
    qtbot.waitUntil(lambda: wait_for_jobs(100) and bool(condition()), timeout=10_000)  # type: ignore[operator]


def test_export_dialog_writes_file_and_manifest_with_progress(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    _hazards(ledger, 5)
    dialog = ExportDialog(ledger, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.kind_key == "hazards"
    assert dialog.destination.text().startswith(str(tmp_path / "hazards-"))
    dialog.by_date.setChecked(True)
    dialog.date_from.setDate(QDate(2026, 5, 2))
    dialog.date_to.setDate(QDate(2026, 5, 3))
    out = tmp_path / "h.csv"
    dialog.destination.setText(str(out))
    seen: list[tuple[int, int]] = []
    dialog.progressed.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as signal:
        dialog.start()
        assert dialog.running and not dialog.start_button.isEnabled() and dialog.cancel_button.isEnabled()
    manifest = signal.args[0]
    assert manifest.rows == 2 and manifest.filters["event_date_from"] == "2026-05-02"
    assert seen[-1] == (2, 2)
    assert "2" in dialog.status.text() and manifest.sha256 in dialog.status.text()
    assert export.verify_manifest(export.manifest_path(out)).ok
    (logged,) = anchor_log.entries(ledger.path)  # its chain head kept beside the backups, for verify
    assert (logged.file, logged.rows, logged.sha256) == ("h.csv", 2, manifest.sha256)
    assert (logged.head_seq, logged.head_hash) == manifest.chain_head
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert manifest.headers == "labels" and rows[0][0] == "隐患编号"  # Chinese headers for the auditor
    assert rows[1][rows[0].index("隐患内容")].startswith("'=隐患")
    assert not dialog.running and dialog.start_button.isEnabled()
    # the checkbox gives the machine keys and codes
    dialog.machine_keys.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=10_000) as signal:
        dialog.start()
    assert signal.args[0].headers == "keys"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0][:2] == ["number", "uuid"] and rows[1][rows[0].index("status")] == "registered"


def test_export_dialog_reference_kind_has_no_date_filter(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    dialog = ExportDialog(ledger, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.by_date.setChecked(True)
    dialog.kind.setCurrentIndex(dialog.kind.findData("inspectors"))
    assert not dialog.by_date.isEnabled() and not dialog.by_date.isChecked()
    assert dialog.destination.text().endswith(".csv") and "inspectors-" in dialog.destination.text()
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.destination.text().endswith(".xlsx")


def test_cancelled_export_leaves_no_file(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    _hazards(ledger, 3)
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog = ExportDialog(ledger, folder=folder)
    qtbot.addWidget(dialog)
    out = folder / "cancelled.csv"
    dialog.destination.setText(str(out))
    progressed: list[int] = []

    def press_cancel(done: int, _total: int) -> None:  # on the export's thread, before its first batch
        progressed.append(done)
        dialog._cancel.set()  # what Cancel sets; the export checks it before each batch

    dialog.progressed.connect(press_cancel, Qt.ConnectionType.DirectConnection)
    dialog.start()
    _finish(qtbot, lambda: not dialog.running)
    assert progressed == [0]  # cancelled after the first report: no row was written
    assert "cancelled" in dialog.status.text().lower() or "取消" in dialog.status.text()
    assert list(folder.iterdir()) == []


def test_export_dialog_reports_an_unwritable_destination(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    dialog = ExportDialog(ledger, folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.destination.setText(str(blocker / "h.csv"))
    dialog.start()
    _finish(qtbot, lambda: not dialog.running)
    assert str(blocker) in dialog.status.text()
    dialog.destination.setText("")
    dialog.start()
    assert not dialog.running


def _export_file(ledger: Ledger, kind: str, out: Path) -> Path:
    with ledger.read() as conn:
        export.export(conn, kind, out, headers="keys")
    return out


def test_import_dialog_lists_problems_before_writing_then_imports(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    _hazards(ledger, 3)
    source = _export_file(ledger, "hazards", tmp_path / "h.csv")
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        row[header.index("uuid")] = row[header.index("number")] = ""  # new records of a paper register
    original = rows[2][header.index("found_date")]
    rows[2][header.index("found_date")] = "2099-01-01"
    bad = tmp_path / "bad.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    bad.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    events = count_rows(ledger, "audit_event")

    dialog = ImportDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    dialog.file.setText(str(bad))
    dialog.kind.setCurrentIndex(dialog.kind.findData("hazards"))
    dialog.check()
    _finish(qtbot, lambda: dialog.report is not None)
    listed = {
        (dialog.errors.item(r, 0).text(), dialog.errors.item(r, 1).text()) for r in range(dialog.errors.rowCount())
    }
    assert listed == {("3", "found_date"), ("3", "deadline")}  # in the future, and after its deadline
    assert not dialog.import_button.isEnabled()
    assert count_rows(ledger, "audit_event") == events  # nothing written by the check

    rows[2][header.index("found_date")] = original
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    good = tmp_path / "good.csv"
    good.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    dialog.report = None
    dialog.file.setText(str(good))
    dialog.check()
    _finish(qtbot, lambda: dialog.report is not None)
    assert dialog.report is not None and dialog.report.ok, [str(e) for e in dialog.report.errors]
    assert dialog.errors.rowCount() == 0 and dialog.import_button.isEnabled()
    assert count_rows(ledger, "hazard") == 3
    with qtbot.waitSignal(dialog.imported, timeout=10_000) as signal:
        dialog.run_import()
    assert signal.args[0].created == 3
    _finish(qtbot, lambda: not dialog._busy)
    assert count_rows(ledger, "hazard") == 6
    assert not dialog.import_button.isEnabled()  # a file is imported once per check


def test_import_dialog_changing_the_file_needs_a_new_check(qtbot: QtBot, ledger: Ledger, tmp_path: Path) -> None:
    source = _export_file(ledger, "inspectors", tmp_path / "i.csv")
    dialog = ImportDialog(ledger)
    qtbot.addWidget(dialog)
    dialog.file.setText(str(source))
    dialog.kind.setCurrentIndex(dialog.kind.findData("inspectors"))
    dialog.check()
    _finish(qtbot, lambda: dialog.report is not None)
    assert dialog.report is not None and dialog.report.present == 2 and dialog.import_button.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("org_units"))
    assert not dialog.import_button.isEnabled()
