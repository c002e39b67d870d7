"""kill -9 at random moments and at chosen steps (reliability.md items 1 and 2).

Item 1: a writer process registers hazards and acknowledges each; the parent kills it with SIGKILL after a
random 50–400 ms, ``SAFETYWATCH_KILL_ROUNDS`` times (10 by default, 50 for the full checklist run). After
every kill the file passes ``quick_check``, the audit chain and every record verify, every acknowledged
record is there, and saving the interrupted card again with its idempotency key makes no duplicate.

Item 2: the process stops at a chosen step of a backup, a report write or a migration and is killed
there: nothing half-written sits under a final name, the old file is intact, the schema is entirely old or
entirely new, and the temporary left behind is cleaned by the next run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetywatch.db.files import STALE_AFTER_SECONDS
from safetywatch.db.migrate import head_revision
from safetywatch.domain.clock import FixedClock
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import backup, integrity
from safetywatch.services.maintenance.opening import open_ledger, quick_check
from tests.faults.test_single_writer import ROOT, writer_process
from tests.faults.writer import CLOCK_AT, key_of
from tests.helpers import card, raw_sqlite, refs, seeded_ledger

ROUNDS = int(os.environ.get("SAFETYWATCH_KILL_ROUNDS", "10"))
SEED = int(os.environ.get("SAFETYWATCH_KILL_SEED", "6"))
CLOCK = FixedClock(CLOCK_AT)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL; on Windows run by hand (TerminateProcess)")


def _first_line(proc: subprocess.Popen[str]) -> str:
    """The process's first line of output, read from the pipe byte by byte. ``proc.stdout.readline()`` would
    also pull the ACK lines written right after it into the text wrapper's buffer, where ``communicate()``
    (which reads the pipe itself) never sees them: on a loaded machine acknowledged saves went uncounted."""
    assert proc.stdout is not None
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            break
        line += chunk
    return line.decode().strip()


def _kill(proc: subprocess.Popen[str]) -> str:
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return out


def _age_temporaries(folder: Path) -> list[Path]:
    """Make the temporaries a killed process left look old (as at the next day's start)."""
    left = [p for p in folder.iterdir() if p.name.startswith(".") and ".tmp" in p.name]
    past = time.time() - STALE_AFTER_SECONDS - 5
    for path in left:
        os.utime(path, (past, past))
    return left


@pytest.mark.slow
def test_kill_9_during_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    seeded_ledger(db, CLOCK).close()
    rng = random.Random(SEED)
    acknowledged: dict[str, str] = {}
    for round_ in range(ROUNDS):
        prefix = f"round{round_}"
        proc = writer_process(db, prefix, 1_000_000)
        assert _first_line(proc) == "READY", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.05, 0.4))
        out = _kill(proc)
        acks = [line.split() for line in out.splitlines() if line.startswith("ACK ")]
        acknowledged.update({key: number for _, key, number in acks})

        assert quick_check(db) is None, f"round {round_}: damaged after kill -9"
        ledger = open_ledger(db, clock=CLOCK, seed=False)  # no refusal: the file is sound
        try:
            with ledger.read() as conn:
                report = integrity.verify(conn)
                present = dict(conn.exec_driver_sql("SELECT uuid, number FROM hazard").all())
            assert report.ok, f"round {round_}: {report.problems}"
            missing = {k for k in acknowledged if present.get(k) != acknowledged[k]}
            assert not missing, f"round {round_}: acknowledged but lost: {missing}"
            # the card being saved when the process died: it may have landed without its acknowledgement
            in_flight = key_of(prefix, len(acks))
            landed = in_flight in present
            again = hazards.register(ledger, card(refs(ledger), uuid=in_flight))
            with ledger.read() as conn:
                copies = conn.exec_driver_sql("SELECT count(*) FROM hazard WHERE uuid = ?", (in_flight,)).scalar()
                total = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar()
            assert copies == 1
            assert (again["number"] == present[in_flight]) if landed else True
            acknowledged[in_flight] = str(again["number"])
            assert total == len(acknowledged)  # nothing else appeared, nothing vanished
        finally:
            ledger.close()
    assert len(acknowledged) > ROUNDS  # the writer got somewhere in most rounds


def _step(what: str, db: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.steps", what, str(db), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at_pause(proc: subprocess.Popen[str]) -> None:
    line = _first_line(proc)
    if line != "PAUSED":
        _kill(proc)
        raise AssertionError(f"the process did not reach its step: {line!r}")
    _kill(proc)


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    ledger = seeded_ledger(db, CLOCK)
    r = refs(ledger)
    for i in range(20):
        hazards.register(ledger, card(r, description=f"卡片 {i}"))
    ledger.close()
    return db


@pytest.mark.slow
@pytest.mark.parametrize("step", ["copied", "renamed"])
def test_kill_during_a_backup(filled: Path, step: str) -> None:
    earlier = backup.create(filled, "manual")
    before = earlier.path.read_bytes()
    _kill_at_pause(_step("backup", filled, "--at", step))
    folder = backup.folder_for(filled)
    assert earlier.path.read_bytes() == before  # the older backup is intact
    assert backup.backups_of(filled) == [earlier]  # nothing unfinished is listed
    for path in folder.glob("*.db"):  # whatever sits under a final name is a complete database
        assert quick_check(path) is None
    left = _age_temporaries(folder)
    assert bool(left) == (step == "copied")
    backup.create(filled, "manual")  # the next backup cleans up
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]
    assert len(backup.backups_of(filled, verified_only=True)) == 2
    assert quick_check(filled) is None


@pytest.mark.slow
@pytest.mark.parametrize("step", ["written", "synced"])
def test_kill_during_a_report_write(filled: Path, tmp_path: Path, step: str) -> None:
    out = tmp_path / "reports" / "2026-06.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF the old, complete report")
    _kill_at_pause(_step("report", filled, str(out), "--at", step))
    assert out.read_bytes() == b"%PDF the old, complete report"
    left = _age_temporaries(out.parent)
    assert len(left) == 1 and left[0].name.startswith(".2026-06.pdf.")
    from safetywatch import cli

    assert cli.main(["report", "--db", str(filled), "--month", "2026-06", "--format", "pdf", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-") and len(out.read_bytes()) > 10_000
    assert [p.name for p in out.parent.iterdir()] == ["2026-06.pdf"]  # the stale temporary is gone


def _database_at_0002(path: Path) -> None:
    from tests.services.test_backup import _database_at

    _database_at(path, "0002")


@pytest.mark.slow
@pytest.mark.parametrize("step", ["backup", "migrated"])
def test_kill_during_a_migration(tmp_path: Path, step: str) -> None:
    db = tmp_path / "old.db"
    _database_at_0002(db)
    _kill_at_pause(_step("migrate", db, "--at", step))
    assert quick_check(db) is None
    with raw_sqlite(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'month_close'").fetchone() == (0,)
    assert backup.backups_of(db) == [] if step == "backup" else len(backup.backups_of(db)) == 1
    _age_temporaries(backup.folder_for(db))
    ledger = open_ledger(db, clock=CLOCK)  # the next start migrates it fully
    try:
        with ledger.read() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
            assert integrity.verify(conn).ok
    finally:
        ledger.close()
    folder = backup.folder_for(db)
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]
    assert all(b.verified and b.schema == "0002" for b in backup.backups_of(db))
