"""Queries behind the hazard list: filtered, sorted id lists and blocks of display rows.

The list page never loads whole tables: one SQL query returns the matching ids in order (an ``array``
of 8-byte ints), and rows are fetched in blocks by id as the user scrolls (architecture.md §6).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.services.core import sql as sql_handle

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
COLUMNS: tuple[tuple[str, str, str], ...] = (
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
_SORTABLE = {key: expr for key, _, expr in COLUMNS}
_JOINS = (
    "JOIN shift sh ON sh.id = h.shift_id JOIN org_unit u ON u.id = h.unit_id "
    "JOIN lookup_item c ON c.id = h.category_id JOIN hazard_level l ON l.id = h.level_id "
    "JOIN lookup_item s ON s.id = h.source_id"
)
#: Sort keys that need no join (the id query then touches the hazard table alone).
_HAZARD_ONLY = {
    "number",
    "found_date",
    "location",
    "description",
    "status",
    "deadline",
    "rectify_person",
    "finder",
    "escalation",
}


def _where(flt: HazardFilter, today: dt.date) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.statuses:
        clauses.append(f"h.status IN ({', '.join('?' * len(flt.statuses))})")
        params.extend(sorted(flt.statuses))
    for column, value in (
        ("unit_id", flt.unit_id),
        ("level_id", flt.level_id),
        ("category_id", flt.category_id),
        ("source_id", flt.source_id),
        ("workstation_id", flt.workstation_id),
    ):
        if value is not None:
            clauses.append(f"h.{column} = ?")
            params.append(value)
    if flt.date_from:
        clauses.append("h.found_date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("h.found_date <= ?")
        params.append(flt.date_to.isoformat())
    if flt.overdue_only:
        clauses.append(f"h.deadline < ? AND h.status IN ({', '.join('?' * len(OPEN_STATUSES))})")
        params.extend([today.isoformat(), *OPEN_STATUSES])
    text = flt.text.strip()
    if text:
        # instr() matches literally: no LIKE wildcards (% _ \) to escape.
        clauses.append(
            "(instr(h.description, ?) > 0 OR instr(h.location, ?) > 0 OR instr(h.number, ?) > 0 "
            "OR instr(coalesce(h.rectify_person, ''), ?) > 0 OR instr(h.finder_name, ?) > 0)"
        )
        params.extend([text] * 5)
    return (" AND ".join(clauses) or "1=1"), params


def ids_sql(flt: HazardFilter, sort_key: str, descending: bool, today: dt.date) -> tuple[str, list[Any]]:
    """The SQL (and parameters) that returns the matching hazard ids in display order."""
    if sort_key not in _SORTABLE:
        raise ValueError(f"unknown sort column {sort_key!r}")
    where, params = _where(flt, today)
    direction = "DESC" if descending else "ASC"
    joins = "" if sort_key in _HAZARD_ONLY else _JOINS
    order = f"{_SORTABLE[sort_key]} {direction}, h.id {direction}"
    sql = f"SELECT h.id FROM hazard h {joins} WHERE {where} ORDER BY {order}"
    return sql, params


def query_ids(
    conn: Connection,
    flt: HazardFilter,
    sort_key: str = "found_date",
    descending: bool = True,
    today: dt.date | None = None,
    limit: int | None = None,
) -> array[int]:
    """Ids of the hazards that match *flt*, sorted; ``limit`` gives a quick first page."""
    query, params = ids_sql(flt, sort_key, descending, today or dt.date.today())
    if limit is not None:
        query += f" LIMIT {int(limit)}"
    # Straight from the sqlite3 handle: SQLAlchemy's Row objects tripled the time for 350k ids.
    cursor = sql_handle.execute(conn, query, tuple(params))
    ids: array[int] = array("q")
    while batch := cursor.fetchmany(50_000):
        ids.extend([r[0] for r in batch])
    return ids


def count(conn: Connection, flt: HazardFilter, today: dt.date | None = None) -> int:
    where, params = _where(flt, today or dt.date.today())
    return int(
        conn.exec_driver_sql(f"SELECT count(*) FROM hazard h WHERE {where}", tuple(params)).scalar_one()
    )


def fetch_rows(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Display rows for a block of ids: ``{id: (value per COLUMNS..., voided)}``."""
    if not ids:
        return {}
    exprs = ", ".join(expr for _, _, expr in COLUMNS)
    result: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):  # stay well under SQLite's bound-parameter limit
        chunk = list(ids[start : start + 500])
        rows = sql_handle.execute(
            conn,
            f"SELECT h.id, {exprs}, h.voided FROM hazard h {_JOINS} WHERE h.id IN ({', '.join('?' * len(chunk))})",
            tuple(chunk),
        )
        for row in rows:
            result[row[0]] = tuple(row[1:])
    return result


def overdue_count(conn: Connection, today: dt.date | None = None) -> int:
    """Open hazards past their deadline day: the red number on the navigation."""
    return count(conn, HazardFilter(overdue_only=True), today)


RECENT_HAZARDS_SCANNED = 5000


def recent_locations(conn: Connection, limit: int = 300) -> list[str]:
    """Distinct locations of the most recent hazards, newest first (for completing the location field).

    Scans only the newest rows by rowid so it stays fast however big the register grows.
    """
    rows = conn.exec_driver_sql(
        "SELECT location FROM (SELECT id, location FROM hazard WHERE voided = 0 ORDER BY id DESC LIMIT ?) "
        "GROUP BY location ORDER BY max(id) DESC LIMIT ?",
        (RECENT_HAZARDS_SCANNED, limit),
    )
    return [str(r[0]) for r in rows if r[0]]
