"""Importing 35,000 hazards and a year's activities, rows per second beside a bare ``executemany`` of the same
rows (run by hand, not by pytest).

    python -m tests.benchmarks.bench_import_kinds /tmp/bench/mine10.db [--hazards 35000] [--years 10]

The source is a demo database (made with ``safetywatch demo --db PATH --scale mine --years N`` when the path
does not exist; 10 mine-years hold some 35,000 hazards). Exported from it, with Chinese headers as the auditor
gets them: the reference data, every squad check and tour (the hazards name them), the first ``--hazards``
hazards, and the last year of tour problems, 三违 and their handling, family activities, suggestions, shift
sheets and duty marks (handling and visits of older 三违 left out). Each kind is imported, in the import order,
into a database that starts empty (``--new``) — through the use cases, with every check, all or nothing (a big
file staged on a copy). Beside it, the **floor**: the same parsed rows written with one ``executemany`` into a
plain table of as many text columns, in one transaction (no checks, no audit, no indexes).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from safetywatch.exchange import export, importer
from safetywatch.exchange.columns import IMPORTABLE, REFERENCE_KINDS
from safetywatch.services.maintenance.opening import open_ledger

#: Exported whole: what the hazards refer to.
WHOLE = (*REFERENCE_KINDS, "squads", "tours")


def _export(source: Path, folder: Path, hazards: int) -> dict[str, Path]:
    files: dict[str, Path] = {}
    led = open_ledger(source, actor="benchmark")
    try:
        with led.read() as conn:
            last = dt.date.fromisoformat(conn.exec_driver_sql("SELECT max(found_date) FROM hazard").scalar_one())
            for kind in IMPORTABLE:
                files[kind] = folder / f"{kind}.csv"
                if kind in WHOLE or kind == "hazards":
                    filters = export.Filters()
                else:
                    filters = export.Filters(date_from=last - dt.timedelta(days=364), date_to=last)
                export.export(conn, kind, files[kind], filters=filters)
    finally:
        led.close()
    table = _table(files["hazards"])
    files["hazards"] = _write(folder / f"hazards_{hazards}.csv", table[: hazards + 1])
    # the year's handling and family visits of 三违 recorded within the year (older ones are not exported)
    violations = _table(files["violations"])
    year = {row[1] for row in violations[1:]}  # their UUIDs
    numbers = {row[0] for row in violations[1:]}
    handling = _table(files["violation_handling"])
    files["violation_handling"] = _write(
        folder / "handling.csv", [handling[0], *(r for r in handling[1:] if r[1] in year)]
    )
    family = _table(files["family"])
    column = family[0].index("关联三违")
    kept = [r for r in family[1:] if not r[column] or r[column] in numbers]
    files["family"] = _write(folder / "family_year.csv", [family[0], *kept])
    return files


def _table(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)
    return path


def _floor(path: Path, folder: Path) -> float:
    """Seconds to write the file's parsed rows with one executemany into a plain table, in one transaction."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header, body = rows[0], rows[1:]
    db = folder / "floor.db"
    db.unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"CREATE TABLE t ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(header))})", body)
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--hazards", type=int, default=35_000)
    parser.add_argument("--years", type=int, default=10, help="years of the demo made when SOURCE is missing")
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
        subprocess.run([*command, "--years", str(args.years)], check=True)
    with tempfile.TemporaryDirectory(prefix="bench-import-kinds-") as temp:
        folder = Path(temp)
        files = _export(args.source, folder, args.hazards)
        target = open_ledger(folder / "target.db", actor="benchmark", seed=False)
        print(f"{'kind':20} {'rows':>8} {'import s':>9} {'rows/s':>9} {'floor s':>8} {'floor rows/s':>13} {'ratio':>6}")
        total_rows = total_seconds = total_floor = 0.0
        try:
            for kind in IMPORTABLE:
                started = time.perf_counter()
                report = importer.import_file(target, kind, files[kind])
                seconds = time.perf_counter() - started
                assert report.ok, (kind, [str(e) for e in report.errors[:5]])
                floor = _floor(files[kind], folder)
                rows = report.rows
                total_rows, total_seconds, total_floor = total_rows + rows, total_seconds + seconds, total_floor + floor
                if rows:
                    print(
                        f"{kind:20} {rows:8,} {seconds:9.2f} {rows / seconds:9,.0f} {floor:8.3f} "
                        f"{rows / max(floor, 1e-9):13,.0f} {seconds / max(floor, 1e-9):6.0f}"
                    )
        finally:
            target.close()
        print(
            f"{'all':20} {int(total_rows):8,} {total_seconds:9.2f} {total_rows / total_seconds:9,.0f} "
            f"{total_floor:8.3f} {total_rows / max(total_floor, 1e-9):13,.0f} {total_seconds / total_floor:6.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
