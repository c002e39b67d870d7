"""Hazard register use cases on a real database: numbering, defaults, the closed loop, amendments."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError as SAIntegrityError

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import ConflictError, TransitionError, ValidationError
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.services.core import audit, sql
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.kinds.hazards import HazardInput, StepInput
from safetywatch.services.maintenance import integrity
from tests.helpers import Refs, card, count_rows, refs

pytestmark = pytest.mark.pg

A = HazardAction
FOUND = dt.date(2026, 6, 9)
TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def r(ledger: Ledger) -> Refs:
    return refs(ledger)


# The write path talks to the driver directly; reads may still go through SQLAlchemy.
INTEGRITY_ERRORS = (SAIntegrityError, sqlite3.IntegrityError, psycopg.IntegrityError)


def _fail_follow_up_inserts(ledger: Ledger, action: str) -> None:
    """A trigger (added behind the program's back) refusing follow-up entries of *action*: a failure late in
    a use case, after the hazard row and its event were written."""
    with ledger.engine.begin() as conn:
        if sql.is_server(conn):
            conn.exec_driver_sql(
                "CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'simulated failure' USING ERRCODE = 'restrict_violation'; END $$"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER test_fail BEFORE INSERT ON hazard_follow_up FOR EACH ROW "
                f"WHEN (NEW.action = '{action}') EXECUTE FUNCTION test_fail()"
            )
        else:
            conn.exec_driver_sql(
                f"CREATE TRIGGER test_fail BEFORE INSERT ON hazard_follow_up WHEN NEW.action = '{action}' "
                "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
            )


def _fields(info: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in info.value.errors}


def _messages(info: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.message for e in info.value.errors if e.field == field]


def _get(ledger: Ledger, hazard_id: int) -> dict[str, Any]:
    with ledger.read() as conn:
        return hazards.get(conn, hazard_id)


def _timeline(ledger: Ledger, hazard_id: int) -> list[dict[str, Any]]:
    with ledger.read() as conn:
        return hazards.timeline(conn, hazard_id)


def _act(ledger: Ledger, hazard_id: int, action: HazardAction, on: dt.date = TODAY, **kw: Any) -> dict[str, Any]:
    return hazards.act(ledger, hazard_id, StepInput(action, on, **kw))


def _snapshot(ledger: Ledger) -> tuple[int, int, int, list[tuple[Any, ...]]]:
    """Row counts and the hazard table's content: to prove a failed action wrote nothing."""
    with ledger.read() as conn:
        rows = [tuple(row) for row in conn.exec_driver_sql("SELECT * FROM hazard ORDER BY id")]
    return (
        count_rows(ledger, "hazard"),
        count_rows(ledger, "hazard_follow_up"),
        count_rows(ledger, "audit_event"),
        rows,
    )


def _to_reported_done(ledger: Ledger, r: Refs) -> int:
    hazard_id = int(hazards.register(ledger, card(r))["id"])
    _act(ledger, hazard_id, A.ISSUE_NOTICE, FOUND, person="王队长")
    _act(ledger, hazard_id, A.START_RECTIFICATION, FOUND, person="赵六")
    _act(ledger, hazard_id, A.REPORT_DONE, TODAY, person="孙八")
    return hazard_id


# --- registration -------------------------------------------------------------------------------------


def test_numbers_count_per_workstation_and_year(ledger: Ledger, r: Refs) -> None:
    assert hazards.register(ledger, card(r))["number"] == "JK01-2026-00001"
    assert hazards.register(ledger, card(r))["number"] == "JK01-2026-00002"
    old = hazards.register(ledger, card(r, found_date=dt.date(2025, 12, 31)))
    assert (old["number"], old["year"], old["serial"]) == ("JK01-2025-00001", 2025, 1)
    assert hazards.register(ledger, card(r))["number"] == "JK01-2026-00003"
    second = reference.save(ledger, "workstation", {"code": "JK02", "name": "副井口工作站", "mine_id": str(r.mine)})
    assert hazards.register(ledger, card(r, workstation_id=second["id"]))["number"] == "JK02-2026-00001"
    with ledger.read() as conn:
        assert hazards.by_number(conn, " JK01-2025-00001 ") == old["id"]
        assert hazards.by_number(conn, "JK01-2025-00002") is None


def test_voided_hazards_keep_their_numbers(ledger: Ledger, r: Refs) -> None:
    first = hazards.register(ledger, card(r))
    _act(ledger, first["id"], A.VOID, note="登记错误")
    assert hazards.register(ledger, card(r))["number"] == "JK01-2026-00002"


@pytest.mark.parametrize(("level", "days"), [("A", 30), ("B", 10), ("C", 3)])
def test_default_deadline_comes_from_the_level(ledger: Ledger, r: Refs, level: str, days: int) -> None:
    data = card(r, level_id=r.levels[level], rectify_person="赵六", measures="补打锚杆")
    hazard = hazards.register(ledger, data)
    expected = (FOUND + dt.timedelta(days=days)).isoformat()
    assert hazard["deadline"] == hazard["original_deadline"] == expected
    assert hazard["status"] == HazardStatus.REGISTERED


def test_explicit_deadline_wins_over_the_default(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r, deadline=dt.date(2026, 6, 20)))
    assert hazard["deadline"] == hazard["original_deadline"] == "2026-06-20"


