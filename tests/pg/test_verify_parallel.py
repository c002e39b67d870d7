"""verify on a server that plans in parallel: a big office database makes the planner sort the audit events with
parallel workers, and the statement that reads a hazard's follow-ups from its events calls json_valid, which
catches errors (a subtransaction) and so cannot run in parallel mode: it is declared PARALLEL UNSAFE (migration
0011), so the server plans that statement serial."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from tests import pg_cluster
from tests.helpers import card, refs, seeded_server_ledger

pytestmark = pytest.mark.pg


@pytest.fixture
def server_ledger(postgres: pg_cluster.Cluster, clock: FixedClock) -> Iterator[Ledger]:
    ledger = seeded_server_ledger(postgres, clock)
    yield ledger
    ledger.engine.dispose()


def test_verify_passes_where_the_server_would_plan_in_parallel(server_ledger: Ledger) -> None:
    hazard = hazards.register(server_ledger, card(refs(server_ledger)))
    step = hazards.StepInput(hazards.HazardAction.ISSUE_NOTICE, server_ledger.clock.today(), person="王队长")
    hazards.act(server_ledger, hazard["id"], step)
    with server_ledger.read() as conn:
        # what the planner does on its own with ten years of events: every eligible statement in parallel mode
        conn.exec_driver_sql("SET force_parallel_mode = on")
        report = integrity.verify(conn)
        conn.exec_driver_sql("RESET force_parallel_mode")
    assert report.ok, report.problems
    assert report.events_checked >= 3
