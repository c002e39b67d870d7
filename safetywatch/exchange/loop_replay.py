"""A register row's loop columns as the steps of the closed loop that lead to them.

A hazard register (the paper 隐患台账, and the export's ``hazards`` kind) records where each hazard stands:
its status, the dates and people of the steps that mark the way (notice, reported done, accepted, closed),
the current and the first deadline, the supervised-listing level and whether it is void. The importer
registers the hazard with its first deadline and replays these steps, in order, through
``hazards.act_in`` — the step rules the GUI applies (``domain.hazard_loop.STEP_RULES``): no date in the
future, no step before the one before it, the acceptor not the rectifier, a later deadline for an
extension, only the transitions the loop allows.

What a register has no column for is taken as follows (docs/csv-format.md, "Import"):

* the start of rectification: on the notice's date, by the rectifier (``rectify_person``);
* an extension (the current ``deadline`` differs from ``original_deadline``) and a supervised listing
  (``escalation_level`` given): on the date of the step before them, after the start of rectification and
  before the report of completion; the listing is recorded as ordered by the body of its level; both with
  the reason "Imported from a register";
* a void: on the date of the last step before it, with ``void_reason`` as its reason; a void hazard's
  state before the void is the furthest its dates show (reported done, notice issued or registered);
* rejected acceptances and their repeated reports of completion are not in a register: the replay goes
  straight from the last report to the acceptance.

A status whose step date is missing is refused (the loop cannot skip a step).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from safetywatch.domain.errors import FieldError
from safetywatch.domain.hazard_loop import HazardAction, HazardStatus
from safetywatch.domain.i18n import tr
from safetywatch.services.kinds.hazards import StepInput

S = HazardStatus
A = HazardAction

#: The way through the loop, in order; a status is reached after the steps of those before it.
_PATH = (S.REGISTERED, S.NOTICE_ISSUED, S.IN_RECTIFICATION, S.REPORTED_DONE, S.ACCEPTED, S.CLOSED)


@dataclass(frozen=True)
class RegisterLoop:
    """What one register row says about a hazard's loop (``None`` / ``""``: not given)."""

    found_date: dt.date
    status: HazardStatus | None = None
    fixed_on_site: bool = False
    rectify_person: str = ""
    notice_issued_on: dt.date | None = None
    notice_no: str = ""
    receipt_signed_by: str = ""
    rectified_on: dt.date | None = None
    accepted_by: str = ""
    accepted_on: dt.date | None = None
    closed_on: dt.date | None = None
    deadline: dt.date | None = None
    original_deadline: dt.date | None = None
    escalation_level: str = ""
    voided: bool = False
    void_reason: str = ""
    duplicate_of: str = ""

    @property
    def first_deadline(self) -> dt.date | None:
        """The deadline the hazard is registered with (``None``: its level's default)."""
        return self.original_deadline or self.deadline

    @property
    def reached(self) -> HazardStatus:
        """The status the loop's steps lead to before a void."""
        if self.status is None:
            return S.CLOSED if self.fixed_on_site else S.REGISTERED
        if self.status is not S.VOIDED:
            return self.status
        if self.rectified_on is not None:
            return S.REPORTED_DONE
        return S.NOTICE_ISSUED if self.notice_issued_on is not None else S.REGISTERED


@dataclass(frozen=True)
class PlannedStep:
    step: StepInput
    #: StepInput field (and ``action`` for a refused transition) -> the register column it came from
    columns: Mapping[str, str] = field(default_factory=dict)


def plan(loop: RegisterLoop, note: str) -> tuple[list[PlannedStep], list[FieldError]]:
    """The steps to replay after registration, oldest first, and the missing dates (by column)."""
    steps: list[PlannedStep] = []
    errors: list[FieldError] = []
    last = loop.found_date

    def add(step: StepInput, columns: Mapping[str, str]) -> None:
        nonlocal last
        steps.append(PlannedStep(step, {"action": "status", **columns}))
        last = step.on_date

    def dated(column: str, day: dt.date | None) -> dt.date:
        if day is None:
            status = (loop.status or S.REGISTERED).label
            errors.append(FieldError(column, tr("Required for a hazard with status “{status}”.").format(status=status)))
        return day or last

    # a hazard fixed on site is closed by its registration; any step after that is refused by the rules
    reached = 0 if loop.fixed_on_site else _PATH.index(loop.reached)
    if reached >= _PATH.index(S.NOTICE_ISSUED):
        day = dated("notice_issued_on", loop.notice_issued_on)
        notice = StepInput(A.ISSUE_NOTICE, day, person=loop.receipt_signed_by, note=note, notice_no=loop.notice_no)
        add(notice, {"on_date": "notice_issued_on", "person": "receipt_signed_by", "notice_no": "notice_no"})
    if reached >= _PATH.index(S.IN_RECTIFICATION):
        add(StepInput(A.START_RECTIFICATION, last, person=loop.rectify_person, note=note), {"person": "rectify_person"})
    if loop.deadline is not None and loop.original_deadline is not None and loop.deadline != loop.original_deadline:
        extension = StepInput(A.EXTEND, last, note=note, new_deadline=loop.deadline)
        add(extension, {"action": "deadline", "on_date": "deadline", "new_deadline": "deadline", "note": "deadline"})
    if loop.escalation_level:
        level = loop.escalation_level
        listing = StepInput(A.ESCALATE, last, person=level, note=note, escalation_level=level)
        add(
            listing,
            {"action": "escalation_level", "person": "escalation_level", "escalation_level": "escalation_level"},
        )
    if reached >= _PATH.index(S.REPORTED_DONE):
        day = dated("rectified_on", loop.rectified_on)
        add(
            StepInput(A.REPORT_DONE, day, person=loop.rectify_person, note=note),
            {"on_date": "rectified_on", "person": "rectify_person"},
        )
    if reached >= _PATH.index(S.ACCEPTED):
        day = dated("accepted_on", loop.accepted_on)
        add(
            StepInput(A.ACCEPT, day, person=loop.accepted_by, note=note),
            {"on_date": "accepted_on", "person": "accepted_by"},
        )
    if reached >= _PATH.index(S.CLOSED):
        add(StepInput(A.CLOSE, dated("closed_on", loop.closed_on), note=note), {"on_date": "closed_on"})
    if loop.voided:
        void = StepInput(A.VOID, last, note=loop.void_reason, duplicate_of=loop.duplicate_of)
        add(void, {"action": "voided", "on_date": "voided", "note": "void_reason", "duplicate_of": "duplicate_of"})
    return steps, errors
