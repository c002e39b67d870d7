"""Taking in a big bundle reports its progress and can be cancelled: the office is then as it was (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetywatch.exchange import bundles
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from tests.exchange.stations_setup import Station, enrol_station, state, verify_ok
from tests.helpers import card, refs


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    return enrol_station(office, tmp_path, "ST01", ["JK01"])


def test_progress_is_reported_and_a_cancel_writes_nothing(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    r = refs(st)
    for _ in range(150):
        hazards.register(st, card(r))
    bundle = bundles.write_station_bundle(st, tmp_path)
    before = state(office)
    seen: list[tuple[int, int]] = []
    asked = []

    def cancel_after_first_check() -> bool:
        asked.append(1)
        return len(asked) > 1  # let the first 200 events through, then stop

    with pytest.raises(bundles.ImportCancelledError, match="nothing of the bundle was written"):
        bundles.read_station_bundle(
            office, bundle, progress=lambda d, t: seen.append((d, t)), cancelled=cancel_after_first_check
        )
    assert state(office) == before and seen and seen[0][0] == 0
    report = bundles.read_station_bundle(office, bundle, progress=lambda d, t: seen.append((d, t)))
    assert report.new_events == seen[-1][1] == seen[-1][0] > 200
    verify_ok(office)
