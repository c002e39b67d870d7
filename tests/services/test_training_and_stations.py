"""Issue 16 §3: inspector training (网员培训), family work attributed to a mine, and pit-head workstations
closed and restored — the services' checks, and what a closing does to the records and the duty expected."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, family, hazards, reference, training
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.training import TrainingInput
from safetywatch.services.maintenance.integrity import verify
from safetywatch.services.reporting import rates
from tests.helpers import card, count_rows, refs

pytestmark = pytest.mark.pg

DAY = dt.date(2026, 6, 9)


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def _attending(ledger: Ledger, session_id: int) -> list[str]:
    with ledger.read() as conn:
        found = training.get(conn, session_id)
    assert found is not None
    return str(found["attendee_nos"]).split()


def test_a_session_names_its_attendees_by_employee_no_or_name(ledger: Ledger) -> None:
    r = refs(ledger)
    session = training.record(ledger, TrainingInput(DAY, "隐患排查", 4, "王工", r.unit1, "Q001、王芳"))
    assert _attending(ledger, session["id"]) == ["Q001", "Q002"]
    assert count_rows(ledger, "training_attendee") == 2
    # a correction: Q002 removed (voided, with the reason), nobody added
    with ledger.read() as conn:
        data = training.input_of(training.get(conn, session["id"]) or {})
    data.attendees = "Q001"
    training.amend(ledger, session["id"], data, "王芳请假未到")
    assert _attending(ledger, session["id"]) == ["Q001"]
    with ledger.read() as conn:
        voided = conn.exec_driver_sql("SELECT void_reason FROM training_attendee WHERE voided = 1").scalar_one()
    assert voided == "王芳请假未到"
    with pytest.raises(ValidationError, match="Nothing was changed"):
        training.amend(ledger, session["id"], data, "再存一次")
    with ledger.read() as conn:
        assert verify(conn).ok


def test_training_is_refused_with_every_problem_named(ledger: Ledger) -> None:
    r = refs(ledger)
    with pytest.raises(ValidationError) as info:
        training.record(ledger, TrainingInput(dt.date(2026, 6, 20), "", 0, "", None, "Q001 Q999 张飞"))
    fields = _fields(info)
    assert set(fields) == {"on_date", "topic", "hours", "teacher", "unit_id", "attendees"}
    with pytest.raises(ValidationError) as unknown:
        training.record(ledger, TrainingInput(DAY, "培训", 2, "王工", r.unit1, "Q999"))
    assert "Q999" in _fields(unknown)["attendees"]
    with pytest.raises(ValidationError) as nobody:
        training.record(ledger, TrainingInput(DAY, "培训", 2, "王工", r.unit1, " "))
    assert "attendees" in _fields(nobody)
    with pytest.raises(ValidationError) as early:  # appointed 2020-01-01
        training.record(ledger, TrainingInput(dt.date(2019, 6, 1), "培训", 2, "王工", r.unit1, "Q001"))
    assert "not on the roll" in _fields(early)["attendees"]
    assert count_rows(ledger, "training_session") == 0 and count_rows(ledger, "training_attendee") == 0


def test_a_family_activity_needs_its_mine_or_takes_the_offenders(ledger: Ledger) -> None:
    r = refs(ledger)
    with pytest.raises(ValidationError) as info:
        family.record(ledger, FamilyInput(DAY, "forum", "女工委", participants=20))
    assert set(_fields(info)) == {"mine_id"}
    with pytest.raises(ValidationError) as unit:
        family.record(ledger, FamilyInput(DAY, "forum", "女工委", participants=20, mine_id=r.unit1))
    assert "mine" in _fields(unit)["mine_id"]
    saved = family.record(ledger, FamilyInput(DAY, "forum", "女工委", participants=20, mine_id=r.mine))
    assert saved["mine_id"] == r.mine


def _new_station(ledger: Ledger, code: str = "JK09") -> int:
    r = refs(ledger)
    values = {"code": code, "name": "副井", "mine_id": str(r.mine), "opened_on": "2026-01-05"}
    return int(reference.save(ledger, "workstation", values)["id"])


def test_a_closed_workstation_takes_no_record_dated_while_closed(ledger: Ledger) -> None:
    r = refs(ledger)
    reference.close_workstation(ledger, r.workstation, dt.date(2026, 6, 1), "井口改造")
    with pytest.raises(ValidationError) as hazard:
        hazards.register(ledger, card(r))  # found 9 June
    assert "JK01" in _fields(hazard)["workstation_id"] and "2026-06-01" in _fields(hazard)["workstation_id"]
    sheet = SheetInput(r.workstation, DAY, r.shifts["1"], (Mark(r.inspectors["Q001"]),))
    with pytest.raises(ValidationError) as shift:
        duty.save_sheet(ledger, sheet)
    assert "JK01" in _fields(shift)["workstation_id"]
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 31)))  # before the closing: taken
    reference.reopen_workstation(ledger, r.workstation, dt.date(2026, 6, 8), "改造完成")
    hazards.register(ledger, card(r))  # 9 June: open again
    with pytest.raises(ValidationError) as between:
        hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 3)))
    assert "2026-06-08" in _fields(between)["workstation_id"]
    with ledger.read() as conn:
        station = conn.exec_driver_sql("SELECT closed_on FROM workstation WHERE id = ?", (r.workstation,)).one()
        assert station[0] is None
        assert [(c["closed_on"], c["reopened_on"]) for c in reference.closures(conn, r.workstation)] == [
            ("2026-06-01", "2026-06-08")
        ]
        assert verify(conn).ok


def test_closing_and_reopening_are_checked(ledger: Ledger) -> None:
    station = _new_station(ledger)
    with pytest.raises(ValidationError) as before_opening:
        reference.close_workstation(ledger, station, dt.date(2026, 1, 5), "改造")
    assert "closed_on" in _fields(before_opening)
    with pytest.raises(ValidationError) as not_closed:
        reference.reopen_workstation(ledger, station, dt.date(2026, 3, 1), "恢复")
    assert "not closed" in _fields(not_closed)["reopened_on"]
    with pytest.raises(ValidationError) as no_reason:
        reference.close_workstation(ledger, station, dt.date(2026, 2, 1), "")
    assert "reason" in _fields(no_reason)
    reference.close_workstation(ledger, station, dt.date(2026, 2, 1), "井口改造")
    with pytest.raises(ValidationError) as twice:
        reference.close_workstation(ledger, station, dt.date(2026, 2, 10), "再关")
    assert "2026-02-01" in _fields(twice)["closed_on"]
    with pytest.raises(ValidationError) as early:
        reference.reopen_workstation(ledger, station, dt.date(2026, 2, 1), "恢复")
    assert "2026-02-01" in _fields(early)["reopened_on"]
    reference.reopen_workstation(ledger, station, dt.date(2026, 3, 1), "恢复")
    with pytest.raises(ValidationError) as overlap:
        reference.close_workstation(ledger, station, dt.date(2026, 2, 20), "倒签")
    assert "2026-03-01" in _fields(overlap)["closed_on"]


def test_no_shift_is_expected_while_the_workstation_is_closed(ledger: Ledger) -> None:
    r = refs(ledger)
    q001 = r.inspectors["Q001"]
    with ledger.read() as conn:
        whole = rates.inspector_months(conn, "2026-04")[q001]
    assert whole.office_days == 30
    # closed 11–20 April (reopened the 21st): ten days of the month off the roll's count
    reference.close_workstation(ledger, r.workstation, dt.date(2026, 4, 11), "停产整顿")
    reference.reopen_workstation(ledger, r.workstation, dt.date(2026, 4, 21), "复产")
    with ledger.read() as conn:
        closed = rates.inspector_months(conn, "2026-04")[q001]
        assert closed.office_days == 20 and closed.required_shifts < whole.required_shifts
        sheet = SheetInput(r.workstation, dt.date(2026, 4, 2), r.shifts["1"], (Mark(q001),))
    duty.save_sheet(ledger, sheet)  # a sheet so the mine's April has duty data
    with ledger.read() as conn:
        totals = rates.duty_totals(conn, dt.date(2026, 4, 1), dt.date(2026, 4, 30))
        # both inspectors of JK01: the SQL totals pro-rate the same 20 days as inspector_months
        assert totals.required_shifts == 2 * closed.required_shifts


def test_a_closing_cannot_leave_records_dated_while_closed(ledger: Ledger) -> None:
    r = refs(ledger)
    hazard = hazards.register(ledger, card(r))  # 9 June
    with pytest.raises(ValidationError) as info:
        reference.close_workstation(ledger, r.workstation, dt.date(2026, 6, 1), "井口改造")
    assert hazard["number"] in _fields(info)["closed_on"] and "2026-06-09" in _fields(info)["closed_on"]
    reference.close_workstation(ledger, r.workstation, dt.date(2026, 6, 10), "井口改造")  # the day after
