"""Monthly tallies (the report model) on the 10-year group database, side by side with bare SQL tallies (by hand).

    python -m tests.benchmarks.bench_tallies /tmp/bench/group10.db [--runs 5]

"Bare SQL" is the handful of plain aggregate queries a hand-written report would run for one period
(hazards found/major/closed/overdue, 三违 by class, duty shifts and reports from the raw duty rows,
suggestions), through plain ``sqlite3``. The service computes every metric for four periods (month,
previous month, year to date, same period last year). Targets (issue 4): month JSON ≤ 2× the floor
measured in platform-notes (68–134 ms); a year ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from safetywatch.domain import periods
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.reporting import tallies
from tests.benchmarks.bench_hazards import median_ms

BARE = (
    "SELECT count(*), sum(l.national = 'major'), sum(h.fixed_on_site) FROM hazard h "
    "JOIN hazard_level l ON l.id = h.level_id WHERE h.found_date BETWEEN :s AND :e AND h.voided = 0",
    "SELECT count(*) FROM hazard WHERE closed_on BETWEEN :s AND :e AND voided = 0",
    "SELECT count(*) FROM hazard WHERE found_date <= :e AND deadline < :e AND voided = 0 "
    "AND (closed_on IS NULL OR closed_on > :e)",
    "SELECT t.maps_to, count(*) FROM violation v JOIN lookup_item t ON t.id = v.type_id "
    "WHERE v.found_date BETWEEN :s AND :e AND v.voided = 0 GROUP BY 1",
    "SELECT sum(on_duty), sum(reported) FROM duty WHERE shift_date BETWEEN :s AND :e",
    "SELECT count(*), sum(status = 'adopted') FROM suggestion WHERE proposed_on BETWEEN :s AND :e AND voided = 0",
)


def bare(conn: sqlite3.Connection, start: str, end: str) -> list[object]:
    return [conn.execute(query, {"s": start, "e": end}).fetchall() for query in BARE]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--month", default="2026-10")
    args = parser.parse_args(argv)
    ledger = open_ledger(args.db, actor="bench")
    raw = sqlite3.connect(args.db)
    spans = periods.periods(args.month)
    month, year = spans["month"], spans["ytd"]
    bare_month, _ = median_ms(lambda: bare(raw, *month.span), args.runs)
    bare_year, _ = median_ms(lambda: bare(raw, *year.span), args.runs)
    with ledger.read() as conn:
        scope = tallies.scope_of(conn, None)
        one_month, _ = median_ms(lambda: tallies.tally(conn, month, scope), args.runs)
        one_year, _ = median_ms(lambda: tallies.tally(conn, year, scope), args.runs)
        full, _ = median_ms(lambda: tallies.report(conn, args.month), args.runs)
        mine, _ = median_ms(lambda: tallies.report(conn, args.month, "M01"), args.runs)
    print(f"{'what':44} {'service ms':>10} {'bare SQL ms':>12} {'ratio':>6}")
    print(f"{'one month, all metrics':44} {one_month:10.1f} {bare_month:12.1f} {one_month / bare_month:6.2f}")
    print(
        f"{'year to date (10 months), all metrics':44} {one_year:10.1f} {bare_year:12.1f} {one_year / bare_year:6.2f}"
    )
    print(f"{'report model: 4 periods, whole group':44} {full:10.1f}")
    print(f"{'report model: 4 periods, one mine (M01)':44} {mine:10.1f}")
    ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
