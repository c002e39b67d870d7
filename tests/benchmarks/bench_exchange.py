"""A busy station's month through the exchange, beside a bare ``executemany`` of the same rows (issue 15).

    python -m tests.benchmarks.bench_exchange [--scale mine] [--month 2026-11] [--runs 3]

Set-up (not timed): an office with the demo's reference data for *scale*, one station enrolled for every
workstation, and that station's month of records entered through the services (``demo.simulation`` with a
share: one station doing the whole mine, the busiest a station gets). Then, *runs* times on fresh copies:

* **write**: ``bundles.write_station_bundle`` at the station (CPU and wall seconds; target ≤ 1 s);
* **import**: ``bundles.read_station_bundle`` at the office — the container checked, the signature, every
  hash recomputed, the events kept verbatim and each applied through the office's Writer (target ≤ 3 s, and
  ≥ 5,000 events/s);
* **floor**: the same events inserted into a copy's ``station_event`` with one ``executemany`` in one
  transaction: what SQLite alone needs to keep them.
Prints each run and the medians, with events per second and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from safetywatch.domain.clock import SystemClock
from safetywatch.exchange import bundle_file, bundles, stations
from safetywatch.exchange.foreign_events import events_of
from safetywatch.services.core import sql
from safetywatch.services.maintenance import demo
from safetywatch.services.maintenance.opening import open_ledger


def _prepare(folder: Path, scale: str, month: str) -> tuple[Path, Path]:
    first = dt.date.fromisoformat(month + "-01")
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    clock = demo.SimulatedClock(dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC), real=SystemClock())
    office = open_ledger(folder / "office.db", actor="演示数据", clock=clock)
    with demo.simulation(office, scale=demo.SCALES[scale], first=first, last=last):
        pass
    stations.make_office(office)
    with office.read() as conn:
        codes = [str(r[0]) for r in sql.execute(conn, "SELECT code FROM workstation WHERE voided = 0")]
    new = stations.add_station(office, "ST01", "一号井口群监站", codes)
    enrolment = stations.write_enrolment(office, "ST01", folder / "enrol")
    office.close()
    station = stations.enrol(enrolment, folder / "station.db", new.enrol_code, clock=clock, actor="演示数据")
    share = demo.StationShare(frozenset(codes), mine_records=True)
    with demo.simulation(station, scale=demo.SCALES[scale], first=first, last=last, share=share) as world:
        world.run_until(last)
    station.close()
    return folder / "office.db", folder / "station.db"


def _timed(action: object) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="mine")
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        office_db, station_db = _prepare(folder, args.scale, args.month)
        writes, imports, floors = [], [], []
        events = 0
        for run in range(args.runs):
            office, station = folder / f"o{run}.db", folder / f"s{run}.db"
            shutil.copyfile(office_db, office)
            shutil.copyfile(station_db, station)
            ledger = open_ledger(station, seed=False)
            wall, cpu, path = _timed(lambda ledger=ledger: bundles.write_station_bundle(ledger, folder))
            ledger.close()
            writes.append(wall)
            target = open_ledger(office, seed=False)
            iwall, icpu, report = _timed(lambda target=target, path=path: bundles.read_station_bundle(target, path))
            target.close()
            imports.append(iwall)
            events = report.new_events  # type: ignore[attr-defined]
            rows = events_of(bundle_file.read_bundle(path).members["events.jsonl"].decode().splitlines())  # type: ignore[arg-type]
            floor_db = folder / f"f{run}.db"
            shutil.copyfile(office_db, floor_db)
            raw = sqlite3.connect(floor_db, isolation_level=None)
            station_id = raw.execute("SELECT id FROM exchange_station").fetchone()[0]
            fwall = time.perf_counter()
            raw.execute("BEGIN")
            raw.executemany(
                f"INSERT INTO station_event VALUES (?, {', '.join('?' * 14)})", [(station_id, *e.row()) for e in rows]
            )
            raw.execute("COMMIT")
            floors.append(time.perf_counter() - fwall)
            raw.close()
            print(
                f"run {run + 1}: {events:,} events; write {wall:.2f} s (CPU {cpu:.2f}); import {iwall:.2f} s "
                f"(CPU {icpu:.2f}), {events / iwall:,.0f} events/s; floor {floors[-1]:.3f} s; "
                f"import / floor {iwall / floors[-1]:.0f}x"
            )
            print(f"  {report}")
        write, imp, floor = (statistics.median(x) for x in (writes, imports, floors))
        print(
            f"median: {events:,} events; write {write:.2f} s (target <= 1 s); import {imp:.2f} s (target <= 3 s), "
            f"{events / imp:,.0f} events/s (target >= 5,000); floor {floor:.3f} s, {events / floor:,.0f} events/s; "
            f"import / floor {imp / floor:.0f}x"
        )


if __name__ == "__main__":
    main()
