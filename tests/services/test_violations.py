"""三违 records: numbering, validation, amendment, handling, repeat counts and the repeat-offender list."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from safetywatch.domain.errors import ConflictError, ValidationError
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference, violations
from safetywatch.services.kinds.violations import HandlingInput, ViolationInput
from safetywatch.services.maintenance import integrity
from tests.helpers import card, count_rows, refs

pytestmark = pytest.mark.pg

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
        assert integrity.verify(conn).ok
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
    from safetywatch.services.queries.violation_query import ViolationFilter, count, fetch_rows, query_ids

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


def test_dates_kinds_and_who_stopped_it_are_checked(ledger: Ledger) -> None:
    r = refs(ledger)
    with pytest.raises(ValidationError) as old:
        violations.register(ledger, _card(ledger, found_date=dt.date(1999, 12, 31), found_time="7:5"))
    fields = _fields(old)
    assert "before 2000-01-01" in fields["found_date"] and "HH:MM" in fields["found_time"]
    with pytest.raises(ValidationError) as both:  # an inspector id with another kind of stopper
        violations.register(ledger, _card(ledger, stopped_by_kind="cadre", stopped_by_name="王队长"))
    assert "roster" in _fields(both)["stopped_by_id"]
    with pytest.raises(ValidationError) as kind:
        violations.register(ledger, _card(ledger, stopped_by_kind="boss", stopped_by_id=None, stopped_by_name="某"))
    assert "offered" in _fields(kind)["stopped_by_kind"]
    with pytest.raises(ValidationError) as levels:  # the mine is no 区队, a 区队 is no 班组
        violations.register(ledger, _card(ledger, offender_unit_id=r.mine, offender_team_id=r.unit2))
    assert _fields(levels) == {"offender_unit_id": "Choose a 区队 (unit).", "offender_team_id": "Choose a 班组 (team)."}
    with pytest.raises(ValidationError) as nobody:
        violations.register(ledger, _card(ledger, stopped_by_id=999))
    assert _fields(nobody)["stopped_by_id"] == "No such inspector."
    assert count_rows(ledger, "violation") == 0


def test_lookup_entries_must_be_in_use_on_the_day(ledger: Ledger) -> None:
    new_type = reference.save(
        ledger,
        "violation_type",
        {"code": "XX", "name": "新增类别", "maps_to": "operation", "valid_from": "2026-06-01"},
    )
    with pytest.raises(ValidationError) as early:
        violations.register(ledger, _card(ledger, type_id=new_type["id"], found_date=dt.date(2026, 5, 31)))
    assert _fields(early) == {"type_id": "This entry is not in use on 2026-05-31; choose another."}
    assert violations.register(ledger, _card(ledger, type_id=new_type["id"]))["number"] == "JK01-SW-2026-00001"


def test_void_records_cannot_be_amended_or_handled(ledger: Ledger) -> None:
    row = violations.register(ledger, _card(ledger))
    violations.void(ledger, row["id"], "重复录入")
    with pytest.raises(ValidationError) as again:
        violations.void(ledger, row["id"], "再作废")
    assert "already void" in _fields(again)["reason"]
    with pytest.raises(ValidationError):
        violations.amend(ledger, row["id"], _card(ledger), "改")
    with pytest.raises(ValidationError) as handled:
        violations.add_handling(
            ledger, row["id"], HandlingInput(_codes(ledger, "handling_step")["TH"], DAY, decided_by="安监处")
        )
    assert "void" in _fields(handled)["step_id"]
    with pytest.raises(ValidationError) as future:
        violations.add_handling(
            ledger,
            violations.register(ledger, _card(ledger))["id"],
            HandlingInput(None, dt.date(2026, 6, 11), decided_by="安监处"),
        )
    assert "future" in _fields(future)["on_date"] and _fields(future)["step_id"] == "Required."
    with ledger.read() as conn:
        assert integrity.verify(conn).ok


def test_repeat_window_includes_the_day_itself_and_not_later_days(ledger: Ledger) -> None:
    key = violations.offender_key("G1001", "张三", None)
    violations.register(ledger, _card(ledger, found_date=dt.date(2025, 6, 10)))
    violations.register(ledger, _card(ledger, found_date=DAY))
    with ledger.read() as conn:
        assert violations.repeat_count(conn, key, dt.date(2025, 6, 10)) == 1  # the day itself counts
        assert violations.repeat_count(conn, key, dt.date(2025, 6, 9)) == 0  # later ones do not
        assert violations.repeat_count(conn, key, dt.date(2026, 6, 10)) == 1  # 2025-06-10 is 365 days before
        assert violations.repeat_count(conn, key, dt.date(2026, 6, 9)) == 2
        assert violations.repeat_offenders(conn, dt.date(2026, 6, 10)) == []
        (listed,) = violations.repeat_offenders(conn, dt.date(2026, 6, 9))
    assert listed["offender_key"] == key and listed["offender_no"] == "G1001" and listed["unit_name"] == "综采一队"
    assert (listed["count"], listed["last_date"], listed["serious"]) == (2, "2026-06-09", 0)
    assert sorted(listed["numbers"].split()) == ["JK01-SW-2025-00001", "JK01-SW-2026-00001"]


def test_repeat_offenders_are_sorted_by_count(ledger: Ledger) -> None:
    for _ in range(2):
        violations.register(ledger, _card(ledger, offender_no="G2", offender_name="二次"))
    for _ in range(3):
        violations.register(ledger, _card(ledger, offender_no="G3", offender_name="三次"))
    with ledger.read() as conn:
        assert [x["offender_no"] for x in violations.repeat_offenders(conn, DAY)] == ["G3", "G2"]
        assert [x["offender_no"] for x in violations.repeat_offenders(conn, DAY, minimum=3)] == ["G3"]


def test_known_people_and_type_ahead(ledger: Ledger) -> None:
    r = refs(ledger)
    violations.register(ledger, _card(ledger, offender_no="G1001", offender_name="张三", offender_unit_id=r.unit2))
    with ledger.read() as conn:
        assert violations.known_person(conn, "G1001") == ("张三", r.unit2)
        assert violations.known_person(conn, "Q002") == ("王芳", r.unit1)  # an inspector on the roster
        assert violations.known_person(conn, "X9") is None
        assert violations.offender_numbers(conn, "G10") == ["G1001"]
        assert violations.offender_numbers(conn, "Q") == ["Q001", "Q002"]
        assert violations.offender_numbers(conn, "") == []


def test_amend_keeps_an_audited_history(ledger: Ledger) -> None:
    row = violations.register(ledger, _card(ledger))
    amended = violations.amend(ledger, row["id"], _card(ledger, offender_no="", offender_name="张三"), "工号不详")
    assert amended["offender_key"] == f"name:张三@{refs(ledger).unit1}" and amended["version"] == 2
    with ledger.read() as conn:
        assert integrity.verify(conn).ok
        assert violations.input_of(violations.get(conn, row["id"])).offender_no == ""


def test_list_filters_by_type_severity_and_stopper_and_sorts_by_joined_columns(ledger: Ledger) -> None:
    from safetywatch.services.queries.violation_query import COLUMN_KEYS, ViolationFilter, count, fetch_rows, query_ids

    r = refs(ledger)
    serious = _codes(ledger, "violation_severity")["YZ"]
    command = _codes(ledger, "violation_type")["ZH"]
    a = violations.register(ledger, _card(ledger, offender_unit_id=r.unit2))
    b = violations.register(ledger, _card(ledger, severity_id=serious, type_id=command))
    c = violations.register(
        ledger,
        _card(ledger, stopped_by_id=r.inspectors["Q002"], description="违规扒车", found_date=dt.date(2026, 6, 1)),
    )
    with ledger.read() as conn:
        assert list(query_ids(conn, ViolationFilter(severity_id=serious))) == [b["id"]]
        assert list(query_ids(conn, ViolationFilter(type_id=command))) == [b["id"]]
        assert list(query_ids(conn, ViolationFilter(stopped_by_id=r.inspectors["Q002"]))) == [c["id"]]
        assert list(query_ids(conn, ViolationFilter(text="扒车"))) == [c["id"]]
        assert list(query_ids(conn, ViolationFilter(text="SW-2026-00002"))) == [b["id"]]
        # units sort by name in SQL: 掘进二队 < 综采一队 in code-point order
        by_unit = list(query_ids(conn, ViolationFilter(), "unit", False))
        assert by_unit[0] == a["id"] and set(by_unit) == {a["id"], b["id"], c["id"]}
        assert list(query_ids(conn, ViolationFilter(), "found_date", False, limit=1)) == [c["id"]]
        assert count(conn, ViolationFilter(date_to=dt.date(2026, 6, 1))) == 1
        row = fetch_rows(conn, [b["id"]])[b["id"]]
        with pytest.raises(ValueError):
            query_ids(conn, ViolationFilter(), "nonsense")
    shown = dict(zip(COLUMN_KEYS, row, strict=False))
    assert (shown["severity"], shown["type"], shown["stopped_by"]) == ("严重三违", "违章指挥", "李四")
