"""Enrolling a PC that already holds records (issue 15): its reference data are matched to the office's by natural
key, every mismatch is listed before anything changes, and a clean join carries its records — uuids and numbers
kept — into a station database whose first bundle brings them to the office, verify passing at both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetywatch.db import models as m
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardAction as A
from safetywatch.exchange import bundles, join, stations
from safetywatch.exchange.foreign_events import STATION_TABLES
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import accounts, duty, hazards, reference, violations
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.services.maintenance import backup
from safetywatch.services.maintenance.opening import open_ledger
from tests.account_helpers import FAST
from tests.exchange.conftest import codes
from tests.exchange.stations_setup import CLOCK, file_sha256, office_at, station_records_equal, verify_ok
from tests.helpers import card, drop_protective_triggers, raw_sqlite, refs, seeded_ledger
from tests.test_cli import run_cli

#: The standalone PC was set up on another day than the office: its seeded reference rows have other uuids.
PC_CLOCK = FixedClock(dt.datetime(2026, 6, 10, 3, 0, tzinfo=dt.UTC))
DAY = dt.date(2026, 6, 9)


def _standalone_with_records(path: Path) -> Ledger:
    pc = seeded_ledger(path, PC_CLOCK)
    r = refs(pc)
    first = hazards.register(pc, card(r))
    hazards.act(pc, int(first["id"]), StepInput(A.ISSUE_NOTICE, DAY, person="王队长", notice_no="TZ-7"))
    hazards.register(pc, card(r, description="皮带机托辊缺失", finder_id=r.inspectors["Q002"]))
    violations.register(
        pc,
        ViolationInput(
            workstation_id=r.workstation,
            found_date=DAY,
            shift_id=r.shifts["1"],
            found_time="10:20",
            location="1201运输顺槽",
            offender_no="G1001",
            offender_name="张三",
            offender_unit_id=r.unit1,
            employment_id=codes(pc, "employment")["ZS"],
            type_id=codes(pc, "violation_type")["ZY"],
            severity_id=codes(pc, "violation_severity")["YB"],
            description="未戴自救器下井",
            stopped_by_kind="inspector",
            stopped_by_id=r.inspectors["Q001"],
            found_via_id=codes(pc, "violation_found_via")["QJY"],
        ),
    )
    marks = (Mark(r.inspectors["Q001"], reported=True), Mark(r.inspectors["Q002"]))
    duty.save_sheet(pc, SheetInput(r.workstation, DAY, r.shifts["1"], marks))
    return pc


def _numbers(ledger: Ledger) -> dict[str, str]:
    with ledger.read() as conn:
        return {
            str(u): str(n)
            for u, n in conn.exec_driver_sql("SELECT uuid, number FROM hazard UNION SELECT uuid, number FROM violation")
        }


@pytest.fixture
def setup(office: Ledger, tmp_path: Path) -> tuple[Ledger, Path, str, Path]:
    new = stations.add_station(office, "ST01", "一号井口群监站", ["JK01"])
    enrolment = stations.write_enrolment(office, "ST01", tmp_path / "enrol-ST01")
    pc = _standalone_with_records(tmp_path / "pc" / "ledger.db")
    pc.close()
    return office, enrolment, new.enrol_code, tmp_path / "pc" / "ledger.db"


def test_the_reference_data_match_by_natural_key_not_by_uuid(setup: tuple[Ledger, Path, str, Path]) -> None:
    office, enrolment, _code, pc_path = setup
    pc = open_ledger(pc_path, clock=PC_CLOCK)
    with office.read() as a, pc.read() as b:
        uuid_of = "SELECT uuid FROM inspector WHERE employee_no = 'Q001'"
        assert a.exec_driver_sql(uuid_of).scalar_one() != b.exec_driver_sql(uuid_of).scalar_one()
    pc.close()
    plan = join.plan_join(pc_path, enrolment)
    assert plan.mismatches == []
    assert set(join.CARRY_ORDER) == STATION_TABLES  # every record a station owns is carried
    assert plan.matched["inspector"] == 2 and plan.records["hazard"] == 2 and plan.records["duty_sheet"] == 1


def test_an_inspector_only_on_the_pc_is_listed_and_nothing_changes(
    setup: tuple[Ledger, Path, str, Path], tmp_path: Path
) -> None:
    _office, enrolment, code, pc_path = setup
    pc = open_ledger(pc_path, clock=PC_CLOCK)
    r = refs(pc)
    only_here = reference.save(
        pc,
        "inspector",
        {
            "employee_no": "Q777",
            "name": "赵六",
            "unit_id": str(r.unit1),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2024-01-01",
        },
    )
    hazards.register(pc, card(r, finder_id=int(only_here["id"])))
    with pc.write() as w:  # a 工号 the office knows under another name
        w.update(m.INSPECTOR, r.inspectors["Q002"], {"name": "王芳芳"}, action="amend", reason="改名")
    pc.close()
    before = file_sha256(pc_path)
    plan = join.plan_join(pc_path, enrolment)
    subjects = [m.subject for m in plan.mismatches]
    assert any("Q777" in s for s in subjects) and any("Q002" in s for s in subjects), plan.lines()
    with pytest.raises(join.JoinRefusedError) as refused:
        join.join(pc_path, enrolment, code, clock=CLOCK)
    assert "Q777" in str(refused.value) and "office" in str(refused.value)
    assert file_sha256(pc_path) == before
    assert not list(pc_path.parent.glob("*.before-enrol-*")) and not list(pc_path.parent.glob(".*.tmp"))


def test_a_clean_join_carries_the_records_and_the_first_bundle_brings_them_to_the_office(
    setup: tuple[Ledger, Path, str, Path], tmp_path: Path
) -> None:
    office, enrolment, code, pc_path = setup
    pc = open_ledger(pc_path, clock=PC_CLOCK)
    numbers = _numbers(pc)
    pc.close()
    original = file_sha256(pc_path)
    joined = join.join(pc_path, enrolment, code, clock=CLOCK)
    # two hazards with three follow-up entries (two registrations, one notice), a 三违, a shift sheet
    assert joined.carried == sum(joined.plan.records.values()) == 7
    kept = backup.read_manifest(joined.kept)
    assert kept is not None and kept.verified and kept.head_seq == joined.plan.head[0]
    assert file_sha256(pc_path) != original
    st = open_ledger(pc_path, clock=CLOCK)
    with st.read() as conn:
        assert stations.identity(conn).role == stations.STATION
    assert _numbers(st) == numbers
    verify_ok(st)
    # the station numbers on from its own records
    assert hazards.register(st, card(refs(st)))["number"] == "JK01-2026-00003"
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert report.applied.held == []
    assert {u: n for u, n in _numbers(office).items() if u in numbers} == numbers
    station_records_equal(office, st)
    with office.read() as conn:
        sheets = conn.exec_driver_sql("SELECT count(*) FROM duty").scalar_one()
    assert sheets == 2  # the shift sheet's duty projection, under the office's inspector ids
    verify_ok(office)
    verify_ok(st)


def test_the_commands_check_then_join_then_send(setup: tuple[Ledger, Path, str, Path], tmp_path: Path) -> None:
    office, enrolment, code, pc_path = setup
    office.close()
    enrol = ("station", "enrol", "--from", str(enrolment), "--db", str(pc_path))
    checked = run_cli(*enrol, "--check")
    assert checked.returncode == 0, checked.stderr
    assert "records to carry: " in checked.stdout and "MISMATCH" not in checked.stdout
    joined = run_cli(*enrol, "--enrol-code", code)
    assert joined.returncode == 0, joined.stderr
    assert "is now station ST01: 7 records carried" in joined.stdout and "before-enrol-" in joined.stdout
    again = run_cli(*enrol, "--check")  # a station now: it does not join twice
    assert again.returncode == 1 and "already a station database" in again.stderr
    (tmp_path / "stick").mkdir()
    written = run_cli("bundle", "write", "--db", str(pc_path), "--out", str(tmp_path / "stick"))
    assert written.returncode == 0, written.stderr
    read = run_cli("bundle", "read", "--db", str(office.target), *map(str, (tmp_path / "stick").iterdir()))
    assert read.returncode == 0 and " 0 held" in read.stdout, read.stdout + read.stderr
    for db in (pc_path, office.target):
        verified = run_cli("verify", "--db", str(db))
        assert verified.returncode == 0, verified.stdout + verified.stderr


def test_the_command_lists_each_mismatch_and_changes_nothing(setup: tuple[Ledger, Path, str, Path]) -> None:
    _office, enrolment, code, pc_path = setup
    pc = open_ledger(pc_path, clock=PC_CLOCK)
    r = refs(pc)
    with pc.write() as w:
        w.update(m.INSPECTOR, r.inspectors["Q001"], {"name": "李思"}, action="amend", reason="改名")
    pc.close()
    before = file_sha256(pc_path)
    enrol = ("station", "enrol", "--from", str(enrolment), "--db", str(pc_path))
    for extra in (("--check",), ("--enrol-code", code)):
        result = run_cli(*enrol, *extra)
        assert result.returncode == 1
        assert "MISMATCH inspector Q001" in result.stdout and "'李思'" in result.stdout and "'李四'" in result.stdout
    assert "nothing was changed" in result.stderr
    assert file_sha256(pc_path) == before


def test_the_clerks_keep_their_log_ins_and_later_steps_reach_the_office(
    setup: tuple[Ledger, Path, str, Path], tmp_path: Path
) -> None:
    office, enrolment, code, pc_path = setup
    pc = open_ledger(pc_path, clock=PC_CLOCK)
    accounts.create_first_administrator(pc, "zhang", "张管理员", "Secret-pass-1", hasher=FAST)
    pc.close()
    join.join(pc_path, enrolment, code, clock=CLOCK, actor="zhang")
    st = open_ledger(pc_path, clock=CLOCK)
    assert accounts.authenticate(st, "zhang", "Secret-pass-1", hasher=FAST).login == "zhang"
    with st.read() as conn:
        assert accounts.check_credentials(conn) == []
        first = int(conn.exec_driver_sql("SELECT id FROM hazard ORDER BY id LIMIT 1").scalar_one())
    bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    # a step on a carried record after the join is applied at the office like any station change
    hazards.act(st, first, StepInput(A.START_RECTIFICATION, DAY, person="李工"))
    report = bundles.read_station_bundle(office, bundles.write_station_bundle(st, tmp_path))
    assert report.applied.held == [] and report.applied.applied >= 1
    station_records_equal(office, st)
    verify_ok(office)
    verify_ok(st)


def test_a_pc_that_does_not_verify_is_not_joined(setup: tuple[Ledger, Path, str, Path]) -> None:
    _office, enrolment, code, pc_path = setup
    with raw_sqlite(pc_path) as conn:
        drop_protective_triggers(conn)
        conn.execute("UPDATE hazard SET description = '改过的描述' WHERE id = 1")
    before = file_sha256(pc_path)
    with pytest.raises(ValidationError, match="does not verify"):
        join.join(pc_path, enrolment, code, clock=CLOCK)
    assert file_sha256(pc_path) == before


def test_records_of_another_workstation_and_numbers_the_office_gave_are_mismatches(tmp_path: Path) -> None:
    office = office_at(tmp_path)
    hazards.register(office, card(refs(office)))  # the office numbered JK01-2026-00001 before the station existed
    new = stations.add_station(office, "ST01", "一号井口群监站", ["JK01"])
    enrolment = stations.write_enrolment(office, "ST01", tmp_path / "enrol-ST01")
    pc = _standalone_with_records(tmp_path / "pc" / "ledger.db")
    with pc.read() as conn:
        mine = next(c.id for c in reference.choices(conn, "org_unit") if c.code == "M01")
    jk02 = reference.save(pc, "workstation", {"code": "JK02", "name": "JK02井口", "mine_id": str(mine)})
    hazards.register(pc, card(refs(pc), workstation_id=int(jk02["id"])))
    pc.close()
    plan = join.plan_join(tmp_path / "pc" / "ledger.db", enrolment)
    subjects = {m.subject for m in plan.mismatches}
    assert "hazard of JK02" in subjects  # a workstation the station will not serve
    assert "workstation JK02 (JK02井口)" in subjects  # and the office has no JK02
    assert "hazard numbers of JK01 in 2026" in subjects  # the office holds JK01-2026-00001 already
    with pytest.raises(join.JoinRefusedError):
        join.join(tmp_path / "pc" / "ledger.db", enrolment, new.enrol_code, clock=CLOCK)


def test_voided_records_of_another_workstation_stay_behind(setup: tuple[Ledger, Path, str, Path]) -> None:
    _office, enrolment, code, pc_path = setup
    pc = open_ledger(pc_path, clock=PC_CLOCK)
    with pc.read() as conn:
        mine = next(c.id for c in reference.choices(conn, "org_unit") if c.code == "M01")
    jk02 = reference.save(pc, "workstation", {"code": "JK02", "name": "JK02井口", "mine_id": str(mine)})
    stray = hazards.register(pc, card(refs(pc), workstation_id=int(jk02["id"])))
    assert "hazard of JK02" in {m.subject for m in join.plan_join(pc_path, enrolment).mismatches}
    hazards.act(pc, int(stray["id"]), StepInput(A.VOID, DAY, note="录错井口"))
    pc.close()
    plan = join.plan_join(pc_path, enrolment)
    assert plan.mismatches == [], plan.lines()  # JK02 is used by no record that travels
    assert plan.left_behind["hazard"] == {int(stray["id"])} and len(plan.left_behind["hazard_follow_up"]) == 2
    joined = join.join(pc_path, enrolment, code, clock=CLOCK)
    assert joined.carried == 7
    st = open_ledger(pc_path, clock=CLOCK)
    assert str(stray["number"]) not in _numbers(st).values()
    verify_ok(st)
