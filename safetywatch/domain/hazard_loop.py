"""The hazard closed loop (隐患闭环): states, actions and which action is allowed when.

登记 → 已通知 → 整改中 → 待验收 → 已验收 → 已销号, with the side paths of domain.md §2.5:
rejected acceptance returns to rectification, extension and escalation keep the state, a hazard fixed on
the spot is closed at registration, and any open hazard can be voided (or marked duplicate) with a reason.
Pure data and functions: the services apply them inside one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from safetywatch.domain.errors import TransitionError
from safetywatch.domain.i18n import tr


class HazardStatus(StrEnum):
    REGISTERED = "registered"
    NOTICE_ISSUED = "notice_issued"
    IN_RECTIFICATION = "in_rectification"
    REPORTED_DONE = "reported_done"
    ACCEPTED = "accepted"
    CLOSED = "closed"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return tr(_STATUS_LABELS[self])

    @property
    def is_open(self) -> bool:
        """Still waiting for rectification or acceptance (counts towards overdue)."""
        return self not in (HazardStatus.ACCEPTED, HazardStatus.CLOSED, HazardStatus.VOIDED)


_STATUS_LABELS = {
    HazardStatus.REGISTERED: "Registered",
    HazardStatus.NOTICE_ISSUED: "Notice issued",
    HazardStatus.IN_RECTIFICATION: "In rectification",
    HazardStatus.REPORTED_DONE: "Reported done",
    HazardStatus.ACCEPTED: "Accepted",
    HazardStatus.CLOSED: "Closed",
    HazardStatus.VOIDED: "Voided",
}


class HazardAction(StrEnum):
    REGISTER = "register"
    FIX_ON_SITE = "fix_on_site"
    ISSUE_NOTICE = "issue_notice"
    START_RECTIFICATION = "start_rectification"
    REPORT_DONE = "report_done"
    ACCEPT = "accept"
    REJECT = "reject"
    CLOSE = "close"
    EXTEND = "extend"
    ESCALATE = "escalate"
    VOID = "void"
    AMEND = "amend"

    @property
    def label(self) -> str:
        return tr(_ACTION_LABELS[self])


_ACTION_LABELS = {
    HazardAction.REGISTER: "Register",
    HazardAction.FIX_ON_SITE: "Fixed on site",
    HazardAction.ISSUE_NOTICE: "Issue notice",
    HazardAction.START_RECTIFICATION: "Start rectification",
    HazardAction.REPORT_DONE: "Report done",
    HazardAction.ACCEPT: "Accept",
    HazardAction.REJECT: "Reject acceptance",
    HazardAction.CLOSE: "Close (write off)",
    HazardAction.EXTEND: "Extend deadline",
    HazardAction.ESCALATE: "Escalate (supervised listing)",
    HazardAction.VOID: "Void",
    HazardAction.AMEND: "Amend",
}

S = HazardStatus
A = HazardAction

#: action -> {state it may start from: state it leads to}. Extension, escalation and amendment keep the
#: state (target None). Registration and fix-on-site create the record and are not listed.
TRANSITIONS: dict[HazardAction, dict[HazardStatus, HazardStatus | None]] = {
    A.ISSUE_NOTICE: {S.REGISTERED: S.NOTICE_ISSUED},
    A.START_RECTIFICATION: {S.NOTICE_ISSUED: S.IN_RECTIFICATION},
    A.REPORT_DONE: {S.IN_RECTIFICATION: S.REPORTED_DONE},
    A.ACCEPT: {S.REPORTED_DONE: S.ACCEPTED},
    A.REJECT: {S.REPORTED_DONE: S.IN_RECTIFICATION},
    A.CLOSE: {S.ACCEPTED: S.CLOSED},
    A.EXTEND: {S.REGISTERED: None, S.NOTICE_ISSUED: None, S.IN_RECTIFICATION: None},
    A.ESCALATE: {S.REGISTERED: None, S.NOTICE_ISSUED: None, S.IN_RECTIFICATION: None, S.REPORTED_DONE: None},
    A.VOID: {
        S.REGISTERED: S.VOIDED,
        S.NOTICE_ISSUED: S.VOIDED,
        S.IN_RECTIFICATION: S.VOIDED,
        S.REPORTED_DONE: S.VOIDED,
    },
    A.AMEND: {S.REGISTERED: None, S.NOTICE_ISSUED: None, S.IN_RECTIFICATION: None, S.REPORTED_DONE: None},
}

#: Actions that need a written reason (the follow-up's note).
NEEDS_REASON = frozenset({A.EXTEND, A.VOID, A.AMEND, A.REJECT, A.ESCALATE})


@dataclass(frozen=True)
class StepRule:
    """What one step of the loop asks for and what it writes on the hazard, beside its transition.

    The step form shows the date, the person (*person_label*), the extra fields in *asks* and the note
    (a required reason for actions in :data:`NEEDS_REASON`); the service (``hazards.act_in``) applies the
    same rule: it checks what the rule asks, writes the columns the rule names and records the step.
    """

    person_label: str  # English source text, translated where it is shown
    person_required: str = ""  # the message when the person is missing ("" = optional)
    asks: tuple[str, ...] = ()  # further StepInput fields: notice_no, new_deadline, escalation_level, duplicate_of
    date_column: str | None = None  # the hazard column that takes the step's date
    person_column: str | None = None  # the hazard column that takes the person (when one is given)
    not_rectifier: bool = False  # the person may not be who rectified it (acceptance is a second pair of eyes)
    note_column: str | None = None  # the hazard column that takes the note (the void's reason)
    sets: tuple[tuple[str, object], ...] = ()  # hazard columns the step sets to a fixed value
    result: str | None = None  # the follow-up's result (acceptance: pass or fail)


#: action -> its rule. Registration and fix-on-site create the record; amendment has its own form.
STEP_RULES: dict[HazardAction, StepRule] = {
    A.ISSUE_NOTICE: StepRule(
        "Receipt signed by", asks=("notice_no",), date_column="notice_issued_on", person_column="receipt_signed_by"
    ),
    A.START_RECTIFICATION: StepRule("Rectifier", person_column="rectify_person"),
    A.REPORT_DONE: StepRule("Rectified by", date_column="rectified_on"),
    A.ACCEPT: StepRule(
        "Checked by",
        person_required="Name the person who checked the rectification.",
        date_column="accepted_on",
        person_column="accepted_by",
        not_rectifier=True,
        result="pass",
    ),
    A.REJECT: StepRule(
        "Checked by",
        person_required="Name the person who checked the rectification.",
        not_rectifier=True,
        sets=(("rectified_on", None),),  # rectified again before the next acceptance
        result="fail",
    ),
    A.CLOSE: StepRule("Closed by", date_column="closed_on"),
    A.EXTEND: StepRule("Approved by", asks=("new_deadline",)),
    A.ESCALATE: StepRule(
        "Ordered by", person_required="Name who ordered the supervised listing.", asks=("escalation_level",)
    ),
    A.VOID: StepRule("Requested by", asks=("duplicate_of",), note_column="void_reason", sets=(("voided", 1),)),
}


def allowed_actions(status: HazardStatus) -> list[HazardAction]:
    """The actions a person may take on a hazard in *status*, in the order buttons show them."""
    return [action for action, moves in TRANSITIONS.items() if status in moves]


def next_status(status: HazardStatus, action: HazardAction) -> HazardStatus:
    """The state after *action*; raise :class:`TransitionError` with a clear message if not allowed."""
    moves = TRANSITIONS.get(action)
    if moves is None or status not in moves:
        allowed = ", ".join(a.label for a in allowed_actions(status)) or tr("none (the record is final)")
        raise TransitionError(
            tr("“{action}” is not allowed while the hazard is “{status}”. Allowed now: {allowed}.").format(
                action=action.label, status=status.label, allowed=allowed
            )
        )
    target = moves[status]
    return status if target is None else target


@dataclass(frozen=True)
class Overdue:
    """Derived lateness of a hazard on a given day."""

    is_overdue: bool
    days: int


def overdue_on(status: HazardStatus, deadline: dt.date | None, today: dt.date) -> Overdue:
    """A hazard is overdue when it is still open after the end of its deadline day (domain.md §2.6)."""
    if deadline is None or not status.is_open or today <= deadline:
        return Overdue(False, 0)
    return Overdue(True, (today - deadline).days)
