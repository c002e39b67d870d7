"""Reference data: seeded defaults, save/amend/void with reasons, validation, effective-dated choices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetywatch.domain.errors import NotFoundError, ValidationError
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests.helpers import count_rows, refs

pytestmark = pytest.mark.pg

SEEDED = {
    "lookup_item": 12 + 4 + 7 + 3 + 2 + 3 + 4 + 7 + 4,
    "rate_norm": 1,
    "allowance_rule": 8,
    "hazard_level": 3,
    "shift": 3,
    "org_unit": 1,
    "workstation": 1,
    "app_setting": 1,
}


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in info.value.errors}


def _codes(ledger: Ledger, kind: str, on: dt.date | None = None) -> list[str]:
    with ledger.read() as conn:
        return [c.code for c in reference.choices(conn, kind, on)]


def _category(code: str = "XX", **values: str) -> dict[str, str]:
    return {"code": code, "name": "新专业", "valid_from": "2020-01-01", **values}


# --- defaults -----------------------------------------------------------------------------------------


def test_defaults_are_seeded_once(tmp_path: Path) -> None:
    path = tmp_path / "seed.db"
    first = open_ledger(path, actor="测试员")
    counts = {table: count_rows(first, table) for table in SEEDED}
    assert counts == SEEDED
    events = count_rows(first, "audit_event")
    assert events == sum(SEEDED.values())  # every seeded row is audited
    assert reference.seed_defaults(first) is False
    first.close()
    second = open_ledger(path, actor="测试员")
    try:
        assert {table: count_rows(second, table) for table in SEEDED} == SEEDED
        assert count_rows(second, "audit_event") == events
        with second.read() as conn:
            assert integrity.verify(conn).ok
    finally:
        second.close()


def test_seeded_values(ledger: Ledger) -> None:
    assert _codes(ledger, "hazard_category") == [c for c, _ in reference.DEFAULT_CATEGORIES]
    assert _codes(ledger, "hazard_nature") == ["R", "W", "H", "G"]
    assert _codes(ledger, "hazard_source") == [c for c, *_ in reference.DEFAULT_SOURCES]
    assert _codes(ledger, "shift") == ["1", "2", "3"]
    with ledger.read() as conn:
        levels = {row["code"]: row for row in reference.list_rows(conn, "hazard_level")}
        workstations = reference.list_rows(conn, "workstation")
    assert {c: (lv["national"], lv["default_deadline_days"]) for c, lv in levels.items()} == {
        "A": ("major", 30),
        "B": ("major", 10),
        "C": ("general", 3),
    }
    assert [w["code"] for w in workstations] == ["JK01"]


# --- save, amend, void --------------------------------------------------------------------------------


def test_save_creates_an_audited_row(ledger: Ledger) -> None:
    row = reference.save(ledger, "hazard_category", _category(sort_order="20"))
    assert (row["kind"], row["code"], row["sort_order"], row["version"], row["voided"]) == (
        "hazard_category",
        "XX",
        20,
        1,
        0,
    )
    with ledger.read() as conn:
        [event] = audit.history(conn, "lookup_item", row["id"])
    assert (event.action, event.actor) == ("create", "测试员")
    assert _codes(ledger, "hazard_category")[-1] == "XX"


@pytest.mark.parametrize("reason", [None, "", "  ", "\u200b", "\ufeff", "\u200b \n"])
def test_amend_needs_a_reason(ledger: Ledger, reason: str | None) -> None:
    row = reference.save(ledger, "hazard_category", _category())
    events = count_rows(ledger, "audit_event")
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, "hazard_category", _category(name="改名"), row_id=row["id"], reason=reason)
    assert _fields(info) == {"reason"}
    assert count_rows(ledger, "audit_event") == events


def test_amend_with_reason(ledger: Ledger) -> None:
    row = reference.save(ledger, "hazard_category", _category())
    amended = reference.save(ledger, "hazard_category", _category(name="通风"), row_id=row["id"], reason="  名称规范 ")
    assert (amended["name"], amended["code"], amended["version"]) == ("通风", "XX", 2)  # own code: no clash
    with ledger.read() as conn:
        history = audit.history(conn, "lookup_item", row["id"])
    assert [(e.action, e.reason) for e in history] == [("create", None), ("amend", "名称规范")]
    with pytest.raises(ValidationError):  # nothing changed
        reference.save(ledger, "hazard_category", _category(name="通风"), row_id=row["id"], reason="再存一次")


def test_amend_of_another_kind_or_missing_row(ledger: Ledger) -> None:
    nature = refs(ledger).natures["R"]
    with pytest.raises(NotFoundError):
        reference.save(ledger, "hazard_category", _category(), row_id=nature, reason="改")
    with pytest.raises(NotFoundError):
        reference.save(ledger, "hazard_category", _category(), row_id=99_999, reason="改")


def test_void_of_another_kind_is_refused(ledger: Ledger) -> None:
    """Like an amendment (save), a void addresses one kind: a nature's id is not a category."""
    nature = refs(ledger).natures["R"]
    with pytest.raises(NotFoundError):
        reference.void(ledger, "hazard_category", nature, "误操作")
    assert "R" in _codes(ledger, "hazard_nature")


