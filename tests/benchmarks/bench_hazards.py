"""Hazard-list and write-path benchmarks on a 10-year coal-group database (run by hand, not by pytest).

    python tests/benchmarks/bench_hazards.py /tmp/bench/group10.db [--runs 9] [--verify-runs 1]

Builds the database with the demo generator (``group``, 10 years) if the file does not exist, otherwise
reuses it. Each figure is the median of N runs on a warm page cache, next to the bare SQL that returns the
same ids through the plain ``sqlite3`` module; the ratio is service / bare SQL (targets: list filter and
sort ≤ 2×, saving one hazard ≤ 5 ms). The saving benchmark adds real hazards to the database.
GUI first paint and cold start are measured separately (docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from safetywatch.db.engine import make_engine
from safetywatch.domain.clock import SystemClock
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.maintenance import demo, integrity
from safetywatch.services.maintenance.opening import check_file, open_ledger
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import HazardFilter


def median_ms(func: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time of *runs* calls (after one warm-up call) in ms, and the last result."""
    result = func()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def build(path: Path, scale: str, years: int) -> None:
    print(f"building {scale}/{years}y demo database at {path} ...", flush=True)
    started = time.perf_counter()
    ledger = open_ledger(path, actor="demo")

    def progress(stage: str, done: int, total: int) -> None:
        if done % 91 == 0 or done == total:
            print(f"  {stage}: {done:,}/{total:,}  {time.perf_counter() - started:.0f} s", flush=True)

    summary = demo.generate(ledger, scale=scale, years=years, progress=progress)
    ledger.close()
    elapsed = time.perf_counter() - started
    print(f"built in {elapsed:.1f} s ({summary.hazards / elapsed:.0f} hazards/s): {summary}", flush=True)


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, name: str, service_ms: float, bare_ms: float | None, note: str = "") -> None:
        bare = f"{bare_ms:9.2f}" if bare_ms is not None else "        –"
        ratio = f"{service_ms / bare_ms:5.2f}×" if bare_ms else "     –"
        self.rows.append((name, f"{service_ms:10.2f}", bare, ratio + (f"  {note}" if note else "")))
        print(f"{name:<44} {service_ms:10.2f} {bare} {ratio}  {note}", flush=True)


def list_benchmarks(ledger: Ledger, bare: sqlite3.Connection, runs: int, table: Table) -> None:
    today = dt.date.today()
    cases: Sequence[tuple[str, HazardFilter, str, int | None]] = (
        ("list, default sort, first page (200)", HazardFilter(), "found_date", 200),
        ("list, default sort, all ids", HazardFilter(), "found_date", None),
        ("text filter 瓦斯, first page (200)", HazardFilter(text="瓦斯"), "found_date", 200),
        ("text filter 瓦斯, all ids", HazardFilter(text="瓦斯"), "found_date", None),
        ("sort by deadline, first page (200)", HazardFilter(), "deadline", 200),
        ("sort by deadline, all ids", HazardFilter(), "deadline", None),
        ("sort by unit (join), all ids", HazardFilter(), "unit", None),
        ("overdue only, all ids", HazardFilter(overdue_only=True), "found_date", None),
    )
    with ledger.read() as conn:
        for name, flt, key, limit in cases:
            sql, params = hazard_query.ids_sql(flt, key, True, today)
            if limit is not None:
                sql += f" LIMIT {limit}"

            def service(flt: HazardFilter = flt, key: str = key, limit: int | None = limit) -> list[int]:
                return list(hazard_query.query_ids(conn, flt, key, True, today, limit=limit))

            def raw(sql: str = sql, params: list[Any] = params) -> list[int]:
                return [r[0] for r in bare.execute(sql, params)]

            service_ms, ids = median_ms(service, runs)
            bare_ms, bare_ids = median_ms(raw, runs)
            assert ids == bare_ids, f"{name}: the service and the bare SQL disagree"
            table.add(name, service_ms, bare_ms, f"{len(ids):,} ids")
        ids = hazard_query.query_ids(conn, HazardFilter(), limit=200)
        exprs = ", ".join(expr for _, _, expr in hazard_query.COLUMNS)
        page_sql = (
            f"SELECT h.id, {exprs}, h.voided FROM hazard h {hazard_query._JOINS} "
            f"WHERE h.id IN ({', '.join('?' * len(ids))})"
        )
        service_ms, rows = median_ms(lambda: hazard_query.fetch_rows(conn, ids), runs)
        bare_ms, _ = median_ms(lambda: bare.execute(page_sql, tuple(ids)).fetchall(), runs)
        table.add("fetch_rows, 200 display rows", service_ms, bare_ms, f"{len(rows)} rows")


