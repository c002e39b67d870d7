"""Use cases compose inside one transaction (``<verb>_in``), and the registry declares every record kind."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from safetywatch.domain.errors import ValidationError
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.domain.permissions import classified_tables
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference, registry, squads
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.kinds.squads import SquadInput
from tests.helpers import Refs, card, count_rows, refs

pytestmark = pytest.mark.pg

DAY = dt.date(2026, 6, 9)


@pytest.fixture
def r(ledger: Ledger) -> Refs:
    return refs(ledger)


def test_use_cases_in_one_transaction_are_one_change(ledger: Ledger, r: Refs) -> None:
    heard: list[ChangeSet] = []
    ledger.subscribe(heard.append)
    with ledger.write() as w:
        squad = squads.record_squad_in(w, SquadInput(DAY, "一队小分队", "张队长", "", "1201工作面"))
        hazard = hazards.register_in(w, card(r))
        squads.link_hazard_in(w, squad["id"], hazard["id"])
        hazards.act_in(w, hazard["id"], StepInput(HazardAction.ISSUE_NOTICE, DAY, person="王队长"))
    assert len(heard) == 1
    assert heard[0].tables == {"squad_activity", "hazard", "hazard_follow_up"}
    assert heard[0].ids("hazard") == {hazard["id"]}


def test_a_refused_use_case_rolls_back_the_ones_before_it(ledger: Ledger, r: Refs) -> None:
    events = count_rows(ledger, "audit_event")
    with pytest.raises(ValidationError, match="before the previous step"), ledger.write() as w:
        hazard = hazards.register_in(w, card(r))
        hazards.act_in(w, hazard["id"], StepInput(HazardAction.ISSUE_NOTICE, DAY - dt.timedelta(days=3)))
    assert count_rows(ledger, "hazard") == 0
    assert count_rows(ledger, "audit_event") == events
    assert hazards.register(ledger, card(r))["number"] == "JK01-2026-00001"  # the number was not used up


def test_every_record_table_is_a_declared_kind() -> None:
    # a hazard's follow-up entries and a training session's attendees are written by their parent's use cases
    records = classified_tables() - {"hazard_follow_up", "training_attendee"} - _not_records()
    assert set(registry.KINDS) == records
    for kind in registry.KINDS.values():
        assert kind.key == kind.table.name
        for use_case in (kind.create, kind.amend, kind.void):
            if use_case is not None:  # each runs in the caller's transaction
                assert use_case.__name__.endswith("_in"), use_case
                assert next(iter(inspect.signature(use_case).parameters)) == "w"
        if kind.parent is not None:
            assert kind.parent in registry.KINDS


def _not_records() -> set[str]:
    """Tables the matrix names that are not entered as records: reference data, approvals, settings, users, and
    the exchange's registry of stations and its held changes (issue 15)."""
    return {k.table.name for k in reference.KINDS.values()} | {
        "allowance_sheet",
        "allowance_line",
        "allowance_adjustment",
        "month_close",
        "year_close",
        "report_adjustment",
        "app_setting",
        "user_account",
        "exchange_station",
        "held_change",
        "record_transfer",
        "workstation_closure",  # a workstation's closings: reference data (reference.close_workstation)
    }


def test_the_registry_creates_amends_and_voids(ledger: Ledger, r: Refs) -> None:
    kind = registry.KINDS["squad_activity"]
    with ledger.write() as w:
        row = kind.create(w, kind.input_type(DAY, "一队小分队", "张队长", "", "1201工作面"))
        assert kind.amend is not None
        kind.amend(w, row["id"], kind.input_type(DAY, "一队小分队", "李队长", "", "1201工作面"), "队长记错")
        kind.void(w, row["id"], "重复录入")
    with ledger.read() as conn:
        stored = kind.get(conn, row["id"])
    assert (stored["leader"], stored["voided"], stored["version"]) == ("李队长", 1, 3)
