"""Suggestions, safety squads, worker representatives' tours and family assistance, on real records."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from safetywatch.domain.errors import ConflictError, ValidationError
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import family, hazards, reference, squads, suggestions, tours, violations
from safetywatch.services.kinds.family import FamilyInput
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.squads import SquadInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.services.maintenance import integrity
from tests.helpers import card, count_rows, refs

pytestmark = pytest.mark.pg

DAY = dt.date(2026, 6, 9)
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def _codes(ledger: Ledger, kind: str) -> dict[str, int]:
    with ledger.read() as conn:
        return {c.code: c.id for c in reference.choices(conn, kind)}


def _suggestion(ledger: Ledger, **changes: object) -> SuggestionInput:
    r = refs(ledger)
    base = SuggestionInput(
        DAY, r.inspectors["Q001"], "", r.unit1, _codes(ledger, "suggestion_category")["AQ"], "加装防护罩"
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _events(ledger: Ledger, entity: str, entity_id: int) -> list[tuple[str, str | None]]:
    with ledger.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT action, reason FROM audit_event WHERE entity = ? AND entity_id = ? ORDER BY seq",
            (entity, entity_id),
        ).all()
    return [(str(a), r) for a, r in rows]


# -- suggestions ---------------------------------------------------------------------------------------------


def test_suggestion_review_and_implementation(ledger: Ledger) -> None:
    r = refs(ledger)
    row = suggestions.submit(ledger, _suggestion(ledger, content="皮带机头加装防护罩"))
    assert row["proposer_name"] == "李四" and row["status"] == "submitted" and row["clerk"] == ledger.actor
    with pytest.raises(ValidationError) as early:
        suggestions.implement(ledger, row["id"], "机电队", DAY)
    assert "adopted" in _fields(early)["status"]
    with pytest.raises(ValidationError) as no_reason:
        suggestions.review(ledger, row["id"], False, "安全科", DAY)
    assert "note" in _fields(no_reason)
    with pytest.raises(ValidationError) as dates:
        suggestions.review(ledger, row["id"], True, "安全科", dt.date(2026, 6, 8))
    assert "2026-06-09" in _fields(dates)["reviewed_on"]
    with pytest.raises(ValidationError) as future:
        suggestions.review(ledger, row["id"], True, "安全科", dt.date(2026, 6, 11))
    assert "future" in _fields(future)["reviewed_on"]
    suggestions.review(ledger, row["id"], True, "安全科", DAY)
    with pytest.raises(ValidationError) as twice:
        suggestions.review(ledger, row["id"], True, "安全科", DAY)
    assert "already reviewed" in _fields(twice)["status"]
    with pytest.raises(ValidationError) as rich:
        suggestions.implement(ledger, row["id"], "机电队", DAY, "", 1_000_001)
    assert "reward_yuan" in _fields(rich)
    done = suggestions.implement(ledger, row["id"], "机电队", dt.date(2026, 6, 10), "减少卷入风险", 200)
    assert (done["reward_yuan"], done["implemented_on"], done["status"]) == (200, "2026-06-10", "adopted")
    with pytest.raises(ValidationError, match="already recorded"):
        suggestions.implement(ledger, row["id"], "机电队", dt.date(2026, 6, 10))
    other = suggestions.submit(ledger, _suggestion(ledger, proposer_id=None, proposer_name="王工", unit_id=r.unit2))
    suggestions.review(ledger, other["id"], False, "安全科", DAY, "已有整改计划")
    with pytest.raises(ValidationError, match="adopted"):
        suggestions.implement(ledger, other["id"], "机电队", DAY)
    assert [a for a, _ in _events(ledger, "suggestion", row["id"])] == ["create", "review", "implement"]
    with ledger.read() as conn:
        assert integrity.verify(conn).ok


def test_a_suggestion_names_its_proposer_and_is_not_from_the_future(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as info:
        suggestions.submit(
            ledger, _suggestion(ledger, proposed_on=dt.date(2026, 6, 11), proposer_id=None, proposer_name=" ")
        )
    assert set(_fields(info)) == {"proposed_on", "proposer_name"}
    with pytest.raises(ValidationError) as old:
        suggestions.submit(
            ledger,
            _suggestion(
                ledger,
                proposed_on=dt.date(1999, 12, 31),
                proposer_id=None,
                proposer_name="张工",
                content="",
                unit_id=None,
            ),
        )
    assert set(_fields(old)) == {"proposed_on", "content", "unit_id"}
    assert "2000" in _fields(old)["proposed_on"]
    with pytest.raises(ValidationError) as wrong_kind:  # a unit id is no suggestion category
        suggestions.submit(ledger, _suggestion(ledger, category_id=refs(ledger).unit1))
    assert "category_id" in _fields(wrong_kind)
    assert count_rows(ledger, "suggestion") == 0


def test_amend_and_void_a_suggestion(ledger: Ledger) -> None:
    row = suggestions.submit(ledger, _suggestion(ledger))
    with pytest.raises(ValidationError) as no_reason:
        suggestions.amend(ledger, row["id"], _suggestion(ledger, content="加装防护罩和急停拉线"), " ")
    assert "reason" in _fields(no_reason)
    changed = suggestions.amend(
        ledger, row["id"], _suggestion(ledger, content="加装防护罩和急停拉线"), "补充内容", expected_version=1
    )
    assert (changed["content"], changed["version"], changed["status"]) == ("加装防护罩和急停拉线", 2, "submitted")
    with pytest.raises(ConflictError):
        suggestions.amend(ledger, row["id"], _suggestion(ledger, content="又改"), "再改", expected_version=1)
    suggestions.void(ledger, row["id"], "重复登记")
    with pytest.raises(ValidationError, match="void"):
        suggestions.review(ledger, row["id"], True, "安全科", DAY)
    with pytest.raises(ValidationError, match="void"):
        suggestions.amend(ledger, row["id"], _suggestion(ledger), "改回")
    with ledger.read() as conn:
        assert suggestions.stats(conn, *JUNE)["made"] == 0
        assert [s["id"] for s in suggestions.list_suggestions(conn, *JUNE)] == [row["id"]]  # listed, marked void


def test_suggestion_figures_list_and_count_per_proposer(ledger: Ledger) -> None:
    r = refs(ledger)
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    a, b, c, may = (
        suggestions.submit(ledger, _suggestion(ledger, proposer_id=who, proposed_on=day))["id"]
        for who, day in [(q1, DAY), (q1, dt.date(2026, 6, 2)), (q2, DAY), (q2, dt.date(2026, 5, 20))]
    )
    suggestions.submit(ledger, _suggestion(ledger, proposer_id=None, proposer_name="外单位张工"))
    voided = suggestions.submit(ledger, _suggestion(ledger, proposer_id=q2))["id"]
    suggestions.void(ledger, voided, "重复登记")
    suggestions.review(ledger, a, True, "安全科", DAY)
    suggestions.implement(ledger, a, "机电队", DAY, "", 300)
    suggestions.review(ledger, b, True, "安全科", DAY)
    suggestions.implement(ledger, b, "机电队", DAY, "", 150)
    suggestions.review(ledger, c, False, "安全科", DAY, "不具备条件")
    suggestions.review(ledger, may, True, "安全科", DAY)
    with ledger.read() as conn:
        assert suggestions.stats(conn, *JUNE) == {
            "made": 4,
            "adopted": 2,
            "rejected": 1,
            "pending": 1,
            "implemented": 2,
            "reward_yuan": 450,
        }
        assert suggestions.stats(conn, *YEAR)["adopted"] == 3
        assert suggestions.count_by_proposer(conn, *JUNE) == {q1: 2, q2: 1}
        assert [s["id"] for s in suggestions.list_suggestions(conn, *JUNE, status="adopted")] == [a, b]
        assert {s["id"] for s in suggestions.list_suggestions(conn, *YEAR, status="adopted")} == {a, b, may}


# -- safety squads -------------------------------------------------------------------------------------------


def test_squad_record_validate_amend_void(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as info:
        squads.record_squad(ledger, SquadInput(dt.date(2026, 7, 1), "一队小分队", "", "", "", 1000))
    assert set(_fields(info)) == {"on_date", "leader", "route", "violations_stopped"}
    squad = squads.record_squad(ledger, SquadInput(DAY, "一队小分队", "张队长", "李四、王芳", "1201工作面", None))
    assert squad["violations_stopped"] == 0 and squad["members"] == "李四、王芳" and squad["note"] is None
    changed = squads.amend(
        ledger,
        squad["id"],
        SquadInput(DAY, "一队小分队", "张队长", "李四", "1201工作面", 1),
        "补录",
        expected_version=1,
    )
    assert (changed["violations_stopped"], changed["version"]) == (1, 2)
    squads.void(ledger, squad["id"], "重复")
    with pytest.raises(ValidationError, match="already void"):
        squads.void(ledger, squad["id"], "重复")
    with ledger.read() as conn:
        assert squads.squad_stats(conn, *JUNE)["activities"] == 0


def test_squad_activity_with_its_hazards(ledger: Ledger) -> None:
    r = refs(ledger)
    squad = squads.record_squad(ledger, SquadInput(dt.date(2026, 6, 2), "一队小分队", "张队长", "", "回风巷", 2))
    other = squads.record_squad(ledger, SquadInput(DAY, "二队小分队", "王队长", "", "运输巷", 0))
    fixed = hazards.register(ledger, card(r, fixed_on_site=True))  # found 06-09, within 7 days of 06-02
    open_one = hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 2)))
    late = hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 10)))  # 8 days after
    before = hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 1)))
    void_one = hazards.register(ledger, card(r))
    hazards.act(ledger, void_one["id"], StepInput(HazardAction.VOID, DAY, note="录错"))

    squads.link_hazard(ledger, squad["id"], fixed["number"])  # by number, as typed
    squads.link_hazard(ledger, squad["id"], open_one["id"])  # by id
    with pytest.raises(ValidationError, match="already linked to this"):
        squads.link_hazard(ledger, squad["id"], fixed["number"])
    with pytest.raises(ValidationError, match="another activity"):
        squads.link_hazard(ledger, other["id"], fixed["id"])
    for wrong in (late, before):
        with pytest.raises(ValidationError, match=r"within 7 days after it \(up to 2026-06-09\)"):
            squads.link_hazard(ledger, squad["id"], wrong["number"])
    with pytest.raises(ValidationError, match="void"):
        squads.link_hazard(ledger, squad["id"], void_one["number"])
    with pytest.raises(ValidationError, match="No hazard"):
        squads.link_hazard(ledger, squad["id"], "JK01-2026-99999")
    with ledger.read() as conn:
        linked = squads.squad_hazards(conn, squad["id"])
        assert [(h["number"], h["fixed_on_site"]) for h in linked] == [(fixed["number"], 1), (open_one["number"], 0)]
        assert squads.squad_stats(conn, *JUNE) == {
            "activities": 2,
            "hazards_found": 2,
            "hazards_rectified": 1,
            "violations_stopped": 2,
        }
    # moving the check so that a linked hazard falls outside its window is refused
    with pytest.raises(ValidationError) as moved:
        squads.amend(ledger, squad["id"], SquadInput(DAY, "一队小分队", "张队长", "", "回风巷", 2), "改日期")
    assert open_one["number"] in _fields(moved)["on_date"]
    with pytest.raises(ValidationError, match="not linked"):
        squads.unlink_hazard(ledger, other["id"], fixed["id"], "挂错")
    with pytest.raises(ValidationError) as no_reason:
        squads.unlink_hazard(ledger, squad["id"], fixed["id"], "")
    assert "reason" in _fields(no_reason)
    squads.unlink_hazard(ledger, squad["id"], fixed["number"], "挂错了小分队")
    squads.link_hazard(ledger, other["id"], fixed["number"])
    assert _events(ledger, "hazard", fixed["id"])[-3:] == [
        ("link", "Found by a safety squad"),
        ("unlink", "挂错了小分队"),
        ("link", "Found by a safety squad"),
    ]
    squads.void(ledger, other["id"], "重复")
    with pytest.raises(ValidationError, match="void"):
        squads.link_hazard(ledger, other["id"], open_one["number"])
    with ledger.read() as conn:
        assert squads.squad_stats(conn, *JUNE) == {
            "activities": 1,
            "hazards_found": 1,
            "hazards_rectified": 0,
            "violations_stopped": 2,
        }
        assert integrity.verify(conn).ok


# -- worker representatives' tours ---------------------------------------------------------------------------


def _check_invariant(ledger: Ledger) -> dict[str, int]:
    with ledger.read() as conn:
        f = tours.tour_stats(conn, *JUNE)
    assert f["problems_found"] == f["solved_on_site"] + f["solved_afterwards"] + f["due_unsolved"] + f["open"]
    return f


def _outcomes(f: dict[str, int]) -> tuple[int, int, int, int]:
    """As of the period's last day (30 June): solved on site, solved afterwards, due and not solved, open."""
    return f["solved_on_site"], f["solved_afterwards"], f["due_unsolved"], f["open"]


