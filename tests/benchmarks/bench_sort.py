"""The hazard list's full id list sorted by deadline, beside its bare SQL (run by hand, not by pytest).

    python -m tests.benchmarks.bench_sort /tmp/e/group.db [--runs 15] [--key deadline]

Runs, interleaved in one process: the service (``hazard_query.query_ids`` on a read connection of the
program's engine: all ids, descending, as the list's worker reads them) and the floor, the *same* SELECT
(``hazard_query.ids_sql``) through a plain ``sqlite3`` connection collecting the ids in a list. Prints the
median wall and CPU time of each and the ratio service / floor (target, issue 14 §3: ≤ 2×). The two must
return the same ids in the same order. For reference, the ``sqlite3`` shell on the same SELECT (output to
/dev/null, CPU time of the child less that of the shell running ``SELECT 1``): the floor of a C program.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safetywatch.db.engine import make_engine, read_connection
from safetywatch.services.queries import hazard_query
from safetywatch.services.queries.hazard_query import HazardFilter


def _timed(func: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _shell_cpu(db: Path, statement: str) -> float:
    """CPU seconds of the sqlite3 shell running *statement* with its output thrown away."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["sqlite3", "-readonly", str(db), statement], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--key", default="deadline", choices=hazard_query.COLUMN_KEYS)
    args = parser.parse_args(argv)
    today = dt.date.today()
    statement, params = hazard_query.ids_sql(HazardFilter(), args.key, True, today)
    bare = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    engine = make_engine(args.db, read_only=True)
    times: dict[str, list[tuple[float, float]]] = {"service": [], "floor": []}
    with read_connection(engine) as conn:

        def service() -> list[int]:
            return list(hazard_query.query_ids(conn, HazardFilter(), args.key, True, today))

        def floor() -> list[int]:
            return [r[0] for r in bare.execute(statement, params)]

        assert service() == floor(), "the service and the bare SQL disagree"  # also warms the page cache
        count = len(floor())
        for _ in range(args.runs):
            for name, func in (("service", service), ("floor", floor)):
                wall, cpu, _ = _timed(func)
                times[name].append((wall, cpu))
    engine.dispose()
    bare.close()
    shell = None
    if shutil.which("sqlite3"):
        query = statement.replace("?", "NULL") if params else statement  # the default filter binds nothing
        sort = [_shell_cpu(args.db, query) for _ in range(args.runs)]
        start = [_shell_cpu(args.db, "SELECT 1") for _ in range(args.runs)]
        shell = (statistics.median(sort) - statistics.median(start)) * 1000
    wall_ms = {name: statistics.median(t[0] for t in runs) * 1000 for name, runs in times.items()}
    cpu_ms = {name: statistics.median(t[1] for t in runs) * 1000 for name, runs in times.items()}
    print(f"{statement}  -- {count:,} ids, median of {args.runs}, load {os.getloadavg()[0]:.2f}")
    print(f"{'':40} {'wall ms':>9} {'cpu ms':>9}")
    print(f"{'service: hazard_query.query_ids':40} {wall_ms['service']:9.1f} {cpu_ms['service']:9.1f}")
    print(f"{'floor: the same SELECT, plain sqlite3':40} {wall_ms['floor']:9.1f} {cpu_ms['floor']:9.1f}")
    print(
        f"ratio service / floor: {wall_ms['service'] / wall_ms['floor']:.2f} wall, "
        f"{cpu_ms['service'] / cpu_ms['floor']:.2f} cpu (target ≤ 2)"
    )
    if shell is not None:
        print(f"sqlite3 shell, same SELECT: {shell:.1f} ms cpu; service / shell {cpu_ms['service'] / shell:.2f} cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
