"""Suggestions, safety squads, worker representatives' tours and family assistance, on real records."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.services import audit, family, hazards, reference, squads, suggestions, tours
from safetywatch.services.database import Ledger
from safetywatch.services.family import FamilyInput
from safetywatch.services.squads import SquadInput
from safetywatch.services.suggestions import SuggestionInput
from safetywatch.services.tours import ProblemInput, TourInput
from tests.helpers import card, refs

DAY = dt.date(2026, 6, 9)
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def _category(ledger: Ledger) -> int:
    with ledger.read() as conn:
        return next(c.id for c in reference.choices(conn, "suggestion_category") if c.code == "AQ")


def test_suggestion_review_and_implementation(ledger: Ledger) -> None:
    r = refs(ledger)
    data = SuggestionInput(DAY, r.inspectors["Q001"], "", r.unit1, _category(ledger), "皮带机头加装防护罩")
    row = suggestions.submit(ledger, data)
    assert row["proposer_name"] == "李四" and row["status"] == "submitted"
    with pytest.raises(ValidationError) as early:
        suggestions.implement(ledger, row["id"], "机电队", DAY)
    assert "adopted" in _fields(early)["status"]
    with pytest.raises(ValidationError) as no_reason:
        suggestions.review(ledger, row["id"], False, "安全科", DAY)
    assert "note" in _fields(no_reason)
    suggestions.review(ledger, row["id"], True, "安全科", DAY)
    with pytest.raises(ValidationError):
        suggestions.review(ledger, row["id"], True, "安全科", DAY)  # only once
    done = suggestions.implement(ledger, row["id"], "机电队", dt.date(2026, 6, 10), "减少卷入风险", 200)
    assert done["reward_yuan"] == 200
    other = suggestions.submit(ledger, SuggestionInput(DAY, None, "王工", r.unit2, _category(ledger), "增设照明"))
    suggestions.review(ledger, other["id"], False, "安全科", DAY, "已有整改计划")
    with ledger.read() as conn:
        assert suggestions.stats(conn, *JUNE) == {
            "made": 2,
            "adopted": 1,
            "rejected": 1,
            "pending": 0,
            "implemented": 1,
            "reward_yuan": 200,
        }
        assert audit.verify(conn).ok


def test_a_suggestion_names_its_proposer_and_is_not_from_the_future(ledger: Ledger) -> None:
    r = refs(ledger)
    with pytest.raises(ValidationError) as info:
        suggestions.submit(ledger, SuggestionInput(dt.date(2026, 6, 11), None, " ", r.unit1, _category(ledger), "x"))
    assert set(_fields(info)) == {"proposed_on", "proposer_name"}


def test_squad_activity_with_its_hazards(ledger: Ledger) -> None:
    r = refs(ledger)
    squad = squads.record(ledger, SquadInput(DAY, "一队小分队", "张队长", "李四、王芳", "1201工作面—回风巷", 2))
    hazard = hazards.register(ledger, card(r, fixed_on_site=True))
    late = hazards.register(ledger, card(r, found_date=dt.date(2026, 5, 1)))
    squads.link_hazard(ledger, squad["id"], hazard["number"])
    with pytest.raises(ValidationError, match="already linked"):
        squads.link_hazard(ledger, squad["id"], hazard["number"])
    with pytest.raises(ValidationError, match="within 7 days"):
        squads.link_hazard(ledger, squad["id"], late["number"])
    with pytest.raises(ValidationError, match="No hazard"):
        squads.link_hazard(ledger, squad["id"], "JK01-2026-99999")
    with ledger.read() as conn:
        assert [h["number"] for h in squads.squad_hazards(conn, squad["id"])] == [hazard["number"]]
        assert squads.stats(conn, *JUNE) == {
            "activities": 1,
            "hazards_found": 1,
            "hazards_rectified": 1,
            "violations_stopped": 2,
        }
        assert audit.verify(conn).ok


def test_tour_problems_always_add_up(ledger: Ledger) -> None:
    r = refs(ledger)
    problems = [
        ProblemInput("井口等候室漏雨", r.unit1, "labour", "on_site"),
        ProblemInput("副井信号不清", r.unit1, "safety", "later", dt.date(2026, 6, 20)),
        ProblemInput("班中餐送不到工作面", None, "labour", "open"),
    ]
    tour = tours.record_tour(ledger, TourInput(DAY, "矿工会", "主井、一采区", 12), problems)
    with pytest.raises(ValidationError) as bad:
        tours.record_tour(
            ledger, TourInput(DAY, "矿工会", "二采区", 8), [ProblemInput("问题", None, "safety", "later")]
        )
    assert "problems[0].deadline" in _fields(bad)
    with ledger.read() as conn:
        figures = tours.stats(conn, *JUNE)
        open_problem = tours.problems(conn, tour["id"])[2]
    assert figures["problems_found"] == figures["solved_on_site"] + figures["solved_later"] + figures["unsolved"] == 3
    with pytest.raises(ValidationError, match="on site"):
        tours.update_problem(
            ledger, open_problem["id"], ProblemInput("班中餐送不到工作面", None, "labour", "on_site"), "已解决"
        )
    tours.update_problem(
        ledger,
        open_problem["id"],
        ProblemInput("班中餐送不到工作面", None, "labour", "later", dt.date(2026, 6, 30)),
        "后勤承诺月底前解决",
    )
    with ledger.read() as conn:
        figures = tours.stats(conn, *JUNE)
    assert (figures["tours"], figures["reps"], figures["solved_later"], figures["unsolved"]) == (1, 12, 2, 0)
    assert figures["problems_found"] == 3


def test_family_assistance_events(ledger: Ledger) -> None:
    family.record(
        ledger, FamilyInput(DAY, "home_visit", "刘大姐、陈大姐", "张三", "worry", "情绪低落", "", 3, "谈心", "下月回访")
    )
    family.record(ledger, FamilyInput(DAY, "forum", "女工委", participants=25, outcome="签订家庭安全协议"))
    with pytest.raises(ValidationError) as info:
        family.record(ledger, FamilyInput(DAY, "home_visit", "刘大姐", "", None, participants=2))
    assert set(_fields(info)) == {"person_visited", "reason"}
    with pytest.raises(ValidationError) as unknown:
        family.record(ledger, FamilyInput(DAY, "conflict", "刘大姐", violation_number="SW-X", participants=2))
    assert "violation_number" in _fields(unknown)
    with ledger.read() as conn:
        figures = family.stats(conn, *JUNE)
    assert (figures["home_visit"], figures["visits_worry"], figures["forum"], figures["forum_participants"]) == (
        1,
        1,
        1,
        25,
    )
