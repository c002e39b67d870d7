"""The annual summary (年报) for the whole database, beside what it is made of (issue 16 §2).

    python -m tests.benchmarks.bench_annual /tmp/annual16/group2.db [--year 2025] [--runs 3]

Times, median of *runs*, in-process on a read-only connection (the check before printing and the process
start are `bench_report`'s business): the annual JSON and PDF (targets for the group: ≤ 3 s and ≤ 5 s), the
twelve monthly reports' JSON of the year (what a clerk would otherwise add up), and the bare SQL of the
main counts over the year (hazards found, closed, major; 三违 stopped) — the floor no report goes below.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from safetywatch.db.engine import make_engine, read_connection
from safetywatch.reports import generate
from safetywatch.services.core import sql


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--year", type=int, default=dt.date.today().year - 1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine = make_engine(args.db, read_only=True)
    year, at = args.year, dt.datetime(args.year + 1, 1, 5, 9, 0)
    start, end = f"{year}-01-01", f"{year}-12-31"
    with read_connection(engine) as conn:

        def annual(fmt: str) -> Callable[[], object]:
            return lambda: generate.annual_report(conn, year, None, fmt, generated_at=at)

        def twelve_months() -> None:
            for number in range(1, 13):
                generate.monthly_report(conn, f"{year}-{number:02d}", None, "json")

        def bare_sql() -> None:
            sql.first(
                conn,
                "SELECT count(*), sum(closed_on IS NOT NULL), sum(level_id IN (SELECT id FROM hazard_level "
                "WHERE national = 'major')) FROM hazard WHERE found_date BETWEEN ? AND ? AND voided = 0",
                (start, end),
            )
            sql.scalar(
                conn, "SELECT count(*) FROM violation WHERE found_date BETWEEN ? AND ? AND voided = 0", (start, end)
            )

        json_s = median_seconds(annual("json"), args.runs)
        pdf_s = median_seconds(annual("pdf"), args.runs)
        months_s = median_seconds(twelve_months, 1)
        floor_s = median_seconds(bare_sql, args.runs)
    engine.dispose()
    print(f"annual JSON {json_s:.2f} s (target ≤ 3 s), annual PDF {pdf_s:.2f} s (target ≤ 5 s)")
    print(f"12 monthly JSON reports {months_s:.2f} s: annual JSON = {json_s / months_s:.2f}× of them")
    print(f"bare SQL of the main counts {floor_s * 1000:.0f} ms: annual JSON = {json_s / floor_s:.0f}× the floor")


if __name__ == "__main__":
    main()
