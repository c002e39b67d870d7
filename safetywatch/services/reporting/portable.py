"""The few SQL fragments the reports must write differently on SQLite and on PostgreSQL (issue 18).

Everything else the tallies run is SQL both engines share. A caller picks the fragments once per query
(:func:`fragments`), never per row, so the SQLite path runs the very statements it ran before.
Dates are stored as ``YYYY-MM-DD`` text on both engines; these fragments take and give that text.
"""

from __future__ import annotations

from dataclasses import dataclass

from safetywatch.services.core import sql


def count_if(condition: str) -> str:
    """How many rows meet *condition*: PostgreSQL cannot ``sum()`` a comparison (a boolean), SQLite's 0/1 can;
    a CASE works on both (NULL when no row, as ``sum`` is)."""
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


@dataclass(frozen=True)
class Fragments:
    """SQL spellings that differ between the engines."""

    #: the smallest / largest of several values (SQLite's scalar ``min(a, b)`` is an aggregate on PostgreSQL)
    least: str
    greatest: str
    #: ``{}`` → a number of days that subtracts as whole days (SQLite's Julian day, PostgreSQL's ``date``)
    day_number: str
    #: ``{}`` (a ``YYYY-MM-DD`` text) → the day before, as text
    day_before: str
    #: ``{}`` (a ``YYYY-MM-DD`` text) → the month after its month, ``YYYY-MM``
    next_month: str
    #: ``{}`` (a column) → the same value that SQLite's planner will not look up by its index (unary plus);
    #: PostgreSQL needs the plain column where it is grouped by and selected
    no_index: str

    def days_from(self, start: str, end: str) -> str:
        """Whole days from the date *start* to the date *end* (0 on the same day)."""
        return f"({self.day_number.format(end)} - {self.day_number.format(start)})"


SQLITE = Fragments(
    least="min",
    greatest="max",
    day_number="julianday({})",
    day_before="date({}, '-1 day')",
    next_month="substr(date({}, 'start of month', '+1 month'), 1, 7)",
    no_index="+{}",
)
SERVER = Fragments(
    least="least",
    greatest="greatest",
    day_number="CAST({} AS date)",
    day_before="to_char(CAST({} AS date) - 1, 'YYYY-MM-DD')",
    next_month="to_char(CAST({} AS date) + interval '1 month', 'YYYY-MM')",  # PostgreSQL clamps 01-31 to 02-28
    no_index="{}",
)


def fragments(conn: sql.Conn) -> Fragments:
    """The fragments for the engine *conn* is on."""
    return SERVER if sql.is_server(conn) else SQLITE
