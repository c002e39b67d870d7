"""Rates for every inspector, for one month and for one year, on the 10-year group database (by hand).

    python -m tests.benchmarks.bench_rates /tmp/bench/group10.db [--runs 9]

Side by side with the bare SQL aggregate a hand-written report would run on the raw ``duty`` rows (on-duty
and reported shifts per inspector over the period, plain ``sqlite3``). The service does more (norms
pro-rated for days on the roll, exemptions, both definitions, grouping) but reads the monthly rollup for
whole months, so the target is service / bare SQL ≤ 1.5×. Figures are medians on a warm page cache.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.reporting import rates
from tests.benchmarks.bench_hazards import median_ms

BARE = (
    "SELECT inspector_id, sum(on_duty), sum(exempt), sum(reported) FROM duty "
    "WHERE shift_date BETWEEN ? AND ? GROUP BY inspector_id"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    ledger = open_ledger(args.db, actor="bench")
    raw = sqlite3.connect(args.db)
    last = dt.date.fromisoformat(raw.execute("SELECT max(shift_date) FROM duty").fetchone()[0])
    month_end = last.replace(day=1) - dt.timedelta(days=1)
    periods = {
        "one month": (month_end.replace(day=1), month_end),
        "one year": (month_end.replace(year=month_end.year - 1) + dt.timedelta(days=1), month_end),
        "year to date (partial month)": (last.replace(month=1, day=1), last),
    }
    print(f"{'period':30} {'group by':12} {'service ms':>10} {'bare SQL ms':>12} {'ratio':>6}  rows")
    for label, (start, end) in periods.items():
        bare_ms, bare_rows = median_ms(
            lambda s=start, e=end: raw.execute(BARE, (s.isoformat(), e.isoformat())).fetchall(), args.runs
        )
        for group_by in ("inspector", "unit", "mine"):
            with ledger.read() as conn:
                ms, rows = median_ms(lambda c=conn, s=start, e=end, g=group_by: rates.rates(c, s, e, g), args.runs)
            print(
                f"{label:30} {group_by:12} {ms:10.1f} {bare_ms:12.1f} {ms / bare_ms:6.2f}  "
                f"{len(rows):,} ({len(bare_rows):,} bare)"
            )
    ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
