"""Concurrent writers serialise without losing or duplicating anything (reliability.md item 8).

Two real processes register hazards in the same database at the same time: every write opens with
``BEGIN IMMEDIATE`` (traced), waits out the other's lock (``busy_timeout``), and a retry with the same
idempotency key never makes a second record.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.services.core.ledger import Ledger, retrying
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from tests.faults.writer import CLOCK_AT, key_of
from tests.helpers import card, count_rows, refs, seeded_ledger

ROOT = Path(__file__).resolve().parents[2]
PER_PROCESS = int(os.environ.get("SAFETYWATCH_WRITERS_COUNT", "500"))


def writer_process(db: Path, prefix: str, count: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.writer", str(db), "--count", str(count), "--prefix", prefix, *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_registering_the_same_card_twice_makes_one_record(ledger: Ledger) -> None:
    r = refs(ledger)
    data = card(r, uuid=key_of("once", 1))
    first = hazards.register(ledger, data)
    again = hazards.register(ledger, data)
    assert again["id"] == first["id"] and again["number"] == first["number"]
    assert count_rows(ledger, "hazard") == 1
    with ledger.read() as conn:
        assert integrity.verify(conn).ok


def test_retrying_retries_only_busy_and_locked() -> None:
    calls: list[int] = []

    def busy_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise StorageError("busy", kind="busy")
        return "saved"

    assert retrying(busy_twice, pause=0.01) == "saved" and len(calls) == 3
    calls.clear()

    def full() -> str:
        calls.append(1)
        raise StorageError("full", kind="full")

    with pytest.raises(StorageError):
        retrying(full, pause=0.01)
    assert len(calls) == 1  # a full disk is not retried: the user must act


@pytest.mark.slow
def test_two_processes_writing_500_records_each(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    seeded_ledger(db, FixedClock(CLOCK_AT)).close()
    procs = [writer_process(db, prefix, PER_PROCESS, "--trace") for prefix in ("A", "B")]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    acks = [line.split() for out, _ in outputs for line in out.splitlines() if line.startswith("ACK")]
    assert len(acks) == 2 * PER_PROCESS
    for _out, _err in outputs:
        trace = [line.split() for line in _out.splitlines() if line.startswith("TRACE")]
        writes, outside = int(trace[0][1]), int(trace[0][2])
        assert writes >= PER_PROCESS * 3 and outside == 0  # every write inside BEGIN IMMEDIATE
    from safetywatch.services.maintenance.opening import open_ledger

    ledger = open_ledger(db, clock=FixedClock(CLOCK_AT), seed=False)
    try:
        with ledger.read() as conn:
            rows = conn.exec_driver_sql("SELECT number, serial, uuid FROM hazard ORDER BY serial").all()
            report = integrity.verify(conn)
    finally:
        ledger.close()
    assert len(rows) == 2 * PER_PROCESS
    assert [row[1] for row in rows] == list(range(1, 2 * PER_PROCESS + 1))  # unique and gap-free
    assert len({row[0] for row in rows}) == len(rows)
    assert {row[2] for row in rows} == {a[1] for a in acks}  # exactly the acknowledged records
    assert {row[0] for row in rows} == {a[2] for a in acks}
    assert report.ok, report.problems
    assert report.events_checked >= 2 * PER_PROCESS  # one event per hazard, its follow-up entry inside
