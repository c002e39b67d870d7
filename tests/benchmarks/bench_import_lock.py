"""How long a big import keeps other writers out: the whole import in the ledger's own transaction (A, what
every import did before issue 13) against the staged import (B, ``exchange.staging``), in one run.

    python -m tests.benchmarks.bench_import_lock /tmp/bench/mine15.db [--rows 50000] [--runs 1]

The source is a demo database (made with ``safetywatch demo --db PATH --scale mine --years 15`` when the
path does not exist: ~52,000 hazards). Its reference data and its first ``--rows`` hazards are exported
(links to squad checks and tours cleared: those kinds are export only); each run copies a database holding
only the reference data and imports the hazards file into it, A and B alternately. Meanwhile a second
process (the other program) asks for the write lock every 100 ms (``BEGIN IMMEDIATE``; ``ROLLBACK``, with
a long busy timeout) and records how long each request waited: its longest wait is how long the import
held the lock in one piece, and a wait over 5 s is a save that would have failed ("busy") in the program.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from safetywatch.exchange import export, importer
from safetywatch.services.maintenance.opening import open_ledger

REFERENCE = ("org_units", "workstations", "inspectors", "shifts", "hazard_levels", "lookups", "rate_norms")
REFERENCE += ("allowance_rules",)

_PROBE = r"""
import json, sqlite3, sys, time
from pathlib import Path
db, stop = sys.argv[1], Path(sys.argv[2])
conn = sqlite3.connect(db, isolation_level=None, timeout=600)
waits = []
while not stop.exists():
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    waits.append(time.perf_counter() - started)
    conn.execute("ROLLBACK")
    time.sleep(0.1)
print(json.dumps(waits))
"""


def _prepare(source: Path, folder: Path, rows: int) -> tuple[Path, Path]:
    """A database with the source's reference data only, and the hazards file."""
    led = open_ledger(source, actor="benchmark")
    try:
        with led.read() as conn:
            for kind in (*REFERENCE, "hazards"):
                export.export(conn, kind, folder / f"{kind}.csv")
    finally:
        led.close()
    with (folder / "hazards.csv").open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    header = table[0]
    for row in table[1 : rows + 1]:
        for column in ("squad_activity_uuid", "tour_uuid"):
            row[header.index(column)] = ""
    hazards_file = folder / f"hazards_{rows}.csv"
    with hazards_file.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(table[: rows + 1])
    base = folder / "base.db"
    led = open_ledger(base, actor="benchmark", seed=False)
    try:
        for kind in REFERENCE:
            assert importer.import_file(led, kind, folder / f"{kind}.csv").ok, kind
    finally:
        led.close()
    return base, hazards_file


def _run(base: Path, hazards_file: Path, folder: Path, limits: importer.Limits) -> tuple[float, list[float]]:
    """One import of the hazards file into a copy of *base*, with the probe running: (seconds, waits)."""
    db = folder / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, db)
    stop = folder / "stop"
    stop.unlink(missing_ok=True)
    led = open_ledger(db, actor="benchmark")
    probe = subprocess.Popen([sys.executable, "-c", _PROBE, str(db), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        started = time.perf_counter()
        report = importer.import_file(led, "hazards", hazards_file, limits=limits)
        seconds = time.perf_counter() - started
        assert report.ok and report.written, [str(e) for e in report.errors[:5]]
        time.sleep(0.5)
    finally:
        stop.touch()
        out, _ = probe.communicate(timeout=700)
        led.close()
    return seconds, json.loads(out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    if not args.source.exists():
        command = [
            sys.executable,
            "-m",
            "safetywatch",
            "demo",
            "--db",
            str(args.source),
            "--scale",
            "mine",
            "--no-accounts",
        ]
        subprocess.run([*command, "--years", "15"], check=True)
    modes = {
        "A: in the ledger's transaction": importer.Limits(direct_rows=10**9),
        "B: staged on a copy": importer.Limits(),
    }
    results: dict[str, list[tuple[float, list[float]]]] = {name: [] for name in modes}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temp:
        folder = Path(temp)
        base, hazards_file = _prepare(args.source, folder, args.rows)
        print(f"{args.rows:,} hazards, {hazards_file.stat().st_size / 2**20:.1f} MiB; {args.runs} run(s) of A and B")
        for _ in range(args.runs):
            for name, limits in modes.items():
                results[name].append(_run(base, hazards_file, folder, limits))
    print(f"{'':32} {'import s':>9} {'longest wait s':>15} {'waits > 5 s':>12} {'requests':>9}")
    for name, runs in results.items():
        for seconds, waits in runs:
            long = sum(w > 5 for w in waits)
            print(f"{name:32} {seconds:9.1f} {max(waits):15.2f} {long:12} {len(waits):9}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
