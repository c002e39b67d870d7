"""``safetywatch verify`` beside its plain-sqlite3 floor (run by hand, not by pytest).

    python -m tests.benchmarks.bench_verify DB [--runs 5] [--old /tmp/verify14-old]

Runs, interleaved in one run, each as a median of *runs*:

* **verify**: the whole ``safetywatch verify --db DB`` process (start-up, imports, every check, anchors);
* **floor**: the whole ``tests/benchmarks/verify_floor.py`` process: the same checks the minimal way in plain
  sqlite3 + hashlib + json (integrity check, the chain re-hashed, every record replayed and compared, the
  duty projection in SQL), no messages, no SQLAlchemy;
* **old**: with ``--old DIR``, the same verify with ``PYTHONPATH=DIR`` (e.g. ``git archive e774b3e | tar -x -C
  DIR``), for before/after figures;
* in this process, the checks alone: ``integrity.verify`` against the floor's ``verify`` (imports excluded).

Prints wall and CPU time of each, the figure (verify CPU), its floor and the ratio (target, issue 14 §2:
≤ 1.3× the floor).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from safetywatch.db.engine import make_engine
from safetywatch.db.models import AUDITED_TABLES
from safetywatch.services.maintenance.integrity import verify
from tests.benchmarks import verify_floor

Timing = tuple[float, float]  # (wall s, CPU s)
FLOOR = Path(__file__).with_name("verify_floor.py")


def _child(command: list[str], env: dict[str, str] | None = None) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # run from / so that the working directory does not come before PYTHONPATH on sys.path
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env, cwd="/")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def _in_process(func: Callable[[], Any]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old", help="PYTHONPATH of the code before, for an A/B pair")
    args = parser.parse_args()
    tables = [table.name for table in AUDITED_TABLES]
    engine = make_engine(args.db, read_only=True)

    def checks() -> None:
        with engine.connect() as conn:
            assert verify(conn).ok

    runs: dict[str, list[Timing]] = {}
    cli = [sys.executable, "-m", "safetywatch", "verify", "--db", str(args.db)]
    for _ in range(args.runs):
        runs.setdefault("floor", []).append(_child([sys.executable, str(FLOOR), str(args.db), *tables]))
        runs.setdefault("verify", []).append(_child(cli))
        if args.old:
            runs.setdefault("old", []).append(_child(cli, {**os.environ, "PYTHONPATH": args.old}))
        runs.setdefault("checks in process", []).append(_in_process(checks))
        runs.setdefault("floor in process", []).append(_in_process(lambda: verify_floor.verify(str(args.db), tables)))
    medians = {
        name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in runs.items()
    }
    for name, (wall, cpu) in medians.items():
        print(f"{name:>18}: wall {wall:6.3f} s  CPU {cpu:6.3f} s")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    figure, floor = medians["verify"][1], medians["floor"][1]
    print(f"verify CPU {figure:.3f} s, floor {floor:.3f} s, ratio {figure / floor:.2f} (target ≤ 1.3)")
    inside, inside_floor = medians["checks in process"][1], medians["floor in process"][1]
    print(f"checks alone {inside:.3f} s, floor {inside_floor:.3f} s, ratio {inside / inside_floor:.2f}")
    if args.old:
        print(f"before {medians['old'][1]:.3f} s CPU, after {figure:.3f} s: {figure / medians['old'][1]:.2f}")


if __name__ == "__main__":
    main()
