"""kill -9 while a PC with records joins as a station: its database file is the standalone one or the joined
station, never a mix; a crashed join's temporary file is removed by the next join, which then succeeds."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import join, stations
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance.opening import open_ledger
from tests.exchange.stations_setup import CLOCK, office_at, verify_ok
from tests.helpers import card, refs, seeded_ledger

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL; on Windows run by hand (TerminateProcess)")

ROOT = Path(__file__).resolve().parents[2]
HAZARDS = 300
DELAYS = (0.0, 0.3, 0.8, 2.0)
PC_CLOCK = FixedClock(dt.datetime(2026, 6, 10, 4, 0, tzinfo=dt.UTC))

JOIN = """
import sys
from pathlib import Path
from safetywatch.exchange import join
print("START", flush=True)
join.join(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
print("DONE", flush=True)
"""


def _first_line(proc: subprocess.Popen[bytes]) -> bytes:
    assert proc.stdout is not None
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            break
        line += chunk
    return line


def test_kill_during_a_join_leaves_the_pc_standalone_or_joined(tmp_path: Path) -> None:
    office = office_at(tmp_path)
    new = stations.add_station(office, "ST01", "一号井口群监站", ["JK01"])
    enrolment = stations.write_enrolment(office, "ST01", tmp_path / "enrol-ST01")
    office.close()
    pc = seeded_ledger(tmp_path / "pristine.db", PC_CLOCK)
    r = refs(pc)
    with pc.write() as w:
        for i in range(HAZARDS):
            hazards.register_in(w, card(r, description=f"第{i}条隐患"))
    pc.close()

    outcomes = set()
    for round_no, delay in enumerate(DELAYS):
        folder = tmp_path / f"pc-{round_no}"
        folder.mkdir()
        target = folder / "ledger.db"
        shutil.copyfile(tmp_path / "pristine.db", target)
        proc = subprocess.Popen(
            [sys.executable, "-c", JOIN, str(target), str(enrolment), new.enrol_code],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert _first_line(proc) == b"START\n", proc.communicate(timeout=60)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        after = open_ledger(target, clock=CLOCK)
        try:
            verify_ok(after)
            with after.read() as conn:
                role = stations.identity(conn).role
                count = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one()
        finally:
            after.close()
        assert (role, count) in ((stations.STANDALONE, HAZARDS), (stations.STATION, HAZARDS)), (delay, role)
        outcomes.add(role)
        if role == stations.STANDALONE:  # joining again works, and removes what the crash left behind
            for leftover in folder.glob(".ledger.db.*.tmp*"):
                os.utime(leftover, (time.time() - 3600, time.time() - 3600))  # a crash an hour ago
            join.join(target, enrolment, new.enrol_code, clock=CLOCK)
            assert not list(folder.glob(".ledger.db.*.tmp*"))
    assert stations.STANDALONE in outcomes  # at least one kill came before the swap (else this proved nothing)