def test_tour_and_problems_are_written_together(ledger: Ledger) -> None:
    r = refs(ledger)
    with pytest.raises(ValidationError) as bad:
        tours.record_tour(
            ledger,
            TourInput(DAY, "矿工会", "二采区", 501),
            [
                ProblemInput("问题一", None, "safety", "on_site"),
                ProblemInput("问题二", None, "safety", "later"),
                ProblemInput("问题三", None, "safety", "later", dt.date(2026, 6, 8)),
                ProblemInput("", None, "wages", "open", dt.date(2026, 6, 20)),
            ],
        )
    assert set(_fields(bad)) == {
        "reps",
        "problems[1].deadline",
        "problems[2].deadline",
        "problems[3].description",
        "problems[3].category",
        "problems[3].deadline",
    }
    assert "before the tour (2026-06-09)" in _fields(bad)["problems[2].deadline"]
    assert count_rows(ledger, "tour") == count_rows(ledger, "tour_problem") == 0  # nothing half-saved
    with pytest.raises(ValidationError) as no_reps:
        tours.record_tour(ledger, TourInput(DAY, "矿工会", "二采区", 0))
    assert "reps" in _fields(no_reps)
    tour = tours.record_tour(ledger, TourInput(DAY, "矿工会", "二采区", 1), [ProblemInput("漏雨", r.unit1)])
    with ledger.read() as conn:
        assert [(p["status"], p["unit_name"]) for p in tours.problems(conn, tour["id"])] == [("open", "综采一队")]


