"""The shift sheet: marks, the duty projection, the monthly rollup, and every refused input."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core import audit, sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, reference
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.maintenance import integrity
from tests.helpers import Refs, count_rows, refs
from tests.pg.raw_access import REFUSED, raw_connection

pytestmark = pytest.mark.pg

DAY = dt.date(2026, 6, 9)


def _sheet(r: Refs, *marks: Mark, day: dt.date = DAY, shift: str = "1", **kw: object) -> SheetInput:
    return SheetInput(r.workstation, day, r.shifts[shift], tuple(marks), **kw)  # type: ignore[arg-type]


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def _month(ledger: Ledger, inspector: int, month: str = "2026-06") -> tuple[int, ...] | None:
    with raw_connection(ledger) as conn:
        row = conn.execute(
            "SELECT on_shifts, exempt_shifts, absent_shifts, reported_shifts, substantive_reports FROM duty_month "
            "WHERE inspector_id = ? AND month = ?",
            (inspector, month),
        ).fetchone()
    return tuple(row) if row else None


def _verify_ok(ledger: Ledger) -> list[str]:
    with ledger.read() as conn:
        return [p.message for p in integrity.verify(conn).problems]


def test_roster_lists_the_inspectors_of_the_workstation_on_the_roll(ledger: Ledger) -> None:
    r = refs(ledger)
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q003",
            "name": "新人",
            "unit_id": str(r.unit1),
            "workstation_id": str(r.workstation),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2026-06-15",
        },
    )
    with ledger.read() as conn:
        early = [e.employee_no for e in duty.roster(conn, r.workstation, DAY)]
        late = [e.employee_no for e in duty.roster(conn, r.workstation, dt.date(2026, 6, 15))]
    assert early == ["Q001", "Q002"]
    assert late == ["Q001", "Q002", "Q003"]


def test_a_sheet_is_one_audited_record_projected_into_duty_rows_and_the_month(ledger: Ledger) -> None:
    r = refs(ledger)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    events = count_rows(ledger, "audit_event")
    row = duty.save_sheet(
        ledger,
        _sheet(
            r,
            Mark(q1, time_in="07:40", time_out="15:55", place="1201工作面", reported=True, hazards=2),
            Mark(q2, status="leave"),
        ),
    )
    assert count_rows(ledger, "audit_event") == events + 1  # one event for the whole sheet
    assert count_rows(ledger, "duty") == 2
    assert _month(ledger, q1) == (1, 0, 0, 1, 1)
    assert _month(ledger, q2) == (0, 1, 0, 0, 0)
    with ledger.read() as conn:
        sheet = duty.find_sheet(conn, r.workstation, DAY, r.shifts["1"])
    assert sheet is not None and sheet.id == row["id"] and sheet.clerk == "测试员"
    assert sheet.marks[q1].hazards == 2 and sheet.marks[q2].status == "leave"
    assert _verify_ok(ledger) == []


def test_amending_a_sheet_needs_a_reason_and_moves_the_rollup(ledger: Ledger) -> None:
    r = refs(ledger)
    q1 = r.inspectors["Q001"]
    duty.save_sheet(ledger, _sheet(r, Mark(q1, reported=True, no_problem=True)))
    assert _month(ledger, q1) == (1, 0, 0, 1, 0)
    with pytest.raises(ValidationError) as info:
        duty.save_sheet(ledger, _sheet(r, Mark(q1, status="absent")))
    assert "reason" in _fields(info)
    duty.save_sheet(ledger, _sheet(r, Mark(q1, status="absent")), reason="卡片看错，实际缺岗")
    assert _month(ledger, q1) == (0, 0, 1, 0, 0)
    with ledger.read() as conn:
        history = audit.history(conn, "duty_sheet", 1)
    assert [e.action for e in history] == ["create", "amend"]
    assert history[-1].reason == "卡片看错，实际缺岗"
    assert _verify_ok(ledger) == []


def test_sheets_saved_with_one_month_totals_roll_up_once_and_as_if_saved_one_by_one(ledger: Ledger) -> None:
    """The demo's way (issue 14 §4): many sheets, one ``MonthTotals`` applied before the commit."""
    r = refs(ledger)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    statements: list[str] = []
    with ledger.write() as w:
        totals = duty.MonthTotals()
        duty.save_sheet_in(w, _sheet(r, Mark(q1, reported=True), Mark(q2, status="absent")), month_totals=totals)
        duty.save_sheet_in(w, _sheet(r, Mark(q1), day=DAY + dt.timedelta(days=1)), month_totals=totals)
        duty.save_sheet_in(w, _sheet(r, Mark(q2, status="injury"), day=dt.date(2026, 5, 30)), month_totals=totals)
        duty.save_sheet_in(w, _sheet(r, Mark(q1, status="absent")), reason="卡片看错，实际缺岗", month_totals=totals)
        handle = sql.handle(w.conn)
        if isinstance(handle, sql.ServerHandle):  # the server counts the rows this transaction wrote
            written = "SELECT n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'duty_month'"
            before = handle.execute(written).fetchone()[0]
            totals.apply(w.conn)
            statements += ["row"] * (handle.execute(written).fetchone()[0] - before)
        else:
            handle.set_trace_callback(statements.append)
            try:
                totals.apply(w.conn)
            finally:
                handle.set_trace_callback(None)
    # one row per inspector and month that changed; Q002's June absence was amended away (sums to nothing)
    assert len(statements) == 2
    assert _month(ledger, q1) == (1, 0, 1, 0, 0)
    assert _month(ledger, q2) is None
    assert _month(ledger, q2, "2026-05") == (0, 1, 0, 0, 0)
    assert _verify_ok(ledger) == []


