"""Attacks that leave a ledger's chain consistent in itself (issue 13 §2, and the schema item of §6).

Deleting the newest events and putting the rows back, or rewriting one event and recomputing every hash
after it, gives a file whose chain and records check out on their own (:func:`_self_consistent` — all
``verify`` looked at before). Each attack is made on the real file with sqlite3 (``tests/faults/tamper``)
and ``safetywatch verify`` runs as a user runs it: it must name the anchor kept elsewhere — a backup's
manifest, a closed month, the log of exports and closes, the head printed on a report — or the trace the
append left (time going back, a record in a closed month, a gap in the numbers, a trigger that does
nothing).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from safetywatch.db.engine import make_engine, read_connection
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.reports import closing
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import anchor_log, backup, consistency
from safetywatch.services.reporting import month_close
from tests.faults.tamper import append_record, remove_records, rewrite_event, row_of, truncate, unprotected
from tests.helpers import card, raw_sqlite, refs, seeded_ledger
from tests.test_cli import run_cli

CLOCK_AT = dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC)
SOURCES = ("backup", "closed month", "export", "printed report")


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    """Three hazards found in May and two in June, all entered on 10 June (JK01-2026-00001 … 00005)."""
    led = seeded_ledger(tmp_path / "mine.db", FixedClock(CLOCK_AT))
    r = refs(led)
    for day in (5, 12, 20):
        hazards.register(led, card(r, found_date=dt.date(2026, 5, day)))
    _more_work(led)
    return led


def _more_work(ledger: Ledger) -> None:
    r = refs(ledger)
    for day in (8, 9):
        hazards.register(ledger, card(r, found_date=dt.date(2026, 6, day)))


def _verify(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("verify", "--db", str(path), *args)


def _self_consistent(path: Path) -> bool:
    """What ``verify`` checked before issue 13: the file, the chain, every record against its events."""
    engine = make_engine(path, read_only=True)
    try:
        with read_connection(engine) as conn:
            return consistency.check(conn).ok
    finally:
        engine.dispose()


def _head(ledger: Ledger) -> tuple[int, str]:
    with ledger.read() as conn:
        return audit.chain_head(conn)


def _footer_head(pdf: bytes) -> str:
    """The chain head as the report's footer prints it, read back from the PDF's text."""
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or ""
    match = re.search(r"审计链锚点 (#\d+:[0-9a-f]{16})", text)
    assert match, text[-300:]
    return match.group(1)


def _anchor_with(source: str, ledger: Ledger, tmp_path: Path) -> tuple[int, list[str], str]:
    """Record the chain head with *source*; return its seq, the extra ``verify`` arguments it needs and how
    ``verify`` names it."""
    path = ledger.path
    if source == "backup":
        done = run_cli("backup", "--db", str(path))
        assert done.returncode == 0, done.stdout + done.stderr
        newest = backup.backups_of(path)[0]
        return newest.head_seq, [], newest.path.name
    if source == "export":
        out = tmp_path / "hazards.csv"
        done = run_cli("export", "--db", str(path), "--what", "hazards", "--out", str(out))
        assert done.returncode == 0, done.stdout + done.stderr
        return _head(ledger)[0], [], "the export hazards.csv"
    row, pdf = closing.close_month(ledger, "2026-05", generated_at=dt.datetime(2026, 6, 10, 9, 30))
    seq = month_close.stored_report(row).audit_anchor.seq
    if source == "closed month":
        return seq, [], "the close of 2026-05"
    (tmp_path / "2026-05.pdf").write_bytes(pdf.data)  # signed and filed; the log beside the backups is deleted
    anchor_log.log_path(path).unlink()
    printed = _footer_head(pdf.data)
    assert printed.startswith(f"#{seq}:")
    return seq, ["--anchor", printed], f"the printed chain head {printed}"


@pytest.mark.parametrize("source", SOURCES)
def test_events_removed_below_an_anchor_are_found(source: str, ledger: Ledger, tmp_path: Path) -> None:
    seq, args, named = _anchor_with(source, ledger, tmp_path)
    _more_work(ledger)
    ledger.close()
    assert _verify(ledger.path, *args).returncode == 0

    with unprotected(ledger.path) as conn:
        truncate(conn, seq - 1)  # the anchor's own event and everything after it; the rows put back
    assert _self_consistent(ledger.path)
    if source == "printed report":  # the close went with the events: only the paper remembers
        assert _verify(ledger.path).returncode == 0
    result = _verify(ledger.path, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"FAILED [anchor] The audit chain ends at event #{seq - 1}, but {named}" in result.stdout
    assert f"recorded event #{seq}: events were removed" in result.stdout


@pytest.mark.parametrize("source", SOURCES)
def test_a_chain_recomputed_after_an_edit_is_found(source: str, ledger: Ledger, tmp_path: Path) -> None:
    with ledger.read() as conn:
        first_hazard = conn.exec_driver_sql("SELECT min(seq) FROM audit_event WHERE entity = 'hazard'").scalar_one()
    seq, args, named = _anchor_with(source, ledger, tmp_path)
    _more_work(ledger)
    ledger.close()
    if source == "closed month":  # the log gone too: the anchor stored with the close still holds
        anchor_log.log_path(ledger.path).unlink()
        named = "the report of closed month 2026-05"

    with unprotected(ledger.path) as conn:
        rewrite_event(conn, first_hazard, actor="别人")
    assert _self_consistent(ledger.path)
    result = _verify(ledger.path, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"FAILED [anchor] Audit event #{seq} differs from the chain head recorded by {named}" in result.stdout
    assert "the audit chain was rewritten after that." in result.stdout


def _next_hazard(conn: sqlite3.Connection, template_id: int, found: str, at_utc: str) -> dict[str, Any]:
    """A copy of hazard *template_id* with the next number, found on *found*, entered at *at_utc*."""
    row = row_of(conn, "hazard", template_id)
    serial = conn.execute("SELECT max(serial) + 1 FROM hazard").fetchone()[0]
    prefix = row["number"].rsplit("-", 1)[0]
    row.update(
        id=None,
        uuid=str(uuid.uuid4()),
        number=f"{prefix}-{serial:05d}",
        serial=serial,
        found_date=found,
        deadline=found,
        original_deadline=found,
        created_at=at_utc,
        updated_at=at_utc,
    )
    return row


@pytest.mark.parametrize("at_utc", ["2026-06-10T02:00:00.000000Z", "2026-05-25T01:00:00.000000Z"])
def test_a_record_appended_to_a_closed_month_is_found(at_utc: str, ledger: Ledger) -> None:
    closing.close_month(ledger, "2026-05", generated_at=dt.datetime(2026, 6, 10, 9, 30))
    _more_work(ledger)
    # the loop of a May hazard goes on after the close (its steps are dated now): no trace of an append
    hazards.act(ledger, 1, hazards.StepInput(HazardAction.ISSUE_NOTICE, dt.date(2026, 6, 10)))
    ledger.close()
    assert _verify(ledger.path).returncode == 0
    with unprotected(ledger.path) as conn:
        row = _next_hazard(conn, 1, "2026-05-25", at_utc)
        added = append_record(conn, "hazard", row, at_utc=at_utc, actor="测试员")
        number = row_of(conn, "hazard", added)["number"]
    assert _self_consistent(ledger.path)
    result = _verify(ledger.path)
    assert result.returncode == 1, result.stdout
    assert f"FAILED [plausibility] hazard #{added} ({number}) is dated 2026-05-25, in 2026-05, which was closed" in (
        result.stdout
    )
    back_dated = "days before event #" in result.stdout  # the time the append gave itself is caught as well
    assert back_dated == at_utc.startswith("2026-05")


def test_an_event_dated_weeks_before_the_one_before_it_is_found(ledger: Ledger) -> None:
    ledger.close()
    with unprotected(ledger.path) as conn:
        a_while_ago = "2026-06-07T02:00:00.000000Z"  # three days: a clock corrected on a PC, not reported
        append_record(conn, "hazard", _next_hazard(conn, 4, "2026-06-05", a_while_ago), at_utc=a_while_ago, actor="x")
    assert _verify(ledger.path).returncode == 0
    with unprotected(ledger.path) as conn:
        long_ago = "2026-05-01T02:00:00.000000Z"
        append_record(conn, "hazard", _next_hazard(conn, 4, "2026-06-05", long_ago), at_utc=long_ago, actor="x")
        seq = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    assert _self_consistent(ledger.path)
    result = _verify(ledger.path)
    assert result.returncode == 1, result.stdout
    assert (
        f"FAILED [plausibility] Audit event #{seq} is dated {long_ago}, 37.0 days before event #{seq - 1}"
        in result.stdout
    )


def test_a_record_removed_from_the_middle_leaves_a_gap_in_the_numbers(ledger: Ledger) -> None:
    ledger.close()
    with unprotected(ledger.path) as conn:
        second = conn.execute("SELECT id FROM hazard WHERE number = 'JK01-2026-00002'").fetchone()[0]
        steps = conn.execute("SELECT id FROM hazard_follow_up WHERE hazard_id = ?", (second,)).fetchall()
        remove_records(conn, [("hazard_follow_up", step) for (step,) in steps] + [("hazard", second)])
    assert _self_consistent(ledger.path)
    result = _verify(ledger.path)
    assert result.returncode == 1, result.stdout
    assert (
        "FAILED [plausibility] Numbers JK01-2026-00002 are missing below JK01-2026-00003, which SafetyWatch gave "
        "after them" in result.stdout
    )


def test_a_protective_trigger_that_does_nothing_and_added_code_are_found(ledger: Ledger) -> None:
    ledger.close()
    with raw_sqlite(ledger.path) as conn:
        conn.execute("DROP TRIGGER hazard_no_delete")
        conn.execute("CREATE TRIGGER hazard_no_delete BEFORE DELETE ON hazard BEGIN SELECT 1; END")
    assert _self_consistent(ledger.path) is False  # the check of issue 13 §6 is part of the file's own check
    result = _verify(ledger.path)
    assert result.returncode == 1
    assert "FAILED [schema] Protective triggers were replaced outside SafetyWatch" in result.stdout
    assert "hazard_no_delete" in result.stdout and "missing" not in result.stdout

    with raw_sqlite(ledger.path) as conn:
        conn.execute("CREATE TRIGGER log_it AFTER INSERT ON hazard BEGIN SELECT 1; END")
        conn.execute("CREATE VIEW everything AS SELECT * FROM hazard")
    result = _verify(ledger.path)
    assert "FAILED [schema] The database runs code SafetyWatch does not create (added outside SafetyWatch): " in (
        result.stdout
    )
    assert "trigger log_it, view everything" in result.stdout


def test_an_export_whose_log_cannot_be_written_still_succeeds(ledger: Ledger, tmp_path: Path) -> None:
    ledger.close()
    folder = backup.folder_for(ledger.path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be", encoding="utf-8")
    out = tmp_path / "h.csv"
    done = run_cli("export", "--db", str(ledger.path), "--what", "hazards", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "5 hazards rows written" in done.stdout and Path(str(out) + ".manifest.json").is_file()
    assert "was not recorded in" in done.stderr
    assert anchor_log.entries(ledger.path) == []


def test_a_printed_head_is_typed_as_the_footer_shows_it_or_refused_clearly(ledger: Ledger) -> None:
    seq, digest = _head(ledger)
    ledger.close()
    for typed in (f"#{seq}:{digest[:16]}", f"{seq}：{digest[:20].upper()}", f"#{seq} {digest}"):
        assert _verify(ledger.path, "--anchor", typed).returncode == 0, typed
    for bad, why in ((f"#{seq}:{digest[:15]}", "at least the first 16 hex digits"), ("head", "not a chain head")):
        result = _verify(ledger.path, "--anchor", bad)
        assert result.returncode == 2 and why in result.stderr, result.stderr
    wrong = _verify(ledger.path, "--anchor", f"#{seq}:{'0' * 16}")
    assert wrong.returncode == 1 and f"Audit event #{seq} differs from the chain head recorded by" in wrong.stdout


def test_values_no_program_writes_are_named_never_a_traceback(ledger: Ledger) -> None:
    closing.close_month(ledger, "2026-05", generated_at=dt.datetime(2026, 6, 10, 9, 30))
    ledger.close()
    with unprotected(ledger.path) as conn:
        conn.execute("UPDATE month_close SET report_json = '{', month = '2026-13'")
        last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        conn.execute("UPDATE audit_event SET at_utc = 5 WHERE seq = ?", (last,))
        conn.execute("UPDATE hazard SET serial = 'x' WHERE id = 2")
    result = _verify(ledger.path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "FAILED [anchor] The stored report of closed month 2026-13 cannot be read" in result.stdout
    assert "FAILED [chain]" in result.stdout and "FAILED [record]" in result.stdout