def test_register_records_finder_clerk_and_first_step(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))
    assert (hazard["finder_name"], hazard["clerk"]) == ("李四", "测试员")
    [step] = _timeline(ledger, hazard["id"])
    assert (step["action"], step["from_status"], step["to_status"]) == ("register", None, "registered")
    assert (step["on_date"], step["person"], step["actor"]) == ("2026-06-09", "李四", "测试员")
    shown = _get(ledger, hazard["id"])
    assert (shown["unit_name"], shown["level_code"], shown["category_name"]) == ("综采一队", "C", "顶板")


def test_fixed_on_site_is_closed_at_once_with_two_steps(ledger: Ledger, r: Refs) -> None:
    # a major level needs no 五落实 when it was fixed on the spot
    hazard = hazards.register(ledger, card(r, fixed_on_site=True, level_id=r.levels["A"]))
    assert hazard["status"] == HazardStatus.CLOSED
    assert hazard["fixed_on_site"] == 1
    assert hazard["rectified_on"] == hazard["closed_on"] == hazard["deadline"] == "2026-06-09"
    steps = _timeline(ledger, hazard["id"])
    assert [(s["action"], s["from_status"], s["to_status"]) for s in steps] == [
        ("register", None, "registered"),
        ("fix_on_site", "registered", "closed"),
    ]
    assert all(s["on_date"] == "2026-06-09" and s["person"] == "李四" for s in steps)
    with pytest.raises(TransitionError):
        _act(ledger, hazard["id"], A.VOID, note="重复")


def test_every_bad_field_is_reported_at_once(ledger: Ledger, r: Refs) -> None:
    reference.void(ledger, "hazard_source", r.sources["XFD"], "不再使用")
    data = card(
        r,
        description="",
        category_id=9999,
        nature_id=r.categories["WS"],  # an id of the wrong lookup kind
        source_id=r.sources["XFD"],  # retired
        found_date=TODAY + dt.timedelta(days=1),
        deadline=TODAY - dt.timedelta(days=5),
        location=" 回风巷",
        funds_yuan=-1,
    )
    before = _snapshot(ledger)
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, data)
    assert _fields(info) >= {
        "description",
        "category_id",
        "nature_id",
        "source_id",
        "found_date",
        "deadline",
        "location",
        "funds_yuan",
    }
    assert _messages(info, "description") == ["Required."]
    assert _messages(info, "category_id") == ["Choose an existing entry."]
    assert _messages(info, "nature_id") == ["Choose an existing entry."]
    assert _messages(info, "source_id") == ["This entry has been retired; choose another."]
    assert "in the future" in _messages(info, "found_date")[0]
    assert "before the found date" in _messages(info, "deadline")[0]
    assert _snapshot(ledger) == before


def test_missing_required_fields_and_finder(ledger: Ledger) -> None:
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, HazardInput())
    assert _fields(info) >= {
        "workstation_id",
        "source_id",
        "found_date",
        "shift_id",
        "unit_id",
        "location",
        "description",
        "category_id",
        "nature_id",
        "level_id",
        "finder_name",
    }


