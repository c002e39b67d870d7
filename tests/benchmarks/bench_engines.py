"""The office's figures on PostgreSQL beside SQLite, on the same data, each beside its bare SQL (issue 18).

    python -m tests.benchmarks.bench_engines /tmp/g/group10.db 'postgresql+psycopg://postgres@/group10?host=/tmp/s'
        [--month 2026-10] [--year 2025] [--runs 5] [--skip-save] [--only month,year,export,paint,save]

The PostgreSQL database holds the SQLite file's data (``safetywatch copy --from FILE --to URL``). Run by hand,
not by pytest. The save figure adds real hazards to both databases: run it on copies.

Each figure is measured on both engines in the same loop, A/B (one engine then the other, which goes first
alternating by round, each immediately followed by its bare SQL), so both see the same machine load; one
warm-up round first; medians of *runs*.
"Bare SQL" is the engine's own driver (``sqlite3`` / ``psycopg``) with no SafetyWatch code in between:

* **month JSON** — ``generate.monthly_report(conn, month, None, "json")`` (every 表, four periods) against the
  hand-written tallies (hazards found/major/on-site, closed, overdue, 三违 by class, duty shifts and reports,
  suggestions) over the same four periods (target ≤ 2×);
* **year JSON** — ``generate.annual_report(..., "json")`` against the main counts over the year (bench_annual);
* **CSV export** — ``exchange.export.export`` of every hazard against the engine's shell writing the same
  SELECT as CSV to a file (``sqlite3 -readonly -csv``; ``psql -c "COPY (...) TO STDOUT CSV"``); the rows are
  compared (target ≤ 1.5×);
* **first paint** — the hazards page built, shown and grabbed offscreen (bench_gui's measure; target ≤ 150 ms)
  against the LIMIT 200 id query and the 200 display rows it shows;
* **save** — ``hazards.register`` of one card in its own write transaction (target ≤ 5 ms) against one bare
  write transaction taking the same lock (``BEGIN IMMEDIATE`` / ``pg_advisory_xact_lock``) and inserting one
  row of the same width into a scratch table, durably committed (SQLite ``synchronous=FULL``; the server's
  ``fsync`` and ``synchronous_commit`` are printed: measure on a server with both on). Each round counts the
  median of five saves in a row: a clerk's save, not only the first write after a report.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg
from sqlalchemy.engine import make_url

from safetywatch.db.dialect import WRITE_LOCK_KEY, server_statement
from safetywatch.domain import periods
from safetywatch.exchange import export
from safetywatch.exchange.columns import KINDS
from safetywatch.reports import generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.queries import hazard_query

FIGURES = ("month", "year", "export", "paint", "save")

#: One period's hand-written tallies, in the SQL both engines share (``:s``/``:e`` are the period's bounds).
PERIOD_FLOOR = (
    "SELECT count(*), sum(CASE WHEN l.national = 'major' THEN 1 ELSE 0 END), sum(h.fixed_on_site) FROM hazard h "
    "JOIN hazard_level l ON l.id = h.level_id WHERE h.found_date BETWEEN :s AND :e AND h.voided = 0",
    "SELECT count(*) FROM hazard WHERE closed_on BETWEEN :s AND :e AND voided = 0",
    "SELECT count(*) FROM hazard WHERE found_date <= :e AND deadline < :e AND voided = 0 "
    "AND (closed_on IS NULL OR closed_on > :e)",
    "SELECT t.maps_to, count(*) FROM violation v JOIN lookup_item t ON t.id = v.type_id "
    "WHERE v.found_date BETWEEN :s AND :e AND v.voided = 0 GROUP BY 1",
    "SELECT sum(on_duty), sum(reported) FROM duty WHERE shift_date BETWEEN :s AND :e",
    "SELECT count(*), sum(CASE WHEN status = 'adopted' THEN 1 ELSE 0 END) FROM suggestion "
    "WHERE proposed_on BETWEEN :s AND :e AND voided = 0",
)

#: The year's main counts (bench_annual's floor, in the shared SQL).
YEAR_FLOOR = (
    "SELECT count(*), sum(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END), sum(CASE WHEN level_id IN "
    "(SELECT id FROM hazard_level WHERE national = 'major') THEN 1 ELSE 0 END) FROM hazard "
    "WHERE found_date BETWEEN :s AND :e AND voided = 0",
    "SELECT count(*) FROM violation WHERE found_date BETWEEN :s AND :e AND voided = 0",
)

SCRATCH = "bench_save_floor"
SAVES_PER_ROUND = 5


@dataclass
class Side:
    """One engine: the application's ledger, a bare driver connection on the same database, what to call it."""

    name: str
    target: str
    ledger: Ledger
    bare: Any  # sqlite3.Connection or psycopg.Connection
    server: bool
    shell: list[str] = field(default_factory=list)  # the command line of the engine's own CSV writer

    def rows(self, statement: str, params: Any = ()) -> list[Any]:
        """A bare statement's rows through the driver (``?``/``:name`` rewritten for psycopg)."""
        if self.server:
            with self.bare.cursor() as cursor:
                cursor.execute(server_statement(statement), params)
                return list(cursor.fetchall())
        return list(self.bare.execute(statement, params).fetchall())

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A bare write transaction holding the lock the application's writers take."""
        if self.server:
            with self.bare.transaction():
                self.bare.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                yield self.bare
        else:
            self.bare.execute("BEGIN IMMEDIATE")
            try:
                yield self.bare
            except BaseException:
                self.bare.execute("ROLLBACK")
                raise
            self.bare.execute("COMMIT")


