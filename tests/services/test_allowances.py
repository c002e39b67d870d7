"""Monthly allowances with the seeded rules (base 200; gates on the duty and report norms, own 三违 and a
serious 三违 in the own team; −20 per missing suggestion; +50 per major hazard; cap 300) on real records
written through the services; approval locks a month and later changes become adjustments."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from safetywatch.domain.errors import NotFoundError, ValidationError
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards, reference, violations
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.maintenance import integrity
from safetywatch.services.reporting import allowances
from tests.helpers import Refs, card, count_rows, refs

pytestmark = pytest.mark.pg


def _may(ledger: Ledger, r: Refs) -> None:
    """Q001: 21 shifts (1–21 May), 7 reports, no suggestion, one major hazard. Q002: 15 shifts, all reported."""
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    for n in range(1, 22):
        marks = [Mark(q1, reported=n <= 7)]
        if n <= 15:
            marks.append(Mark(q2, reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["1"], tuple(marks)))
    hazards.register(
        ledger,
        card(r, found_date=dt.date(2026, 5, 3), level_id=r.levels["A"], rectify_person="王工", measures="停产整改"),
    )
    hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 4), finder_id=r.inspectors["Q002"]))
    hazards.register(ledger, card(r, found_date=dt.date(2026, 4, 30)))  # April: not counted in May


def _codes(ledger: Ledger) -> dict[str, dict[str, int]]:
    kinds = ("employment", "violation_type", "violation_severity", "violation_found_via")
    with ledger.read() as conn:
        return {k: {c.code: c.id for c in reference.choices(conn, k)} for k in kinds}


def _violation(ledger: Ledger, r: Refs, **changes: Any) -> None:
    codes = _codes(ledger)
    values: dict[str, Any] = {
        "workstation_id": r.workstation,
        "found_date": dt.date(2026, 5, 20),
        "shift_id": r.shifts["1"],
        "location": "井口",
        "offender_no": "G900",
        "offender_name": "赵六",
        "offender_unit_id": r.unit1,
        "employment_id": codes["employment"]["ZS"],
        "type_id": codes["violation_type"]["JL"],
        "severity_id": codes["violation_severity"]["YB"],
        "description": "未戴自救器入井",
        "stopped_by_kind": "inspector",
        "stopped_by_id": r.inspectors["Q002"],
    }
    values["found_via_id"] = codes["violation_found_via"]["QJY"]
    if "severity" in changes:
        values["severity_id"] = codes["violation_severity"][changes.pop("severity")]
    values.update(changes)
    violations.register(ledger, violations.ViolationInput(**values))


def _rows(ledger: Ledger, month: str) -> dict[str, allowances.SheetRow]:
    with ledger.read() as conn:
        return {row.employee_no: row for row in allowances.month_sheet(conn, month).rows}


def test_the_seeded_rules_on_a_month(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    rows = _rows(ledger, "2026-05")
    one, two = rows["Q001"], rows["Q002"]
    assert one.measures == {
        "duty_shifts": 21,
        "reports": 7,
        "suggestions": 0,
        "hazards_found": 1,
        "major_hazards_found": 1,
        "violations_stopped": 0,
        "own_violations": 0,
        "team_serious_violations": 0,
    }
    assert one.required == {"duty_shifts": 21, "reports": 6, "suggestions": 1}
    assert one.result.amount_yuan == 200 - 20 + 50  # no suggestion, one major hazard
    assert two.measures["hazards_found"] == 1 and two.measures["major_hazards_found"] == 0
    assert two.result.amount_yuan == 0 and two.result.cancelled_by == ("R02",)
    text = allowances.explain_row(two)
    assert "Duty shifts 15, below the norm of 21" in text and text.endswith("Paid: 0 yuan.")
    with ledger.read() as conn:
        assert allowances.explain_inspector(conn, "2026-05", r.inspectors["Q002"]) == text
        assert allowances.month_sheet(conn, "2026-05").total_yuan == 230
        with pytest.raises(NotFoundError):
            allowances.explain_inspector(conn, "2026-05", 999_999)
        with pytest.raises(ValidationError, match="YYYY-MM"):
            allowances.month_sheet(conn, "2026-13")


def test_measures_are_one_query_each_for_the_whole_month(ledger: Ledger) -> None:
    if ledger.server is not None:
        pytest.skip("counts statements with SQLite's trace callback; the statements are the same on PostgreSQL")
    r = refs(ledger)
    _may(ledger, r)
    statements: list[str] = []
    with ledger.read() as conn:
        sql.handle(conn).set_trace_callback(statements.append)
        try:
            measured = allowances.measures(conn, "2026-05")
        finally:
            sql.handle(conn).set_trace_callback(None)
    assert set(measured) == {r.inspectors["Q001"], r.inspectors["Q002"]}
    own = [s for s in statements if "FROM violation" in s or "FROM hazard" in s]
    assert len(own) == 5  # hazards, major hazards, stopped, own, team — not one per inspector


def test_own_violation_and_a_serious_one_in_the_team_cancel_the_month(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    team = reference.save(
        ledger, "org_unit", {"code": "T01", "name": "综采一队一班", "level": "team", "parent_id": str(r.unit1)}
    )
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q003",
            "name": "张三",
            "unit_id": str(r.unit1),
            "team_id": str(team["id"]),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
        },
    )
    _violation(ledger, r, offender_no="Q001", offender_name="李四")
    _violation(ledger, r, offender_team_id=team["id"], severity="YB")  # general: the team gate does not fire
    rows = _rows(ledger, "2026-05")
    assert rows["Q001"].result.cancelled_by == ("R04",) and rows["Q001"].result.amount_yuan == 0
    assert rows["Q002"].measures["violations_stopped"] == 2
    assert "R05" not in rows["Q003"].result.cancelled_by
    _violation(ledger, r, offender_team_id=team["id"], severity="YZ")
    rows = _rows(ledger, "2026-05")
    assert rows["Q003"].measures["team_serious_violations"] == 1
    assert rows["Q003"].result.cancelled_by == ("R02", "R03", "R05")  # every gate is listed
    assert "Serious 三违 in own team 1, 1 or more" in allowances.explain_row(rows["Q003"])


def test_approval_locks_the_month_and_late_changes_become_adjustments(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    with pytest.raises(ValidationError, match="not ended"):
        allowances.approve(ledger, "2026-06")
    with pytest.raises(ValidationError, match="approval date"):
        allowances.approve(ledger, "2026-05", dt.date(2026, 5, 31))
    assert count_rows(ledger, "allowance_sheet") == 0
    sheet = allowances.approve(ledger, "2026-05", dt.date(2026, 6, 2))
    assert (sheet["total_yuan"], sheet["inspectors"], sheet["approved_by"], sheet["approved_on"]) == (
        230,
        2,
        "测试员",
        "2026-06-02",
    )
    assert count_rows(ledger, "allowance_line") == 2
    with ledger.read() as conn:
        stored = json.loads(
            conn.exec_driver_sql("SELECT breakdown FROM allowance_line WHERE inspector_id = ?", (q1,)).scalar_one()
        )
    assert stored["amount_yuan"] == 230 and stored["measures"]["duty_shifts"] == 21
    assert stored["required"] == {"duty_shifts": 21, "reports": 6, "suggestions": 1}
    with pytest.raises(ValidationError, match="already approved"):
        allowances.approve(ledger, "2026-05")
    assert count_rows(ledger, "allowance_line") == 2

    # Late corrections: Q002 worked six more shifts in May; a rule changes after approval.
    for n in range(16, 22):
        marks = (Mark(q1, reported=n <= 7), Mark(q2, reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["1"], marks), reason="补登")
    assert _rows(ledger, "2026-05")["Q002"].result.amount_yuan == 0  # the approved figure stays
    with ledger.read() as conn:
        changed = allowances.differences(conn, "2026-05")
        assert allowances.differences(conn, "2026-04") == []  # an open month has no differences
    assert [(d.employee_no, d.approved_yuan, d.now_yuan, d.delta_yuan) for d in changed] == [("Q002", 0, 180, 180)]

    # Adjustments: every problem is named at once.
    with pytest.raises(ValidationError) as info:
        allowances.adjust(ledger, q2, "2026-05", "2026-05", 0, " ")
    assert {e.field for e in info.value.errors} == {"month", "amount_yuan", "reason"}
    with pytest.raises(ValidationError, match="not approved"):
        allowances.adjust(ledger, q2, "2026-04", "2026-06", 180, "补发")
    with pytest.raises(ValidationError, match="YYYY-MM"):
        allowances.adjust(ledger, q2, "2026-5", "2026-06", 180, "补发")
    with pytest.raises(ValidationError, match="100000"):
        allowances.adjust(ledger, q2, "2026-05", "2026-06", 100_001, "补发")
    with pytest.raises(ValidationError, match="inspector"):
        allowances.adjust(ledger, 999_999, "2026-05", "2026-06", 180, "补发")
    assert count_rows(ledger, "allowance_adjustment") == 0
    allowances.adjust(ledger, q2, "2026-05", "2026-06", 180, "5月补登上岗6班，补发津贴")
    allowances.adjust(ledger, q1, "2026-05", "2026-06", -30, "5月一条建议重复登记，扣回")
    june = _rows(ledger, "2026-06")
    assert (june["Q002"].adjustment_yuan, june["Q001"].adjustment_yuan) == (180, -30)
    assert june["Q002"].total_yuan == june["Q002"].result.amount_yuan + 180
    assert "Adjustment for 2026-05: 180 yuan (5月补登上岗6班，补发津贴)." in allowances.explain_row(june["Q002"])
    assert _rows(ledger, "2026-05")["Q002"].adjustment_yuan == 0  # paid with June, not May
    with ledger.read() as conn:
        assert integrity.verify(conn).ok


def test_an_adjustment_for_someone_no_longer_on_the_roll_is_still_paid(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    allowances.approve(ledger, "2026-05")
    q2 = r.inspectors["Q002"]
    reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q002",
            "name": "王芳",
            "unit_id": str(r.unit1),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2020-01-01",
            "left_on": "2026-05-31",
        },
        row_id=q2,
        reason="调离",
    )
    allowances.adjust(ledger, q2, "2026-05", "2026-06", 180, "5月补登上岗，补发")
    june = _rows(ledger, "2026-06")
    assert not june["Q002"].on_roll and june["Q002"].total_yuan == 180
    assert allowances.explain_row(june["Q002"]).startswith("Not on the roll this month.")


def test_approving_a_month_locks_its_adjustments_and_counts_them_in_the_total(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    allowances.approve(ledger, "2026-04")
    allowances.adjust(ledger, r.inspectors["Q001"], "2026-04", "2026-05", 50, "4月漏记一条建议")
    sheet = allowances.approve(ledger, "2026-05")
    assert sheet["total_yuan"] == 230 + 50
    with pytest.raises(ValidationError, match="already approved"):
        allowances.adjust(ledger, r.inspectors["Q001"], "2026-04", "2026-05", 10, "再补")


def test_rules_are_effective_dated_and_ordered(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    reference.save(
        ledger,
        "allowance_rule",
        {"code": "R20", "name": "新增安全奖", "kind": "base", "amount_yuan": "30", "valid_from": "2026-06-01"},
    )
    with ledger.read() as conn:
        may = allowances.rules_for(conn, "2026-05")
        assert [rule.code for rule in may] == [f"R0{n}" for n in range(1, 9)]
        assert "R20" in [rule.code for rule in allowances.rules_for(conn, "2026-06")]
    assert _rows(ledger, "2026-05")["Q001"].result.amount_yuan == 230  # May keeps May's rules