def test_voiding_a_sheet_takes_its_shifts_out_of_the_rates(ledger: Ledger) -> None:
    r = refs(ledger)
    q1 = r.inspectors["Q001"]
    row = duty.save_sheet(ledger, _sheet(r, Mark(q1)))
    duty.void_sheet(ledger, row["id"], "录错了工作站")
    assert count_rows(ledger, "duty") == 0
    assert _month(ledger, q1) == (0, 0, 0, 0, 0)
    assert _verify_ok(ledger) == []
    duty.save_sheet(ledger, _sheet(r, Mark(q1)))  # the slot is free again
    assert _month(ledger, q1) == (1, 0, 0, 0, 0)


def test_an_inspector_once_per_shift_even_across_workstations(ledger: Ledger) -> None:
    r = refs(ledger)
    q1 = r.inspectors["Q001"]
    other = reference.save(ledger, "workstation", {"code": "JK02", "name": "副井口工作站", "mine_id": str(r.mine)})
    duty.save_sheet(ledger, _sheet(r, Mark(q1)))
    events = count_rows(ledger, "audit_event")
    with pytest.raises(ValidationError) as info:
        duty.save_sheet(ledger, SheetInput(other["id"], DAY, r.shifts["1"], (Mark(q1),)))
    message = _fields(info)[f"mark:{q1}:inspector_id"]
    assert "JK01" in message and "Q001" in message
    with pytest.raises(ValidationError) as twice:
        duty.save_sheet(ledger, _sheet(r, Mark(q1), Mark(q1), shift="2"))
    assert "twice" in _fields(twice)[f"mark:{q1}:inspector_id"]
    assert count_rows(ledger, "audit_event") == events  # nothing saved half-way
    duty.save_sheet(ledger, _sheet(r, Mark(q1), shift="2"))  # another shift the same day is fine