def open_sides(db: Path, url: str) -> list[Side]:
    lite = sqlite3.connect(db, isolation_level=None)  # transactions as written (BEGIN IMMEDIATE above)
    lite.execute("PRAGMA synchronous=FULL")  # as the ledger's own connections
    lite.execute("PRAGMA cache_size=-64000")
    address = make_url(url)
    host = str(address.query.get("host", "")) or address.host
    server = psycopg.connect(
        host=host, port=address.port, dbname=address.database, user=address.username, password=address.password
    )
    server.autocommit = True  # each bare read is its own statement; writes open their own transaction
    # psql's own libpq may be older than psycopg's (which adds options such as sslcertmode): name only these
    conninfo = " ".join(
        f"{key}={value}"
        for key, value in (
            ("host", host),
            ("port", address.port),
            ("dbname", address.database),
            ("user", address.username),
        )
        if value
    )
    return [
        Side("SQLite", str(db), open_ledger(db, actor="bench"), lite, False, ["sqlite3", "-readonly", "-csv", str(db)]),
        Side("PostgreSQL", url, open_ledger(url, actor="bench"), server, True, ["psql", "-X", "-q", conninfo]),
    ]


def timed(func: Callable[[], Any]) -> float:
    """Milliseconds of one call; a function that times itself (the first paint) returns its own figure."""
    started = time.perf_counter()
    own = func()
    return own if isinstance(own, float) else (time.perf_counter() - started) * 1000


class Results:
    """Milliseconds per (figure, side, 'app' | 'bare'), printed as medians with ratios."""

    def __init__(self) -> None:
        self.times: dict[tuple[str, str, str], list[float]] = {}
        self.notes: dict[tuple[str, str], str] = {}

    def add(self, figure: str, side: str, which: str, ms: float) -> None:
        self.times.setdefault((figure, side, which), []).append(ms)

    def median(self, figure: str, side: str, which: str) -> float | None:
        runs = self.times.get((figure, side, which))
        return statistics.median(runs) if runs else None

    def show(self, sides: list[Side], labels: dict[str, str]) -> None:
        print(
            f"\n{'figure (median ms)':<34} {'engine':<11} {'app':>9} {'bare SQL':>9} {'app/bare':>8} {'vs SQLite':>9}"
        )
        for figure, label in labels.items():
            base = self.median(figure, sides[0].name, "app")
            for side in sides:
                app, bare = self.median(figure, side.name, "app"), self.median(figure, side.name, "bare")
                if app is None:
                    note = self.notes.get((figure, side.name), "")
                    print(f"{label:<34} {side.name:<11} {'–':>9} {'':>9} {'':>8} {'':>9}  {note}")
                    continue
                ratio = f"{app / bare:7.2f}×" if bare else "       –"
                versus = f"{app / base:8.2f}×" if base else "        –"
                bare_text = f"{bare:9.1f}" if bare is not None else "        –"
                note = self.notes.get((figure, side.name), "")
                print(f"{label:<34} {side.name:<11} {app:9.1f} {bare_text} {ratio} {versus}  {note}")


# --- the figures ------------------------------------------------------------------------------------------


