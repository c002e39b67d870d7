"""Issue 16 §3 at stations: a training session (with its attendees) and a family activity entered at a station
reach the office equal and audited; a workstation closed at the office reaches the station, which then refuses
records dated while it is closed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.exchange import bundles
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import family, hazards, reference, training
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.training import TrainingInput
from tests.exchange.stations_setup import (
    business,
    enrol_station,
    station_records_equal,
    verify_ok,
)
from tests.helpers import card, refs


def test_a_training_session_entered_at_a_station_reaches_the_office(office: Ledger, tmp_path: Path) -> None:
    station = enrol_station(office, tmp_path, "ST01", ["JK01"])
    st = station.ledger
    r = refs(st)
    session = training.record(st, TrainingInput(dt.date(2026, 6, 8), "隐患排查", 4, "王工", r.unit1, "Q001 Q002"))
    family.record(st, FamilyInput(dt.date(2026, 6, 8), "forum", "女工委", participants=25, mine_id=r.mine))
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert report.applied.held == []
    # a correction after the first bundle (one attendee removed) travels in the second
    training.amend(
        st, session["id"], TrainingInput(dt.date(2026, 6, 8), "隐患排查", 4, "王工", r.unit1, "Q001"), "王芳未到"
    )
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert report.applied.held == []

    station_records_equal(office, st)
    attendees = business(office, "training_attendee")
    assert len(attendees) == 2 and sorted(a["voided"] for a in attendees.values()) == [0, 1]
    with office.read() as conn:
        found = training.get(conn, int(conn.exec_driver_sql("SELECT id FROM training_session").scalar_one()))
        origins = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_event WHERE entity LIKE 'training_%' AND origin LIKE 'station ST01 #%'"
        ).scalar_one()
    assert (
        found is not None and found["attendee_nos"] == "Q001" and origins == 4
    )  # the session, two attendees, one removed
    verify_ok(office)
    verify_ok(st)
    office.close()
    st.close()


def test_a_closing_made_at_the_office_reaches_the_station(office: Ledger, tmp_path: Path) -> None:
    station = enrol_station(office, tmp_path, "ST01", ["JK01"])
    st = station.ledger
    r = refs(office)
    reference.close_workstation(office, r.workstation, dt.date(2026, 6, 1), "井口改造")
    with pytest.raises(ValidationError, match="pit-head station"):  # reference data is the office's
        reference.close_workstation(st, refs(st).workstation, dt.date(2026, 6, 2), "井口改造")
    bundles.read_reply(st, bundles.write_reply(office, "ST01", tmp_path))
    with pytest.raises(ValidationError) as refused:
        hazards.register(st, card(refs(st)))
    assert "2026-06-01" in refused.value.errors[0].message
    verify_ok(st)
    office.close()
    st.close()