def test_found_date_before_2000_is_refused(ledger: Ledger, r: Refs) -> None:
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, card(r, found_date=dt.date(1999, 12, 31)))
    assert _fields(info) == {"found_date"}


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u200b\u200b"])
def test_invisible_only_required_text_is_refused(ledger: Ledger, r: Refs, invisible: str) -> None:
    """A description or location of zero-width characters is as empty as a blank one (has_visible_content)."""
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, card(r, description=invisible, location=invisible))
    assert _fields(info) >= {"description", "location"}


@pytest.mark.parametrize("level", ["A", "B"])
def test_major_level_requires_rectifier_and_measures(ledger: Ledger, r: Refs, level: str) -> None:
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, card(r, level_id=r.levels[level]))
    assert _fields(info) == {"rectify_person", "measures"}
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, card(r, level_id=r.levels[level], rectify_person="  ", measures="措施"))
    assert "rectify_person" in _fields(info)
    ok = hazards.register(ledger, card(r, level_id=r.levels[level], rectify_person="赵六", measures="补打锚杆"))
    assert (ok["rectify_person"], ok["measures"]) == ("赵六", "补打锚杆")


def test_retired_level_and_inactive_finder_name(ledger: Ledger, r: Refs) -> None:
    reference.void(ledger, "hazard_level", r.levels["C"], "改用新分级")
    with pytest.raises(ValidationError) as info:
        hazards.register(ledger, card(r, finder_id=None, finder_name=""))
    assert _fields(info) == {"level_id", "finder_name"}


# --- the loop -----------------------------------------------------------------------------------------


def test_full_loop_with_timeline(ledger: Ledger, r: Refs) -> None:
    hazard_id = int(hazards.register(ledger, card(r))["id"])
    ledger.actor = "张文员"
    _act(ledger, hazard_id, A.ISSUE_NOTICE, FOUND, person="王队长", notice_no="TZ-2026-017")
    _act(ledger, hazard_id, A.START_RECTIFICATION, FOUND, person="赵六", note="当班处理")
    _act(ledger, hazard_id, A.REPORT_DONE, TODAY, person="赵六", note="已补打锚杆")
    _act(ledger, hazard_id, A.ACCEPT, TODAY, person="钱七", note="复查合格")
    final = _act(ledger, hazard_id, A.CLOSE, TODAY)

    assert final["status"] == HazardStatus.CLOSED
    hazard = _get(ledger, hazard_id)
    assert (hazard["notice_no"], hazard["notice_issued_on"], hazard["receipt_signed_by"]) == (
        "TZ-2026-017",
        "2026-06-09",
        "王队长",
    )
    assert (hazard["rectify_person"], hazard["rectified_on"]) == ("赵六", "2026-06-10")
    assert (hazard["accepted_by"], hazard["accepted_on"], hazard["closed_on"]) == (
        "钱七",
        "2026-06-10",
        "2026-06-10",
    )
    assert hazard["version"] == 6
    steps = _timeline(ledger, hazard_id)
    got = [
        (
            s["action"],
            s["from_status"],
            s["to_status"],
            s["on_date"],
            s["person"],
            s["note"],
            s["result"],
            s["actor"],
        )
        for s in steps
    ]
    assert got == [
        ("register", None, "registered", "2026-06-09", "李四", None, None, "测试员"),
        ("issue_notice", "registered", "notice_issued", "2026-06-09", "王队长", None, None, "张文员"),
        (
            "start_rectification",
            "notice_issued",
            "in_rectification",
            "2026-06-09",
            "赵六",
            "当班处理",
            None,
            "张文员",
        ),
        (
            "report_done",
            "in_rectification",
            "reported_done",
            "2026-06-10",
            "赵六",
            "已补打锚杆",
            None,
            "张文员",
        ),
        ("accept", "reported_done", "accepted", "2026-06-10", "钱七", "复查合格", "pass", "张文员"),
        ("close", "accepted", "closed", "2026-06-10", None, None, None, "张文员"),
    ]
    with ledger.read() as conn:
        assert integrity.verify(conn).ok


def test_default_notice_number(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))
    after = _act(ledger, hazard["id"], A.ISSUE_NOTICE)
    assert after["notice_no"] == f"TZ-{hazard['number']}"


