"""Queries behind the hazard list: filtered, sorted id lists and blocks of display rows (a
:class:`~safetywatch.services.queries.record_lists.ListQuery`), the overdue count and recent locations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.services.queries.record_lists import Column, ListQuery, Where

OPEN_STATUSES = tuple(s.value for s in HazardStatus if s.is_open)


@dataclass(frozen=True)
class HazardFilter:
    """What the officer narrowed the list to. Empty fields do not filter."""

    statuses: frozenset[str] = field(default_factory=frozenset)
    unit_id: int | None = None
    level_id: int | None = None
    category_id: int | None = None
    source_id: int | None = None
    workstation_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    overdue_only: bool = False
    text: str = ""


#: Display columns of the list, in order: (key, English header, SQL expression).
COLUMNS: tuple[Column, ...] = (
    ("number", "Number", "h.number"),
    ("found_date", "Found", "h.found_date"),
    ("shift", "Shift", "sh.name"),
    ("unit", "Responsible unit", "u.name"),
    ("location", "Location", "h.location"),
    ("description", "Description", "h.description"),
    ("category", "Category", "c.name"),
    ("level", "Level", "l.code"),
    ("status", "Status", "h.status"),
    ("deadline", "Deadline", "h.deadline"),
    ("rectify_person", "Rectifier", "h.rectify_person"),
    ("source", "Source", "s.name"),
    ("finder", "Found by", "h.finder_name"),
    ("escalation", "Supervised", "h.escalation_level"),
)
COLUMN_KEYS = tuple(c[0] for c in COLUMNS)
_JOINS = (
    "JOIN shift sh ON sh.id = h.shift_id JOIN org_unit u ON u.id = h.unit_id "
    "JOIN lookup_item c ON c.id = h.category_id JOIN hazard_level l ON l.id = h.level_id "
    "JOIN lookup_item s ON s.id = h.source_id"
)
#: Sort keys that need no join (the id query then touches the hazard table alone).
_HAZARD_ONLY = frozenset(
    {"number", "found_date", "location", "description", "status", "deadline", "rectify_person", "finder", "escalation"}
)
_SEARCHED = ("h.description", "h.location", "h.number", "coalesce(h.rectify_person, '')", "h.finder_name")


def _where(flt: HazardFilter, today: dt.date) -> tuple[str, list[Any]]:
    where = Where()
    where.one_of("h.status", flt.statuses)
    where.equal(
        {
            "h.unit_id": flt.unit_id,
            "h.level_id": flt.level_id,
            "h.category_id": flt.category_id,
            "h.source_id": flt.source_id,
            "h.workstation_id": flt.workstation_id,
        }
    )
    where.days("h.found_date", flt.date_from, flt.date_to)
    if flt.overdue_only:
        where.add("h.deadline < ?", today.isoformat())
        where.one_of("h.status", OPEN_STATUSES)
    where.text(_SEARCHED, flt.text)
    return where.sql()


HAZARDS = ListQuery[HazardFilter]("hazard", "h", COLUMNS, _JOINS, _HAZARD_ONLY, _where)

# The list's queries as functions of this module, as callers know them.
ids_sql, query_ids, count, fetch_rows = HAZARDS.ids_sql, HAZARDS.query_ids, HAZARDS.count, HAZARDS.fetch_rows


def overdue_count(conn: Connection, today: dt.date | None = None) -> int:
    """Open hazards past their deadline day: the red number on the navigation."""
    return count(conn, HazardFilter(overdue_only=True), today)


RECENT_HAZARDS_SCANNED = 5000


def recent_locations(conn: Connection, limit: int = 300) -> list[str]:
    """Distinct locations of the most recent hazards, newest first (for completing the location field).

    Scans only the newest rows by rowid so it stays fast however big the register grows.
    """
    rows = conn.exec_driver_sql(
        "SELECT location FROM (SELECT id, location FROM hazard WHERE voided = 0 ORDER BY id DESC LIMIT ?) AS recent "
        "GROUP BY location ORDER BY max(id) DESC LIMIT ?",
        (RECENT_HAZARDS_SCANNED, limit),
    )
    return [str(r[0]) for r in rows if r[0]]
