"""CSV export beside the sqlite3 shell exporting the same SELECT (run by hand, not by pytest).

    SAFETYWATCH_DATA_DIR=/tmp/e/data python -m tests.benchmarks.bench_export /tmp/e/group.db [--runs 5]

Runs, interleaved in one run, each as a median of *runs*:

* **export**: ``exchange.export.export`` in this process (count, the query, ``fetchmany``, ``csv.writer``,
  fsync, SHA-256 of the file, manifest, rename) — the export without the check before printing;
* **floor**: ``sqlite3 -readonly -csv -header`` on *the same SELECT* (``export.query``: the same joins and
  the same formula-guard expressions) writing to a file;
* **check**: the check before printing alone (``printing_check.check_before_printing``): it re-hashes the
  audit events after the newest verified backup, so make one first (``safetywatch backup --db DB`` with the
  same ``SAFETYWATCH_DATA_DIR``), or it re-hashes the whole chain;
* **cli**: the whole ``safetywatch export --what KIND`` process (start-up, imports, the check, the export),
  unless ``--no-cli``.

Prints wall and CPU time of each, the figure (export), its floor and the ratio (target, issue 14 §3: export
≤ 1.5× the floor), and the whole process against the shell's. Also checks that the export and the shell
wrote the same rows (the shell's header and quoting differ, so the files are compared as parsed CSV).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safetywatch.db.engine import make_engine, read_connection
from safetywatch.exchange import export
from safetywatch.exchange.columns import KINDS
from safetywatch.services.maintenance.printing_check import check_before_printing

Timing = tuple[float, float]  # (wall s, CPU s)


def _in_process(func: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def _child(command: list[str], out: Path | None = None) -> Timing:
    """Wall and CPU time of a child process (its output to *out*, else thrown away)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(out or os.devnull, "wb") as stream:
        subprocess.run(command, stdout=stream, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _rows(path: Path, encoding: str) -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.reader(stream))[1:]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kind", default="hazards", choices=list(KINDS))
    parser.add_argument("--no-cli", action="store_true", help="leave out the whole-process export")
    args = parser.parse_args(argv)
    if shutil.which("sqlite3") is None:
        print("the sqlite3 shell is not installed (apt-get install sqlite3)")
        return 2
    kind = KINDS[args.kind]
    statement, params = export.query(kind, export.Filters())
    assert not params, "the unfiltered export binds no parameter"
    engine = make_engine(args.db, read_only=True)
    times: dict[str, list[Timing]] = {"export": [], "floor": [], "check": [], "cli": []}
    rows = 0
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)

        def ours() -> None:
            nonlocal rows
            with read_connection(engine) as conn:
                rows = export.export(conn, kind.key, out / "ours.csv").rows

        def check() -> None:
            with read_connection(engine) as conn:
                assert check_before_printing(conn, args.db).ok, "the database fails the check before printing"

        shell = ["sqlite3", "-readonly", "-csv", "-header", str(args.db), statement]
        cli = [sys.executable, "-m", "safetywatch", "export", "--db", str(args.db), "--what", kind.key]
        for _ in range(args.runs):
            times["export"].append(_in_process(ours))
            times["floor"].append(_child(shell, out / "shell.csv"))
            times["check"].append(_in_process(check))
            if not args.no_cli:
                times["cli"].append(_child([*cli, "--out", str(out / "cli.csv")]))
        assert _rows(out / "ours.csv", "utf-8-sig") == _rows(out / "shell.csv", "utf-8"), "different rows"
        size = (out / "ours.csv").stat().st_size
    engine.dispose()
    wall = {name: statistics.median(t[0] for t in runs) for name, runs in times.items() if runs}
    cpu = {name: statistics.median(t[1] for t in runs) for name, runs in times.items() if runs}
    print(
        f"{args.kind}: {rows:,} rows, {len(kind.columns)} columns, {size / 2**20:.1f} MiB; median of {args.runs}; "
        f"load {os.getloadavg()[0]:.2f}"
    )
    labels = {
        "export": "export (exchange.export, no check)",
        "floor": "floor: sqlite3 -csv, same SELECT",
        "check": "check before printing alone",
        "cli": "safetywatch export, whole process",
    }
    print(f"{'':40} {'wall s':>8} {'cpu s':>8}")
    for name in wall:
        print(f"{labels[name]:40} {wall[name]:8.3f} {cpu[name]:8.3f}")
    print(
        f"ratio export / floor: {wall['export'] / wall['floor']:.2f} wall, {cpu['export'] / cpu['floor']:.2f} cpu "
        "(target ≤ 1.5)"
    )
    print(
        f"export with the check / floor: {(wall['export'] + wall['check']) / wall['floor']:.2f} wall, "
        f"{(cpu['export'] + cpu['check']) / cpu['floor']:.2f} cpu"
    )
    if "cli" in wall:
        print(f"whole process / floor: {wall['cli'] / wall['floor']:.2f} wall, {cpu['cli'] / cpu['floor']:.2f} cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
