"""上岗率 / 汇报率 against figures computed by hand (May 2026 has 31 days; the norm is 21 / 6 / 1)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, reference
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.reporting import rates
from tests.helpers import Refs, refs

pytestmark = pytest.mark.pg


def _day(n: int) -> dt.date:
    return dt.date(2026, 5, n)


@pytest.fixture
def may(ledger: Ledger) -> tuple[Ledger, Refs, int]:
    """Q001: 20 shifts (days 1–20), 2 days leave (21–22), 10 reports of which 2 “本班无问题”.
    Q002: 15 shifts (days 1–15), all reported. Q003 (unit U02) appointed 17 May: 10 shifts (17–26), 2 reports."""
    r = refs(ledger)
    q3 = reference.save(
        ledger,
        "inspector",
        {
            "employee_no": "Q003",
            "name": "赵六",
            "unit_id": str(r.unit2),
            "workstation_id": str(r.workstation),
            "line": "front",
            "role": "inspector",
            "appointed_on": "2026-05-17",
        },
    )["id"]
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    marks: dict[int, list[Mark]] = defaultdict(list)
    for n in range(1, 21):
        marks[n].append(Mark(q1, reported=n <= 10, no_problem=n <= 2))
    for n in (21, 22):
        marks[n].append(Mark(q1, status="leave"))
    for n in range(1, 16):
        marks[n].append(Mark(q2, reported=True, hazards=1))
    for n in range(17, 27):
        marks[n].append(Mark(q3, reported=n <= 18))
    for n, day_marks in marks.items():
        duty.save_sheet(ledger, SheetInput(r.workstation, _day(n), r.shifts["1"], tuple(day_marks)))
    return ledger, r, q3


def test_inspector_months_pro_rate_the_norm_and_subtract_exempt_shifts(may: tuple[Ledger, Refs, int]) -> None:
    ledger, r, q3 = may
    with ledger.read() as conn:
        months = rates.inspector_months(conn, "2026-05")
    one, two, three = months[r.inspectors["Q001"]], months[r.inspectors["Q002"]], months[q3]
    assert (one.on_shifts, one.exempt_shifts, one.required_shifts) == (20, 2, 19)  # 21 − 2 leave
    assert (one.reported_shifts, one.substantive_reports, one.required_reports) == (10, 8, 5)  # 6 × 19/21 = 5.4
    assert (two.required_shifts, two.required_reports, two.required_suggestions) == (21, 6, 1)
    assert (three.office_days, three.required_shifts) == (15, 10)  # 21 × 15/31 = 10.2
    assert (three.required_reports, three.required_suggestions) == (3, 0)  # 6 × 10/21 = 2.9 → 3; 1 × 10/21 = 0.48 → 0
    assert one.duty_norm_met and not two.duty_norm_met and three.duty_norm_met
    assert one.report_norm_met and two.report_norm_met and not three.report_norm_met


def test_both_definitions_over_a_whole_month(may: tuple[Ledger, Refs, int]) -> None:
    ledger, _r, _q3 = may
    with ledger.read() as conn:
        rows = rates.rates(conn, _day(1), _day(31), "mine")
    assert len(rows) == 1
    mine = rows[0]
    assert mine.code == "M01"
    assert (mine.counted_shifts, mine.required_shifts) == (19 + 15 + 10, 19 + 21 + 10)
    assert mine.duty_rate_shift == pytest.approx(44 / 50)
    assert (mine.reported_shifts, mine.on_shifts) == (10 + 15 + 2, 45)
    assert mine.report_rate_shift == pytest.approx(27 / 45)
    assert (mine.duty_norm_met, mine.report_norm_met, mine.inspector_months) == (2, 2, 3)
    assert mine.duty_rate_head == pytest.approx(2 / 3)


def test_a_partial_month_uses_the_duty_rows_and_the_days_inside_the_period(may: tuple[Ledger, Refs, int]) -> None:
    ledger, _r, _q3 = may
    with ledger.read() as conn:
        rows = {row.code: row for row in rates.rates(conn, _day(1), _day(15), "inspector")}
    assert set(rows) == {"Q001", "Q002"}  # Q003 was not yet on the roll
    one = rows["Q001"]
    assert (one.on_shifts, one.required_shifts, one.counted_shifts) == (15, 10, 10)  # 21 × 15/31 = 10.2
    assert one.duty_rate_shift == 1.0  # extra shifts do not push a rate over 100 %


def test_grouping_by_unit_and_workstation(may: tuple[Ledger, Refs, int]) -> None:
    ledger, _r, _q3 = may
    with ledger.read() as conn:
        units = {row.code: row for row in rates.rates(conn, _day(1), _day(31), "unit")}
        stations = rates.rates(conn, _day(1), _day(31), "workstation")
    assert units["U01"].inspector_months == 2 and units["U02"].inspector_months == 1
    assert units["U02"].duty_rate_shift == 1.0
    assert [s.code for s in stations] == ["JK01"]
    assert rates.total(units.values()).required_shifts == 50


def test_a_period_across_months_adds_the_segments(may: tuple[Ledger, Refs, int]) -> None:
    ledger, _r, _q3 = may
    with ledger.read() as conn:
        rows = {row.code: row for row in rates.rates(conn, _day(20), dt.date(2026, 6, 9), "inspector")}
    one = rows["Q001"]
    # May 20–31: 12 days → 21 × 12/31 = 8.1 → 8, minus 2 leave = 6; June 1–9: 21 × 9/30 = 6.3 → 6.
    assert one.inspector_months == 2
    assert (one.required_shifts, one.on_shifts) == (6 + 6, 1)


def test_the_page_counts_only_months_whose_mine_kept_sheets(may: tuple[Ledger, Refs, int]) -> None:
    """No data is not zero (issue 16): June has no shift sheet, so the page does not count June's shifts as
    missed; alone, June gives no rows at all (the page says there is no duty data)."""
    ledger, _r, _q3 = may
    with ledger.read() as conn:
        every = {row.code: row for row in rates.rates(conn, _day(20), dt.date(2026, 6, 9), "inspector")}
        kept = {
            row.code: row
            for row in rates.rates(conn, _day(20), dt.date(2026, 6, 9), "inspector", only_with_sheets=True)
        }
        june = rates.rates(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 30), "inspector", only_with_sheets=True)
    assert every["Q001"].inspector_months == 2 and every["Q001"].required_shifts == 12
    assert kept["Q001"].inspector_months == 1 and (kept["Q001"].required_shifts, kept["Q001"].on_shifts) == (6, 1)
    assert june == []


def test_nothing_recorded_and_bad_periods(ledger: Ledger) -> None:
    with ledger.read() as conn:
        rows = rates.rates(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 9))
        assert all(row.on_shifts == 0 and row.duty_rate_shift == 0 for row in rows)
        assert rates.total([]).duty_rate_shift is None  # 0/0 is "—", not 0 %
        with pytest.raises(ValidationError, match="before its start"):
            rates.rates(conn, dt.date(2026, 6, 9), dt.date(2026, 6, 1))
        with pytest.raises(ValidationError, match="Group by"):
            rates.rates(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 9), "team")
        with pytest.raises(ValidationError, match="YYYY-MM"):
            rates.inspector_months(conn, "2026-13")


def test_a_later_norm_applies_from_its_first_month(may: tuple[Ledger, Refs, int]) -> None:
    ledger, r, _q3 = may
    reference.save(
        ledger,
        "rate_norm",
        {
            "code": "N2",
            "name": "新标准",
            "duty_shifts": "22",
            "reports": "8",
            "suggestions": "2",
            "valid_from": "2026-06-01",
        },
    )
    with ledger.read() as conn:
        may_q2 = rates.inspector_months(conn, "2026-05")[r.inspectors["Q002"]]
        june_q2 = rates.inspector_months(conn, "2026-06")[r.inspectors["Q002"]]
    assert may_q2.required_shifts == 21
    assert (june_q2.required_shifts, june_q2.required_reports, june_q2.required_suggestions) == (22, 8, 2)


def _summed(months: list[rates.InspectorMonth], members: set[int] | None) -> tuple[int, int, int, int]:
    chosen = [m for m in months if members is None or m.inspector_id in members]
    return (
        sum(m.required_shifts for m in chosen),
        sum(m.on_shifts for m in chosen),
        sum(min(m.on_shifts, m.required_shifts) for m in chosen),
        sum(m.reported_shifts for m in chosen),
    )


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (_day(1), _day(31)),  # whole month: duty_month
        (_day(10), _day(20)),  # part of it: the duty rows, Q003 on the roll from the 17th
        (dt.date(2026, 4, 20), dt.date(2026, 6, 10)),  # across months, empty ones at either end
        (_day(17), _day(17)),
    ],
)
def test_the_duty_totals_in_sql_equal_the_inspector_months_summed(
    may: tuple[Ledger, Refs, int], first: dt.date, last: dt.date
) -> None:
    """The monthly report sums the period in SQL (``duty_totals``); the figures are those of the rates page
    over the months in which shift sheets were kept (May only: April and June have no duty data)."""
    ledger, r, q3 = may
    with ledger.read() as conn:
        months = [m for m in rates.period_months(conn, first, last) if m.month == "2026-05"]
        totals = rates.duty_totals(conn, first, last)
        assert tuple(totals[:4]) == _summed(months, None) and totals.months_with_sheets == 1
        unit_two = tuple(rates.duty_totals(conn, first, last, [r.unit2])[:4])
        assert unit_two == _summed(months, {q3})
        assert tuple(rates.duty_totals(conn, first, last, [])) == (0, 0, 0, 0, 0)
        june = rates.duty_totals(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 9))
        assert june == (0, 0, 0, 0, 0)  # no sheet in June: nothing due, no data