def test_tour_problems_always_add_up(ledger: Ledger) -> None:
    r = refs(ledger)
    problems = [
        ProblemInput("井口等候室漏雨", r.unit1, "labour", "on_site"),
        ProblemInput("副井信号不清", r.unit1, "safety", "later", dt.date(2026, 6, 20)),
        ProblemInput("班中餐送不到工作面", None, "labour", "open"),
    ]
    tour = tours.record_tour(ledger, TourInput(DAY, "矿工会", "主井、一采区", 12), problems)
    tours.record_tour(ledger, TourInput(dt.date(2026, 6, 3), "矿工会、人力资源部", "二采区", 13))
    tours.record_tour(ledger, TourInput(dt.date(2026, 5, 3), "矿工会", "三采区", 9), [ProblemInput("五月的问题")])
    f = _check_invariant(ledger)
    assert (f["tours"], f["reps"], f["problems_found"]) == (2, 25, 3)
    assert _outcomes(f) == (1, 0, 1, 1)  # the deadline 20 June passed by the 30th: due, not "solved later"
    with ledger.read() as conn:
        on_site, later, open_problem = tours.problems(conn, tour["id"])
    with pytest.raises(ValidationError, match="only for problems solved during the tour"):
        tours.update_problem(
            ledger, open_problem["id"], ProblemInput("班中餐送不到工作面", None, "labour", "on_site"), "已解决"
        )
    with pytest.raises(ValidationError, match="solved on site at the tour"):
        tours.update_problem(ledger, on_site["id"], ProblemInput("井口等候室漏雨", r.unit1, "labour", "open"), "未修好")
    with pytest.raises(ValidationError) as no_deadline:
        tours.update_problem(
            ledger, open_problem["id"], ProblemInput("班中餐送不到工作面", None, "labour", "later"), "约定"
        )
    assert "problems" not in str(no_deadline.value) and "deadline" in _fields(no_deadline)
    tours.update_problem(
        ledger,
        open_problem["id"],
        ProblemInput("班中餐送不到工作面", None, "labour", "later", dt.date(2026, 6, 30)),
        "后勤承诺月底前解决",
    )
    f = _check_invariant(ledger)
    assert _outcomes(f) == (1, 0, 1, 1)  # a deadline on the 30th has not passed on the 30th: open
    tours.update_problem(
        ledger,
        later["id"],
        ProblemInput("副井信号不清", r.unit1, "safety", "open"),
        "期限已过未解决",
        expected_version=1,
    )
    tours.add_problem(ledger, tour["id"], ProblemInput("劳保鞋发放不及时", r.unit2, "labour", "later", DAY))
    f = _check_invariant(ledger)
    assert (f["problems_found"], *_outcomes(f)) == (4, 1, 0, 1, 2)
    tours.void_problem(ledger, on_site["id"], "重复记录")
    f = _check_invariant(ledger)
    assert (f["problems_found"], f["solved_on_site"]) == (3, 0)
    with pytest.raises(ValidationError, match="solved date 2026-06-09"):
        tours.amend(ledger, tour["id"], TourInput(dt.date(2026, 6, 10), "矿工会", "主井", 12), "改日期")
    tours.amend(ledger, tour["id"], TourInput(DAY, "矿工会", "主井、一采区、二采区", 14), "补区域")
    tours.void(ledger, tour["id"], "重复登记")
    with pytest.raises(ValidationError, match="void"):
        tours.add_problem(ledger, tour["id"], ProblemInput("新问题"))
    f = _check_invariant(ledger)
    assert (f["tours"], f["reps"], f["problems_found"]) == (1, 13, 0)
    with ledger.read() as conn:
        assert integrity.verify(conn).ok


