"""Monthly allowances with the seeded rules (base 200, gates on duty/report norms and 三违, −20 per missing
suggestion, +50 per major hazard, cap 300) on real records; approval locks a month."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services import allowances, audit, duty, hazards, reference, violations
from safetywatch.services.database import Ledger
from safetywatch.services.duty import Mark, SheetInput
from tests.helpers import Refs, card, count_rows, refs


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


def _rows(ledger: Ledger, month: str) -> dict[str, allowances.SheetRow]:
    with ledger.read() as conn:
        return {row.employee_no: row for row in allowances.month_sheet(conn, month).rows}


def test_the_seeded_rules_on_a_month(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    rows = _rows(ledger, "2026-05")
    one, two = rows["Q001"], rows["Q002"]
    assert one.measures["duty_shifts"] == 21 and one.measures["major_hazards_found"] == 1
    assert one.result.amount_yuan == 200 - 20 + 50  # no suggestion, one major hazard
    assert two.result.amount_yuan == 0 and two.result.cancelled_by == ("R02",)
    text = allowances.explain_row(two)
    assert "Duty shifts 15 (norm 21)" in text and text.endswith("Paid: 0 yuan.")


def test_own_violation_cancels_the_month(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    with ledger.read() as conn:
        codes = {
            k: {c.code: c.id for c in reference.choices(conn, k)}
            for k in ("employment", "violation_type", "violation_severity", "violation_found_via")
        }
    violations.register(
        ledger,
        violations.ViolationInput(
            workstation_id=r.workstation,
            found_date=dt.date(2026, 5, 20),
            shift_id=r.shifts["1"],
            location="井口",
            offender_no="Q001",
            offender_name="李四",
            offender_unit_id=r.unit1,
            employment_id=codes["employment"]["ZS"],
            type_id=codes["violation_type"]["JL"],
            severity_id=codes["violation_severity"]["YB"],
            description="未戴自救器入井",
            stopped_by_kind="inspector",
            stopped_by_id=r.inspectors["Q002"],
            found_via_id=codes["violation_found_via"]["QJY"],
        ),
    )
    rows = _rows(ledger, "2026-05")
    assert rows["Q001"].result.cancelled_by == ("R04",)
    assert rows["Q002"].measures["violations_stopped"] == 1


def test_approval_locks_the_month_and_late_changes_become_adjustments(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    with pytest.raises(ValidationError, match="not ended"):
        allowances.approve(ledger, "2026-06")
    sheet = allowances.approve(ledger, "2026-05")
    assert (sheet["total_yuan"], sheet["inspectors"], sheet["approved_by"]) == (230, 2, "测试员")
    assert count_rows(ledger, "allowance_line") == 2
    with pytest.raises(ValidationError, match="already approved"):
        allowances.approve(ledger, "2026-05")
    # Late correction: Q002 worked six more shifts in May.
    q2 = r.inspectors["Q002"]
    for n in range(16, 22):
        day = dt.date(2026, 5, n)
        marks = (Mark(r.inspectors["Q001"], reported=n <= 7), Mark(q2, reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, day, r.shifts["1"], marks), reason="补登漏记的上岗")
    assert _rows(ledger, "2026-05")["Q002"].result.amount_yuan == 0  # the approved figure stays
    with ledger.read() as conn:
        changed = allowances.differences(conn, "2026-05")
    assert [(row.employee_no, now) for row, now in changed] == [("Q002", 180)]
    with pytest.raises(ValidationError, match="after"):
        allowances.adjust(ledger, q2, "2026-05", "2026-05", 180, "补发")
    with pytest.raises(ValidationError, match="reason"):
        allowances.adjust(ledger, q2, "2026-05", "2026-06", 180, " ")
    with pytest.raises(ValidationError, match="not approved"):
        allowances.adjust(ledger, q2, "2026-04", "2026-06", 180, "补发")
    allowances.adjust(ledger, q2, "2026-05", "2026-06", 180, "5月补登上岗6班，补发津贴")
    june = _rows(ledger, "2026-06")["Q002"]
    assert june.adjustment_yuan == 180
    assert "Adjustment for 2026-05: 180 yuan" in allowances.explain_row(june)
    with ledger.read() as conn:
        assert audit.verify(conn).ok


def test_rules_are_effective_dated(ledger: Ledger) -> None:
    r = refs(ledger)
    _may(ledger, r)
    reference.save(
        ledger,
        "allowance_rule",
        {"code": "R20", "name": "新增安全奖", "kind": "base", "amount_yuan": "30", "valid_from": "2026-06-01"},
    )
    with ledger.read() as conn:
        assert "R20" not in [rule.code for rule in allowances.rules_for(conn, "2026-05")]
        assert "R20" in [rule.code for rule in allowances.rules_for(conn, "2026-06")]
