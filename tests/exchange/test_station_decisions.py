"""The office's decisions on a station's records travel back (issue 15): a step taken at the office, and a held
change resolved by a person — keeping the office's version or taking the station's — leave both sides holding
the same record once the station has read the reply, with every change audited and verify passing at both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.exchange import bundles, held
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.kinds.hazards import StepInput
from tests.exchange.stations_setup import (
    Station,
    enrol_station,
    force_reference_change,
    station_records_equal,
    verify_ok,
)
from tests.helpers import card, refs

DAY = dt.date(2026, 6, 10)


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    return enrol_station(office, tmp_path, "ST01", ["JK01"])


def _to_office(office: Ledger, st: Ledger, folder: Path) -> bundles.ImportReport:
    return bundles.read_station_bundle(office, bundles.write_station_bundle(st, folder))


def _to_station(office: Ledger, st: Ledger, folder: Path) -> dict[str, object]:
    return bundles.read_reply(st, bundles.write_reply(office, "ST01", folder))


def _office_id(office: Ledger, number: str) -> int:
    with office.read() as conn:
        found = hazards.by_number(conn, number)
    assert found is not None
    return int(found)


def _state(ledger: Ledger, number: str) -> tuple[object, ...]:
    with ledger.read() as conn:
        row = conn.exec_driver_sql("SELECT status, notice_no, description FROM hazard WHERE number = ?", (number,))
        steps = conn.exec_driver_sql(
            "SELECT f.action FROM hazard_follow_up f JOIN hazard h ON h.id = f.hazard_id WHERE h.number = ? "
            "ORDER BY f.id",
            (number,),
        )
        return (*row.one(), tuple(r[0] for r in steps))


def test_a_step_taken_at_the_office_reaches_the_station(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    hazard = hazards.register(st, card(refs(st)))
    number = str(hazard["number"])
    _to_office(office, st, tmp_path)
    hazards.act(office, _office_id(office, number), StepInput(A.ISSUE_NOTICE, DAY, person="安全科王科长"))
    result = _to_station(office, st, tmp_path)
    assert result["reference_changes"] == 2  # the office's take-over of the hazard, and its step
    assert _state(st, number) == _state(office, number)
    assert _state(st, number)[0] == "notice_issued" and _state(st, number)[3] == ("register", "issue_notice")
    verify_ok(st)
    # the hazard is the office's now: the station's copy is read-only, and the office goes on with the loop
    with pytest.raises(ValidationError, match="took this record over"):
        hazards.act(st, int(hazard["id"]), StepInput(A.START_RECTIFICATION, DAY, person="李工"))
    hazards.act(office, _office_id(office, number), StepInput(A.START_RECTIFICATION, DAY, person="李工"))
    _to_station(office, st, tmp_path)
    report = _to_office(office, st, tmp_path)  # the office's changes come back without echo
    assert report.applied.held == [] and report.applied.applied == 0
    station_records_equal(office, st)
    verify_ok(office)
    with st.read() as conn:
        origins = [r[0] for r in conn.exec_driver_sql("SELECT origin FROM audit_event WHERE origin LIKE 'office #%'")]
    assert len(origins) == 3


def _stale(office: Ledger, st: Ledger, folder: Path) -> tuple[str, int]:
    """A hazard both sides amended: the station's amendment arrives stale and is held."""
    r = refs(st)
    hazard = hazards.register(st, card(r, description="原描述"))
    number = str(hazard["number"])
    _to_office(office, st, folder)
    hazards.amend(office, _office_id(office, number), card(refs(office), description="安全科改的描述"), "核实后更正")
    hazards.amend(st, int(hazard["id"]), card(r, description="井口站改的描述"), "补充细节")
    report = _to_office(office, st, folder)
    assert len(report.applied.held) == 1
    with office.read() as conn:
        [row] = bundles.held_changes(conn)
    return number, int(row["id"])


