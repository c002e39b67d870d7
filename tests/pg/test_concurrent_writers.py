"""Four processes writing to one PostgreSQL database at once (issue 18): with the advisory write lock every
acknowledged write is there, hazard numbers are gap-free and the chain verifies; without it, writers race."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from safetywatch.domain.clock import FixedClock
from safetywatch.services.core import ledger as ledger_module
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests import pg_cluster
from tests.helpers import card, refs, seeded_server_ledger

pytestmark = [pytest.mark.pg, pytest.mark.slow]

WRITERS = 4
CLOCK = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))


@contextmanager
def _write_transaction_without_lock(engine: Engine) -> Iterator[Connection]:
    """``db.engine.write_transaction`` as it would be without ``pg_advisory_xact_lock``: only in these child
    processes, to show what the lock prevents."""
    from safetywatch.db.engine import storage_errors

    with storage_errors(), engine.connect() as conn, conn.begin():
        yield conn


def _writer(address: str, index: int, seconds: float, locked: bool, sheets: bool, results: Any) -> None:
    """One office PC: alternately registers a hazard and saves a shift sheet (with *sheets*; else hazards only)
    until *seconds* have passed, and reports what the program acknowledged (returned without an error) and the
    errors it got."""
    if not locked:
        vars(ledger_module)["write_transaction"] = _write_transaction_without_lock  # what Ledger.write opens
    ledger = open_ledger(address, actor=f"writer{index}", clock=CLOCK, seed=False)
    r = refs(ledger)
    shifts = sorted(r.shifts.values())
    acknowledged: dict[str, list[Any]] = {"hazards": [], "sheets": []}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < deadline:
        try:
            if turn % 2 == 0 or not sheets:
                row = hazards.register(ledger, card(r, description=f"writer {index} item {turn}"))
                acknowledged["hazards"].append((int(row["id"]), str(row["number"])))
            else:
                slot = (turn // 2) * WRITERS + index  # every writer its own (day, shift) slots
                day = dt.date(2026, 6, 9) - dt.timedelta(days=slot // len(shifts))
                sheet = SheetInput(r.workstation, day, shifts[slot % len(shifts)], (Mark(r.inspectors["Q001"]),))
                saved = duty.save_sheet(ledger, sheet)
                acknowledged["sheets"].append(int(saved["id"]))
        except Exception as exc:  # counted, not hidden: with the lock there must be none
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
        turn += 1
    ledger.close()
    results.put((index, acknowledged, errors))


def _run_writers(
    address: str, seconds: float, *, locked: bool, sheets: bool
) -> list[tuple[int, dict[str, list[Any]], list[str]]]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [
        context.Process(target=_writer, args=(address, index, seconds, locked, sheets, results))
        for index in range(WRITERS)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return outcomes


def _server_ledger(cluster: pg_cluster.Cluster) -> Ledger:
    ledger = seeded_server_ledger(cluster, CLOCK)
    assert ledger.server is not None
    return ledger


def _sheet_problem(cluster: pg_cluster.Cluster) -> str | None:
    """Why a shift sheet cannot be saved on PostgreSQL at all (SQL of duty.py not yet portable in this branch),
    or None. The writers then register hazards only and the test says so (xfail) after checking them."""
    ledger = _server_ledger(cluster)
    try:
        r = refs(ledger)
        duty.save_sheet(
            ledger, SheetInput(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], (Mark(r.inspectors["Q001"]),))
        )
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        ledger.close()
    return None


def test_four_writers_at_once_lose_nothing(postgres: pg_cluster.Cluster) -> None:
    sheet_problem = _sheet_problem(postgres)
    ledger = _server_ledger(postgres)
    try:
        assert ledger.server is not None
        outcomes = _run_writers(ledger.server, 10.0, locked=True, sheets=sheet_problem is None)
        hazards_acked = [h for _i, acked, _e in outcomes for h in acked["hazards"]]
        sheets_acked = [s for _i, acked, _e in outcomes for s in acked["sheets"]]
        errors = [e for _i, _a, errs in outcomes for e in errs]
        print(f"\nwith the write lock: {len(hazards_acked)} hazards, {len(sheets_acked)} sheets, {len(errors)} errors")
        assert errors == []
        assert len(hazards_acked) > 20 and (len(sheets_acked) > 20 or sheet_problem is not None)  # all at once
        with ledger.read() as conn:
            stored: dict[int, str] = {int(i): str(n) for i, n in conn.exec_driver_sql("SELECT id, number FROM hazard")}
            sheets = {int(row[0]) for row in conn.exec_driver_sql("SELECT id FROM duty_sheet")}
        assert all(stored.get(hazard_id) == number for hazard_id, number in hazards_acked)
        assert set(sheets_acked) <= sheets
        by_series: dict[str, list[int]] = defaultdict(list)
        for number in stored.values():
            series, serial = re.fullmatch(r"(.*?)(\d+)", str(number)).groups()  # type: ignore[union-attr]
            by_series[series].append(int(serial))
        for series, serials in by_series.items():
            assert sorted(serials) == list(range(1, len(serials) + 1)), series  # gap-free, no duplicates
        report = integrity.verify_for(ledger)
        assert report.ok, report.problems
        assert report.events_checked >= len(hazards_acked) + len(sheets_acked)
    finally:
        ledger.close()
    if sheet_problem is not None:
        pytest.xfail(f"hazards checked; shift sheets cannot be saved on PostgreSQL here yet: {sheet_problem}")


def test_without_the_write_lock_the_writers_race(
    postgres: pg_cluster.Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    """The lock is what keeps them in line: without it, writers read the same chain head and number and collide.
    How many collide depends on timing, so the figures are printed (and at least one collision is required over
    a few seconds of four writers, which every trial so far has shown by the hundreds)."""
    ledger = _server_ledger(postgres)
    try:
        assert ledger.server is not None
        outcomes = _run_writers(ledger.server, 4.0, locked=False, sheets=_sheet_problem(postgres) is None)
        attempted = sum(len(a["hazards"]) + len(a["sheets"]) + len(e) for _i, a, e in outcomes)
        errors = [e for _i, _a, errs in outcomes for e in errs]
        report = integrity.verify_for(ledger)
        with capsys.disabled():
            print(
                f"\nwithout the write lock: {attempted} writes attempted, {len(errors)} failed "
                f"({sorted({e.split(':')[0] for e in errors})}); verify: {len(report.problems)} problems"
            )
        assert errors or not report.ok
    finally:
        ledger.close()
