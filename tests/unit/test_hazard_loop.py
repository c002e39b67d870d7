"""The hazard closed loop as pure rules: every (state, action) pair, overdue days, random walks."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetywatch.domain.errors import TransitionError
from safetywatch.domain.hazard_loop import (
    NEEDS_REASON,
    TRANSITIONS,
    HazardAction,
    HazardStatus,
    allowed_actions,
    next_status,
    overdue_on,
)

S = HazardStatus
A = HazardAction

#: The loop as domain.md §2.5 describes it, written out independently of TRANSITIONS (None = unchanged).
EXPECTED: dict[tuple[HazardStatus, HazardAction], HazardStatus] = {
    (S.REGISTERED, A.ISSUE_NOTICE): S.NOTICE_ISSUED,
    (S.NOTICE_ISSUED, A.START_RECTIFICATION): S.IN_RECTIFICATION,
    (S.IN_RECTIFICATION, A.REPORT_DONE): S.REPORTED_DONE,
    (S.REPORTED_DONE, A.ACCEPT): S.ACCEPTED,
    (S.REPORTED_DONE, A.REJECT): S.IN_RECTIFICATION,
    (S.ACCEPTED, A.CLOSE): S.CLOSED,
    **{(s, A.EXTEND): s for s in (S.REGISTERED, S.NOTICE_ISSUED, S.IN_RECTIFICATION)},
    **{
        (s, a): s
        for s in (S.REGISTERED, S.NOTICE_ISSUED, S.IN_RECTIFICATION, S.REPORTED_DONE)
        for a in (A.ESCALATE, A.AMEND)
    },
    **{(s, A.VOID): S.VOIDED for s in (S.REGISTERED, S.NOTICE_ISSUED, S.IN_RECTIFICATION, S.REPORTED_DONE)},
}

ALL_PAIRS = list(itertools.product(HazardStatus, HazardAction))
LEGAL = [p for p in ALL_PAIRS if p in EXPECTED]
ILLEGAL = [p for p in ALL_PAIRS if p not in EXPECTED]


def test_expected_table_agrees_with_transitions() -> None:
    """The independent table and the code's TRANSITIONS describe the same loop."""
    from_code = {
        (status, action): (status if target is None else target)
        for action, moves in TRANSITIONS.items()
        for status, target in moves.items()
    }
    assert from_code == EXPECTED


@pytest.mark.parametrize(("status", "action"), LEGAL, ids=[f"{s}-{a}" for s, a in LEGAL])
def test_legal_step_gives_documented_state(status: HazardStatus, action: HazardAction) -> None:
    assert next_status(status, action) is EXPECTED[(status, action)]
    assert action in allowed_actions(status)