def test_a_hazard_raised_on_a_tour(ledger: Ledger) -> None:
    r = refs(ledger)
    tour = tours.record_tour(ledger, TourInput(DAY, "矿工会", "主井", 10), [ProblemInput("副井信号不清")])
    hazard = hazards.register(ledger, card(r, found_date=dt.date(2026, 6, 10)))
    tours.link_hazard(ledger, tour["id"], hazard["number"])
    with ledger.read() as conn:
        assert [h["id"] for h in tours.tour_hazards(conn, tour["id"])] == [hazard["id"]]
    with pytest.raises(ValidationError, match="already linked"):
        tours.link_hazard(ledger, tour["id"], hazard["id"])
    tours.unlink_hazard(ledger, tour["id"], hazard["id"], "不是巡视发现的")
    with ledger.read() as conn:
        assert tours.tour_hazards(conn, tour["id"]) == []


# -- family assistance ---------------------------------------------------------------------------------------


def _violation(ledger: Ledger, day: dt.date = DAY) -> dict[str, Any]:
    r = refs(ledger)
    return violations.register(
        ledger,
        ViolationInput(
            workstation_id=r.workstation,
            found_date=day,
            shift_id=r.shifts["1"],
            found_time="10:20",
            location="1201运输顺槽",
            offender_no="G1001",
            offender_name="张三",
            offender_unit_id=r.unit1,
            offender_trade="支架工",
            employment_id=_codes(ledger, "employment")["ZS"],
            type_id=_codes(ledger, "violation_type")["ZY"],
            severity_id=_codes(ledger, "violation_severity")["YB"],
            rule_item="一般三违第12条",
            description="未执行敲帮问顶进入工作面",
            stopped_by_kind="inspector",
            stopped_by_id=r.inspectors["Q001"],
            found_via_id=_codes(ledger, "violation_found_via")["QJY"],
        ),
    )


