"""Evidence is not printed silently from a database that fails its checks (issue 13 §4).

A report's PDF carries the audit chain's head in its footer and an export's manifest carries it too: both
vouch for the chain. From a file whose chain was edited behind the program's back (sqlite3 with the
protective trigger dropped), cut below a backup's recorded head, or that fails ``quick_check``, ``report``
and ``export`` refuse (exit 1, nothing written); with ``--unverified`` they write it marked "未通过校验" on
every page and ``"verified": false`` in the manifest. A report for a month that has not begun, or that is
before the database's first record, is refused instead of printing zeros; the report page offers neither.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pypdf
import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import backup
from safetywatch.ui.export_dialog import ExportDialog
from safetywatch.ui.report_page import ReportPage
from safetywatch.ui.worker import wait_for_jobs
from tests.faults.writer import CLOCK_AT
from tests.helpers import card, raw_sqlite, refs, seeded_ledger
from tests.test_cli import run_cli

REFUSED = "failed the check before printing"
MARK = "未通过校验"


def _ledger(path: Path, hazards_found: int = 3) -> Ledger:
    """A ledger created on 2026-06-10 with hazards found in early June."""
    ledger = seeded_ledger(path, FixedClock(CLOCK_AT))
    r = refs(ledger)
    for day in range(1, hazards_found + 1):
        hazards.register(ledger, card(r, found_date=dt.date(2026, 6, day)))
    return ledger


def _edit_event(db: Path, seq: int) -> None:
    """What a hostile user does in the sqlite3 shell: drop the no-update trigger, rewrite one audit event."""
    with raw_sqlite(db) as conn:
        conn.execute("DROP TRIGGER audit_event_no_update")
        conn.execute("UPDATE audit_event SET actor = '伪造' WHERE seq = ?", (seq,))


def _head(db: Path) -> int:
    with raw_sqlite(db) as conn:
        return int(conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0])


def _report(db: Path, out: Path, *extra: str, month: str = "2026-06") -> Any:
    return run_cli("report", "--db", str(db), "--month", month, "--out", str(out), *extra)


def _export(db: Path, out: Path, *extra: str) -> Any:
    return run_cli("export", "--db", str(db), "--what", "hazards", "--out", str(out), *extra)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A closed ledger with its third audit event rewritten (quick_check still says ok)."""
    ledger = _ledger(tmp_path / "ledger.db")
    ledger.close()
    _edit_event(ledger.path, 3)
    return ledger.path


def test_report_and_export_refuse_a_broken_chain(broken: Path, tmp_path: Path) -> None:
    for fmt in ("pdf", "json", "csv"):
        out = tmp_path / f"june.{fmt}"
        result = _report(broken, out)
        assert result.returncode == 1, result.stdout + result.stderr
        assert REFUSED in result.stderr and "#3" in result.stderr and "--unverified" in result.stderr
        assert not out.exists()
    out = tmp_path / "hazards.csv"
    result = _export(broken, out)
    assert result.returncode == 1 and REFUSED in result.stderr, result.stdout + result.stderr
    assert not out.exists() and not Path(f"{out}.manifest.json").exists()