def test_void_needs_a_reason_and_hides_the_entry(ledger: Ledger) -> None:
    row = reference.save(ledger, "hazard_category", _category())
    for reason in ("", "  ", "\u200b"):
        with pytest.raises(ValidationError) as info:
            reference.void(ledger, "hazard_category", row["id"], reason)
        assert _fields(info) == {"reason"}
    voided = reference.void(ledger, "hazard_category", row["id"], " 并入顶板 ")
    assert (voided["voided"], voided["void_reason"], voided["version"]) == (1, "并入顶板", 2)
    assert "XX" not in _codes(ledger, "hazard_category")
    assert "XX" not in _codes(ledger, "hazard_category", dt.date(2026, 6, 10))
    with ledger.read() as conn:
        assert "XX" in [r["code"] for r in reference.list_rows(conn, "hazard_category")]
        assert "XX" not in [r["code"] for r in reference.list_rows(conn, "hazard_category", include_voided=False)]
    with pytest.raises(NotFoundError):
        reference.void(ledger, "hazard_category", 99_999, "不存在")
    with pytest.raises(ValidationError, match="already retired"):  # no second void, no new version
        reference.void(ledger, "hazard_category", row["id"], "再次停用")


# --- validation ---------------------------------------------------------------------------------------


def test_duplicate_code_is_refused_within_its_kind_only(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, "hazard_category", _category("WS"))
    assert _fields(info) == {"code"}
    assert "WS" in info.value.errors[0].message
    # "R" is a nature; as a category code it is free
    assert reference.save(ledger, "hazard_category", _category("R"))["kind"] == "hazard_category"
    with pytest.raises(ValidationError) as info:
        reference.save(
            ledger,
            "inspector",
            {
                "employee_no": "Q001",
                "name": "重名",
                "unit_id": str(refs(ledger).unit1),
                "line": "front",
                "role": "inspector",
                "appointed_on": "2021-01-01",
            },
        )
    assert _fields(info) == {"employee_no"}


def test_every_bad_field_at_once(ledger: Ledger) -> None:
    values = {
        "code": "",
        "name": "区\x00队",
        "level": "district",
        "parent_id": "999",
        "active_from": "2026-02-30",
        "active_to": "2026-13-01",
    }
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, "org_unit", values)
    assert _fields(info) == {"code", "name", "level", "parent_id", "active_from", "active_to"}
    messages = {e.field: e.message for e in info.value.errors}
    assert messages["code"] == "Required."
    assert messages["parent_id"] == "Choose an existing entry."
    assert messages["active_from"].startswith("Not a date")


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        ("hazard_category", _category(valid_from="2026-06-01", valid_to="2026-05-31"), "valid_to"),
        (
            "org_unit",
            {
                "code": "T1",
                "name": "班组",
                "level": "team",
                "active_from": "2026-01-02",
                "active_to": "2026-01-01",
            },
            "active_to",
        ),
        (
            "hazard_level",
            {
                "code": "D",
                "name": "D级",
                "national": "general",
                "default_deadline_days": "七",
                "valid_from": "2020-01-01",
            },
            "default_deadline_days",
        ),
        ("workstation", {"code": "JK09", "name": "站", "mine_id": "abc"}, "mine_id"),
        ("workstation", {"code": "JK09", "name": "站", "mine_id": "²"}, "mine_id"),  # isdigit() but not int()
    ],
    ids=["valid-range", "active-range", "int", "ref-text", "ref-superscript"],
)
def test_single_bad_field(ledger: Ledger, kind: str, values: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, kind, values)
    assert _fields(info) == {field}


def test_end_date_may_equal_start(ledger: Ledger) -> None:
    row = reference.save(ledger, "hazard_category", _category(valid_from="2026-06-01", valid_to="2026-06-01"))
    assert row["valid_to"] == "2026-06-01"


def test_dates_in_clerks_forms_are_stored_as_iso(ledger: Ledger) -> None:
    row = reference.save(ledger, "hazard_category", _category(valid_from="2024/02/29", valid_to="20240301"))
    assert (row["valid_from"], row["valid_to"]) == ("2024-02-29", "2024-03-01")


def test_unit_cannot_be_its_own_parent(ledger: Ledger) -> None:
    unit = refs(ledger).unit1
    values = {"code": "U01", "name": "综采一队", "level": "unit", "parent_id": str(unit)}
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, "org_unit", values, row_id=unit, reason="改上级")
    assert _fields(info) == {"parent_id"}


@pytest.mark.parametrize("name", [" 张三", "张三 ", "张三\u3000"])
def test_text_is_refused_or_kept_exactly_never_trimmed(ledger: Ledger, name: str) -> None:
    """reliability.md item 14: rejected with a message or round-trips exactly; never a silent trim."""
    values = {
        "employee_no": "Q009",
        "name": name,
        "unit_id": str(refs(ledger).unit1),
        "line": "front",
        "role": "inspector",
        "appointed_on": "2021-01-01",
    }
    try:
        row = reference.save(ledger, "inspector", values)
    except ValidationError as exc:
        assert {e.field for e in exc.errors} == {"name"}
    else:
        assert row["name"] == name