def test_family_assistance_validation(ledger: Ledger) -> None:
    mine = refs(ledger).mine
    with pytest.raises(ValidationError) as info:
        family.record(ledger, FamilyInput(DAY, "home_visit", "刘大姐", "", None, participants=2, mine_id=mine))
    assert set(_fields(info)) == {"person_visited", "reason"}
    with pytest.raises(ValidationError) as worry:
        family.record(ledger, FamilyInput(DAY, "home_visit", "刘大姐", "张三", "worry", participants=2, mine_id=mine))
    assert set(_fields(worry)) == {"worry_type"}
    with pytest.raises(ValidationError) as many:
        family.record(ledger, FamilyInput(dt.date(2026, 6, 11), "party", "", participants=10_001, mine_id=mine))
    assert set(_fields(many)) == {"on_date", "kind", "visitors", "participants"}
    with pytest.raises(ValidationError) as none:
        family.record(ledger, FamilyInput(DAY, "forum", "女工委", participants=0, mine_id=mine))
    assert "participants" in _fields(none)
    with pytest.raises(ValidationError) as unknown:
        family.record(
            ledger, FamilyInput(DAY, "conflict", "刘大姐", violation_number="SW-X", participants=2, mine_id=mine)
        )
    assert "SW-X" in _fields(unknown)["violation_number"]
    assert count_rows(ledger, "family_activity") == 0


def test_a_visit_to_a_violation_offender_by_its_number(ledger: Ledger) -> None:
    violation = _violation(ledger, dt.date(2026, 6, 5))
    number = str(violation["number"])
    with pytest.raises(ValidationError, match="after this activity"):
        family.record(ledger, FamilyInput(dt.date(2026, 6, 4), "home_visit", "刘大姐", "", "violation", "", number, 2))
    row = family.record(
        ledger, FamilyInput(DAY, "home_visit", "刘大姐", "", "violation", "情绪低落", number, 2, "谈心", "回访")
    )
    # the person comes from the 三违 record; a 不放心 type does not belong to a 三违 visit and is not stored
    assert (row["violation_id"], row["person_visited"], row["worry_type"]) == (violation["id"], "张三", None)
    changed = family.amend(
        ledger,
        row["id"],
        FamilyInput(DAY, "home_visit", "刘大姐、陈大姐", "张三", "violation", "", number, 3, "谈心", "回访"),
        "补录走访人",
        expected_version=1,
    )
    assert (changed["participants"], changed["version"]) == (3, 2)
    with ledger.read() as conn:
        assert family.get(conn, row["id"])["violation_number"] == number  # type: ignore[index]
    violations.void(ledger, int(violation["id"]), "录错")
    with pytest.raises(ValidationError, match="is void"):
        family.record(ledger, FamilyInput(DAY, "home_visit", "刘大姐", "张三", "violation", "", number, 2))