def test_printed_anyway_it_says_so_on_every_page_and_in_the_manifest(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "june.pdf"
    result = _report(broken, out, "--unverified")
    assert result.returncode == 0, result.stderr
    assert MARK in result.stderr  # said on the terminal too
    pages = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages
    assert len(pages) >= 2
    for page in pages:
        assert page.extract_text().count(MARK) >= 2  # the header and the footer of every page
    assert "#3" in pages[0].extract_text()  # the first page names the problem

    data = json.loads(_report_json(broken, tmp_path))
    assert data["verified"] is False and "#3" in data["problems"][0]

    exported = tmp_path / "hazards.csv"
    result = _export(broken, exported, "--unverified")
    assert result.returncode == 0, result.stderr
    manifest = json.loads(Path(f"{exported}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["verified"] is False and "#3" in manifest["problems"][0]
    checked = run_cli("verify", "--manifest", f"{exported}.manifest.json")
    assert checked.returncode == 1 and "failed its check before printing" in checked.stdout


def test_a_closed_month_printed_anyway_is_marked_not_the_signed_reprint(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "ledger.db")
    ledger.close()
    signed = tmp_path / "signed.pdf"
    closed = run_cli(
        "close-month", "--db", str(ledger.path), "--month", "2026-06", "--out", str(signed), "--operator", "张科长"
    )
    assert closed.returncode == 0, closed.stderr
    _edit_event(ledger.path, 3)
    assert _report(ledger.path, tmp_path / "again.pdf").returncode == 1
    marked = tmp_path / "marked.pdf"
    assert _report(ledger.path, marked, "--unverified").returncode == 0
    assert marked.read_bytes() != signed.read_bytes()
    assert all(MARK in page.extract_text() for page in pypdf.PdfReader(marked).pages)


def _report_json(db: Path, tmp_path: Path) -> str:
    out = tmp_path / "june.json"
    result = _report(db, out, "--unverified")
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def test_a_healthy_database_prints_as_before(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "ledger.db")
    ledger.close()
    out = tmp_path / "june.pdf"
    result = _report(ledger.path, out)
    assert result.returncode == 0, result.stderr
    assert MARK not in "".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    exported = tmp_path / "hazards.csv"
    assert _export(ledger.path, exported).returncode == 0
    assert json.loads(Path(f"{exported}.manifest.json").read_text(encoding="utf-8"))["verified"] is True


def test_the_check_starts_from_the_newest_backup_and_keeps_its_head(tmp_path: Path) -> None:
    """With a verified backup, events after its recorded head are re-hashed, and the head must still be
    there: an edit after it and a chain cut below it are both refused."""
    ledger = _ledger(tmp_path / "ledger.db")
    made = backup.create(ledger.path, "manual")
    assert made.verified
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 9)))
    ledger.close()
    edited = tmp_path / "edited.db"
    cut = tmp_path / "cut.db"
    for copy in (edited, cut):  # each copy is its own database: give it the backup's manifest as anchor
        copy.write_bytes(ledger.path.read_bytes())
        folder = backup.folder_for(copy)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / made.path.name).write_bytes(made.path.read_bytes())
        backup.manifest_path(folder / made.path.name).write_bytes(backup.manifest_path(made.path).read_bytes())
    _edit_event(edited, made.head_seq + 1)
    result = _report(edited, tmp_path / "edited.pdf")
    assert result.returncode == 1 and f"#{made.head_seq + 1}" in result.stderr, result.stderr

    with raw_sqlite(cut) as conn:  # remove the newest events, down below the backup's head
        conn.execute("DROP TRIGGER audit_event_no_delete")
        conn.execute("DELETE FROM audit_event WHERE seq >= ?", (made.head_seq - 1,))
    result = _report(cut, tmp_path / "cut.pdf")
    assert result.returncode == 1 and "events were removed" in result.stderr, result.stderr


def test_a_file_that_fails_quick_check_is_refused(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "ledger.db")
    ledger.close()
    with raw_sqlite(ledger.path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_audit_event_entity'").fetchone()[0]
    with ledger.path.open("r+b") as stream:  # scribble over the index's cell pointers: the schema still reads
        stream.seek((root - 1) * page_size + 8)
        stream.write(b"\xff" * 64)
    result = _report(ledger.path, tmp_path / "june.pdf")
    assert result.returncode == 1 and REFUSED in result.stderr and "integrity check" in result.stderr, result.stderr
    assert _export(ledger.path, tmp_path / "h.csv").returncode == 1


# --- months without figures ------------------------------------------------------------------------------


def test_a_month_not_begun_or_before_the_first_record_is_refused(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "ledger.db")
    ledger.close()
    today = dt.date.today()  # the command line counts with the computer's clock
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).strftime("%Y-%m")
    future = _report(ledger.path, tmp_path / "future.json", month=next_month)
    assert future.returncode == 1 and "has not begun" in future.stderr, future.stderr
    early = _report(ledger.path, tmp_path / "early.json", month="2026-05")
    assert early.returncode == 1 and "before the first record" in early.stderr and "2026-06" in early.stderr
    assert not (tmp_path / "future.json").exists() and not (tmp_path / "early.json").exists()


