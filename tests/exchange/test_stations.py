"""Station ↔ office exchange on real files: a station's records reach the office equal and audited, the same
or an older bundle changes nothing, a lost one costs nothing, a gap is refused (issue 15)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.exchange import bundles
from safetywatch.exchange.foreign_events import BundleRefusedError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards, suggestions, violations
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.violations import HandlingInput, ViolationInput
from safetywatch.services.maintenance.opening import open_ledger
from tests.exchange.conftest import codes
from tests.exchange.stations_setup import (
    Station,
    enrol_station,
    state,
    station_records_equal,
    twin_of,
    verify_ok,
)
from tests.helpers import card, refs


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    return enrol_station(office, tmp_path, "ST01", ["JK01"])


def enter_everything(st: Ledger) -> None:
    """Records of each kind a clerk enters, with their later steps, amendments and voids."""
    r = refs(st)
    loop = hazards.register(st, card(r))
    hid = int(loop["id"])
    hazards.act(st, hid, StepInput(A.ISSUE_NOTICE, dt.date(2026, 6, 9), person="王队长", notice_no="TZ-7"))
    hazards.act(st, hid, StepInput(A.START_RECTIFICATION, dt.date(2026, 6, 9), person="李工"))
    hazards.register(st, card(r, fixed_on_site=True, description="风筒破口，现场已修补"))
    amended = hazards.register(st, card(r, description="皮带机托辊缺失"))
    hazards.amend(st, int(amended["id"]), card(r, description="皮带机托辊缺失三个"), "描述补全")
    voided = hazards.register(st, card(r, description="重复登记的隐患"))
    hazards.act(st, int(voided["id"]), StepInput(A.VOID, dt.date(2026, 6, 9), note="重复登记"))

    v = violations.register(
        st,
        ViolationInput(
            workstation_id=r.workstation,
            found_date=dt.date(2026, 6, 9),
            shift_id=r.shifts["1"],
            found_time="10:20",
            location="1201运输顺槽",
            offender_no="G1001",
            offender_name="张三",
            offender_unit_id=r.unit1,
            employment_id=codes(st, "employment")["ZS"],
            type_id=codes(st, "violation_type")["ZY"],
            severity_id=codes(st, "violation_severity")["YB"],
            description="未戴自救器下井",
            stopped_by_kind="inspector",
            stopped_by_id=r.inspectors["Q001"],
            found_via_id=codes(st, "violation_found_via")["QJY"],
        ),
    )
    violations.add_handling(
        st,
        int(v["id"]),
        HandlingInput(
            step_id=next(iter(codes(st, "handling_step").values())),
            on_date=dt.date(2026, 6, 9),
            decided_by="安监科",
            fine_yuan=50,
        ),
    )
    sheet = SheetInput(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], (Mark(r.inspectors["Q001"]),))
    duty.save_sheet(st, sheet)
    duty.save_sheet(
        st,
        SheetInput(
            r.workstation,
            dt.date(2026, 6, 9),
            r.shifts["1"],
            (Mark(r.inspectors["Q001"]), Mark(r.inspectors["Q002"])),
        ),
        reason="漏记一人",
    )
    suggestions.submit(
        st,
        SuggestionInput(
            proposed_on=dt.date(2026, 6, 9),
            proposer_id=r.inspectors["Q001"],
            unit_id=r.unit1,
            category_id=next(iter(codes(st, "suggestion_category").values())),
            content="回风巷增设洒水点",
        ),
    )


def _projection(ledger: Ledger, table: str, inspectors: list[int]) -> list[tuple[object, ...]]:
    columns = {
        "duty": "inspector_id, shift_date, shift_id, workstation_id, status, on_duty, exempt, reported, "
        "no_problem, n_hazards, n_violations, n_suggestions",
        "duty_month": "*",
    }[table]
    marks = ",".join("?" * len(inspectors))
    with ledger.read() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT {columns} FROM {table} WHERE inspector_id IN ({marks}) ORDER BY 1, 2, 3", tuple(inspectors)
        ).all()
    return [tuple(row) for row in rows]


def test_records_entered_at_a_station_reach_the_office_equal_and_audited(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    st = station.ledger
    enter_everything(st)
    first = bundles.write_station_bundle(st, tmp_path)
    report = bundles.read_station_bundle(office, first)
    assert report.applied.held == []
    # an edit after the first bundle travels in the second
    with st.read() as conn:
        hid = hazards.by_number(conn, f"JK01-{2026}-00001")
    assert hid is not None
    hazards.act(st, hid, StepInput(A.REPORT_DONE, dt.date(2026, 6, 10), person="李工"))
    second = bundles.write_station_bundle(st, tmp_path)
    report2 = bundles.read_station_bundle(office, second)
    assert report2.new_events > 0 and report2.applied.held == []

    station_records_equal(office, st)
    verify_ok(office)
    verify_ok(st)
    inspectors = list(refs(st).inspectors.values())
    for table in ("duty", "duty_month"):
        assert _projection(office, table, inspectors) == _projection(st, table, inspectors), table

    with office.read() as conn:
        held = dict(conn.exec_driver_sql("SELECT seq, hash FROM station_event").all())
        origins = [o for (o,) in conn.exec_driver_sql("SELECT origin FROM audit_event WHERE origin IS NOT NULL")]
        imports = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_event WHERE action = 'bundle_import' AND entity = 'exchange'"
        ).scalar_one()
    assert origins, "no applied event names its origin"
    for origin in origins:
        found = re.fullmatch(r"station ST01 #(\d+) ([0-9a-f]{16})", origin)
        assert found, origin
        assert held[int(found[1])].startswith(found[2]), origin
    assert imports == 2


def test_the_same_or_an_older_bundle_changes_nothing(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    r = refs(st)
    hazards.register(st, card(r))
    older = bundles.write_station_bundle(st, tmp_path)
    hazards.register(st, card(r, description="第二条"))
    newer = bundles.write_station_bundle(st, tmp_path)
    bundles.read_station_bundle(office, newer)
    before = state(office)
    again = bundles.read_station_bundle(office, newer)
    assert again.changed_nothing
    assert state(office) == before
    old = bundles.read_station_bundle(office, older)
    assert old.changed_nothing
    assert state(office) == before


def test_a_lost_bundle_costs_nothing(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    r = refs(st)
    hazards.register(st, card(r))
    lost = bundles.write_station_bundle(st, tmp_path / "lost.swx")
    hazards.register(st, card(r, description="第二条"))
    kept = bundles.write_station_bundle(st, tmp_path / "kept.swx")
    lost_range = bundles.check_bundle(None, lost)["manifest"]["range"]
    kept_range = bundles.check_bundle(None, kept)["manifest"]["range"]
    assert kept_range["from_seq"] == lost_range["from_seq"]  # starts from the acknowledged head
    assert kept_range["to_seq"] > lost_range["to_seq"]
    bundles.read_station_bundle(office, kept)
    station_records_equal(office, st)
    verify_ok(office)


def test_a_gap_is_refused_naming_the_missing_range(office: Ledger, station: Station, tmp_path: Path) -> None:
    st = station.ledger
    r = refs(st)
    hazards.register(st, card(r))
    first = bundles.write_station_bundle(st, tmp_path / "one.swx")
    bundles.read_station_bundle(office, first)
    reply = bundles.write_reply(office, "ST01", tmp_path / "reply.swx")
    bundles.read_reply(st, reply)
    hazards.register(st, card(r, description="第二条"))
    second = bundles.write_station_bundle(st, tmp_path / "two.swx")  # the office will never see this one
    bundles.read_reply(st, _ack_of(office, st, second, tmp_path))
    hazards.register(st, card(r, description="第三条"))
    third = bundles.write_station_bundle(st, tmp_path / "three.swx")
    before = state(office)
    with pytest.raises(BundleRefusedError) as refused:
        bundles.read_station_bundle(office, third)
    held = bundles.check_bundle(None, first)["manifest"]["range"]["to_seq"]
    starts = bundles.check_bundle(None, third)["manifest"]["range"]["from_seq"]
    assert f"#{starts}" in str(refused.value) and f"#{held}" in str(refused.value)
    assert state(office) == before


def _ack_of(office: Ledger, st: Ledger, bundle: Path, tmp_path: Path) -> Path:
    """A reply acknowledging *bundle* from a copy of the office (as if the office were later restored from
    a backup): the station's acknowledged head moves past events the real office does not hold."""
    twin = open_ledger(twin_of(office, tmp_path), actor="测试员", clock=office.clock)
    try:
        bundles.read_station_bundle(twin, bundle)
        return bundles.write_reply(twin, "ST01", tmp_path / "twin-reply.swx")
    finally:
        twin.close()
