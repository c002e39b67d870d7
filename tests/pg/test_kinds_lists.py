"""The big lists' id queries on PostgreSQL read their order from an index, as on SQLite
(tests/services/test_hazard_query.py checks SQLite's plans)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.queries import hazard_query, violation_query
from tests.helpers import seeded_server_ledger
from tests.pg_cluster import Cluster

pytestmark = pytest.mark.pg

TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def server(postgres: Cluster, clock: FixedClock) -> Iterator[Ledger]:
    led = seeded_server_ledger(postgres, clock)
    yield led
    led.engine.dispose()


def _plan(ledger: Ledger, query: str, params: list[object]) -> str:
    """The server's plan of the first page, with sequential scans priced out (a test database is tiny)."""
    with ledger.read() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = conn.exec_driver_sql(f"EXPLAIN {query} LIMIT 200", tuple(params))
        return "\n".join(str(row[0]) for row in rows)


@pytest.mark.parametrize("descending", [True, False])
def test_the_newest_first_hazard_list_reads_the_found_date_index(server: Ledger, descending: bool) -> None:
    query, params = hazard_query.ids_sql(hazard_query.HazardFilter(), "found_date", descending, TODAY)
    plan = _plan(server, query, params)
    assert "ix_hazard_found" in plan, plan
    assert "Sort Key: h.found_date" not in plan, plan  # at most the id tie-break is sorted (incremental sort)


def test_the_violation_list_reads_its_found_date_index(server: Ledger) -> None:
    query, params = violation_query.VIOLATIONS.ids_sql(violation_query.ViolationFilter(), "found_date", True, TODAY)
    plan = _plan(server, query, params)
    assert "ix_violation_found" in plan, plan
    assert "Sort Key: v.found_date" not in plan, plan