def test_reject_returns_to_rectification_and_clears_rectified_on(ledger: Ledger, r: Refs) -> None:
    hazard_id = _to_reported_done(ledger, r)
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.REJECT, person="钱七")
    assert _fields(info) == {"note"}
    after = _act(ledger, hazard_id, A.REJECT, person="钱七", note="锚杆间距不合格")
    assert after["status"] == HazardStatus.IN_RECTIFICATION
    assert after["rectified_on"] is None
    last = _timeline(ledger, hazard_id)[-1]
    assert (last["action"], last["result"], last["note"]) == ("reject", "fail", "锚杆间距不合格")
    # and round again
    _act(ledger, hazard_id, A.REPORT_DONE, person="孙八")
    assert _act(ledger, hazard_id, A.ACCEPT, person="钱七")["status"] == HazardStatus.ACCEPTED


@pytest.mark.parametrize("action", [A.ACCEPT, A.REJECT])
@pytest.mark.parametrize("who", ["赵六", "孙八"])  # the assigned rectifier, the one who reported it done
def test_rectifier_cannot_accept(ledger: Ledger, r: Refs, action: HazardAction, who: str) -> None:
    hazard_id = _to_reported_done(ledger, r)
    before = _snapshot(ledger)
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, action, person=who, note="检查")
    assert _fields(info) == {"person"}
    assert who in _messages(info, "person")[0]
    assert _snapshot(ledger) == before


def test_acceptance_needs_a_person(ledger: Ledger, r: Refs) -> None:
    hazard_id = _to_reported_done(ledger, r)
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.ACCEPT, person="  ")
    assert _fields(info) == {"person"}


def test_extend_needs_reason_and_later_date_and_keeps_the_original(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))  # deadline 2026-06-12
    hazard_id = hazard["id"]
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.EXTEND)
    assert _fields(info) == {"note", "new_deadline"}
    for bad in (dt.date(2026, 6, 12), dt.date(2026, 6, 11)):
        with pytest.raises(ValidationError) as info:
            _act(ledger, hazard_id, A.EXTEND, note="材料未到", new_deadline=bad)
        assert _fields(info) == {"new_deadline"}
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.EXTEND, note="材料未到", new_deadline=dt.date(2032, 1, 1))
    assert _fields(info) == {"new_deadline"}  # more than five years after it was found

    after = _act(ledger, hazard_id, A.EXTEND, note="材料未到", new_deadline=dt.date(2026, 6, 20))
    assert (after["deadline"], after["original_deadline"]) == ("2026-06-20", "2026-06-12")
    assert after["status"] == HazardStatus.REGISTERED
    again = _act(ledger, hazard_id, A.EXTEND, note="再次延期", new_deadline=dt.date(2026, 6, 25))
    assert (again["deadline"], again["original_deadline"]) == ("2026-06-25", "2026-06-12")
    steps = _timeline(ledger, hazard_id)
    assert [(s["new_deadline"], s["note"]) for s in steps[-2:]] == [
        ("2026-06-20", "材料未到"),
        ("2026-06-25", "再次延期"),
    ]


def test_escalate_records_level_and_who(ledger: Ledger, r: Refs) -> None:
    hazard_id = hazards.register(ledger, card(r))["id"]
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.ESCALATE, note="逾期未改")
    assert _fields(info) == {"escalation_level", "person"}
    after = _act(ledger, hazard_id, A.ESCALATE, note="逾期未改", escalation_level="集团公司", person="矿安委会")
    assert (after["escalation_level"], after["status"]) == ("集团公司", HazardStatus.REGISTERED)
    last = _timeline(ledger, hazard_id)[-1]
    assert (last["action"], last["escalation_level"], last["person"], last["note"]) == (
        "escalate",
        "集团公司",
        "矿安委会",
        "逾期未改",
    )


