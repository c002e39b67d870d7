"""An office and three stations under random schedules of entries, steps, bundles lost, repeated and
reordered, and replies (issue 15, "Tests and evidence"): the office always equals what each station sent, up
to what it acknowledged; verify passes at the office; no number collides."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.exchange import bundle_file, bundles
from safetywatch.exchange.foreign_events import STATION_TABLES
from safetywatch.services.kinds import hazards
from safetywatch.services.kinds.hazards import StepInput
from tests.exchange.stations_setup import (
    Station,
    add_workstation,
    business,
    enrol_station,
    office_at,
    verify_ok,
)
from tests.helpers import card, refs

CODES = ("ST01", "ST02", "ST03")
#: the step each status takes next (a random schedule walks hazards through their loop)
NEXT_STEP = {
    "registered": StepInput(A.ISSUE_NOTICE, dt.date(2026, 6, 9), person="王队长"),
    "notice_issued": StepInput(A.START_RECTIFICATION, dt.date(2026, 6, 9), person="李工"),
    "in_rectification": StepInput(A.REPORT_DONE, dt.date(2026, 6, 10), person="李工"),
}
station_no = st.integers(0, len(CODES) - 1)


def _records(ledger: Any) -> dict[str, dict[str, dict[str, Any]]]:
    return {table: business(ledger, table) for table in sorted(STATION_TABLES)}


class OfficeAndStations(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="safetywatch-stations-"))
        self.office = office_at(self.folder)
        add_workstation(self.office, "JK02")
        add_workstation(self.office, "JK03")
        self.stations: list[Station] = [
            enrol_station(self.office, self.folder, code, [f"JK0{i + 1}"]) for i, code in enumerate(CODES)
        ]
        self.written: list[tuple[int, Path, int]] = []  # (station, bundle, its last seq)
        #: what each station held when it wrote a bundle ending at seq: {station: {seq: records}}
        self.sent: list[dict[int, dict[str, dict[str, dict[str, Any]]]]] = [{} for _ in CODES]
        self.acked = [0 for _ in CODES]  # the last seq the office took in, per station

    def teardown(self) -> None:
        for station in self.stations:
            station.ledger.close()
        self.office.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(i=station_no, fixed=st.booleans())
    def enter_hazard(self, i: int, fixed: bool) -> None:
        ledger = self.stations[i].ledger
        with ledger.read() as conn:  # the station's own workstation: it numbers that one's records
            workstation = conn.exec_driver_sql("SELECT id FROM workstation WHERE code = ?", (f"JK0{i + 1}",)).one()
        hazards.register(ledger, card(refs(ledger), workstation_id=int(workstation[0]), fixed_on_site=fixed))

    @rule(i=station_no, pick=st.integers(0, 50))
    def take_step(self, i: int, pick: int) -> None:
        ledger = self.stations[i].ledger
        with ledger.read() as conn:
            open_ones = conn.exec_driver_sql(
                "SELECT id, status FROM hazard WHERE status IN ('registered', 'notice_issued', 'in_rectification') "
                "ORDER BY id"
            ).all()
        if open_ones:
            hazard_id, status = open_ones[pick % len(open_ones)]
            hazards.act(ledger, int(hazard_id), NEXT_STEP[str(status)])

    @rule(i=station_no)
    def write_bundle(self, i: int) -> None:
        ledger = self.stations[i].ledger
        path = bundles.write_station_bundle(ledger, self.folder / f"b{len(self.written):03d}{bundle_file.SUFFIX}")
        last = int(bundle_file.read_bundle(path).manifest["range"]["to_seq"])
        self.written.append((i, path, last))
        self.sent[i][last] = _records(ledger)

    @precondition(lambda self: bool(self.written))
    @rule(pick=st.integers(0, 1000))
    def office_reads_a_bundle(self, pick: int) -> None:
        """Any bundle written so far: the newest, a repeated one, an older one; the others lost."""
        i, path, last = self.written[pick % len(self.written)]
        report = bundles.read_station_bundle(self.office, path)
        assert report.applied.held == []
        self.acked[i] = max(self.acked[i], last)

    @rule(i=station_no)
    def reply(self, i: int) -> None:
        reply = bundles.write_reply(self.office, CODES[i], self.folder / f"r{i}")
        bundles.read_reply(self.stations[i].ledger, reply)

    @invariant()
    def the_office_holds_what_each_station_sent(self) -> None:
        for i in range(len(CODES)):
            if not self.acked[i]:
                continue
            sent = self.sent[i][self.acked[i]]
            for table, records in sent.items():
                assert business(self.office, table, set(records)) == records, (CODES[i], table)

    @invariant()
    def numbers_do_not_collide(self) -> None:
        with self.office.read() as conn:
            twice = conn.exec_driver_sql("SELECT number FROM hazard GROUP BY number HAVING count(*) > 1").all()
        assert twice == []

    @invariant()
    def verify_passes_at_the_office(self) -> None:
        verify_ok(self.office)


OfficeAndStations.TestCase.settings = settings(
    max_examples=10,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_office_and_three_stations = OfficeAndStations.TestCase
