"""The same records entered on SQLite and on PostgreSQL read back the same through every query of the record
kinds and lists: values, types, order and NULLs (only the random ``uuid`` values differ)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core import numbering
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
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.squads import SquadInput
from safetywatch.services.kinds.suggestions import SuggestionInput
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.kinds.training import TrainingInput
from safetywatch.services.kinds.violations import ViolationInput
from safetywatch.services.queries import audit_trail, hazard_query, violation_query
from safetywatch.services.queries.audit_trail import EventFilter
from tests.helpers import card, refs, seeded_ledger, seeded_server_ledger
from tests.pg_cluster import Cluster

pytestmark = pytest.mark.pg

A = HazardAction
DAY = dt.date(2026, 6, 9)
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
YEAR = (dt.date(2025, 7, 1), dt.date(2026, 12, 31))


def _codes(conn: Connection, kind: str) -> dict[str, int]:
    return {c.code: c.id for c in reference.choices(conn, kind)}


def _enter(led: Ledger) -> None:
    """One office's month: hazards through their loop, 三违 with repeat offenders, shift sheets, a suggestion,
    a squad, a tour and a training session, in the same order on either engine."""
    r = refs(led)
    for i in range(8):
        row = hazards.register(
            led,
            card(
                r,
                found_date=DAY - dt.timedelta(days=i % 4),
                level_id=r.levels["ABC"[i % 3]],
                unit_id=r.unit1 if i % 2 else r.unit2,
                location=f"{1201 + i % 3}工作面",
                rectify_person=f"整改人{i}" if i % 3 != 2 else "",
                measures="措施" if i % 3 != 2 else "",
                fixed_on_site=i == 7,
            ),
        )
        if i % 2 == 0:
            hazards.act(led, row["id"], StepInput(A.ISSUE_NOTICE, DAY, person="王队长"))
        if i == 4:
            hazards.act(led, row["id"], StepInput(A.ESCALATE, DAY, person="矿", note="督办", escalation_level="矿级"))
    with led.read() as conn:
        codes = {kind: _codes(conn, kind) for kind in ("employment", "violation_type", "violation_severity")}
        via = _codes(conn, "violation_found_via")["QJY"]
    offenders = [
        ("G1001", "张三"),
        ("G1001", "张三"),
        ("", "外包李"),
        ("G2", "李二"),
        ("", "外包李"),
        ("G1001", "张三"),
    ]
    for i, (number, name) in enumerate(offenders):
        violations.register(
            led,
            ViolationInput(
                workstation_id=r.workstation,
                found_date=DAY - dt.timedelta(days=40 * i),
                shift_id=r.shifts["1"],
                found_time="10:20",
                location="1201运输顺槽",
                offender_no=number,
                offender_name=name,
                offender_unit_id=r.unit1,
                offender_trade="支架工",
                employment_id=codes["employment"]["ZS"],
                type_id=codes["violation_type"]["ZY"],
                severity_id=codes["violation_severity"]["YB"],
                rule_item="一般三违第12条",
                description=f"未执行敲帮问顶{i}",
                stopped_by_kind="inspector",
                stopped_by_id=r.inspectors["Q001"],
                found_via_id=via,
            ),
        )
    q1, q2 = r.inspectors["Q001"], r.inspectors["Q002"]
    duty.save_sheet(led, SheetInput(r.workstation, DAY, r.shifts["1"], (Mark(q1, reported=True), Mark(q2, "leave"))))
    duty.save_sheet(led, SheetInput(r.workstation, DAY - dt.timedelta(days=1), r.shifts["2"], (Mark(q1, "absent"),)))
    with led.read() as conn:
        category = _codes(conn, "suggestion_category")["AQ"]
    suggestion = suggestions.submit(led, SuggestionInput(DAY, q1, "", r.unit1, category, "皮带机头加装防护罩"))
    suggestions.review(led, suggestion["id"], True, "安全科", DAY)
    suggestions.submit(led, SuggestionInput(DAY, None, "外协工", r.unit2, category, "更换照明"))
    squad = squads.record_squad(led, SquadInput(DAY, "一队小分队", "张队长", "", "1201工作面"))
    squads.link_hazard(led, squad["id"], 1)
    tours.record_tour(led, TourInput(DAY, "矿工会", "主井", 3), [ProblemInput("漏雨", r.unit1), ProblemInput("缺灯")])
    training.record(led, TrainingInput(DAY, "顶板管理", 4, "王工", r.unit1, "Q002 Q001"))
    visit = FamilyInput(DAY, "home_visit", "刘大姐", "", "violation", "", "JK01-SW-2026-00001", 2, "谈心", "回访")
    family.record(led, visit)  # its mine: the one above the 三违's offender unit
    family.record(led, FamilyInput(DAY, "forum", "女工委", participants=12, mine_id=r.mine))


def _without_uuids(value: Any) -> Any:
    """*value* with every ``uuid`` entry dropped (random per database), dataclasses as dicts."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _without_uuids(v) for k, v in value.items() if k != "uuid"}
    if isinstance(value, list | tuple):
        return [_without_uuids(v) for v in value]
    return value


