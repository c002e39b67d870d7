"""`safetywatch report --format pdf` as a whole process, beside its floor (issue 14 §3).

    python -m tests.benchmarks.bench_report /tmp/r/mine.db [--month 2026-11] [--runs 5] [--old /tmp/old-tree]

The figure is the wall time of the whole command (start, log-in check, schema check, the check before
printing, the tallies, the layout, the file written), median of *runs*. The floor is a bare
``python -c 'import reportlab.platypus, reportlab.pdfbase.ttfonts'``: what any PDF made with ReportLab
pays before its first page. Target: ≤ 6× the floor on the mine-year demo; ≤ 1 s for one mine and ≤ 3 s
for the group. With ``--old`` (a tree of an earlier commit, ``git archive <commit> | tar -x -C DIR``) the
same command of that code runs in each round too, A and B alternately, so both see the same load. Make a
backup of the database first (``safetywatch backup``): the check before printing then re-hashes only the
events after it, as on a PC that backs up at every start.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

FLOOR = ("-c", "import reportlab.platypus, reportlab.pdfbase.ttfonts")


def seconds(args: Sequence[str], pythonpath: Path | None = None) -> float:
    """Wall time of one ``python args`` process (it must succeed), started outside any source tree: ``-m``
    puts the working folder first on the path, which would shadow *pythonpath* (the old code)."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)  # made absolute: the processes start in the temporary folder
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old", type=Path, help="a tree of the code to compare with (A/B)")
    args = parser.parse_args(argv)
    args.db = args.db.resolve()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.pdf"
        report = ("-m", "safetywatch", "report", "--db", str(args.db), "--month", args.month, "--out", str(out))
        seconds(report)  # the file's pages in the OS cache, .pyc written: every run below is a warm start
        times: dict[str, list[float]] = {"report": [], "floor": [], "old": []}
        for _ in range(args.runs):
            if args.old is not None:
                times["old"].append(seconds(report, args.old))
            times["report"].append(seconds(report))
            times["floor"].append(seconds(FLOOR))
    figure, floor = statistics.median(times["report"]), statistics.median(times["floor"])
    print(f"load average {os.getloadavg()[0]:.2f}, {args.runs} runs, medians")
    print(f"report --format pdf {args.db.name} {args.month}: {figure:.3f} s")
    print(f"floor (import reportlab.platypus, ttfonts): {floor:.3f} s")
    print(f"ratio: {figure / floor:.1f}x the floor (target ≤ 6x on the mine-year demo)")
    if times["old"]:
        old = statistics.median(times["old"])
        print(f"old code ({args.old}): {old:.3f} s, {old / floor:.1f}x the floor; new/old {figure / old:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
