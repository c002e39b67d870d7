"""An office and its enrolled stations on real files, and the comparisons the station-exchange tests share."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safetywatch.db import models as m
from safetywatch.domain.clock import FixedClock
from safetywatch.exchange import stations
from safetywatch.exchange.foreign_events import STATION_TABLES
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.services.maintenance import integrity
from tests.helpers import seeded_ledger, seeded_server_ledger
from tests.pg_cluster import Cluster

CLOCK = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
#: Columns the Writer manages per database (ids differ between office and station; version/updated_at are
#: the office's own bookkeeping of the applied change)
_MANAGED = {"id", "created_at", "updated_at", "version"}


@dataclass
class Station:
    code: str
    ledger: Ledger
    path: Path
    enrol_code: str


def office_at(folder: Path) -> Ledger:
    office = seeded_ledger(folder / "office.db", CLOCK)
    stations.make_office(office)
    return office


def server_office(cluster: Cluster) -> Ledger:
    """The office on a new database of the PostgreSQL test cluster (issue 18); its stations stay SQLite files."""
    office = seeded_server_ledger(cluster, CLOCK)
    stations.make_office(office)
    return office


def enrol_station(
    office: Ledger, folder: Path, code: str, workstations: list[str], *, wrong_code: bool = False
) -> Station:
    new = stations.add_station(office, code, f"{code} 井口群监站", workstations)
    enrolment = stations.write_enrolment(office, code, folder / f"enrol-{code}")
    path = folder / f"station-{code}.db"
    enrol_code = "WRON-GCOD" if wrong_code else new.enrol_code
    return Station(code, stations.enrol(enrolment, path, enrol_code, clock=CLOCK), path, new.enrol_code)


def add_workstation(office: Ledger, code: str) -> None:
    """A second workstation at the office (the seeded data has JK01 only), for a second station to serve."""
    with office.read() as conn:
        mine = next(c.id for c in reference.choices(conn, "org_unit") if c.code == "M01")
    reference.save(office, "workstation", {"code": code, "name": f"{code}井口", "mine_id": str(mine)})


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(ledger: Ledger) -> tuple[Any, ...]:
    """The audit head and every table's row count: equal before and after means nothing was written."""
    with ledger.read() as conn:
        head = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").first()
        counts = tuple(
            (name, conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar_one())
            for name in sorted(m.metadata.tables)
        )
    return (tuple(head) if head else None, counts)


def verify_ok(ledger: Ledger) -> None:
    with ledger.read() as conn:
        report = integrity.verify(conn)
    assert report.ok, [p.message for p in report.problems]


def _rows(ledger: Ledger, table: str) -> dict[str, dict[str, Any]]:
    with ledger.read() as conn:
        cursor = conn.exec_driver_sql(f"SELECT * FROM {table}")
        names = list(cursor.keys())
        return {str(r[names.index("uuid")]): dict(zip(names, r, strict=True)) for r in cursor}


def _uuid_of(ledger: Ledger, table: str, record_id: int) -> str:
    with ledger.read() as conn:
        return str(conn.exec_driver_sql(f"SELECT uuid FROM {table} WHERE id = ?", (record_id,)).scalar_one())


def business(ledger: Ledger, table: str, uuids: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """Each record of *table* by uuid, without the columns each database manages itself, and with references
    to station-owned records given as the referenced record's uuid (ids are local to each database)."""
    refs = [
        (c.name, next(iter(c.foreign_keys)).column.table.name)
        for c in m.metadata.tables[table].columns
        if c.foreign_keys and next(iter(c.foreign_keys)).column.table.name in STATION_TABLES
    ]
    out = {}
    for uuid, row in _rows(ledger, table).items():
        if uuids is not None and uuid not in uuids:
            continue
        values = {k: v for k, v in row.items() if k not in _MANAGED}
        for column, target in refs:
            if values[column] is not None:
                values[column] = _uuid_of(ledger, target, int(values[column]))
        out[uuid] = values
    return out


def station_records_equal(office: Ledger, station: Ledger) -> None:
    """Every station-owned record of *station* is at the office, equal in its business columns."""
    for table in sorted(STATION_TABLES):
        mine = business(station, table)
        theirs = business(office, table, set(mine))
        assert theirs == mine, table


def copy_db(ledger: Ledger, to: Path) -> Path:
    """A consistent copy of the database file, as a backup would leave it."""
    source, target = sqlite3.connect(ledger.path), sqlite3.connect(to)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return to


def close_month(office: Ledger, month: str) -> None:
    """Close *month* at the office."""
    from safetywatch.reports import closing

    closing.close_month(office, month)


def twin_of(office: Ledger, folder: Path) -> Path | str:
    """A copy of the office's database, as a restore from a backup would leave it: a file beside *folder*'s
    others, or a new database on the same PostgreSQL server (copied with ``CREATE DATABASE … TEMPLATE``, which
    needs the office's connections closed)."""
    if office.server is None:
        return copy_db(office, folder / "office-twin.db")
    import psycopg
    from sqlalchemy import make_url

    url = make_url(office.server)
    office.engine.dispose()
    twin = f"{url.database}_twin"
    with psycopg.connect(host=url.query["host"], user=url.username, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{twin}" TEMPLATE "{url.database}"')
    return url.set(database=twin).render_as_string(hide_password=False)


def force_reference_change(station: Ledger, inspector_id: int, name: str) -> None:
    """What a station PC running a version without the read-only rule (or an edited copy) sends: an inspector
    renamed at the station. Made by switching the station's role off for one transaction, as that PC was."""
    from safetywatch.db import models as m
    from safetywatch.exchange.stations import set_setting

    with station.write() as w:
        set_setting(w, "exchange_role", "standalone")
        w.update(m.INSPECTOR, inspector_id, {"name": name}, action="amend", reason="强行修改")
        set_setting(w, "exchange_role", "station")
