"""The audit trail as the audit page reads it (``queries.audit_trail``): the event log as an id window, events
named by the number a person knows, a record's versions. On both engines."""

from __future__ import annotations

import datetime as dt

import pytest

from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.queries import audit_trail as trail
from safetywatch.services.queries.audit_trail import EventFilter
from tests.helpers import card, count_rows, refs

pytestmark = pytest.mark.pg

TODAY = dt.date(2026, 6, 10)
CHINA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def hazard(ledger: Ledger) -> dict[str, object]:
    """A hazard registered by 测试员 and given a notice by 张科长, then amended by him with a reason."""
    row = hazards.register(ledger, card(refs(ledger)))
    ledger.actor = "张科长"
    hazards.act(ledger, int(row["id"]), StepInput(HazardAction.ISSUE_NOTICE, TODAY, person="王队长"))
    with ledger.read() as conn:
        data = hazards.input_of(hazards.get(conn, int(row["id"])))
    data.location = "1201工作面运输巷"
    hazards.amend(ledger, int(row["id"]), data, "地点抄错")
    return row


def test_the_log_window_lists_every_event_newest_first_and_filters_in_sql(
    ledger: Ledger, hazard: dict[str, object]
) -> None:
    events = count_rows(ledger, "audit_event")
    with ledger.read() as conn:
        every = list(trail.query_ids(conn, EventFilter()))
        assert every == sorted(every, reverse=True) and len(every) == events == trail.count(conn, EventFilter())
        assert list(trail.query_ids(conn, EventFilter(), descending=False)) == every[::-1]
        assert list(trail.query_ids(conn, EventFilter(), limit=2)) == every[:2]
        mine = EventFilter(entity="hazard", entity_id=int(str(hazard["id"])))
        assert trail.count(conn, mine) == 3
        by_him = list(trail.query_ids(conn, EventFilter(actor=" 张科长 ")))
        assert len(by_him) == 2 and by_him == every[:2]
        today = EventFilter(date_from=TODAY, date_to=TODAY, tz=CHINA)  # the clock: 10 June 10:00 in China
        assert trail.count(conn, today) == events
        assert trail.count(conn, EventFilter(date_from=TODAY + dt.timedelta(days=1), tz=CHINA)) == 0
        rows = trail.fetch_rows(conn, by_him)
    assert [rows[seq][2:6] for seq in by_him] == [
        ("张科长", "amend", "hazard", hazard["number"]),
        ("张科长", "issue_notice", "hazard", hazard["number"]),
    ]
    assert rows[by_him[0]][6] == "地点抄错" and rows[by_him[0]][7] == 0


def test_a_record_is_found_by_its_number_and_read_version_by_version(ledger: Ledger, hazard: dict[str, object]) -> None:
    with ledger.read() as conn:
        assert trail.record_by_number(conn, str(hazard["number"]).lower()) == ("hazard", hazard["id"])
        assert trail.record_by_number(conn, "JK01-2026-99999") is None
        seq = trail.query_ids(conn, EventFilter(entity="hazard"))[0]
        detail = trail.event(conn, seq)
    assert detail is not None and detail.action == "amend" and detail.reason == "地点抄错"
    assert detail.after is not None and detail.after["location"] == "1201工作面运输巷"
    versions = trail.record_history(ledger, "hazard", int(str(hazard["id"])))
    assert [(v.number, v.actor, v.action) for v in versions] == [
        (1, "测试员", "create"),
        (2, "张科长", "issue_notice"),
        (3, "张科长", "amend"),
    ]
    assert versions[-1].changed == (("location", "1201工作面回风巷", "1201工作面运输巷"),)
    assert versions[-1].row["location"] == "1201工作面运输巷" and versions[0].changed == ()