def save_benchmark(ledger: Ledger, runs: int, table: Table) -> None:
    """register() of one card, synchronous=FULL, one transaction each: the path a clerk's Save takes."""
    with ledger.read() as conn:
        first = {
            k: reference.choices(conn, k)[0].id for k in ("hazard_source", "shift", "hazard_category", "hazard_nature")
        }
        level_c = next(c.id for c in reference.choices(conn, "hazard_level") if c.code == "C")
        unit = reference.org_units(conn, "unit")[0].id
        workstation = reference.choices(conn, "workstation")[0].id
        inspector = reference.choices(conn, "inspector", ledger.clock.today())[0].id
        sync = conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
    assert sync == 2, "the normal path must run with synchronous=FULL"

    def card() -> hazards.HazardInput:
        return hazards.HazardInput(
            workstation_id=workstation,
            source_id=first["hazard_source"],
            found_date=ledger.clock.today(),
            shift_id=first["shift"],
            finder_id=inspector,
            unit_id=unit,
            location="1201综采工作面回风顺槽",
            description="上隅角瓦斯浓度达到0.9%，未及时采取处理措施",
            category_id=first["hazard_category"],
            nature_id=first["hazard_nature"],
            level_id=level_c,
            rectify_person="赵六",
            measures="调整风障，加强上隅角瓦斯管理",
        )

    service_ms, hazard = median_ms(lambda: hazards.register(ledger, card()), runs)
    table.add("register one hazard (FULL, own transaction)", service_ms, None, str(hazard["number"]))
    step = hazards.StepInput(hazards.HazardAction.ISSUE_NOTICE, ledger.clock.today(), person="王队长")
    fresh = [hazards.register(ledger, card())["id"] for _ in range(runs + 1)]
    service_ms, _ = median_ms(lambda: hazards.act(ledger, fresh.pop(), step), runs)
    table.add("act: issue notice (FULL, own transaction)", service_ms, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path, help="database file (built if missing)")
    parser.add_argument("--scale", default="group", choices=tuple(demo.SCALES))
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=9, help="runs per measurement (median), default 9")
    parser.add_argument("--verify-runs", type=int, default=1, help="runs of the full verify (0 = skip)")
    parser.add_argument("--skip-save", action="store_true", help="do not add hazards to the database")
    args = parser.parse_args(argv)

    if not args.db.exists():
        build(args.db, args.scale, args.years)
    size = args.db.stat().st_size / 2**20
    started = time.perf_counter()
    check_file(args.db, full=True)  # the full check; open_ledger defers it for files > 64 MiB
    check_ms = (time.perf_counter() - started) * 1000
    # Open without check/migrate/seed (measured once above), as the app's ledger handle.
    ledger = Ledger(path=args.db, engine=make_engine(args.db), actor="bench", clock=SystemClock())
    bare = sqlite3.connect(args.db)
    bare.execute("PRAGMA cache_size=-64000")
    with ledger.read() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one()
        events = conn.exec_driver_sql("SELECT count(*) FROM audit_event").scalar_one()
    print(f"database {args.db}: {size:,.0f} MiB, {count:,} hazards, {events:,} audit events; runs={args.runs}")
    print(f"{'measurement (median ms)':<44} {'service':>10} {'bare SQL':>9} {'ratio':>6}")
    table = Table()
    table.add("check_file full (quick_check; background if big)", check_ms, None, "N=1")
    list_benchmarks(ledger, bare, args.runs, table)
    if not args.skip_save:
        save_benchmark(ledger, args.runs, table)
    for _ in range(args.verify_runs):
        started = time.perf_counter()
        with ledger.read() as conn:
            report = integrity.verify(conn)
        verify_ms = (time.perf_counter() - started) * 1000
        table.add("verify whole database", verify_ms, None, f"ok={report.ok}, {report.events_checked:,} events")
    bare.close()
    ledger.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
