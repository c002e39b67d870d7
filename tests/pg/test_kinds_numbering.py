"""Serial numbers on PostgreSQL: several office PCs registering at once get gap-free numbers.

The numbers are ``max(serial) + 1`` inside the write transaction, which holds the advisory write lock (no
sequence: a rolled-back transaction would leave a gap a sequence cannot give back).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests.helpers import card, refs, seeded_server_ledger
from tests.pg_cluster import Cluster

pytestmark = pytest.mark.pg

WRITERS, EACH = 4, 12


class _AbandonedError(Exception):
    """Raised inside a write transaction after a number was taken: the transaction rolls back."""


@pytest.fixture
def server(postgres: Cluster, clock: FixedClock) -> Iterator[Ledger]:
    led = seeded_server_ledger(postgres, clock)
    yield led
    led.engine.dispose()


def _office_pc(server: Ledger, clock: FixedClock, pc: int) -> list[str]:
    """One PC's own connection registering hazards, every third one abandoned after taking its number."""
    assert server.server is not None
    led = open_ledger(server.server, actor=f"科员{pc}", clock=clock)
    try:
        r = refs(led)
        numbers: list[str] = []
        for i in range(EACH):
            data = card(r, location=f"{pc}号PC第{i}条", found_date=dt.date(2026, 6, 1 + i % 9))
            if i % 3 == 2:
                with pytest.raises(_AbandonedError), led.write() as w:
                    hazards.register_in(w, data)
                    raise _AbandonedError
            else:
                numbers.append(str(hazards.register(led, data)["number"]))
        return numbers
    finally:
        led.engine.dispose()


def test_concurrent_registrations_get_gap_free_numbers(server: Ledger, clock: FixedClock) -> None:
    with ThreadPoolExecutor(WRITERS) as pool:
        per_pc = list(pool.map(lambda pc: _office_pc(server, clock, pc), range(1, WRITERS + 1)))
    numbers = sorted(n for pc in per_pc for n in pc)
    kept = WRITERS * (EACH - EACH // 3)
    assert numbers == [f"JK01-2026-{serial:05d}" for serial in range(1, kept + 1)]
    report = integrity.verify_for(server)
    assert report.ok, report.problems
