"""Helpers shared by the service tests: reference ids of the seeded ledger, a valid hazard card, raw SQL.

Raw ``sqlite3`` connections play "someone behind the program's back" (the sqlite3 shell, another tool);
everything else goes through the real services.
"""

from __future__ import annotations

import atexit
import datetime as dt
import itertools
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from safetywatch.domain.clock import Clock, utc_iso
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.services.kinds.hazards import HazardInput
from safetywatch.services.maintenance.opening import open_ledger
from tests import pg_cluster


@dataclass(frozen=True)
class Refs:
    """Ids of the reference data the ``ledger`` fixture provides (seeded defaults + conftest rows)."""

    workstation: int
    mine: int
    unit1: int  # U01 综采一队
    unit2: int  # U02 掘进二队
    shifts: dict[str, int]  # code -> id
    levels: dict[str, int]  # A/B/C -> id
    categories: dict[str, int]
    natures: dict[str, int]
    sources: dict[str, int]
    inspectors: dict[str, int]  # employee_no -> id


def refs(ledger: Ledger) -> Refs:
    with ledger.read() as conn:

        def codes(kind: str) -> dict[str, int]:
            return {c.code: c.id for c in reference.choices(conn, kind)}

        units = codes("org_unit")
        return Refs(
            workstation=codes("workstation")["JK01"],
            mine=units["M01"],
            unit1=units["U01"],
            unit2=units["U02"],
            shifts=codes("shift"),
            levels=codes("hazard_level"),
            categories=codes("hazard_category"),
            natures=codes("hazard_nature"),
            sources=codes("hazard_source"),
            inspectors=codes("inspector"),
        )


def card(r: Refs, **changes: Any) -> HazardInput:
    """A valid general (level C) hazard found yesterday by inspector Q001; *changes* override fields."""
    base = HazardInput(
        workstation_id=r.workstation,
        source_id=r.sources["QJY"],
        found_date=dt.date(2026, 6, 9),
        shift_id=r.shifts["1"],
        finder_id=r.inspectors["Q001"],
        unit_id=r.unit1,
        location="1201工作面回风巷",
        description="巷道顶板离层，锚杆托盘松动",
        category_id=r.categories["DB"],
        nature_id=r.natures["W"],
        level_id=r.levels["C"],
    )
    return replace(base, **changes)


def count_rows(ledger: Ledger, table: str) -> int:
    with ledger.read() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())


@contextmanager
def raw_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection in autocommit mode (no PRAGMAs of ours), closed afterwards."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def drop_protective_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop every trigger (as an attacker would) and return their CREATE statements to restore them."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in rows]


#: Seeded template databases of this test process, by the clock instant they were made at: migrating and
#: seeding a new file costs ~60–90 ms, copying a template and opening it ~10 ms, and most tests need one.
_TEMPLATES: dict[str, Path] = {}


def seeded_ledger(path: Path, clock: Clock) -> Ledger:
    """The database of the ``ledger`` fixture (also for module-scoped fixtures): migrated, seeded with the
    defaults, one unit (综采一队, 掘进二队) and two inspectors. Each call gets its own copy of a template
    made once per process and clock instant, then opened as a user would (checks, migration, seeding: all
    find it done)."""
    key = utc_iso(clock.now_utc())
    template = _TEMPLATES.get(key)
    if template is None:
        folder = Path(tempfile.mkdtemp(prefix="safetywatch-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "ledger.db"
        _build_seeded(template, clock).close()  # close() checkpoints: the template is one file
        _TEMPLATES[key] = template
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    return open_ledger(path, actor="测试员", clock=clock)


#: Seeded template databases on the test cluster, by cluster folder and clock instant (see :data:`_TEMPLATES`):
#: ``CREATE DATABASE … TEMPLATE`` copies one in ~40 ms.
_SERVER_TEMPLATES: dict[tuple[str, str], str] = {}
_server_databases = itertools.count(1)


def seeded_server_ledger(cluster: pg_cluster.Cluster, clock: Clock) -> Ledger:
    """:func:`seeded_ledger` on the PostgreSQL test cluster: a new database copied from a seeded template."""
    key = (str(cluster.folder), utc_iso(clock.now_utc()))
    template = _SERVER_TEMPLATES.get(key)
    if template is None:
        template = f"seeded_{len(_SERVER_TEMPLATES) + 1}"
        cluster.create_database(template)
        led = _build_seeded(cluster.url(template), clock)
        led.close()
        _SERVER_TEMPLATES[key] = template
    name = f"t{next(_server_databases)}"
    cluster.create_database(name, template=template)
    return open_ledger(cluster.url(name), actor="测试员", clock=clock)


def _build_seeded(path: Path | str, clock: Clock) -> Ledger:
    led = open_ledger(path, actor="测试员", clock=clock)
    with led.read() as conn:
        mine = reference.org_units(conn, "mine")[0]
        ws = reference.choices(conn, "workstation")[0]
    unit = reference.save(
        led, "org_unit", {"code": "U01", "name": "综采一队", "level": "unit", "parent_id": str(mine.id)}
    )
    reference.save(led, "org_unit", {"code": "U02", "name": "掘进二队", "level": "unit", "parent_id": str(mine.id)})
    for no, name in (("Q001", "李四"), ("Q002", "王芳")):
        values = {
            "employee_no": no,
            "name": name,
            "unit_id": str(unit["id"]),
            "workstation_id": str(ws.id),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        }
        reference.save(led, "inspector", values)
    return led
