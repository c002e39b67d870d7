"""Checks shared by the record kinds of the inspector network (三违, suggestions, squads, tours, family visits).

Each kind's service lists its fields once; these helpers collect one :class:`FieldError` per bad field so a
form can show every message beside its field at once, and nothing is written unless all are fine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table

from safetywatch.domain.errors import FieldError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import (
    LONG_TEXT_MAX,
    business_date_problem,
    has_visible_content,
    reason_problem,
    text_problem,
)
from safetywatch.services.core import sql
from safetywatch.services.core.lookups import ReferenceLookups, uncached
from safetywatch.services.core.writer import Writer

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)


class Checks:
    """Collects field errors while a record's input is checked."""

    def __init__(self, conn: Connection, today: dt.date, lookups: ReferenceLookups | None = None) -> None:
        self.conn = conn
        #: the writer's (remembered for its transaction) or, outside one, a read each time
        self.lookups = lookups or uncached(conn)
        self.today = today
        self.errors: list[FieldError] = []

    def add(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, message))

    def required(self, values: Mapping[str, Any], names: Iterable[str]) -> None:
        for name in names:
            value = values.get(name)
            if value is None or (isinstance(value, str) and not has_visible_content(value)):
                self.add(name, tr("Required."))

    def texts(self, values: Mapping[str, Any], short: Iterable[str] = (), long: Iterable[str] = ()) -> None:
        for name, multiline in [(n, False) for n in short] + [(n, True) for n in long]:
            value = values.get(name)
            if value:
                problem = text_problem(value, multiline=multiline, max_length=LONG_TEXT_MAX if multiline else 200)
                if problem:
                    self.add(name, problem)

    def past_date(self, name: str, value: dt.date | None) -> None:
        if value is not None:
            problem = business_date_problem(value, self.today)
            if problem:
                self.add(name, problem)

    def time(self, name: str, value: str | None) -> None:
        if value and not _TIME.fullmatch(value):
            self.add(name, tr("Time “{value}” is not HH:MM (00:00–23:59).").format(value=value))

    def number(self, name: str, value: int | None, low: int, high: int) -> None:
        if value is not None and not low <= value <= high:
            self.add(name, tr("Must be between {low} and {high}.").format(low=low, high=high))

    def choice(self, name: str, value: str | None, allowed: Iterable[str]) -> None:
        if value is not None and value not in set(allowed):
            self.add(name, tr("Choose one of the offered values."))

    def ref(self, name: str, value: int | None, table: str, kind: str | None = None) -> None:
        """*value* must name an existing, not retired entry (of a lookup *kind*, for ``lookup_item``)."""
        if value is None:
            return
        query = f"SELECT voided FROM {table} WHERE id = ?" + (" AND kind = ?" if kind else "")
        row = self.lookups.first(table, query, (value, kind) if kind else (value,))
        if row is None:
            self.add(name, tr("Choose an existing entry."))
        elif row[0]:
            self.add(name, tr("This entry has been retired; choose another."))

    def workstation_open(self, name: str, workstation_id: int | None, day: dt.date | None) -> None:
        """A record dated *day* needs its workstation open then (not between a closing and its reopening)."""
        problem = closed_problem(self.conn, workstation_id, day)
        if problem:
            self.add(name, problem)

    def inspector_on_roll(self, name: str, inspector_id: int | None, day: dt.date | None) -> None:
        if inspector_id is None or day is None:
            return
        row = self.lookups.first(
            "inspector", "SELECT appointed_on, left_on, voided FROM inspector WHERE id = ?", (inspector_id,)
        )
        iso = day.isoformat()
        if row is None or row[2]:
            self.add(name, tr("No such inspector."))
        elif row[0] > iso or (row[1] is not None and row[1] < iso):
            self.add(name, tr("Not on the roll of inspectors on {date}.").format(date=iso))


def closed_problem(conn: Connection, workstation_id: int | None, day: dt.date | None) -> str | None:
    """Why a record dated *day* cannot be entered at a workstation (it was closed then), or None."""
    if workstation_id is None or day is None:
        return None
    found = sql.first(
        conn,
        "SELECT w.code, c.closed_on, c.reopened_on FROM workstation_closure c JOIN workstation w "
        "ON w.id = c.workstation_id WHERE c.workstation_id = ? AND c.voided = 0 AND c.closed_on <= ? "
        "AND (c.reopened_on IS NULL OR c.reopened_on > ?) ORDER BY c.closed_on DESC LIMIT 1",
        (workstation_id, day.isoformat(), day.isoformat()),
    )
    if found is None:
        return None
    if found[2] is None:
        message = tr("Workstation {code} was closed on {closed}: it takes no records dated from then on.")
    else:
        message = tr(
            "Workstation {code} was closed from {closed} until it reopened on {reopened}: "
            "it takes no records dated then."
        )
    return message.format(code=found[0], closed=found[1], reopened=found[2])


def clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Storage values: empty text becomes NULL (the database keeps 'not given', not '')."""
    return {k: (v or None) if isinstance(v, str) else v for k, v in values.items()}


def inspector_name(conn: Connection, inspector_id: int | None) -> str:
    if inspector_id is None:
        return ""
    return str(sql.scalar(conn, "SELECT name FROM inspector WHERE id = ?", (inspector_id,)) or "")


def void_record_in(w: Writer, table: Table, record_id: int, reason: str) -> dict[str, Any]:
    """Void a record with a reason (records are never deleted); voiding twice is refused."""
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    if w.load(table, record_id)["voided"]:
        raise ValidationError.single("reason", tr("This record is already void."))
    return w.void(table, record_id, reason.strip())
