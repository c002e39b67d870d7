"""Which statistic months a report can be made for: from the month of the database's first record to the
statistic month running today (with the cut-off day setting).

A month after today's has not begun, and a month before the first record was not kept in this database:
their report would be all zeros that look like figures. An empty new database reports its current month
(zero is the truth there), and records imported from old registers count from their own dates. A closed
month is always reported as it was closed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from safetywatch.db.models import DATED_COLUMNS
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.periods import recent_months, statistic_month
from safetywatch.services.core import sql
from safetywatch.services.reporting import month_close, tallies

#: How many months back the report page offers at most (as before the first record was considered).
OFFERED_MONTHS = 36


def first_record_day(conn: Connection) -> str | None:
    """The earliest date ('YYYY-MM-DD') of any record: a dated record's business date, or the day the first
    record of any kind (the seeded reference data included) was written; ``None`` for an empty file."""
    days = [sql.scalar(conn, f"SELECT min({column}) FROM {table}") for table, column in DATED_COLUMNS.items()]
    days.append(sql.scalar(conn, "SELECT at_utc FROM audit_event ORDER BY seq LIMIT 1"))
    found = []
    for day in days:
        try:
            found.append(dt.date.fromisoformat(str(day)[:10]).isoformat())
        except ValueError:  # no record of that kind (None), or a date verify will name
            continue
    return min(found) if found else None


def first_month(conn: Connection, today: dt.date) -> str:
    """The statistic month of the first record; the current one for a database without records."""
    first_day = first_record_day(conn)
    return current_month(conn, today) if first_day is None else statistic_month(first_day, tallies.cutoff_day(conn))


def current_month(conn: Connection, today: dt.date) -> str:
    """The statistic month that *today* belongs to."""
    return statistic_month(today.isoformat(), tallies.cutoff_day(conn))


def reportable_months(conn: Connection, today: dt.date) -> list[str]:
    """The months a report can be made for, newest first (at most :data:`OFFERED_MONTHS`)."""
    current, first = current_month(conn, today), first_month(conn, today)
    newest = dt.date.fromisoformat(f"{current}-01")
    return [month for month in recent_months(newest, OFFERED_MONTHS) if month >= min(first, current)]


def check_reportable(conn: Connection, month: str, today: dt.date) -> None:
    """Refuse a month that has not begun or that is before the database's first record (closed months pass)."""
    current = current_month(conn, today)
    if month > current:
        raise ValidationError.single(
            "month",
            tr("{month} has not begun: today ({today}) is in statistic month {current}.").format(
                month=month, today=today.isoformat(), current=current
            ),
        )
    earliest = first_month(conn, today)
    if month >= earliest or month_close.closed(conn, month):
        return
    raise ValidationError.single(
        "month",
        tr(
            "{month} is before the first record of this database: it holds no figures for that month. "
            "Choose {earliest} or later."
        ).format(month=month, earliest=earliest),
    )
