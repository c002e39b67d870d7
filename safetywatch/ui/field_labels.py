"""Names of stored columns in the officer's words, for the audit trail's "what changed" (which otherwise
shows column names like ``notice_issued_on``). English here, Chinese in resources/translations/zh_CN/
fields.ts; a column without a label is shown as stored."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from safetywatch.domain.hazard_loop import HazardStatus

FIELDS: dict[str, str] = {
    # common to every record
    "voided": "Voided",
    "created_at": "Created (UTC)",
    "updated_at": "Last changed (UTC)",
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
}
_STATUSES = {status.value: status for status in HazardStatus}


def field_label(name: str) -> str:
    english = FIELDS.get(name)
    return QCoreApplication.translate("Fields", english) if english else name


def field_value(name: str, value: str) -> str:
    """A stored value as shown: hazard statuses by their label (the rest as stored)."""
    if name == "status" and value in _STATUSES:
        return _STATUSES[value].label
    return value
