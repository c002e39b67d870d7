"""What the activity records (suggestions, squads, tours, family assistance) share: reasons, void records,
amendments, and linking a registered hazard to the squad check or the tour that found it
(``hazard.squad_activity_id`` / ``hazard.tour_id``).

A link is a change of the hazard, written with :meth:`Writer.update` (action ``link`` / ``unlink``, with a
reason) so the audit log shows when and by whom a hazard was credited to an activity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Table

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import reason_problem
from safetywatch.services.core import sql
from safetywatch.services.core.writer import Writer

#: A hazard found on a squad check or a tour is registered on that day or within this many days after.
LINK_WINDOW_DAYS = 7


def require_reason(reason: str, field: str = "reason") -> str:
    """The stripped reason, or a :class:`ValidationError` saying a reason is needed."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single(field, problem)
    return reason.strip()


def refuse_void(row: dict[str, Any], field: str = "") -> None:
    if row["voided"]:
        raise ValidationError.single(field, tr("This record is void and cannot be changed."))


def amend_record_in(
    w: Writer,
    table: Table,
    record_id: int,
    reason: str,
    checked: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Correct a record that is not void, with a reason: *checked* turns its stored row into the new values
    (or raises with every bad field)."""
    why = require_reason(reason)
    before = w.load(table, record_id)
    refuse_void(before)
    values = checked(before)
    return w.update(
        table, record_id, values, action="amend", reason=why, expected_version=expected_version, before=before
    )


def find_hazard(w: Writer, hazard: int | str) -> dict[str, Any]:
    """A hazard by id (int) or by its number as printed on the card (str)."""
    if isinstance(hazard, str):
        number = hazard.strip()
        row = sql.first_dict(w.conn, "SELECT * FROM hazard WHERE number = ?", (number,)) if number else None
        if row is None:
            message = tr("No hazard has the number “{number}”; type it as on the card, e.g. JK01-2026-00017.")
            raise ValidationError.single("hazard", message.format(number=number))
        return row
    return w.load(m.HAZARD, hazard)


def link(
    w: Writer,
    column: str,
    activity: Table,
    activity_id: int,
    hazard: int | str,
    reason: str,
    *,
    from_register: bool = False,
) -> dict[str, Any]:
    """Set ``hazard.<column>`` to the activity; the rules are the same for squads and tours.

    *from_register*: a link brought in with the hazard from a register (the import) is kept to an activity
    that was voided after its hazards were linked to it, as the register recorded it (a void activity keeps
    its hazards linked, ``void_in``); every other rule holds."""
    owner = w.load(activity, activity_id)
    if owner["voided"] and not from_register:
        raise ValidationError.single("hazard", tr("This activity is void; no hazard can be linked to it."))
    row = find_hazard(w, hazard)
    if row["voided"]:
        message = tr("Hazard {number} is void and cannot be linked.")
        raise ValidationError.single("hazard", message.format(number=row["number"]))
    if row[column] == activity_id:
        message = tr("Hazard {number} is already linked to this activity.")
        raise ValidationError.single("hazard", message.format(number=row["number"]))
    if row[column] is not None:
        message = tr("Hazard {number} is already linked to another activity; unlink it there first.")
        raise ValidationError.single("hazard", message.format(number=row["number"]))
    day = dt.date.fromisoformat(owner["on_date"])
    last = day + dt.timedelta(days=LINK_WINDOW_DAYS)
    if not day.isoformat() <= row["found_date"] <= last.isoformat():
        message = tr(
            "Hazard {number} was found on {found}. Only hazards found on the activity day ({day}) or within "
            "{days} days after it (up to {last}) can be linked; check the number or the activity."
        )
        raise ValidationError.single(
            "hazard",
            message.format(
                number=row["number"], found=row["found_date"], day=day.isoformat(), days=LINK_WINDOW_DAYS, last=last
            ),
        )
    return w.update(m.HAZARD, row["id"], {column: activity_id}, action="link", reason=reason, before=row)


def unlink(w: Writer, column: str, activity_id: int, hazard: int | str, reason: str) -> dict[str, Any]:
    row = find_hazard(w, hazard)
    if row[column] != activity_id:
        message = tr("Hazard {number} is not linked to this activity.")
        raise ValidationError.single("hazard", message.format(number=row["number"]))
    return w.update(m.HAZARD, row["id"], {column: None}, action="unlink", reason=reason, before=row)