@pytest.mark.parametrize("days", ["-5", "99999999999999999999"])
def test_default_deadline_days_out_of_range_is_refused(ledger: Ledger, days: str) -> None:
    """A negative default deadline makes every hazard of the level fail registration (deadline
    before the found date); a 20-digit number overflows SQLite's INTEGER. Both must be a field message."""
    values = {
        "code": "D",
        "name": "D级",
        "national": "general",
        "default_deadline_days": days,
        "valid_from": "2020-01-01",
    }
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, "hazard_level", values)
    assert _fields(info) == {"default_deadline_days"}


# --- effective dating ---------------------------------------------------------------------------------


def test_choices_honour_validity_dates(ledger: Ledger) -> None:
    reference.save(ledger, "hazard_category", _category("TMP", valid_from="2026-01-01", valid_to="2026-06-30"))
    offered = {
        day: "TMP" in _codes(ledger, "hazard_category", day)
        for day in (dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 7, 1))
    }
    assert offered == {
        dt.date(2025, 12, 31): False,
        dt.date(2026, 1, 1): True,
        dt.date(2026, 6, 30): True,
        dt.date(2026, 7, 1): False,
    }
    assert "TMP" in _codes(ledger, "hazard_category")  # no date: every entry that is not voided


def test_levels_are_effective_dated_too(ledger: Ledger) -> None:
    level = refs(ledger).levels["C"]
    values = {
        "code": "C",
        "name": "C级",
        "national": "general",
        "default_deadline_days": "3",
        "sort_order": "3",
        "valid_from": "2000-01-01",
        "valid_to": "2025-12-31",
    }
    reference.save(ledger, "hazard_level", values, row_id=level, reason="改用新分级")
    assert _codes(ledger, "hazard_level", dt.date(2025, 12, 31)) == ["A", "B", "C"]
    assert _codes(ledger, "hazard_level", dt.date(2026, 1, 1)) == ["A", "B"]


def test_inspectors_offered_only_between_appointment_and_leaving(ledger: Ledger) -> None:
    values = {
        "employee_no": "Q003",
        "name": "赵六",
        "unit_id": str(refs(ledger).unit1),
        "line": "second",
        "role": "leader",
        "appointed_on": "2026-03-01",
        "left_on": "2026-05-31",
    }
    reference.save(ledger, "inspector", values)
    offered = {
        day: "Q003" in _codes(ledger, "inspector", day)
        for day in (dt.date(2026, 2, 28), dt.date(2026, 3, 1), dt.date(2026, 5, 31), dt.date(2026, 6, 1))
    }
    assert offered == {
        dt.date(2026, 2, 28): False,
        dt.date(2026, 3, 1): True,
        dt.date(2026, 5, 31): True,
        dt.date(2026, 6, 1): False,
    }
    assert _codes(ledger, "inspector", dt.date(2026, 6, 1)) == ["Q001", "Q002"]
    with pytest.raises(ValidationError) as info:  # leaving before being appointed
        reference.save(ledger, "inspector", {**values, "employee_no": "Q004", "left_on": "2026-02-01"})
    assert _fields(info) == {"left_on"}


def test_org_units_active_dates(ledger: Ledger) -> None:
    mine = refs(ledger).mine
    reference.save(
        ledger,
        "org_unit",
        {
            "code": "U03",
            "name": "已撤销队",
            "level": "unit",
            "parent_id": str(mine),
            "active_from": "2020-01-01",
            "active_to": "2025-12-31",
        },
    )
    with ledger.read() as conn:
        assert [u.code for u in reference.org_units(conn, "unit", dt.date(2025, 12, 31))] == [
            "U01",
            "U02",
            "U03",
        ]
        assert [u.code for u in reference.org_units(conn, "unit", dt.date(2026, 1, 1))] == ["U01", "U02"]
        assert [u.code for u in reference.org_units(conn, "mine")] == ["M01"]


@pytest.mark.parametrize("bad", ["8:00", "25:00", "08:60", "0800", "24:01", " 08:00"])
def test_shift_times_must_be_hh_mm(ledger: Ledger, bad: str) -> None:
    values = {"code": "4", "name": "四班", "starts": bad, "ends": "24:00"}
    with pytest.raises(ValidationError) as info:
        reference.save(ledger, "shift", values)
    assert _fields(info) == {"starts"}


def test_four_six_hour_shifts_can_be_configured_for_one_mine(ledger: Ledger) -> None:
    with ledger.read() as conn:
        mine = reference.org_units(conn, "mine")[0]
    for code, (starts, ends) in enumerate(
        (("00:00", "06:00"), ("06:00", "12:00"), ("12:00", "18:00"), ("18:00", "24:00")), 41
    ):
        values = {"code": str(code), "name": f"{starts}班", "starts": starts, "ends": ends, "mine_id": str(mine.id)}
        reference.save(ledger, "shift", values)
    with ledger.read() as conn:
        assert {"41", "42", "43", "44"} <= {c.code for c in reference.choices(conn, "shift")}
