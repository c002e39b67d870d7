"""The monthly tallies on a hand-built May 2026 where every figure is known."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.db.models import APP_SETTING
from safetywatch.domain import metrics, periods
from safetywatch.domain.errors import ValidationError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import (
    duty,
    family,
    hazards,
    reference,
    squads,
    suggestions,
    tours,
    training,
    violations,
)
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.squads import SquadInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.kinds.training import TrainingInput
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.services.reporting import overview, tallies
from tests.helpers import Refs, card, raw_sqlite, refs

pytestmark = pytest.mark.pg


def _codes(ledger: Ledger, kind: str) -> dict[str, int]:
    with ledger.read() as conn:
        return {c.code: c.id for c in reference.choices(conn, kind)}


def _violation(
    ledger: Ledger, r: Refs, day: int, type_code: str, severity: str, unit: int, by_inspector: bool = True
) -> None:
    violations.register(
        ledger,
        ViolationInput(
            workstation_id=r.workstation,
            found_date=dt.date(2026, 5, day),
            shift_id=r.shifts["1"],
            location="井口",
            offender_name="张三",
            offender_unit_id=unit,
            employment_id=_codes(ledger, "employment")["ZS"],
            type_id=_codes(ledger, "violation_type")[type_code],
            severity_id=_codes(ledger, "violation_severity")[severity],
            description="违章",
            stopped_by_kind="inspector" if by_inspector else "cadre",
            stopped_by_id=r.inspectors["Q001"] if by_inspector else None,
            stopped_by_name="" if by_inspector else "李矿长",
            found_via_id=_codes(ledger, "violation_found_via")["QJY"],
        ),
    )


@pytest.fixture
def may(ledger: Ledger) -> Ledger:
    """Duty: Q001 21 shifts (7 reported), Q002 15 shifts (all reported), May's sheets the first ever. Hazards
    (the first in April): an April one left open past its deadline (U01); in May a major one still in its
    deadline (U01, reported by an inspector) and one fixed on site (U02, found by a squad, registered from an
    administrative inspection). Two 三违 (违章指挥 serious in U01 stopped by an inspector, 劳动纪律 in U02
    stopped by a cadre), one adopted suggestion, one tour with a problem of each status, one home visit and
    one forum."""
    r = refs(ledger)
    for n in range(1, 22):
        marks = [Mark(r.inspectors["Q001"], reported=n <= 7)]
        if n <= 15:
            marks.append(Mark(r.inspectors["Q002"], reported=True))
        duty.save_sheet(ledger, SheetInput(r.workstation, dt.date(2026, 5, n), r.shifts["2"], tuple(marks)))
    hazards.register(ledger, card(r, found_date=dt.date(2026, 4, 20)))  # C: deadline 23 April, never closed
    hazards.register(
        ledger,
        card(r, found_date=dt.date(2026, 5, 3), level_id=r.levels["A"], rectify_person="王工", measures="停产"),
    )
    fixed = hazards.register(
        ledger,
        card(r, found_date=dt.date(2026, 5, 5), unit_id=r.unit2, fixed_on_site=True, source_id=r.sources["XZJC"]),
    )
    squad = squads.record_squad(ledger, SquadInput(dt.date(2026, 5, 5), "小分队", "张队长", "", "1201工作面"))
    squads.link_hazard(ledger, squad["id"], fixed["number"])
    _violation(ledger, r, 8, "ZH", "YZ", r.unit1)
    _violation(ledger, r, 9, "JL", "YB", r.unit2, by_inspector=False)
    category = _codes(ledger, "suggestion_category")["AQ"]
    proposal = suggestions.submit(
        ledger, SuggestionInput(dt.date(2026, 5, 6), None, "王工", r.unit1, category, "加装护栏")
    )
    suggestions.review(ledger, proposal["id"], True, "安全科", dt.date(2026, 5, 20))
    tours.record_tour(
        ledger,
        TourInput(dt.date(2026, 5, 10), "矿工会", "主井", 12),
        [
            ProblemInput("漏雨", r.unit1, "labour", "on_site"),
            ProblemInput("信号不清", r.unit2, "safety", "later", dt.date(2026, 6, 1)),
            ProblemInput("班中餐", r.unit1, "labour", "open"),
        ],
    )
    family.record(
        ledger,
        FamilyInput(dt.date(2026, 5, 12), "home_visit", "刘大姐", "张三", "violation", participants=2, mine_id=r.mine),
    )
    family.record(ledger, FamilyInput(dt.date(2026, 5, 13), "forum", "女工委", participants=30, mine_id=r.mine))
    # issue 16 §3: two training sessions (4 + 2 hours; Q001 at both, Q002 at the first), a station set up on
    # 2 May, closed on the 10th and restored on the 25th
    training.record(ledger, TrainingInput(dt.date(2026, 5, 14), "隐患排查", 4, "安监处王工", r.unit1, "Q001 Q002"))
    training.record(ledger, TrainingInput(dt.date(2026, 5, 21), "三违识别", 2, "李科长", r.mine, "Q001"))
    station = reference.save(
        ledger, "workstation", {"code": "JK09", "name": "副井", "mine_id": str(r.mine), "opened_on": "2026-05-02"}
    )
    reference.close_workstation(ledger, station["id"], dt.date(2026, 5, 10), "井口改造")
    reference.reopen_workstation(ledger, station["id"], dt.date(2026, 5, 25), "改造完成")
    return ledger


MAY = {
    "inspectors_on_roll": 2,
    "duty_shifts_scheduled": 42,
    "duty_shifts_on": 36,
    "on_duty_rate": 36 / 42,
    "report_shifts": 22,
    "report_rate": 22 / 36,
    "hazards_found": 2,
    "hazards_major": 1,
    "hazards_fixed_on_site": 1,
    "hazards_found_network": 1,
    "hazards_closed": 1,
    "hazards_overdue_open": 1,
    "rectification_rate": 0.5,
    "violations_stopped": 2,
    "violations_stopped_network": 1,
    "violations_command": 1,
    "violations_operation": 0,
    "violations_discipline": 1,
    "violations_serious": 1,
    "suggestions_made": 1,
    "suggestions_adopted": 1,
    "squad_activities": 1,
    "squad_hazards_found": 1,
    "squad_hazards_rectified": 1,
    "tours": 1,
    "tour_reps": 12,
    "tour_representatives": None,  # the tour kept a head count only: its people cannot be told apart
    "tour_problems_found": 3,
    "tour_solved_on_site": 1,
    "tour_solved_afterwards": 0,
    "tour_due_unsolved": 0,
    "tour_open": 2,  # the deadline 1 June is not passed on 31 May
    "family_visits": 1,
    "family_visits_violation": 1,
    "family_visits_worry": 0,
    "family_conflicts": 0,
    "family_forums": 1,
    "family_pithead": 0,
    "family_participants": 32,
    "training_sessions": 2,
    "training_hours": 6,
    "training_person_times": 3,
    "training_inspectors": 2,
    "workstations_new": 1,
    "workstations_restored": 1,
}


def test_every_figure_of_a_known_month(may: Ledger) -> None:
    with may.read() as conn:
        report = tallies.summary(conn, "2026-05")
    assert list(report["summary"]) == [metric.key for metric in metrics.METRICS] and set(MAY) == metrics.BY_KEY.keys()
    assert {k: v["month"] for k, v in report["summary"].items()} == pytest.approx(MAY)
    april = {k: v["prev_month"] for k, v in report["summary"].items()}
    assert (april["hazards_found"], april["hazards_overdue_open"], april["hazards_found_network"]) == (1, 1, 1)
    # no shift sheet in April: no duty data (无记录), not 0 shifts; no 三违 register before May either
    assert [april[k] for k in metrics.REGISTERS["duty"]] == [None] * 5
    assert april["violations_stopped"] is None and april["violations_stopped_network"] is None
    assert april["inspectors_on_roll"] == 2  # the roll is always known
    ytd = {k: v["ytd"] for k, v in report["summary"].items()}
    assert (ytd["hazards_found"], ytd["violations_stopped"], ytd["rectification_rate"]) == (3, 2, 1 / 3)
    assert (ytd["duty_shifts_scheduled"], ytd["on_duty_rate"]) == (42, 36 / 42)  # January–April have no sheets
    last_year = {k: v["ytd_last_year"] for k, v in report["summary"].items()}
    # before any register was kept: every figure but the roll is 无记录
    assert {k for k, v in last_year.items() if v is not None} == {"inspectors_on_roll"}
    assert report["period"]["month"] == {"start": "2026-05-01", "end": "2026-05-31"}
    assert report["period"]["ytd"] == {"start": "2026-01-01", "end": "2026-05-31"}
    assert report["audit_anchor"]["seq"] > 0 and len(report["audit_anchor"]["hash"]) == 64


def test_a_unit_scope_counts_only_that_unit(may: Ledger) -> None:
    with may.read() as conn:
        report = tallies.summary(conn, "2026-05", "U02")
    month = {k: v["month"] for k, v in report["summary"].items()}
    assert report["scope"] == {"code": "U02", "name": "掘进二队"}
    assert (month["hazards_found"], month["hazards_fixed_on_site"], month["hazards_overdue_open"]) == (1, 1, 0)
    assert (month["violations_stopped"], month["violations_discipline"], month["violations_command"]) == (1, 1, 0)
    assert month["inspectors_on_roll"] == 0 and month["on_duty_rate"] is None  # both inspectors are in U01
    assert (month["squad_activities"], month["tours"], month["tour_problems_found"]) == (1, 1, 1)
    assert month["family_visits"] is None  # family activities have no unit
    with may.read() as conn, pytest.raises(ValidationError, match="X99"):
        tallies.summary(conn, "2026-05", "X99")


def test_a_mine_scope_is_its_whole_subtree(may: Ledger) -> None:
    with may.read() as conn:
        mine = tallies.summary(conn, "2026-05", "M01")
        everything = tallies.summary(conn, "2026-05")
    for metric in ("hazards_found", "violations_stopped", "duty_shifts_on", "inspectors_on_roll"):
        assert mine["summary"][metric] == everything["summary"][metric]


def test_cut_off_periods() -> None:
    assert periods.month_period("2026-05", 25) == periods.Period(dt.date(2026, 4, 26), dt.date(2026, 5, 25))
    assert periods.month_period("2026-01", 25) == periods.Period(dt.date(2025, 12, 26), dt.date(2026, 1, 25))
    spans = periods.periods("2026-01", 25)
    assert spans["prev_month"] == periods.Period(dt.date(2025, 11, 26), dt.date(2025, 12, 25))
    assert spans["ytd"] == spans["month"]
    assert spans["ytd_last_year"] == periods.Period(dt.date(2024, 12, 26), dt.date(2025, 1, 25))
    leap = periods.periods("2024-02")
    assert leap["ytd_last_year"].end == dt.date(2023, 2, 28)


def test_the_cut_off_setting_moves_the_month(may: Ledger) -> None:
    with may.write() as w:
        w.insert(APP_SETTING, {"key": tallies.CUTOFF_SETTING, "value": "5"})
    with may.read() as conn:
        report = tallies.summary(conn, "2026-05")
    assert report["period"]["month"] == {"start": "2026-04-06", "end": "2026-05-05"}
    assert report["summary"]["hazards_found"]["month"] == 3  # 20 April, 3 and 5 May


def test_the_year_on_year_change(may: Ledger) -> None:
    with may.read() as conn:
        report = tallies.report(conn, "2026-05")
    # last year had no records of any kind: no change against it (not "+3" against a zero that was no data)
    for key in ("hazards_found", "report_rate", "family_visits", "violations_stopped_network"):
        assert report.figures(key).yoy() == (None, None), key


def test_the_tally_queries_use_their_indexes(may: Ledger) -> None:
    if may.server is not None:
        pytest.skip("SQLite's query plans (PostgreSQL plans by its own statistics)")
    with raw_sqlite(may.path) as conn:
        plans = {
            "hazards found": conn.execute(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM hazard h JOIN hazard_level l ON l.id = h.level_id "
                "WHERE h.found_date BETWEEN '2026-05-01' AND '2026-05-31' AND h.voided = 0"
            ).fetchall(),
            "violations": conn.execute(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM violation v WHERE v.found_date BETWEEN '2026-05-01' "
                "AND '2026-05-31' AND v.voided = 0"
            ).fetchall(),
            "duty month": conn.execute(
                "EXPLAIN QUERY PLAN SELECT * FROM duty_month WHERE month = '2026-05'"
            ).fetchall(),
        }
    text = {name: " ".join(str(row[-1]) for row in plan) for name, plan in plans.items()}
    assert "ix_hazard_found" in text["hazards found"]
    assert "ix_violation_found" in text["violations"]
    assert "SEARCH duty_month USING PRIMARY KEY (month=?)" in text["duty month"]


def test_the_report_tables_of_a_known_month(may: Ledger) -> None:
    with may.read() as conn:
        tables = tallies.summary(conn, "2026-05")["tables"]
    units = {row["code"]: row for row in tables["by_unit"]}
    u01, u02 = units["U01"], units["U02"]
    assert (u01["inspectors"], u01["on_duty_rate"], u01["report_rate"]) == (2, 36 / 42, 22 / 36)
    assert (u01["hazards_major"], u01["hazards_general"], u01["hazards_closed"], u01["hazards_overdue_open"]) == (
        1,
        0,
        0,
        1,
    )
    assert (u01["violations_command"], u01["violations_serious"], u01["suggestions"]) == (1, 1, 1)
    assert (u02["inspectors"], u02["on_duty_rate"], u02["hazards_general"], u02["hazards_closed"]) == (0, None, 1, 1)
    assert u02["violations_discipline"] == 1
    station, restored = tables["by_workstation"]  # JK09: set up, closed and restored in May, nothing entered
    assert restored["code"] == "JK09" and restored["duty_marks"] == 0
    assert station == {
        "code": "JK01",
        "name": station["name"],
        "duty_marks": 36,
        "report_marks": 22,
        "hazards_received": 2,
        "notices_issued": 0,
        "receipt_rate": None,
    }
    (overdue,) = tables["overdue"]
    assert (overdue["found_date"], overdue["deadline"], overdue["overdue_days"]) == ("2026-04-20", "2026-04-23", 38)
    assert [h["level"] for h in tables["major_hazards"]] == ["A"]
    assert tables["repeat_offenders"] == []  # 张三 of U01 and 张三 of U02 are two people
    sheet = tables["allowances"]
    assert sheet["approved"] is None and [r["employee_no"] for r in sheet["rows"]] == ["Q001", "Q002"]
    q1, q2 = sheet["rows"]
    assert (q1["duty_shifts"], q1["duty_required"], q1["deductions_yuan"], q1["bonuses_yuan"]) == (21, 21, 20, 50)
    assert (q1["allowance_yuan"], q2["allowance_yuan"], q2["cancelled_by"]) == (230, 0, ["R02"])
    assert sheet["total_yuan"] == 230


def test_tables_follow_the_scope(may: Ledger) -> None:
    with may.read() as conn:
        tables = tallies.summary(conn, "2026-05", "U02")["tables"]
    assert [row["code"] for row in tables["by_unit"]] == ["U02"]
    assert tables["overdue"] == [] and tables["major_hazards"] == []
    assert tables["allowances"]["rows"] == []  # both inspectors belong to U01


def test_the_dashboard_is_this_month_so_far_beside_the_last(may: Ledger) -> None:
    """Today is 2026-06-10: June so far beside the same days of May (like with like, issue 17)."""
    with may.read() as conn:
        board = overview.dashboard(conn, dt.date(2026, 6, 10))
        whole = tallies.scope_of(conn, None)
        june = tallies.tally(conn, periods.Period(dt.date(2026, 6, 1), dt.date(2026, 6, 10)), whole)
        may_so_far = tallies.tally(conn, periods.Period(dt.date(2026, 5, 1), dt.date(2026, 5, 10)), whole)
        unit = overview.dashboard(conn, dt.date(2026, 6, 10), "U02")
    assert board.month == "2026-06" and board.period == periods.Period(dt.date(2026, 6, 1), dt.date(2026, 6, 10))
    assert board.prev_period == periods.Period(dt.date(2026, 5, 1), dt.date(2026, 5, 10))
    assert [figure.metric for figure in board.figures] == list(metrics.DASHBOARD)
    for figure in board.figures:
        key = figure.metric.key
        assert (figure.month, figure.prev_month) == (june[key], may_so_far[key]), key
    assert [p.month for p in board.trend][-1:] == ["2026-05"]  # whole months only: June is not over
    assert board.trend[-1].hazards_found == 2 and board.trend[-1].violations == 2
    assert unit.scope.code == "U02" and unit.figure("hazards_found").prev_month == 1


def test_scope_choices_are_the_organisation_tree_in_order(ledger: Ledger) -> None:
    with ledger.read() as conn:
        choices = tallies.scope_choices(conn)
    depth = {code: d for code, _name, d in choices}
    codes = [code for code, _name, _d in choices]
    assert depth["U01"] == depth["U02"] == depth[codes[0]] + 1
    assert codes.index("U01") > 0  # a unit follows its mine