def test_void_as_duplicate(ledger: Ledger, r: Refs) -> None:
    first = hazards.register(ledger, card(r))
    second = hazards.register(ledger, card(r))
    for bad in (second["number"], "JK01-2026-99999"):
        with pytest.raises(ValidationError) as info:
            _act(ledger, second["id"], A.VOID, note="重复登记", duplicate_of=bad)
        assert _fields(info) == {"duplicate_of"}
    after = _act(ledger, second["id"], A.VOID, note="重复登记", duplicate_of=first["number"])
    assert (after["status"], after["voided"], after["void_reason"]) == (HazardStatus.VOIDED, 1, "重复登记")
    assert after["duplicate_of_id"] == first["id"]
    assert _get(ledger, second["id"])["duplicate_of"] == first["number"]
    for action in HazardAction:
        with pytest.raises((TransitionError, ValidationError)):
            _act(ledger, second["id"], action, note="再试")


def test_void_needs_a_reason(ledger: Ledger, r: Refs) -> None:
    hazard_id = hazards.register(ledger, card(r))["id"]
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.VOID, note="\u200b ")
    assert _fields(info) == {"note"}


def test_steps_cannot_go_back_in_time_or_into_the_future(ledger: Ledger, r: Refs) -> None:
    hazard_id = hazards.register(ledger, card(r))["id"]
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.ISSUE_NOTICE, FOUND - dt.timedelta(days=1))  # before it was found
    assert _fields(info) == {"on_date"}
    _act(ledger, hazard_id, A.ISSUE_NOTICE, TODAY)
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.START_RECTIFICATION, FOUND)
    assert _fields(info) == {"on_date"}
    assert "2026-06-10" in _messages(info, "on_date")[0]
    with pytest.raises(ValidationError) as info:
        _act(ledger, hazard_id, A.START_RECTIFICATION, TODAY + dt.timedelta(days=1))
    assert _fields(info) == {"on_date"}
    _act(ledger, hazard_id, A.START_RECTIFICATION, TODAY)  # the same day is fine


def test_illegal_step_is_refused_with_the_allowed_ones(ledger: Ledger, r: Refs) -> None:
    hazard_id = hazards.register(ledger, card(r))["id"]
    with pytest.raises(TransitionError) as info:
        _act(ledger, hazard_id, A.ACCEPT, person="钱七")
    assert "Accept" in str(info.value) and "Issue notice" in str(info.value)
    with pytest.raises(ValidationError):
        _act(ledger, hazard_id, A.AMEND, note="改")  # amendments go through amend()


def test_stale_version_is_a_conflict(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))
    seen = hazard["version"]
    _act(ledger, hazard["id"], A.ISSUE_NOTICE)  # someone else, first
    before = _snapshot(ledger)
    with pytest.raises(ConflictError):
        hazards.act(ledger, hazard["id"], StepInput(A.START_RECTIFICATION, TODAY), expected_version=seen)
    assert _snapshot(ledger) == before
    current = _get(ledger, hazard["id"])["version"]
    ok = hazards.act(ledger, hazard["id"], StepInput(A.START_RECTIFICATION, TODAY), expected_version=current)
    assert ok["version"] == current + 1


@pytest.mark.parametrize(
    "step",
    [
        StepInput(A.ACCEPT, TODAY, person="钱七"),  # not allowed yet
        StepInput(A.EXTEND, TODAY, note="", new_deadline=dt.date(2026, 6, 30)),  # no reason
        StepInput(A.ISSUE_NOTICE, dt.date(2026, 6, 1)),  # before it was found
        StepInput(A.ISSUE_NOTICE, TODAY, person="王\x00队长"),  # control character
    ],
    ids=["transition", "reason", "date", "text"],
)
def test_failed_act_writes_nothing(ledger: Ledger, r: Refs, step: StepInput) -> None:
    hazard_id = hazards.register(ledger, card(r))["id"]
    before = _snapshot(ledger)
    with pytest.raises((TransitionError, ValidationError)):
        hazards.act(ledger, hazard_id, step)
    assert _snapshot(ledger) == before


def test_failure_after_the_hazard_was_updated_rolls_everything_back(ledger: Ledger, r: Refs) -> None:
    """The follow-up insert fails after the hazard row and its audit event were written: nothing stays."""
    hazard_id = _to_reported_done(ledger, r)
    _fail_follow_up_inserts(ledger, "accept")
    before = _snapshot(ledger)
    with pytest.raises(INTEGRITY_ERRORS, match="simulated failure"):
        _act(ledger, hazard_id, A.ACCEPT, person="钱七")
    assert _snapshot(ledger) == before
    assert _get(ledger, hazard_id)["status"] == HazardStatus.REPORTED_DONE


