"""CSV export of hazards, side by side with the sqlite3 shell exporting the same joined columns (by hand).

    python -m tests.benchmarks.bench_export /tmp/ex/group.db [--runs 5] [--kind hazards]

Runs, interleaved: ``safetywatch.exchange.export`` (query, BOM, formula guard in SQL, fetchmany,
``csv.writer``, fsync, SHA-256 of the file, manifest), then ``sqlite3 -csv -header`` on the *same* SELECT
(the same joins and the same guard expressions) writing to a file; and, for reference, sqlite3 on the plain
SELECT without the guard. Target (issue 5): export ≤ 1.5× sqlite3. Prints medians and rows/s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from safetywatch.db.engine import make_engine, read_connection
from safetywatch.exchange import export
from safetywatch.exchange.columns import KINDS


def _sqlite3(db: Path, statement: str, out: Path) -> float:
    started = time.perf_counter()
    with out.open("wb") as stream:
        subprocess.run(["sqlite3", "-readonly", "-csv", "-header", str(db), statement], stdout=stream, check=True)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kind", default="hazards", choices=list(KINDS))
    args = parser.parse_args(argv)
    if shutil.which("sqlite3") is None:
        print("the sqlite3 shell is not installed (apt-get install sqlite3)")
        return 2
    kind = KINDS[args.kind]
    guarded, _ = export.query(kind, export.Filters())
    plain = f"SELECT {', '.join(c.sql for c in kind.columns)} FROM {kind.source} ORDER BY {kind.order}"
    engine = make_engine(args.db, read_only=True)
    ours: list[float] = []
    shell: list[float] = []
    shell_plain: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for _ in range(args.runs):
            started = time.perf_counter()
            with read_connection(engine) as conn:
                rows = export.export(conn, kind.key, out / "ours.csv").rows
            ours.append(time.perf_counter() - started)
            shell.append(_sqlite3(args.db, guarded, out / "shell.csv"))
            shell_plain.append(_sqlite3(args.db, plain, out / "plain.csv"))
        sizes = {name: (out / name).stat().st_size for name in ("ours.csv", "shell.csv", "plain.csv")}
    engine.dispose()
    a, b, c = (statistics.median(x) for x in (ours, shell, shell_plain))
    print(f"{args.kind}: {rows:,} rows, {len(kind.columns)} columns, median of {args.runs}")
    print(f"{'':36} {'s':>7} {'rows/s':>10} {'MiB':>7}")
    print(f"{'safetywatch export (CSV)':36} {a:7.2f} {rows / a:10,.0f} {sizes['ours.csv'] / 2**20:7.1f}")
    print(f"{'sqlite3 -csv, same SELECT':36} {b:7.2f} {rows / b:10,.0f} {sizes['shell.csv'] / 2**20:7.1f}")
    print(f"{'sqlite3 -csv, without the guard':36} {c:7.2f} {rows / c:10,.0f} {sizes['plain.csv'] / 2**20:7.1f}")
    print(f"ratio export / sqlite3 same SELECT: {a / b:.2f} (target ≤ 1.5); / plain SELECT: {a / c:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
