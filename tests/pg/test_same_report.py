"""The same demo data on SQLite and on PostgreSQL gives the same reports, byte for byte (issue 18).

Both databases are made alike: the same fixed clock, the same demo seed, and record UUIDs drawn from the same
seeded sequence (the program draws them at random, and they are hashed into the audit chain whose head every
report prints). So the chain, and with it each report, must come out identical on both engines.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection

from safetywatch.domain.clock import FixedClock
from safetywatch.reports import closing, generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import demo, integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests import pg_cluster

pytestmark = [pytest.mark.pg, pytest.mark.slow]

NOW = dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC)
MONTH = "2026-05"
PRINTED_AT = dt.datetime(2026, 6, 10, 9, 30)


def _demo(target: Path | str) -> Ledger:
    """A new database at *target* with a year of the ``tiny`` demo (one mine), its UUIDs from a fixed seed."""
    draws = random.Random(18)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=draws.getrandbits(128), version=4))
        ledger = open_ledger(target, actor="演示", clock=FixedClock(NOW))
        demo.generate(ledger, scale="tiny", years=1, seed=7)
    return ledger


@pytest.fixture(scope="module")
def twins(postgres: pg_cluster.Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Ledger]]:
    postgres.create_database("same_report")
    ledgers = {
        "sqlite": _demo(tmp_path_factory.mktemp("same") / "demo.db"),
        "pg": _demo(postgres.url("same_report")),
    }
    yield ledgers
    for ledger in ledgers.values():
        ledger.engine.dispose()


def _both(twins: dict[str, Ledger], make: Callable[[Connection], bytes]) -> tuple[bytes, bytes]:
    """What *make* gives on the SQLite database, and on the PostgreSQL one."""
    out = []
    for name in ("sqlite", "pg"):
        with twins[name].read() as conn:
            out.append(make(conn))
    return out[0], out[1]


def _json_of_month(conn: Connection) -> bytes:
    return generate.monthly_report(conn, MONTH, fmt="json").data


def test_the_month_report_is_the_same_json_and_csv(twins: dict[str, Ledger]) -> None:
    on_sqlite, on_pg = _both(twins, _json_of_month)
    assert on_sqlite == on_pg
    csv_sqlite, csv_pg = _both(twins, lambda conn: generate.monthly_report(conn, MONTH, fmt="csv").data)
    assert csv_sqlite == csv_pg
    report = json.loads(on_sqlite)
    # the comparison is worth something only if the month is full of figures
    summary = report["summary"]
    assert summary["hazards_found"]["month"] > 0 and summary["violations_stopped"]["month"] > 0


def test_a_unit_scope_and_the_year_report_are_the_same(twins: dict[str, Ledger]) -> None:
    scope = json.loads(_both(twins, _json_of_month)[0])["tables"]["by_unit"][0]["code"]
    on_sqlite, on_pg = _both(twins, lambda conn: generate.monthly_report(conn, MONTH, scope, fmt="json").data)
    assert on_sqlite == on_pg
    for year in (2025, 2026):

        def annual_json(conn: Connection, year: int = year) -> bytes:
            return generate.annual_report(conn, year, fmt="json", today=NOW.date()).data

        on_sqlite, on_pg = _both(twins, annual_json)
        assert on_sqlite == on_pg, year
    assert json.loads(on_sqlite)["summary"]["hazards_found"]["this_year"] > 0


def test_the_demo_on_the_server_verifies_with_the_same_chain_head(twins: dict[str, Ledger]) -> None:
    report = integrity.verify_for(twins["pg"])
    assert report.ok, report.problems
    heads = {}
    for name, ledger in twins.items():
        with ledger.read() as conn:
            heads[name] = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").one()
    assert heads["sqlite"] == heads["pg"] and heads["pg"][0] > 1000


def test_a_closed_month_prints_and_reprints_the_same_pdf(twins: dict[str, Ledger]) -> None:
    printed = {
        name: closing.close_month(ledger, MONTH, generated_at=PRINTED_AT)[1].data for name, ledger in twins.items()
    }
    assert printed["sqlite"].startswith(b"%PDF") and printed["sqlite"] == printed["pg"]
    on_sqlite, on_pg = _both(twins, lambda conn: generate.monthly_report(conn, MONTH, fmt="pdf").data)
    assert on_sqlite == on_pg == printed["sqlite"]


def test_the_tables_compared_are_not_empty(twins: dict[str, Ledger]) -> None:
    """Every list whose order the engines could disagree on has rows to disagree about."""
    with twins["pg"].read() as conn:
        tables = json.loads(_json_of_month(conn))["tables"]
    for name in ("by_unit", "overdue", "major_hazards", "repeat_offenders", "by_category"):
        assert len(tables[name]) >= 2, name
    assert len(tables["allowances"]["rows"]) >= 2
