"""The demo beside its bulk floor: the same rows written with ``executemany`` (issue 14 §4).

    python -m tests.benchmarks.bench_demo_floor [--scale mine] [--years 1] [--until 2026-11-30] [--runs 3]

*Project*: CPU seconds of ``demo.generate`` (through the services and the Writer, one transaction per
simulated month) into a freshly seeded file. *Floor*: CPU seconds to write every row of the resulting file
into an empty copy of its schema (tables, indexes and triggers) with one ``executemany`` per table, in one
transaction, synchronous=OFF — no checks, no numbering, no audit hashing: what SQLite alone needs for the
rows. Each run prints both and the ratio (target ≤ 1.5×); the last line gives the medians.
``--statements`` adds one traced run: the SQL statements SQLite ran per hazard (an ``executemany`` counts
once per row), the most frequent first.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

from safetywatch.services.maintenance import demo
from safetywatch.services.maintenance.opening import open_ledger


def project(path: Path, scale: str, years: int, until: dt.date) -> tuple[float, int]:
    """CPU seconds of the demo itself (the seeding of the new file is left out), and its hazards."""
    ledger = open_ledger(path, actor="演示数据")
    try:
        started = time.process_time()
        summary = demo.generate(ledger, scale=scale, years=years, until=until, seed=1)
        return time.process_time() - started, summary.hazards
    finally:
        ledger.close()


def statements(path: Path, scale: str, years: int, until: dt.date) -> tuple[collections.Counter[str], int]:
    """The statements a demo runs (literals masked), and its hazards."""
    seen: collections.Counter[str] = collections.Counter()
    literals = re.compile(r"'[^']*'|\b\d+\b")
    ledger = open_ledger(path, actor="演示数据")

    @event.listens_for(ledger.engine, "connect")
    def trace(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.set_trace_callback(lambda text: seen.update([literals.sub("?", text)[:100]]))

    ledger.engine.dispose()  # the demo's connection is made afresh, traced
    try:
        summary = demo.generate(ledger, scale=scale, years=years, until=until, seed=1)
        return seen, summary.hazards
    finally:
        ledger.close()


def floor(source: Path, target: Path) -> tuple[float, int]:
    """CPU seconds to write the rows of *source* into an empty copy of its schema; and the row count."""
    src = sqlite3.connect(source)
    schema = src.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables = [name for kind, name, _ in schema if kind == "table"]
    rows = {t: src.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=OFF")
    for kind in ("table", "index", "trigger"):  # triggers last: they guard the tables, as in the real file
        for k, _name, text in schema:
            if k == kind:
                dst.execute(text)
    started = time.process_time()
    dst.execute("BEGIN IMMEDIATE")
    for table, table_rows in rows.items():
        if table_rows:
            marks = ",".join("?" * len(table_rows[0]))
            dst.executemany(f'INSERT INTO "{table}" VALUES ({marks})', table_rows)
    dst.execute("COMMIT")
    spent = time.process_time() - started
    dst.close()
    return spent, sum(len(r) for r in rows.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="mine")
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--statements", action="store_true", help="also count the SQL statements per hazard")
    args = parser.parse_args()
    figures: list[float] = []
    floors: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            made, copied = Path(tmp) / f"demo{run}.db", Path(tmp) / f"floor{run}.db"
            seconds, found = project(made, args.scale, args.years, args.until)
            bulk, count = floor(made, copied)
            figures.append(seconds)
            floors.append(bulk)
            print(
                f"run {run + 1}: demo {seconds:.2f} CPU s ({found:,} hazards), floor {bulk:.2f} CPU s "
                f"({count:,} rows by executemany), ratio {seconds / bulk:.1f}x"
            )
        if args.statements:
            seen, found = statements(Path(tmp) / "traced.db", args.scale, args.years, args.until)
            total = sum(seen.values())
            print(f"statements: {total:,} ({total / found:.1f} per hazard); most frequent:")
            for text, count in seen.most_common(8):
                print(f"  {count:>9,}  {text}")
    fig, flo = statistics.median(figures), statistics.median(floors)
    print(f"median: demo {fig:.2f} CPU s, floor {flo:.2f} CPU s, ratio {fig / flo:.1f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
