"""三违 records: numbering, validation, amendment, handling, repeat counts and the repeat-offender list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from safetywatch.domain.errors import ConflictError, ValidationError
from safetywatch.services import audit, hazards, reference, violations
from safetywatch.services.database import Ledger
from safetywatch.services.violations import HandlingInput, ViolationInput
from tests.helpers import card, count_rows, refs

DAY = dt.date(2026, 6, 9)


def _codes(ledger: Ledger, kind: str) -> dict[str, int]:
    with ledger.read() as conn:
        return {c.code: c.id for c in reference.choices(conn, kind)}


def _card(ledger: Ledger, **changes: object) -> ViolationInput:
    r = refs(ledger)
    base = ViolationInput(
        workstation_id=r.workstation,
        found_date=DAY,
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
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def test_register_numbers_per_workstation_and_year(ledger: Ledger) -> None:
    first = violations.register(ledger, _card(ledger))
    second = violations.register(ledger, _card(ledger, found_date=dt.date(2026, 6, 10)))
    older = violations.register(ledger, _card(ledger, found_date=dt.date(2025, 12, 31)))
    assert (first["number"], second["number"], older["number"]) == (
        "JK01-SW-2026-00001",
        "JK01-SW-2026-00002",
        "JK01-SW-2025-00001",
    )
    assert first["stopped_by_name"] == "李四" and first["clerk"] == "测试员"
    assert first["offender_key"] == "no:G1001"
    with ledger.read() as conn:
        shown = violations.get(conn, first["id"])
        assert audit.verify(conn).ok
    assert shown["type_class"] == "operation" and shown["severity_class"] == "general"


def test_every_bad_field_is_named_and_nothing_is_saved(ledger: Ledger) -> None:
    before = count_rows(ledger, "violation")
    with pytest.raises(ValidationError) as info:
        violations.register(
            ledger,
            _card(
                ledger,
                found_date=dt.date(2026, 6, 11),
                found_time="24:10",
                offender_name="",
                type_id=_codes(ledger, "employment")["ZS"],  # an id of the wrong list
                hazard_id=999,
            ),
        )
    fields = _fields(info)
    assert "future" in fields["found_date"]
    assert "HH:MM" in fields["found_time"]
    assert fields["offender_name"] == "Required."
    assert "existing entry" in fields["type_id"]
    assert "No hazard" in fields["hazard_id"]
    assert count_rows(ledger, "violation") == before


def test_who_stopped_it(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as missing:
        violations.register(ledger, _card(ledger, stopped_by_id=None))
    assert "stopped_by_id" in _fields(missing)
    with pytest.raises(ValidationError) as nobody:
        violations.register(ledger, _card(ledger, stopped_by_kind="cadre", stopped_by_id=None))
    assert "stopped_by_name" in _fields(nobody)
    cadre = violations.register(
        ledger, _card(ledger, stopped_by_kind="cadre", stopped_by_id=None, stopped_by_name="王队长")
    )
    assert cadre["stopped_by_name"] == "王队长"
    with pytest.raises(ValidationError) as early:
        violations.register(ledger, _card(ledger, found_date=dt.date(2019, 5, 1)))
    assert "roll" in _fields(early)["stopped_by_id"]


def test_amend_needs_a_reason_keeps_the_number_and_detects_stale_edits(ledger: Ledger) -> None:
    row = violations.register(ledger, _card(ledger))
    with pytest.raises(ValidationError):
        violations.amend(ledger, row["id"], _card(ledger, offender_name="张叁"), "  ")
    amended = violations.amend(ledger, row["id"], _card(ledger, offender_name="张叁"), "姓名写错", expected_version=1)
    assert amended["offender_name"] == "张叁" and amended["number"] == row["number"]
    with pytest.raises(ConflictError):
        violations.amend(ledger, row["id"], _card(ledger, location="别处"), "再改", expected_version=1)
    with pytest.raises(ValidationError) as year:
        violations.amend(ledger, row["id"], _card(ledger, found_date=dt.date(2025, 6, 1)), "年份")
    assert "number" in _fields(year)["found_date"]


def test_handling_entries_and_signature(ledger: Ledger) -> None:
    row = violations.register(ledger, _card(ledger))
    steps = _codes(ledger, "handling_step")
    entry = violations.add_handling(
        ledger, row["id"], HandlingInput(steps["PX"], DAY, training_days=3, fine_yuan=200, decided_by="安监处")
    )
    assert entry["actor"] == "测试员"
    with pytest.raises(ValidationError) as bad:
        violations.add_handling(
            ledger,
            row["id"],
            HandlingInput(steps["FK"], dt.date(2026, 6, 1), training_days=400, fine_yuan=-5, decided_by=""),
        )
    fields = _fields(bad)
    assert set(fields) == {"on_date", "training_days", "fine_yuan", "decided_by"}
    with ledger.read() as conn:
        assert [h["step_name"] for h in violations.handlings(conn, row["id"])] == ["脱产培训"]
    signed = violations.set_signed(ledger, row["id"], True)
    assert signed["offender_signed"] == 1
    with pytest.raises(ValidationError):
        violations.set_signed(ledger, row["id"], False)  # un-signing needs a reason
    assert violations.set_signed(ledger, row["id"], False, "签字人不是本人")["offender_signed"] == 0


def test_repeat_count_covers_exactly_the_last_365_days(ledger: Ledger) -> None:
    key = violations.offender_key("G1001", "张三", None)
    violations.register(ledger, _card(ledger, found_date=dt.date(2025, 6, 9)))  # exactly 365 days before: out
    violations.register(ledger, _card(ledger, found_date=dt.date(2025, 6, 10)))  # 364 days before: in
    latest = violations.register(ledger, _card(ledger))
    with ledger.read() as conn:
        assert violations.repeat_count(conn, key, DAY) == 2
        assert violations.get(conn, latest["id"])["repeat_count"] == 2
    violations.void(ledger, latest["id"], "重复录入")
    with ledger.read() as conn:
        assert violations.repeat_count(conn, key, DAY) == 1


def test_repeat_offenders_without_a_number_are_matched_by_name_and_unit(ledger: Ledger) -> None:
    r = refs(ledger)
    for day in (1, 3, 5):
        violations.register(
            ledger, _card(ledger, offender_no="", offender_name="外包李", found_date=dt.date(2026, 6, day))
        )
    violations.register(ledger, _card(ledger, offender_no="", offender_name="外包李", offender_unit_id=r.unit2))
    violations.register(ledger, _card(ledger))
    with ledger.read() as conn:
        listed = violations.repeat_offenders(conn, DAY)
    assert [(x["offender_name"], x["count"]) for x in listed] == [("外包李", 3)]


def test_a_violation_can_point_to_its_hazard_and_stats_count_classes(ledger: Ledger) -> None:
    r = refs(ledger)
    hazard = hazards.register(ledger, card(r))
    violations.register(ledger, _card(ledger, hazard_id=hazard["id"]))
    violations.register(
        ledger,
        _card(
            ledger,
            type_id=_codes(ledger, "violation_type")["ZH"],
            severity_id=_codes(ledger, "violation_severity")["YZ"],
            stopped_by_kind="safety",
            stopped_by_id=None,
            stopped_by_name="安监员刘",
        ),
    )
    with ledger.read() as conn:
        figures = violations.stats(conn, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
        assert violations.get(conn, 1)["hazard_number"] == hazard["number"]
    assert figures == {"total": 2, "serious": 1, "by_inspectors": 1, "command": 1, "operation": 1, "discipline": 0}


def test_list_query_filters_and_sorts_in_sql(ledger: Ledger) -> None:
    from safetywatch.services.violation_query import ViolationFilter, count, fetch_rows, query_ids

    r = refs(ledger)
    a = violations.register(ledger, _card(ledger, offender_name="甲", found_date=dt.date(2026, 6, 1)))
    b = violations.register(ledger, _card(ledger, offender_name="乙%", offender_unit_id=r.unit2))
    c = violations.register(ledger, _card(ledger, offender_name="丙", found_date=dt.date(2026, 5, 1)))
    violations.void(ledger, c["id"], "录错")
    with ledger.read() as conn:
        assert list(query_ids(conn, ViolationFilter())) == [b["id"], a["id"], c["id"]]
        by_name = sorted([("甲", a["id"]), ("乙%", b["id"]), ("丙", c["id"])])
        assert list(query_ids(conn, ViolationFilter(), "offender_name", False)) == [i for _, i in by_name]
        assert list(query_ids(conn, ViolationFilter(text="%"))) == [b["id"]]  # literal, not a wildcard
        assert list(query_ids(conn, ViolationFilter(unit_id=r.unit2))) == [b["id"]]
        assert count(conn, ViolationFilter(include_voided=False)) == 2
        assert count(conn, ViolationFilter(date_from=dt.date(2026, 6, 2))) == 1
        rows = fetch_rows(conn, [a["id"]])
    assert rows[a["id"]][0] == a["number"] and rows[a["id"]][-1] == 0
