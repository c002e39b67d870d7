"""Who may change what (issue 15): a station's change the office cannot apply is held with both versions, a
record for a closed month is applied and listed; the office's reply brings its reference changes back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.exchange import bundles
from safetywatch.exchange.foreign_events import BundleRefusedError
from safetywatch.exchange.stations import set_setting
from safetywatch.reports import generate
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.maintenance.opening import open_ledger
from tests.exchange.stations_setup import (
    Station,
    add_workstation,
    close_month,
    copy_db,
    enrol_station,
    force_reference_change,
    state,
    station_records_equal,
    verify_ok,
)
from tests.helpers import card, refs


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    return enrol_station(office, tmp_path, "ST01", ["JK01"])


def _exchange(office: Ledger, st: Ledger, folder: Path) -> bundles.ImportReport:
    """One round: the station's bundle read at the office, the office's reply read at the station."""
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, folder))
    bundles.read_reply(st, bundles.write_reply(office, report.station, folder))
    return report


def _held(office: Ledger) -> list[dict[str, object]]:
    with office.read() as conn:
        return bundles.held_changes(conn)


def test_a_station_change_to_a_record_the_office_changed_is_held_with_both_versions(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    r = refs(st)
    hazard = hazards.register(st, card(r, description="原描述"))
    _exchange(office, st, tmp_path)
    with office.read() as conn:
        at_office = hazards.by_number(conn, str(hazard["number"]))
    assert at_office is not None
    hazards.amend(office, at_office, card(refs(office), description="安全科改的描述"), "核实后更正")
    hazards.amend(st, int(hazard["id"]), card(r, description="井口站改的描述"), "补充细节")
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert len(report.applied.held) == 1, report.applied.held
    [held] = _held(office)
    assert held["cause"] == "transferred" and held["entity"] == "hazard"  # the office's amendment took it over
    incoming = json.loads(str(held["incoming"]))
    office_values = json.loads(str(held["office_values"]))
    assert incoming["after"]["description"] == "井口站改的描述"
    assert office_values["description"] == "安全科改的描述"
    with office.read() as conn:
        assert hazards.get(conn, at_office)["description"] == "安全科改的描述"  # nothing silently overwritten
    verify_ok(office)


def test_a_station_change_to_reference_data_is_held_not_owner(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    q001 = refs(st).inspectors["Q001"]
    with pytest.raises(ValidationError, match="comes from the safety office"), st.write() as w:
        w.update(m.INSPECTOR, q001, {"name": "站里改的名字"}, action="amend", reason="强行修改")
    force_reference_change(st, q001, "站里改的名字")  # a station that did not keep to it
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert len(report.applied.held) == 1
    [held] = _held(office)
    assert (held["cause"], held["entity"]) == ("not_owner", "inspector")
    with office.read() as conn:
        name = conn.exec_driver_sql("SELECT name FROM inspector WHERE id = ?", (q001,)).scalar_one()
    assert name != "站里改的名字"
    verify_ok(office)


def test_a_record_for_a_closed_month_is_applied_and_listed(office: Ledger, station: Station, tmp_path: Path) -> None:
    close_month(office, "2026-05")
    st = station.ledger
    late = hazards.register(st, card(refs(st), found_date=dt.date(2026, 5, 28), description="五月漏报的隐患"))
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert report.applied.held == []
    [listed] = report.applied.closed_month
    assert (listed.subject, listed.month, listed.day) == (str(late["number"]), "2026-05", "2026-05-28")
    station_records_equal(office, st)
    # June's report (the next open month) lists it among its corrections, May's stored report is unchanged
    with office.read() as conn:
        june = generate.monthly_report(conn, "2026-06", fmt="json")
    [correction] = june.report.corrections
    assert correction.for_month == "2026-05" and str(late["number"]) in correction.subject
    assert "ST01" in correction.correction and "2026-05-28" in correction.correction


def test_a_late_record_goes_into_the_first_open_month_after_its_own(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    close_month(office, "2026-04")
    close_month(office, "2026-05")
    st = station.ledger
    hazards.register(st, card(refs(st), found_date=dt.date(2026, 4, 28), description="四月漏报的隐患"))
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    with office.read() as conn:
        rows = conn.exec_driver_sql("SELECT month, for_month FROM report_adjustment").all()
    assert [tuple(r) for r in rows] == [("2026-06", "2026-04")]
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))  # the same again: no second
    with office.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM report_adjustment").scalar_one() == 1


def test_verify_accepts_a_stations_late_record_for_a_closed_month(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    close_month(office, "2026-05")
    st = station.ledger
    hazards.register(st, card(refs(st), found_date=dt.date(2026, 5, 28), description="五月漏报的隐患"))
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    verify_ok(office)


# --- replies ---------------------------------------------------------------------------------------------------


def test_a_reply_brings_the_offices_reference_changes_once(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    r = refs(office)
    new = reference.save(
        office,
        "inspector",
        {
            "employee_no": "Q777",
            "name": "新来的群监员",
            "unit_id": str(r.unit1),
            "workstation_id": str(r.workstation),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2026-06-01",
        },
    )
    ws = reference.save(
        office,
        "workstation",
        {"code": "JK01", "name": "主井井口群监站", "mine_id": str(r.mine)},
        row_id=r.workstation,
        reason="站名按文件更正",
    )
    reply = bundles.write_reply(office, "ST01", tmp_path)
    bundles.read_reply(st, reply)
    with st.read() as conn:
        inspector = conn.exec_driver_sql(
            "SELECT uuid, employee_no, name FROM inspector WHERE id = ?", (new["id"],)
        ).one()
        workstation = conn.exec_driver_sql("SELECT uuid, name FROM workstation WHERE id = ?", (ws["id"],)).one()
    assert tuple(inspector) == (new["uuid"], "Q777", "新来的群监员")
    assert tuple(workstation) == (ws["uuid"], "主井井口群监站")
    verify_ok(st)
    before = state(st)
    bundles.read_reply(st, reply)
    assert state(st) == before


def test_a_reply_for_another_station_is_refused(office: Ledger, station: Station, tmp_path: Path) -> None:
    add_workstation(office, "JK02")
    enrol_station(office, tmp_path, "ST02", ["JK02"])
    other = bundles.write_reply(office, "ST02", tmp_path)
    before = state(station.ledger)
    with pytest.raises(BundleRefusedError, match="ST02"):
        bundles.read_reply(station.ledger, other)
    assert state(station.ledger) == before


def test_a_station_behind_what_the_office_acknowledged_is_told(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    old_copy = copy_db(st, tmp_path / "station-backup.db")
    hazards.register(st, card(refs(st)))
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    reply = bundles.write_reply(office, "ST01", tmp_path)
    st.close()
    restored = open_ledger(old_copy, actor="测试员", clock=st.clock)
    try:
        before = state(restored)
        with pytest.raises(BundleRefusedError, match="older backup"):
            bundles.read_reply(restored, reply)
        assert state(restored) == before
    finally:
        restored.close()


def test_a_lost_reply_costs_nothing(office: Ledger, station: Station, tmp_path: Path) -> None:
    """Like a station's bundle, a reply the station never read is contained in the next one."""
    st = station.ledger
    r = refs(office)
    ws = reference.save(
        office,
        "workstation",
        {"code": "JK01", "name": "主井井口群监站", "mine_id": str(r.mine)},
        row_id=r.workstation,
        reason="站名按文件更正",
    )
    bundles.write_reply(office, "ST01", tmp_path / "lost")  # the stick is lost on the way
    hazards.register(st, card(refs(st)))
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    bundles.read_reply(st, bundles.write_reply(office, "ST01", tmp_path / "kept"))
    with st.read() as conn:
        name = conn.exec_driver_sql("SELECT name FROM workstation WHERE id = ?", (ws["id"],)).scalar_one()
    assert name == "主井井口群监站"
    verify_ok(st)


def test_the_same_number_from_two_stations_is_held_as_a_clash(office: Ledger, station: Station, tmp_path: Path) -> None:
    """A station entering a record for a workstation another station numbers is refused at entry; one that did
    anyway (an older version): the office holds it, the import does not fail."""
    add_workstation(office, "JK02")
    second = enrol_station(office, tmp_path, "ST02", ["JK02"])
    mine = hazards.register(station.ledger, card(refs(station.ledger)))
    with pytest.raises(ValidationError, match="serves other workstations"):  # refused at entry
        hazards.register(second.ledger, card(refs(second.ledger), description="另一站录在JK01下"))
    with second.ledger.write() as w:  # a station that did not keep to it (an older version): its role off
        set_setting(w, "exchange_role", "standalone")
        theirs = hazards.register_in(w, card(refs(second.ledger), description="另一站录在JK01下"))
        set_setting(w, "exchange_role", "station")
    assert mine["number"] == theirs["number"]
    bundles.read_station_bundle(office, bundles.write_station_bundle(station.ledger, tmp_path))
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(second.ledger, tmp_path))
    assert len(report.applied.held) == 1
    [held] = _held(office)
    assert (held["cause"], held["entity"]) == ("clash", "hazard")
    verify_ok(office)