def month_figure(side: Side, month: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    spans = [span.span for span in periods.periods(month).values()]

    def app() -> None:
        with side.ledger.read() as conn:
            generate.monthly_report(conn, month, None, "json")

    def bare() -> None:
        for start, end in spans:
            for statement in PERIOD_FLOOR:
                side.rows(statement, {"s": start, "e": end})

    return app, bare


def year_figure(side: Side, year: int) -> tuple[Callable[[], Any], Callable[[], Any]]:
    at = dt.datetime(year + 1, 1, 5, 9, 0)
    bounds = {"s": f"{year}-01-01", "e": f"{year}-12-31"}

    def app() -> None:
        with side.ledger.read() as conn:
            generate.annual_report(conn, year, None, "json", generated_at=at)

    def bare() -> None:
        for statement in YEAR_FLOOR:
            side.rows(statement, bounds)

    return app, bare


def export_statement(side: Side) -> str | None:
    """The export's SELECT on *side*'s engine, or None where this code has no PostgreSQL form of it yet."""
    kind = KINDS["hazards"]
    headers = export.default_headers(kind.key)
    build: Callable[..., tuple[str, tuple[Any, ...]]] = export.query
    try:
        statement, params = (
            build(kind, export.Filters(), headers, server=True)
            if side.server
            else build(kind, export.Filters(), headers)
        )
    except TypeError:  # export.query without its server form (before the exchange's port is merged)
        return None
    assert not params, "the unfiltered export binds no parameter"
    return statement  # binds nothing: the shells take it as it is


def export_figure(side: Side, folder: Path) -> tuple[Callable[[], Any], Callable[[], Any]] | None:
    statement = export_statement(side)
    if statement is None:
        return None
    ours, theirs = folder / f"{side.name}-app.csv", folder / f"{side.name}-bare.csv"
    if side.server:
        command = [*side.shell, "-c", f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)"]
    else:
        command = [*side.shell, statement]

    def app() -> None:
        with side.ledger.read() as conn:
            export.export(conn, "hazards", ours)

    def bare() -> None:
        with theirs.open("wb") as stream:
            subprocess.run(command, stdout=stream, check=True)

    return app, bare


def same_rows(folder: Path, side: Side) -> str:
    """Whether the export and the shell wrote the same rows (the export has a header; quoting differs)."""
    with (folder / f"{side.name}-app.csv").open(encoding="utf-8-sig", newline="") as stream:
        ours = list(csv.reader(stream))[1:]
    with (folder / f"{side.name}-bare.csv").open(encoding="utf-8", newline="") as stream:
        theirs = list(csv.reader(stream))
    if ours != theirs:
        differing = sum(1 for a, b in zip(ours, theirs, strict=False) if a != b) + abs(len(ours) - len(theirs))
        return f"{len(ours):,} rows; {differing:,} differ from the shell's"
    return f"{len(ours):,} rows, the same as the shell's"


def paint_figure(side: Side) -> tuple[Callable[[], Any], Callable[[], Any]]:
    from PySide6.QtWidgets import QApplication

    from safetywatch.ui.hazards_page import HazardsPage
    from safetywatch.ui.worker import wait_for_jobs

    app_qt = QApplication.instance() or QApplication([])
    today = side.ledger.clock.today()
    ids_sql, params = hazard_query.ids_sql(hazard_query.HazardFilter(), "found_date", True, today)
    exprs = ", ".join(expr for _, _, expr in hazard_query.COLUMNS)
    page_sql = f"SELECT h.id, {exprs}, h.voided FROM hazard h {hazard_query._JOINS} WHERE h.id IN "

    def app() -> float:
        started = time.perf_counter()
        page = HazardsPage(side.ledger)
        page.resize(1280, 800)
        page.show()
        app_qt.processEvents()
        page.grab()
        painted = time.perf_counter() - started
        wait_for_jobs(120_000)  # the full id list loads in a worker after the paint: not part of the figure
        app_qt.processEvents()
        page.close()
        page.deleteLater()
        app_qt.processEvents()
        return painted * 1000

    def bare() -> None:
        ids = [row[0] for row in side.rows(ids_sql + " LIMIT 200", params)]
        side.rows(page_sql + f"({', '.join('?' * len(ids))})", ids)

    return app, bare


def save_figure(side: Side) -> tuple[Callable[[], Any], Callable[[], Any]]:
    ledger = side.ledger
    with ledger.read() as conn:
        first = {
            k: reference.choices(conn, k)[0].id for k in ("hazard_source", "shift", "hazard_category", "hazard_nature")
        }
        level_c = next(c.id for c in reference.choices(conn, "hazard_level") if c.code == "C")
        unit = reference.org_units(conn, "unit")[0].id
        workstation = reference.choices(conn, "workstation")[0].id
        inspector = reference.choices(conn, "inspector", ledger.clock.today())[0].id
    description = "上隅角瓦斯浓度达到0.9%，未及时采取处理措施"

    def card() -> hazards.HazardInput:
        return hazards.HazardInput(
            workstation_id=workstation,
            source_id=first["hazard_source"],
            found_date=ledger.clock.today(),
            shift_id=first["shift"],
            finder_id=inspector,
            unit_id=unit,
            location="1201综采工作面回风顺槽",
            description=description,
            category_id=first["hazard_category"],
            nature_id=first["hazard_nature"],
            level_id=level_c,
            rectify_person="赵六",
            measures="调整风障，加强上隅角瓦斯管理",
        )

    def app() -> float:
        return burst(lambda: hazards.register(ledger, card()))

    insert = f"INSERT INTO {SCRATCH} (payload) VALUES (?)"
    statement = server_statement(insert) if side.server else insert
    payload = description * 20  # about a hazard row and its audit event's JSON

    def write_one() -> None:
        with side.write() as conn:
            conn.execute(statement, (payload,))

    return app, lambda: burst(write_one)


def burst(save: Callable[[], Any]) -> float:
    """The median of SAVES_PER_ROUND saves in a row (ms): a clerk's saves, not the first write after a report."""
    times = []
    for _ in range(SAVES_PER_ROUND):
        started = time.perf_counter()
        save()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def make_scratch(side: Side) -> None:
    key = "id SERIAL PRIMARY KEY" if side.server else "id INTEGER PRIMARY KEY"
    side.bare.execute(f"CREATE TABLE IF NOT EXISTS {SCRATCH} ({key}, payload TEXT NOT NULL)")


def drop_scratch(side: Side) -> None:
    side.bare.execute(f"DROP TABLE IF EXISTS {SCRATCH}")


def durability(side: Side) -> str:
    if side.server:
        fsync = side.rows("SHOW fsync")[0][0]
        commit = side.rows("SHOW synchronous_commit")[0][0]
        return f"fsync={fsync}, synchronous_commit={commit}"
    with side.ledger.read() as conn:
        level = conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
    return f"synchronous={'FULL' if level == 2 else level}"


# --- the run ---------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path, help="the SQLite file")
    parser.add_argument("url", help="the PostgreSQL database holding the same data (postgresql+psycopg://…)")
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default=",".join(FIGURES), help=f"some of {','.join(FIGURES)}")
    parser.add_argument("--skip-save", action="store_true", help="add no hazards to the databases")
    args = parser.parse_args(argv)
    chosen = [f for f in args.only.split(",") if f and not (f == "save" and args.skip_save)]
    unknown = sorted(set(chosen) - set(FIGURES))
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}: choose from {', '.join(FIGURES)}")
    for program in ("sqlite3", "psql"):
        if "export" in chosen and shutil.which(program) is None:
            parser.error(f"the export's floor needs the {program} program (apt-get install sqlite3 postgresql-client)")
    sides = open_sides(args.db.resolve(), args.url)
    labels = {
        "month": f"month JSON {args.month} (4 periods)",
        "year": f"year JSON {args.year}",
        "export": "CSV export, all hazards",
        "paint": "hazards page first paint",
        "save": "save one hazard (own transaction)",
    }
    results = Results()
    with tempfile.TemporaryDirectory() as folder:
        pairs: dict[tuple[str, str], tuple[Callable[[], Any], Callable[[], Any]]] = {}
        for side in sides:
            with side.ledger.read() as conn:
                count = conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one()
            print(f"{side.name}: {count:,} hazards; {durability(side)}", flush=True)
            for figure in chosen:
                made: tuple[Callable[[], Any], Callable[[], Any]] | None
                if figure == "month":
                    made = month_figure(side, args.month)
                elif figure == "year":
                    made = year_figure(side, args.year)
                elif figure == "export":
                    made = export_figure(side, Path(folder))
                elif figure == "paint":
                    made = paint_figure(side)
                else:
                    make_scratch(side)
                    made = save_figure(side)
                if made is None:
                    results.notes[(figure, side.name)] = "not ported to this engine in this tree"
                else:
                    pairs[(figure, side.name)] = made
        try:
            for round_number in range(args.runs + 1):  # round 0 warms caches and is not counted
                for figure in chosen:
                    # which engine goes first alternates: the first after another figure pays for its garbage
                    for side in sides if round_number % 2 else sides[::-1]:
                        if (figure, side.name) not in pairs:
                            continue
                        app, bare = pairs[(figure, side.name)]
                        app_ms = timed(app)
                        bare_ms = timed(bare)
                        if round_number:
                            results.add(figure, side.name, "app", app_ms)
                            results.add(figure, side.name, "bare", bare_ms)
                print(f"round {round_number} done, load {os.getloadavg()[0]:.2f}", flush=True)
            for side in sides:
                if ("export", side.name) in pairs:
                    results.notes[("export", side.name)] = same_rows(Path(folder), side)
        finally:
            for side in sides:
                if "save" in chosen:
                    drop_scratch(side)
                side.ledger.close()
                side.bare.close()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} rounds, medians")
    results.show(sides, {f: labels[f] for f in chosen})
    print("targets: month JSON ≤ 2× bare SQL; export ≤ 1.5× the shell; first paint ≤ 150 ms; save ≤ 5 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