#: Every read of the record kinds and lists, by name.
READS: dict[str, Callable[[Connection], Any]] = {
    "hazards.get": lambda c: [hazards.get(c, i) for i in range(1, 9)],
    "hazards.timeline": lambda c: [hazards.timeline(c, i) for i in range(1, 9)],
    "violations.get": lambda c: [violations.get(c, i) for i in range(1, 7)],
    "violations.repeat_offenders": lambda c: violations.repeat_offenders(c, DAY),
    "violations.repeat_offenders(year)": lambda c: violations.repeat_offenders(c, DAY - dt.timedelta(days=80)),
    "violations.stats": lambda c: violations.stats(c, *YEAR),
    "violations.known_person": lambda c: [violations.known_person(c, n) for n in ("G1001", "Q002", "X")],
    "violations.offender_numbers": lambda c: [violations.offender_numbers(c, p) for p in ("G", "Q", "G1")],
    "duty.roster": lambda c: duty.roster(c, 1, DAY),
    "duty.sheets": lambda c: [duty.get_sheet(c, i) for i in (1, 2)],
    "duty.check_projection": lambda c: ("problems", duty.check_projection(c)),
    "suggestions.list": lambda c: suggestions.list_suggestions(c, *JUNE),
    "suggestions.stats": lambda c: suggestions.stats(c, *JUNE),
    "suggestions.count_by_proposer": lambda c: suggestions.count_by_proposer(c, *JUNE),
    "squads.listing": lambda c: squads.listing(c, *JUNE),
    "squads.squad_stats": lambda c: squads.squad_stats(c, *JUNE),
    "squads.squad_hazards": lambda c: squads.squad_hazards(c, 1),
    "tours.listing": lambda c: tours.listing(c, *JUNE),
    "tours.problems": lambda c: tours.problems(c, 1),
    "training.listing": lambda c: training.listing(c, *JUNE),
    "family.listing": lambda c: family.listing(c, *JUNE),
    "family.family_stats": lambda c: family.family_stats(c, *JUNE),
    "family.get": lambda c: [family.get(c, i) for i in (1, 2)],
    "reference.list_rows": lambda c: {k: reference.list_rows(c, k) for k in sorted(reference.KINDS)},
    "numbering.highest_serials": lambda c: numbering.highest_serials(c, ["JK01"]),
    "hazard_query.sorted": lambda c: {
        (key, desc): list(hazard_query.query_ids(c, hazard_query.HazardFilter(), key, desc, DAY))
        for key in hazard_query.COLUMN_KEYS
        for desc in (True, False)
    },
    # rows by id: a dict in whichever order the server returned them
    "hazard_query.rows": lambda c: sorted(hazard_query.fetch_rows(c, list(range(1, 9))).items()),
    "hazard_query.text": lambda c: list(hazard_query.query_ids(c, hazard_query.HazardFilter(text="1202"))),
    "hazard_query.overdue": lambda c: [hazard_query.overdue_count(c, DAY + dt.timedelta(days=d)) for d in (0, 9, 99)],
    "hazard_query.recent_locations": lambda c: hazard_query.recent_locations(c),
    "violation_query.sorted": lambda c: {
        key: list(violation_query.VIOLATIONS.query_ids(c, violation_query.ViolationFilter(), key, False, DAY))
        for key in violation_query.COLUMN_KEYS
    },
    "audit_trail.rows": lambda c: sorted(audit_trail.fetch_rows(c, audit_trail.query_ids(c, EventFilter())).items()),
}


@pytest.fixture(scope="module")
def both(postgres: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ledger, Ledger]]:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    led = (
        seeded_ledger(Path(tmp_path_factory.mktemp("same")) / "ledger.db", clock),
        seeded_server_ledger(postgres, clock),
    )
    for one in led:
        _enter(one)
    yield led
    for one in led:
        one.engine.dispose()


@pytest.mark.parametrize("read", sorted(READS))
def test_each_read_gives_the_same_on_both_engines(both: tuple[Ledger, Ledger], read: str) -> None:
    results = []
    for led in both:
        with led.read() as conn:
            results.append(_without_uuids(READS[read](conn)))
    on_sqlite, on_server = results
    assert on_sqlite, read  # something was read, so the comparison can fail
    assert on_server == on_sqlite
    assert repr(on_server) == repr(on_sqlite)  # the same types too (1 is not 1.0 or True)