def test_bad_marks_are_each_named_and_nothing_is_saved(ledger: Ledger, clock: object) -> None:
    r = refs(ledger)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    events = count_rows(ledger, "audit_event")
    with pytest.raises(ValidationError) as info:
        duty.save_sheet(
            ledger,
            _sheet(
                r,
                Mark(q1, status="absent", reported=True),
                Mark(q2, time_in="25:00", no_problem=True, hazards=1, reported=True),
                Mark(9999),
            ),
        )
    fields = _fields(info)
    assert "not on duty" in fields[f"mark:{q1}:reported"]
    assert "Q001 李四" in fields[f"mark:{q1}:reported"]
    assert "HH:MM" in fields[f"mark:{q2}:time_in"]
    assert "cannot go with" in fields[f"mark:{q2}:no_problem"]
    assert "No such inspector" in fields["mark:9999:inspector_id"]
    with pytest.raises(ValidationError) as future:
        duty.save_sheet(ledger, _sheet(r, Mark(q1), day=dt.date(2026, 6, 11)))
    assert "future" in _fields(future)["shift_date"]
    with pytest.raises(ValidationError) as unlisted:
        duty.save_sheet(ledger, _sheet(r, Mark(q1, hazards=3)))
    assert "reported" in _fields(unlisted)[f"mark:{q1}:reported"]
    with pytest.raises(ValidationError) as early:
        duty.save_sheet(ledger, _sheet(r, Mark(q1), day=dt.date(2019, 12, 31)))
    assert "not on the roll" in _fields(early)[f"mark:{q1}:inspector_id"]
    assert count_rows(ledger, "audit_event") == events
    assert count_rows(ledger, "duty") == 0


def test_unique_index_backs_the_once_per_shift_rule(ledger: Ledger) -> None:
    r = refs(ledger)
    q1 = r.inspectors["Q001"]
    duty.save_sheet(ledger, _sheet(r, Mark(q1)))
    with raw_connection(ledger) as conn, pytest.raises(REFUSED):
        conn.execute(
            "INSERT INTO duty (sheet_id, inspector_id, shift_date, shift_id, workstation_id, status, on_duty, exempt, "
            "reported, no_problem, n_hazards, n_violations, n_suggestions) VALUES (1, ?, ?, ?, ?, 'on', 1, 0, 0, 0, "
            "0, 0, 0)",
            (q1, DAY.isoformat(), r.shifts["1"], r.workstation),
        )


@pytest.mark.parametrize(
    "tamper, words",
    [
        ("UPDATE duty SET on_duty = 0, status = 'absent'", "differs from its sheet"),
        ("DELETE FROM duty", "missing from the duty table"),
        ("UPDATE duty_month SET on_shifts = on_shifts + 5", "differ from the sheets"),
        ("DELETE FROM duty_month", "are missing"),
    ],
)
def test_verify_catches_projections_edited_behind_the_program(ledger: Ledger, tamper: str, words: str) -> None:
    r = refs(ledger)
    duty.save_sheet(ledger, _sheet(r, Mark(r.inspectors["Q001"]), Mark(r.inspectors["Q002"])))
    with raw_connection(ledger) as conn:
        conn.execute(tamper)
    problems = _verify_ok(ledger)
    assert problems and all(words in p or "Monthly" in p or "Duty" in p for p in problems)
    assert any(words in p for p in problems)


def test_a_marks_json_round_trips_and_omits_defaults() -> None:
    marks = [Mark(2, reported=True, summary="巷道积水"), Mark(1, status="injury")]
    text = duty.marks_json(marks)
    assert text == '[{"inspector_id":1,"status":"injury"},{"inspector_id":2,"reported":1,"summary":"巷道积水"}]'
    assert duty.parse_marks(text) == sorted(marks, key=lambda m: m.inspector_id)


def test_shifts_of_another_mine_are_not_offered_or_accepted(ledger: Ledger) -> None:
    r = refs(ledger)
    other_mine = reference.save(ledger, "org_unit", {"code": "M02", "name": "二矿", "level": "mine"})
    four = reference.save(
        ledger,
        "shift",
        {"code": "41", "name": "一班", "starts": "00:00", "ends": "06:00", "mine_id": str(other_mine["id"])},
    )
    with ledger.read() as conn:
        offered = [code for _, code, _ in duty.shifts_for(conn, r.workstation)]
    assert offered == ["1", "2", "3"]
    with pytest.raises(ValidationError) as info:
        duty.save_sheet(ledger, SheetInput(r.workstation, DAY, four["id"], (Mark(r.inspectors["Q001"]),)))
    assert "another mine" in _fields(info)["shift_id"]
