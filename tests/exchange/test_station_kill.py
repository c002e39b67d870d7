"""kill -9 while the office imports a big station bundle: the office is before or after, never partial."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetywatch.exchange import bundles
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance.opening import open_ledger
from tests.exchange.stations_setup import copy_db, enrol_station, office_at, verify_ok
from tests.helpers import card, refs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL; on Windows run by hand (TerminateProcess)")

ROOT = Path(__file__).resolve().parents[2]
HAZARDS = 300
#: after the child says it starts: from "before the transaction" to "committing"
DELAYS = (0.0, 0.05, 0.15, 0.3, 0.6, 1.0)

IMPORT = """
import sys
from pathlib import Path
from safetywatch.exchange import bundles
from safetywatch.services.maintenance.opening import open_ledger
office = open_ledger(Path(sys.argv[1]), actor="测试员")
print("START", flush=True)
bundles.read_station_bundle(office, Path(sys.argv[2]))
print("DONE", flush=True)
office.close()
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


def test_kill_during_import_leaves_the_office_before_or_after(tmp_path: Path) -> None:
    office = office_at(tmp_path)
    station = enrol_station(office, tmp_path, "ST01", ["JK01"])
    st = station.ledger
    r = refs(st)
    with st.write() as w:
        for i in range(HAZARDS):
            hazards.register_in(w, card(r, description=f"第{i}条隐患"))
    bundle = bundles.write_station_bundle(st, tmp_path)
    events = int(bundles.check_bundle(None, bundle)["manifest"]["range"]["to_seq"])
    pristine = copy_db(office, tmp_path / "pristine.db")
    office.close()

    outcomes = set()
    for round_no, delay in enumerate(DELAYS):
        target = tmp_path / f"office-{round_no}.db"
        shutil.copyfile(pristine, target)
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORT, str(target), str(bundle)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert _first_line(proc) == b"START\n", proc.communicate(timeout=60)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        after = open_ledger(target, actor="测试员")
        try:
            verify_ok(after)
            with after.read() as conn:
                held = conn.exec_driver_sql("SELECT count(*) FROM station_event").scalar_one()
                hazards_in = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one()
                imports = conn.exec_driver_sql(
                    "SELECT count(*) FROM audit_event WHERE action = 'bundle_import' AND entity = 'exchange'"
                ).scalar_one()
            assert (held, hazards_in, imports) in ((0, 0, 0), (events, HAZARDS, 1)), (delay, held, hazards_in)
            outcomes.add(held == events)
            if held == 0:  # the bundle still goes in whole after the crash
                assert bundles.read_station_bundle(after, bundle).new_events == events
        finally:
            after.close()
    assert False in outcomes  # at least one kill came before the commit (otherwise the test proved nothing)