def test_failed_fixed_on_site_registration_leaves_no_half_record(ledger: Ledger, r: Refs) -> None:
    _fail_follow_up_inserts(ledger, "fix_on_site")
    before = _snapshot(ledger)
    with pytest.raises(INTEGRITY_ERRORS, match="simulated failure"):
        hazards.register(ledger, card(r, fixed_on_site=True))
    assert _snapshot(ledger) == before
    assert hazards.register(ledger, card(r))["number"] == "JK01-2026-00001"  # the number was not used up


# --- amendments ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\u200b", "\ufeff\u200b", "\n\t"])
def test_amend_needs_a_reason(ledger: Ledger, r: Refs, reason: str) -> None:
    hazard = hazards.register(ledger, card(r))
    data = hazards.input_of(hazard)
    data.location = "别处"
    before = _snapshot(ledger)
    with pytest.raises(ValidationError) as info:
        hazards.amend(ledger, hazard["id"], data, reason)
    assert _fields(info) == {"reason"}
    assert _snapshot(ledger) == before


def test_amend_changes_details_and_records_why(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))
    data = hazards.input_of(_get(ledger, hazard["id"]))
    data.location = "1201工作面运输巷"
    data.unit_id = r.unit2
    after = hazards.amend(ledger, hazard["id"], data, "  地点抄错 ")
    assert (after["location"], after["unit_id"], after["number"]) == (
        "1201工作面运输巷",
        r.unit2,
        hazard["number"],
    )
    assert after["status"] == HazardStatus.REGISTERED
    last = _timeline(ledger, hazard["id"])[-1]
    assert (last["action"], last["note"], last["from_status"], last["to_status"]) == (
        "amend",
        "地点抄错",
        "registered",
        "registered",
    )
    with ledger.read() as conn:
        assert audit.history(conn, "hazard", hazard["id"])[-1].reason == "地点抄错"
    with pytest.raises(ValidationError):  # nothing changed
        hazards.amend(ledger, hazard["id"], hazards.input_of(_get(ledger, hazard["id"])), "再改一次")


def test_amend_cannot_change_the_year(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))
    data = hazards.input_of(hazard)
    data.found_date = dt.date(2025, 12, 30)
    data.deadline = dt.date(2026, 1, 2)
    before = _snapshot(ledger)
    with pytest.raises(ValidationError) as info:
        hazards.amend(ledger, hazard["id"], data, "日期抄错")
    assert _fields(info) == {"found_date"}
    assert hazard["number"] in _messages(info, "found_date")[0]
    assert _snapshot(ledger) == before
    data.found_date = dt.date(2026, 6, 1)  # within the year is fine
    data.deadline = dt.date(2026, 6, 12)
    assert hazards.amend(ledger, hazard["id"], data, "日期抄错")["found_date"] == "2026-06-01"


def test_amend_with_stale_version_and_on_closed_hazard(ledger: Ledger, r: Refs) -> None:
    hazard = hazards.register(ledger, card(r))
    data = hazards.input_of(hazard)
    data.location = "别处"
    _act(ledger, hazard["id"], A.ISSUE_NOTICE)
    with pytest.raises(ConflictError):
        hazards.amend(ledger, hazard["id"], data, "改地点", expected_version=hazard["version"])
    closed = hazards.register(ledger, card(r, fixed_on_site=True))
    with pytest.raises(TransitionError):
        hazards.amend(ledger, closed["id"], hazards.input_of(closed), "改")


def test_overdue_days_follow_the_clock(ledger: Ledger, r: Refs, clock: FixedClock) -> None:
    hazard = hazards.register(ledger, card(r))  # deadline 2026-06-12
    assert hazards.overdue_days(hazard, dt.date(2026, 6, 12)) == 0
    assert hazards.overdue_days(hazard, dt.date(2026, 6, 15)) == 3
    clock.advance(days=5)
    closed = _act(ledger, hazard["id"], A.VOID, clock.today(), note="误报")
    assert hazards.overdue_days(closed, dt.date(2026, 6, 15)) == 0
