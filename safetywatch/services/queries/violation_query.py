"""Queries behind the 三违 list: filtered, sorted id lists and blocks of display rows (as hazard_query)."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.services.core import sql


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
COLUMNS: tuple[tuple[str, str, str], ...] = (
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
_SORTABLE = {key: expr for key, _, expr in COLUMNS}
_JOINS = (
    "JOIN shift sh ON sh.id = v.shift_id JOIN org_unit u ON u.id = v.offender_unit_id "
    "JOIN lookup_item t ON t.id = v.type_id JOIN lookup_item s ON s.id = v.severity_id"
)
_OWN_COLUMNS = {
    "number",
    "found_date",
    "offender_no",
    "offender_name",
    "location",
    "description",
    "stopped_by",
    "signed",
}


def _where(flt: ViolationFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("offender_unit_id", flt.unit_id),
        ("type_id", flt.type_id),
        ("severity_id", flt.severity_id),
        ("stopped_by_id", flt.stopped_by_id),
    ):
        if value is not None:
            clauses.append(f"v.{column} = ?")
            params.append(value)
    if flt.date_from:
        clauses.append("v.found_date >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("v.found_date <= ?")
        params.append(flt.date_to.isoformat())
    if not flt.include_voided:
        clauses.append("v.voided = 0")
    text = flt.text.strip()
    if text:  # instr() matches literally: no LIKE wildcards to escape
        clauses.append(
            "(instr(v.number, ?) > 0 OR instr(v.offender_name, ?) > 0 OR instr(coalesce(v.offender_no, ''), ?) > 0 "
            "OR instr(v.location, ?) > 0 OR instr(v.description, ?) > 0)"
        )
        params.extend([text] * 5)
    return (" AND ".join(clauses) or "1=1"), params


def query_ids(
    conn: Connection,
    flt: ViolationFilter,
    sort_key: str = "found_date",
    descending: bool = True,
    limit: int | None = None,
) -> array[int]:
    if sort_key not in _SORTABLE:
        raise ValueError(f"unknown sort column {sort_key!r}")
    where, params = _where(flt)
    direction = "DESC" if descending else "ASC"
    joins = "" if sort_key in _OWN_COLUMNS else _JOINS
    order = f"{_SORTABLE[sort_key]} {direction}, v.id {direction}"
    query = f"SELECT v.id FROM violation v {joins} WHERE {where} ORDER BY {order}"
    if limit is not None:
        query += f" LIMIT {int(limit)}"
    cursor = sql.execute(conn, query, tuple(params))
    ids: array[int] = array("q")
    while batch := cursor.fetchmany(50_000):
        ids.extend([r[0] for r in batch])
    return ids


def count(conn: Connection, flt: ViolationFilter) -> int:
    where, params = _where(flt)
    return int(sql.scalar(conn, f"SELECT count(*) FROM violation v WHERE {where}", tuple(params)))


def fetch_rows(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Display rows for a block of ids: ``{id: (value per COLUMNS..., voided)}``."""
    exprs = ", ".join(expr for _, _, expr in COLUMNS)
    result: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = sql.execute(
            conn,
            f"SELECT v.id, {exprs}, v.voided FROM violation v {_JOINS} WHERE v.id IN ({', '.join('?' * len(chunk))})",
            tuple(chunk),
        )
        for row in rows:
            result[row[0]] = tuple(row[1:])
    return result