def test_family_figures(ledger: Ledger) -> None:
    visits = [
        FamilyInput(DAY, "home_visit", "刘大姐、陈大姐", "张三", "worry", "情绪低落", "", 3, "谈心", "下月回访"),
        FamilyInput(DAY, "home_visit", "刘大姐", "李五", "worry", "家庭困难", "", 2),
        FamilyInput(DAY, "home_visit", "刘大姐", "赵六", "violation", "", "", 2),
        FamilyInput(DAY, "home_visit", "刘大姐", "钱七", "other", "", "", 2),
        FamilyInput(DAY, "conflict", "陈大姐", participants=4),
        FamilyInput(DAY, "forum", "女工委", participants=25, outcome="签订家庭安全协议"),
        FamilyInput(DAY, "pithead", "女工委", participants=30),
        FamilyInput(DAY, "pithead", "女工委", participants=12),
        FamilyInput(dt.date(2026, 5, 30), "forum", "女工委", participants=40),
    ]
    mine = refs(ledger).mine
    rows = [family.record(ledger, replace(v, mine_id=mine)) for v in visits]
    family.void(ledger, rows[1]["id"], "重复")
    with ledger.read() as conn:
        f = family.family_stats(conn, *JUNE)
    assert f == {
        "home_visit": 3,
        "home_visit_participants": 7,
        "conflict": 1,
        "conflict_participants": 4,
        "forum": 1,
        "forum_participants": 25,
        "pithead": 2,
        "pithead_participants": 42,
        "visits_violation": 1,
        "visits_worry": 1,
    }


def test_revise_a_tour_and_its_problems_in_one_save(ledger: Ledger) -> None:
    r = refs(ledger)
    tour = tours.record_tour(
        ledger,
        TourInput(DAY, "矿工会", "主井", 10),
        [ProblemInput("漏雨", r.unit1, "labour", "on_site"), ProblemInput("信号不清", r.unit1, "safety", "open")],
    )
    with ledger.read() as conn:
        on_site, open_one = tours.problems(conn, tour["id"])
    edits: list[tuple[int | None, ProblemInput]] = [
        (on_site["id"], ProblemInput("漏雨", r.unit1, "labour", "open")),  # refused: was solved on site
        (open_one["id"], ProblemInput("信号不清", r.unit1, "safety", "later", dt.date(2026, 6, 20))),
        (None, ProblemInput("劳保鞋不合脚", None, "labour", "open")),
    ]
    with pytest.raises(ValidationError) as refused:
        tours.revise_tour(ledger, tour["id"], TourInput(DAY, "矿工会", "主井、副井", 11), edits, "补录")
    assert set(_fields(refused)) == {"problems[0].status"}
    assert count_rows(ledger, "tour_problem") == 2  # nothing of the save was written
    edits[0] = (on_site["id"], ProblemInput("漏雨", r.unit1, "labour", "on_site"))
    row = tours.revise_tour(
        ledger, tour["id"], TourInput(DAY, "矿工会", "主井、副井", 11), edits, "补录", expected_version=1
    )
    assert (row["areas"], row["reps"], row["version"]) == ("主井、副井", 11, 2)
    assert [a for a, _ in _events(ledger, "tour_problem", on_site["id"])] == ["create"]  # unchanged: not written
    assert _events(ledger, "tour_problem", open_one["id"])[-1] == ("amend", "补录")
    with pytest.raises(ConflictError):
        tours.revise_tour(ledger, tour["id"], TourInput(DAY, "矿工会", "主井", 11), [], "再改", expected_version=1)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        tours.revise_tour(ledger, tour["id"], TourInput(DAY, "矿工会", "主井、副井", 11), edits[:2], "再存一次")
    f = _check_invariant(ledger)
    assert (f["problems_found"], *_outcomes(f)) == (3, 1, 0, 1, 1)
