"""Names of stored columns in the officer's words, for the audit trail's "what changed" (which otherwise
shows column names like ``notice_issued_on``). English here, Chinese in resources/translations/zh_CN/
fields.ts; a column without a label is shown as stored. The labels are ``domain.record_labels.FIELDS``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.domain.record_labels import FIELDS, INSTANT_FIELDS
from safetywatch.ui.zoned_time import zoned_time

_STATUSES = {status.value: status for status in HazardStatus}


def field_label(name: str) -> str:
    english = FIELDS.get(name)
    return QCoreApplication.translate("Fields", english) if english else name


def field_value(name: str, value: str) -> str:
    """A stored value as shown: hazard statuses by their label, UTC instants in local time with the zone (the
    rest as stored)."""
    if name in ("status", "from_status", "to_status") and value in _STATUSES:
        return _STATUSES[value].label
    if name in INSTANT_FIELDS and value:
        try:
            return zoned_time(value, seconds=True)
        except ValueError:  # not an instant after all (a hand-edited or foreign row): show what is stored
            return value
    return value
