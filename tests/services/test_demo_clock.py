"""The demo never stamps audit events later than the real clock (issue 13 §6): its records are dated up to
the last simulated day, but an event stamped in the future would make the first real entry after the demo
seem to go back in time along the chain."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

from safetywatch.domain.clock import FixedClock, utc_iso
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import demo, integrity
from safetywatch.services.maintenance.opening import open_ledger


def test_a_demo_until_today_stamps_nothing_after_now(tmp_path: Path) -> None:
    # 10:00 in the mine (02:00 UTC): the simulated day runs to 22:00 local, most of it still to come
    now = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    ledger = open_ledger(tmp_path / "demo.db", actor="演示", clock=now)
    try:
        with ledger.read() as conn:
            seeded = conn.exec_driver_sql("SELECT max(seq) FROM audit_event").scalar_one()
        demo.generate(ledger, scale="tiny", years=1, seed=1)
        assert ledger.clock is now
        with ledger.read() as conn:
            latest = conn.exec_driver_sql("SELECT max(at_utc) FROM audit_event").scalar_one()
            found = conn.exec_driver_sql("SELECT max(found_date) FROM hazard").scalar_one()
            assert latest <= utc_iso(now.now_utc())
            assert found == "2026-06-10"  # records still reach the last day
            instants = (
                conn.exec_driver_sql("SELECT at_utc FROM audit_event WHERE seq > ? ORDER BY seq", (seeded,))
                .scalars()
                .all()
            )
            assert instants == sorted(instants)  # capped at now, the simulated instants still only rise
        # the first real entry afterwards is not "before" the demo's events
        with ledger.read() as conn:
            last = hazards.get(conn, conn.exec_driver_sql("SELECT max(id) FROM hazard").scalar_one())
        fields = {f: last[f] for f in hazards.HazardInput.__dataclass_fields__ if f in last and f != "uuid"}
        hazards.register(
            ledger,
            hazards.HazardInput(
                **{**fields, "found_date": dt.date(2026, 6, 10), "deadline": None, "description": "演示后录入"}
            ),
        )
        with ledger.read() as conn:
            assert integrity.verify(conn).ok
    finally:
        ledger.engine.dispose()


def test_the_demo_command_stamps_nothing_after_the_real_clock(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    done = subprocess.run(
        [sys.executable, "-m", "safetywatch", "demo", "--db", str(path), "--scale", "tiny"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    after = utc_iso(dt.datetime.now(dt.UTC))
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(path)
    try:
        latest = conn.execute("SELECT max(at_utc) FROM audit_event").fetchone()[0]
    finally:
        conn.close()
    assert latest <= after
