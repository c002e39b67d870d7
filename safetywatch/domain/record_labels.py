"""Stored tables and columns in the officer's words (the layers without Qt show them too: the exchange's held
changes name the record and the columns that differ). English here, Chinese in resources/translations/zh_CN/
fields.ts; a name without a label is shown as stored. ``ui.field_labels`` shows the same labels."""

from __future__ import annotations

from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.domain.i18n import tr

#: Stored columns in the officer's words (``notice_issued_on`` → "Notice issued on").
FIELDS: dict[str, str] = {
    # common to every record
    "voided": "Voided",
    "created_at": "Created",
    "updated_at": "Last changed",
    "version": "Version",
    "void_reason": "Reason for voiding",
    "remarks": "Remarks",
    "clerk": "Entered by",
    "description": "Description",
    "location": "Location",
    "found_date": "Found",
    "shift_id": "Shift",
    "workstation_id": "Workstation",
    "number": "Number",
    "note": "Note",
    "on_date": "Date",
    "person": "Person",
    # hazards and their steps
    "source_id": "Source",
    "finder_id": "Found by (inspector)",
    "finder_name": "Found by",
    "unit_id": "Responsible unit",
    "category_id": "Category",
    "nature_id": "Nature",
    "level_id": "Level",
    "major_item": "Major hazard item",
    "fixed_on_site": "Fixed on site",
    "rectify_person": "Person responsible for rectification",
    "deadline": "Deadline",
    "original_deadline": "Original deadline",
    "responsibility": "Responsibility",
    "standard": "Standard",
    "measures": "Measures",
    "funds_yuan": "Funds (yuan)",
    "contingency_plan": "Contingency plan",
    "status": "Status",
    "notice_no": "Notice number",
    "notice_issued_on": "Notice issued on",
    "receipt_signed_by": "Receipt signed by",
    "rectified_on": "Rectified",
    "accepted_by": "Accepted by",
    "accepted_on": "Accepted",
    "closed_on": "Closed",
    "escalation_level": "Escalation level",
    "duplicate_of_id": "Duplicate of",
    "new_deadline": "New deadline",
    "result": "Result",
    # 三违 and their handling
    "found_time": "Time",
    "offender_no": "Employee number",
    "offender_name": "Offender",
    "offender_unit_id": "Offender's unit",
    "offender_trade": "Trade",
    "employment_id": "Employment",
    "type_id": "三违 type",
    "severity_id": "Severity",
    "rule_item": "Rule broken",
    "stopped_by_name": "Stopped by",
    "found_via_id": "Found via",
    "offender_signed": "Offender signed",
    "step_id": "Handling step",
    "training_days": "Training days",
    "fine_yuan": "Fine (yuan)",
    "decided_by": "Decided by",
    # the audit trail's detail of a record made with an event (a hazard step's follow-up entry)
    "uuid": "UUID",
    "action": "Action",
    "actor": "Entered by",
    "from_status": "Status before",
    "to_status": "Status after",
    # accounts (the audit trail's "content" of a new user or a password change)
    "login": "Login name",
    "role": "Role",
    "display_name": "Full name",
    "active": "Active",
    "password_fingerprint": "Password fingerprint",
    "password_changed_at": "Password changed",
    "must_change_password": "Must change password",
    "failed_attempts": "Failed log-ins",
    "locked_until": "Locked until",
    "last_login_at": "Last log-in",
}

#: The columns of FIELDS that hold a UTC instant (``2026-06-10T02:00:00.5Z``): screens show them in local time
#: with the zone, so their labels do not say "UTC".
INSTANT_FIELDS = frozenset({"created_at", "updated_at", "password_changed_at", "locked_until", "last_login_at"})

#: Stored tables (record kinds) in the officer's words: the audit trail's and the exchange's "which record".
TABLES: dict[str, str] = {
    "org_unit": "Organisation",
    "workstation": "Workstations",
    "workstation_closure": "Workstation closures",
    "inspector": "Inspectors",
    "shift": "Shifts",
    "lookup_item": "Lookup lists",
    "hazard_level": "Hazard levels",
    "hazard": "Hazard records",
    "hazard_follow_up": "Hazard steps",
    "app_setting": "Settings",
    "duty_sheet": "Shift sheets",
    "rate_norm": "Monthly norms",
    "allowance_rule": "Allowance rules",
    "allowance_sheet": "Approved allowance months",
    "allowance_line": "Allowance lines",
    "allowance_adjustment": "Allowance adjustments",
    "violation": "三违 records",
    "violation_handling": "三违 handling",
    "suggestion": "Safety suggestions",
    "squad_activity": "Squad checks",
    "tour": "Tours",
    "tour_problem": "Tour problems",
    "family_activity": "Family assistance",
    "training_session": "Training sessions",
    "training_attendee": "Training attendance",
    "month_close": "Closed months",
    "report_adjustment": "Report corrections",
    "user_account": "Users",
    "exchange_station": "Exchange stations",
    "held_change": "Held changes",
    "record_transfer": "Record transfers",
    "security": "Security events",
}


def column_label(name: str) -> str:
    """Column *name* in the reader's language (as stored when it has no label)."""
    english = FIELDS.get(name)
    return tr(english) if english else name


def table_label(name: str) -> str:
    """Table *name* in the reader's language (as stored when it has no label)."""
    english = TABLES.get(name)
    return tr(english) if english else name


#: what an audit event did to a record, besides the hazard loop's steps (``HazardAction.label``).
ACTIONS: dict[str, str] = {
    "create": "created",
    "update": "changed",
    "amend": "amended",
    "void": "voided",
}


#: How a take-over the office's own step caused keeps its reason: the step's key, no language (the row is read
#: at the office and at the station, each in its own language; see :func:`transfer_reason`).
_OFFICE_STEP = "office-step:"


def office_step_reason(action: str) -> str:
    """The stored reason of a take-over caused by the office's step *action* (a key, e.g. ``close``)."""
    return _OFFICE_STEP + action


def transfer_reason(stored: str) -> str:
    """A take-over's stored reason as shown: an office step's in the reader's language with the step's label
    ("安全科办理“销号”时接管"), a reason a person typed as typed."""
    if stored.startswith(_OFFICE_STEP):
        return tr("taken over by the office for {action}").format(action=action_label(stored[len(_OFFICE_STEP) :]))
    return stored


def action_label(action: str) -> str:
    """An audit event's *action* in the reader's language: a hazard step by its label (as stored when unknown)."""
    if action in HazardAction.__members__.values():
        return HazardAction(action).label
    english = ACTIONS.get(action)
    return tr(english) if english else action
