"""A source ledger with records of every importable kind: the conftest's hazards and 三违, plus suggestions
(submitted, adopted and implemented, rejected, void), squad checks and tours with hazards linked, tour
problems of every status, family activities, and shift sheets with duty and report marks (one void)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from safetywatch.exchange import export
from safetywatch.exchange.columns import IMPORTABLE
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, family, hazards, reference, squads, suggestions, tours, training
from tests.exchange.conftest import HOSTILE, Source, codes, fill
from tests.helpers import refs


def fill_every_kind(ledger: Ledger, *, family_activities: bool = True) -> Source:
    """The records below; *family_activities* ``False`` leaves those out (see tests/pg/test_exchange_export)."""
    source = fill(ledger)
    r = refs(ledger)
    with ledger.read() as conn:
        linked_squad = hazards.by_number(conn, source.hazard_numbers[3])  # found 2026-05-04
        linked_tour = hazards.by_number(conn, source.hazard_numbers[4])  # found 2026-05-05
    assert linked_squad and linked_tour
    category = codes(ledger, "suggestion_category")
    proposed = suggestions.SuggestionInput(
        proposed_on=dt.date(2026, 5, 2),
        proposer_id=r.inspectors["Q001"],
        unit_id=r.unit1,
        category_id=next(iter(category.values())),
        content=HOSTILE["newlines"],
    )
    suggestions.submit(ledger, proposed)
    adopted = suggestions.submit(ledger, suggestions.SuggestionInput(**{**proposed.__dict__, "content": "加装监控"}))
    suggestions.review(ledger, adopted["id"], True, "安监科", dt.date(2026, 5, 6), "")
    suggestions.implement(ledger, adopted["id"], "机电队", dt.date(2026, 5, 20), "减少停机", 200)
    rejected = suggestions.submit(
        ledger,
        suggestions.SuggestionInput(
            **{**proposed.__dict__, "proposer_id": None, "proposer_name": "@外协工", "content": "=改班制"}
        ),
    )
    suggestions.review(ledger, rejected["id"], False, "工会", dt.date(2026, 5, 7), "条件不具备")
    void = suggestions.submit(ledger, suggestions.SuggestionInput(**{**proposed.__dict__, "content": "重复"}))
    suggestions.void(ledger, void["id"], "重复录入")

    squad = squads.record_squad(
        ledger,
        squads.SquadInput(dt.date(2026, 5, 1), "一队", "李四", "王五, 赵六", "-550水平中央泵房", 2, HOSTILE["plus"]),
    )
    squads.link_hazard(ledger, squad["id"], linked_squad)
    void_squad = squads.record_squad(ledger, squads.SquadInput(dt.date(2026, 5, 8), "二队", "周七", "", "二采区", 0))
    squads.link_hazard(ledger, void_squad["id"], source.hazard_numbers[7])  # found 2026-05-08; stays linked
    squads.void(ledger, void_squad["id"], "录错日期")

    tour = tours.record_tour(
        ledger,
        tours.TourInput(dt.date(2026, 5, 3), "工会", "综采工作面", None, "", "张三 10234\n赵六（10235）\n孙八"),
        [
            tours.ProblemInput("通风不畅", r.unit1, "safety", "on_site"),
            tours.ProblemInput("劳保鞋不合脚", None, "labour", "later", dt.date(2026, 6, 1), "已联系供应科"),
            tours.ProblemInput(HOSTILE["minus"], r.unit2, "other", "open"),
        ],
    )
    tours.link_hazard(ledger, tour["id"], linked_tour)
    with ledger.read() as conn:
        last_problem = tours.problems(conn, tour["id"])[-1]["id"]
        promised = tours.problems(conn, tour["id"])[1]["id"]
    tours.mark_solved(ledger, promised, dt.date(2026, 5, 28), "供应科")  # solved afterwards
    tours.void_problem(ledger, last_problem, "重复")

    if family_activities:
        _family_activities(ledger, source, r.mine)
    # inspector training: one session with both inspectors, one corrected to one attendee, one void
    training.record(ledger, training.TrainingInput(dt.date(2026, 5, 12), "隐患排查", 4, "王工", r.unit1, "Q001 Q002"))
    corrected = training.record(
        ledger, training.TrainingInput(dt.date(2026, 5, 19), HOSTILE["minus"], 2, "李科长", r.mine, "Q002 Q001", "夜校")
    )
    training.amend(
        ledger,
        corrected["id"],
        training.TrainingInput(dt.date(2026, 5, 19), HOSTILE["minus"], 2, "李科长", r.mine, "Q002", "夜校"),
        "李四未到",
    )
    void_session = training.record(
        ledger, training.TrainingInput(dt.date(2026, 5, 26), "应急", 1, "张工", r.unit2, "Q001")
    )
    training.void(ledger, void_session["id"], "取消")

    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    marks = (
        duty.Mark(q1, "on", "07:50", "15:30", "-550水平", True, False, "顶板离层", 1, 0, 1),
        duty.Mark(q2, "leave"),
    )
    duty.save_sheet(ledger, duty.SheetInput(r.workstation, dt.date(2026, 5, 4), r.shifts["1"], marks, "交接正常"))
    duty.save_sheet(
        ledger,
        duty.SheetInput(
            r.workstation,
            dt.date(2026, 5, 5),
            r.shifts["1"],
            (duty.Mark(q1, "on", reported=True, no_problem=True), duty.Mark(q2, "absent")),
        ),
    )
    wrong = duty.save_sheet(
        ledger, duty.SheetInput(r.workstation, dt.date(2026, 5, 6), r.shifts["1"], (duty.Mark(q1, "training"),))
    )
    duty.void_sheet(ledger, wrong["id"], "班次录错")
    # a station closed and restored, then closed again (still closed)
    station = reference.save(
        ledger, "workstation", {"code": "JK08", "name": "副井", "mine_id": str(r.mine), "opened_on": "2025-10-01"}
    )
    reference.close_workstation(ledger, station["id"], dt.date(2026, 3, 1), "井口改造")
    reference.reopen_workstation(ledger, station["id"], dt.date(2026, 4, 1), "改造完成")
    reference.close_workstation(ledger, station["id"], dt.date(2026, 5, 20), HOSTILE["formula"])
    return source


def _family_activities(ledger: Ledger, source: Source, mine: int) -> None:
    violation = source.violation_numbers[0]
    family.record(
        ledger,
        family.FamilyInput(dt.date(2026, 6, 4), "home_visit", "女工委", "", "violation", "", violation, 3, "已谈心"),
    )
    family.record(
        ledger,
        family.FamilyInput(
            dt.date(2026, 5, 9), "home_visit", "女工委", "钱八", "worry", "家庭困难", "", 2, mine_id=mine
        ),
    )
    family.record(ledger, family.FamilyInput(dt.date(2026, 5, 10), "forum", "女工委", participants=30, mine_id=mine))
    void_visit = family.record(
        ledger, family.FamilyInput(dt.date(2026, 5, 11), "pithead", "家属", participants=8, mine_id=mine)
    )
    family.void(ledger, void_visit["id"], "未成行")


def export_all(ledger: Ledger, folder: Path, *, fmt: str = "csv", headers: str | None = None) -> dict[str, Path]:
    """Every importable kind exported to *folder* (in import order)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind in IMPORTABLE:
        files[kind] = folder / f"{kind}.{fmt}"
        with ledger.read() as conn:
            export.export(conn, kind, files[kind], fmt=fmt, headers=headers)
    return files
