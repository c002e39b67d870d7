"""Queries behind the 三违 list: filtered, sorted id lists and blocks of display rows (a
:class:`~safetywatch.services.queries.record_lists.ListQuery`, as the hazard list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from safetywatch.services.queries.record_lists import Column, ListQuery, Where


@dataclass(frozen=True)
class ViolationFilter:
    """What the list is narrowed to. Empty fields do not filter."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    unit_id: int | None = None
    type_id: int | None = None
    severity_id: int | None = None
    stopped_by_id: int | None = None
    text: str = ""
    include_voided: bool = True


#: Display columns: (key, English header, SQL expression).
COLUMNS: tuple[Column, ...] = (
    ("number", "Number", "v.number"),
    ("found_date", "Date", "v.found_date"),
    ("shift", "Shift", "sh.name"),
    ("offender_no", "Employee no.", "v.offender_no"),
    ("offender_name", "Offender", "v.offender_name"),
    ("unit", "Unit", "u.name"),
    ("type", "Type", "t.name"),
    ("severity", "Severity", "s.name"),
    ("location", "Location", "v.location"),
    ("description", "Description", "v.description"),
    ("stopped_by", "Stopped by", "v.stopped_by_name"),
    ("signed", "Signed", "v.offender_signed"),
)
COLUMN_KEYS = tuple(c[0] for c in COLUMNS)
_JOINS = (
    "JOIN shift sh ON sh.id = v.shift_id JOIN org_unit u ON u.id = v.offender_unit_id "
    "JOIN lookup_item t ON t.id = v.type_id JOIN lookup_item s ON s.id = v.severity_id"
)
_OWN_COLUMNS = frozenset(
    {"number", "found_date", "offender_no", "offender_name", "location", "description", "stopped_by", "signed"}
)
_SEARCHED = ("v.number", "v.offender_name", "coalesce(v.offender_no, '')", "v.location", "v.description")


def _where(flt: ViolationFilter, _today: dt.date) -> tuple[str, list[Any]]:
    where = Where()
    where.equal(
        {
            "v.offender_unit_id": flt.unit_id,
            "v.type_id": flt.type_id,
            "v.severity_id": flt.severity_id,
            "v.stopped_by_id": flt.stopped_by_id,
        }
    )
    where.days("v.found_date", flt.date_from, flt.date_to)
    if not flt.include_voided:
        where.add("v.voided = 0")
    where.text(_SEARCHED, flt.text)
    return where.sql()


VIOLATIONS = ListQuery[ViolationFilter]("violation", "v", COLUMNS, _JOINS, _OWN_COLUMNS, _where)

# The list's queries as functions of this module, as callers know them.
query_ids, count, fetch_rows = VIOLATIONS.query_ids, VIOLATIONS.count, VIOLATIONS.fetch_rows