def test_keeping_the_office_s_version_brings_the_station_in_line(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    number, held_id = _stale(office, st, tmp_path)
    with pytest.raises(ValidationError):
        held.resolve(office, held_id, held.KEEP_OFFICE, "")  # a reason is required
    resolved = held.resolve(office, held_id, held.KEEP_OFFICE, "以安全科核实的描述为准")
    assert resolved["status"] == "resolved" and resolved["resolution"].startswith("office: ")
    with office.read() as conn:
        assert bundles.held_changes(conn) == []
    _to_station(office, st, tmp_path)
    assert _state(st, number)[2] == "安全科改的描述"
    _to_office(office, st, tmp_path)  # the station's copy of the office's change goes back without echo
    station_records_equal(office, st)
    verify_ok(office)
    verify_ok(st)
    with pytest.raises(ValidationError, match="not held"):
        held.resolve(office, held_id, held.KEEP_OFFICE, "再处理一次")


def test_taking_the_station_s_version_amends_the_office_and_travels_back(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    number, held_id = _stale(office, st, tmp_path)
    held.resolve(office, held_id, held.TAKE_STATION, "井口站的描述更完整")
    assert _state(office, number)[2] == "井口站改的描述"
    with office.read() as conn:
        reasons = [r[0] for r in conn.exec_driver_sql("SELECT reason FROM audit_event WHERE action = 'amend'")]
    assert "井口站的描述更完整" in reasons
    _to_station(office, st, tmp_path)
    _to_office(office, st, tmp_path)
    station_records_equal(office, st)
    verify_ok(office)
    verify_ok(st)


def test_only_a_stale_change_can_be_taken_over(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    from safetywatch.db import models as m

    q001 = refs(st).inspectors["Q001"]
    with pytest.raises(ValidationError, match="comes from the safety office"), st.write() as w:
        w.update(m.INSPECTOR, q001, {"name": "站里改的名字"}, action="amend", reason="强行修改")
    force_reference_change(st, q001, "站里改的名字")  # a station that did not keep to it
    _to_office(office, st, tmp_path)
    with office.read() as conn:
        [row] = bundles.held_changes(conn)
    with pytest.raises(ValidationError, match="keep the office's version"):
        held.resolve(office, int(row["id"]), held.TAKE_STATION, "试图接受")
    held.resolve(office, int(row["id"]), held.KEEP_OFFICE, "基础数据由安全科维护")
    verify_ok(office)


def test_a_station_restored_from_an_older_copy_takes_its_events_back(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    """Its bundle reached the office, then the station PC was restored from a copy made before: the reply
    says so and takes nothing in; the office's recovery bundle gives back the events after the copy, verbatim,
    with the records they made; the station then carries on and the office takes its next bundle."""
    from safetywatch.exchange.foreign_events import BundleRefusedError
    from tests.exchange.stations_setup import copy_db

    st = station.ledger
    r = refs(st)
    hazards.register(st, card(r))
    _to_office(office, st, tmp_path)
    _to_station(office, st, tmp_path)
    old = copy_db(st, tmp_path / "old-copy.db")  # the backup
    later = hazards.register(st, card(r, description="备份之后登记的隐患"))
    hazards.act(st, int(later["id"]), StepInput(A.ISSUE_NOTICE, DAY, person="王队长"))
    _to_office(office, st, tmp_path)
    with st.read() as conn:
        before_loss = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq").all()
    st.close()
    station.path.unlink()
    old.rename(station.path)  # the PC restored from the copy
    from safetywatch.services.maintenance.opening import open_ledger

    restored = open_ledger(station.path, seed=False, clock=st.clock)
    with pytest.raises(BundleRefusedError, match="restored from an older backup"):
        _to_station(office, restored, tmp_path)
    taken = bundles.read_recovery(restored, bundles.write_recovery(office, "ST01", tmp_path / "recovery"))
    assert taken > 0
    with restored.read() as conn:
        after = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq").all()
    assert after[: len(before_loss)] == before_loss  # the office held everything the station had sent
    assert _state(restored, str(later["number"]))[0] == "notice_issued"
    verify_ok(restored)
    assert bundles.read_recovery(restored, bundles.write_recovery(office, "ST01", tmp_path / "again")) == 0
    hazards.register(restored, card(refs(restored), description="恢复之后登记的隐患"))
    report = _to_office(office, restored, tmp_path)
    assert report.new_events > 0 and report.applied.held == []
    station_records_equal(office, restored)
    verify_ok(office)


def test_a_restored_station_that_entered_records_first_is_refused_recovery(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    """Restored, then used before recovering: its chain took another turn at the same numbers. The recovery
    bundle is refused whole (nothing taken in): a person must sort out the two histories."""
    from safetywatch.exchange.foreign_events import BundleRefusedError
    from safetywatch.services.maintenance.opening import open_ledger
    from tests.exchange.stations_setup import copy_db

    st = station.ledger
    r = refs(st)
    hazards.register(st, card(r))
    old = copy_db(st, tmp_path / "old-copy.db")
    hazards.register(st, card(r, description="备份之后登记的隐患"))
    _to_office(office, st, tmp_path)
    st.close()
    station.path.unlink()
    old.rename(station.path)
    restored = open_ledger(station.path, seed=False, clock=st.clock)
    hazards.register(restored, card(refs(restored), description="恢复后直接登记的另一条"))
    with restored.read() as conn:
        before = conn.exec_driver_sql("SELECT max(seq), (SELECT count(*) FROM hazard) FROM audit_event").one()
    with pytest.raises(BundleRefusedError, match="history differs"):
        bundles.read_recovery(restored, bundles.write_recovery(office, "ST01", tmp_path / "recovery"))
    with restored.read() as conn:
        assert conn.exec_driver_sql("SELECT max(seq), (SELECT count(*) FROM hazard) FROM audit_event").one() == before