@pytest.mark.parametrize(("status", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_illegal_step_names_action_and_allowed_ones(status: HazardStatus, action: HazardAction) -> None:
    with pytest.raises(TransitionError) as info:
        next_status(status, action)
    message = str(info.value)
    assert action.label in message
    assert status.label in message
    allowed = allowed_actions(status)
    assert action not in allowed
    for other in allowed:
        assert other.label in message
    if not allowed:
        assert "none (the record is final)" in message


@pytest.mark.parametrize("status", [S.CLOSED, S.VOIDED])
def test_terminal_states_allow_nothing(status: HazardStatus) -> None:
    assert allowed_actions(status) == []
    for action in HazardAction:
        with pytest.raises(TransitionError):
            next_status(status, action)


def test_accepted_only_allows_close() -> None:
    assert allowed_actions(S.ACCEPTED) == [A.CLOSE]


def test_register_and_fix_on_site_are_never_steps() -> None:
    """They create the record (services.hazards.register); next_status refuses them from every state."""
    for status in HazardStatus:
        for action in (A.REGISTER, A.FIX_ON_SITE):
            with pytest.raises(TransitionError):
                next_status(status, action)


def test_reasons_are_required_for_side_paths() -> None:
    assert {A.EXTEND, A.VOID, A.AMEND, A.REJECT, A.ESCALATE} == NEEDS_REASON


def test_every_status_and_action_has_a_label() -> None:
    for item in (*HazardStatus, *HazardAction):
        assert item.label and item.label.strip() == item.label


# --- overdue ------------------------------------------------------------------------------------------

DEADLINE = dt.date(2026, 6, 10)


@pytest.mark.parametrize("status", [s for s in HazardStatus if s.is_open])
def test_overdue_starts_the_day_after_the_deadline(status: HazardStatus) -> None:
    assert overdue_on(status, DEADLINE, DEADLINE - dt.timedelta(days=1)).is_overdue is False
    on_day = overdue_on(status, DEADLINE, DEADLINE)
    assert (on_day.is_overdue, on_day.days) == (False, 0)
    next_day = overdue_on(status, DEADLINE, DEADLINE + dt.timedelta(days=1))
    assert (next_day.is_overdue, next_day.days) == (True, 1)
    later = overdue_on(status, DEADLINE, dt.date(2027, 6, 10))
    assert (later.is_overdue, later.days) == (True, 365)


@pytest.mark.parametrize("status", [S.ACCEPTED, S.CLOSED, S.VOIDED])
def test_finished_hazards_are_never_overdue(status: HazardStatus) -> None:
    for today in (DEADLINE, DEADLINE + dt.timedelta(days=1), dt.date(2099, 1, 1)):
        result = overdue_on(status, DEADLINE, today)
        assert (result.is_overdue, result.days) == (False, 0)


def test_no_deadline_is_never_overdue() -> None:
    result = overdue_on(S.IN_RECTIFICATION, None, dt.date(2099, 1, 1))
    assert (result.is_overdue, result.days) == (False, 0)


def test_open_states_are_exactly_those_before_acceptance() -> None:
    assert {s for s in HazardStatus if s.is_open} == {
        S.REGISTERED,
        S.NOTICE_ISSUED,
        S.IN_RECTIFICATION,
        S.REPORTED_DONE,
    }


@given(
    status=st.sampled_from(list(HazardStatus)),
    deadline=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
    offset=st.integers(min_value=-5000, max_value=5000),
)
def test_overdue_days_property(status: HazardStatus, deadline: dt.date, offset: int) -> None:
    today = deadline + dt.timedelta(days=offset)
    result = overdue_on(status, deadline, today)
    assert result.is_overdue == (status.is_open and offset > 0)
    assert result.days == (offset if result.is_overdue else 0)


# --- random walks -------------------------------------------------------------------------------------


@given(st.lists(st.sampled_from(list(HazardAction)), max_size=40), st.sampled_from(list(HazardStatus)))
def test_random_walks_stay_in_the_loop(actions: list[HazardAction], start: HazardStatus) -> None:
    """Whatever people click, the state stays a HazardStatus, and void/close are absorbing."""
    status = start
    for action in actions:
        before = status
        try:
            status = next_status(status, action)
        except TransitionError:
            assert status is before
            continue
        assert isinstance(status, HazardStatus)
        assert before not in (S.VOIDED, S.CLOSED), "a final state moved"
    if start in (S.VOIDED, S.CLOSED):
        assert status is start


@given(st.lists(st.sampled_from(list(HazardAction)), max_size=40))
def test_walks_from_registration_reach_only_documented_states(actions: list[HazardAction]) -> None:
    status = S.REGISTERED
    seen = [status]
    for action in actions:
        if action in allowed_actions(status):
            status = next_status(status, action)
            seen.append(status)
    # closed is reached only through accepted; voided only from an open state
    for prev, cur in itertools.pairwise(seen):
        if cur is S.CLOSED and prev is not S.CLOSED:
            assert prev is S.ACCEPTED
        if cur is S.VOIDED and prev is not S.VOIDED:
            assert prev.is_open