def test_an_empty_new_database_reports_its_current_month(tmp_path: Path) -> None:
    """Zero is the truth there: nothing was recorded yet in the month the database began."""
    db = tmp_path / "new.db"
    empty = _empty_csv(tmp_path)
    created = run_cli("import", "--db", str(db), "--what", "hazards", str(empty), "--operator", "张三", "--new")
    assert created.returncode == 0, created.stderr
    month = dt.date.today().strftime("%Y-%m")
    result = _report(db, tmp_path / "now.json", month=month)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "now.json").read_text(encoding="utf-8"))["summary"]["hazards_found"]["month"] == 0


def _empty_csv(tmp_path: Path) -> Path:
    from safetywatch.exchange.columns import KINDS

    path = tmp_path / "hazards.csv"
    path.write_text(",".join(KINDS["hazards"].names) + "\n", encoding="utf-8-sig")
    return path


def test_with_a_cut_off_day_the_running_statistic_month_is_offered(ledger: Ledger) -> None:
    """Today is 2026-06-10; with the 5th as cut-off it belongs to statistic month 2026-07, which must be
    offered and reportable, and 2026-08 is not. A hazard found on 3 June counts in statistic month 2026-06."""
    from safetywatch.db.models import APP_SETTING
    from safetywatch.domain.errors import ValidationError
    from safetywatch.services.reporting import report_months, tallies

    with ledger.write() as w:
        w.insert(APP_SETTING, {"key": tallies.CUTOFF_SETTING, "value": "5"})
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 3)))
    today = ledger.clock.today()
    with ledger.read() as conn:
        assert report_months.reportable_months(conn, today) == ["2026-07", "2026-06"]
        report_months.check_reportable(conn, "2026-07", today)
        with pytest.raises(ValidationError, match="2026-08 has not begun"):
            report_months.check_reportable(conn, "2026-08", today)


# --- the report page ---------------------------------------------------------------------------------------


def test_the_report_page_offers_only_months_with_records_and_refuses_a_broken_chain(qtbot: Any, ledger: Ledger) -> None:
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 5, 20)))  # today is 2026-06-10
    page = ReportPage(ledger)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.result is not None, timeout=20_000)
    assert [page.month.itemText(i) for i in range(page.month.count())] == ["2026-06", "2026-05"]
    assert page.month.currentText() == "2026-05"

    _edit_event(ledger.path, 3)
    page.generate()
    wait_for_jobs(20_000)
    qtbot.waitUntil(lambda: not page.busy, timeout=20_000)
    assert "未通过打印前的检查" in page.status.text() and "#3" in page.status.text()
    assert page.result is None and page.document.pageCount() == 0  # the earlier preview is gone too
    assert not page.print_button.isEnabled() and not page.save_button.isEnabled()


def test_the_export_dialog_refuses_a_broken_chain(qtbot: Any, ledger: Ledger, tmp_path: Path) -> None:
    hazards.register(ledger, card(refs(ledger), found_date=dt.date(2026, 6, 1)))
    _edit_event(ledger.path, 3)
    dialog = ExportDialog(ledger, folder=tmp_path)
    qtbot.addWidget(dialog)
    out = tmp_path / "hazards.csv"
    dialog.destination.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: wait_for_jobs(100) and not dialog.running, timeout=20_000)
    assert "未通过打印前的检查" in dialog.status.text() and "#3" in dialog.status.text()
    assert not out.exists() and not Path(f"{out}.manifest.json").exists()
