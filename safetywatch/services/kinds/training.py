"""Inspector training (网员培训, domain.md §5): a session — date, topic, hours, teacher, the mine or unit that
organised it — and the inspectors who attended.

The attendees are typed as a clerk reads them off the sign-in sheet: 工号 or names, separated by spaces,
commas or 、 (``Q001 Q002 王五``). Each is resolved to an inspector on the roll on the day; a name shared by
two inspectors must be given by 工号. Every attendee is a ``training_attendee`` row of its own, written by the
Writer (audited, and travelling from a station to the office like any station record); a correction voids
the attendees no longer listed and adds the new ones. A training day exempts the inspector's shift as before:
the shift sheet's mark 培训 does that (``duty.EXEMPT``), independently of this record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ConflictError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql
from safetywatch.services.core.checks import Checks, clean, void_record_in
from safetywatch.services.core.fields import FieldKind, FieldSpec, required_names
from safetywatch.services.core.ledger import one_transaction
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer, storage_value
from safetywatch.services.kinds.activity_links import refuse_void, require_reason

SESSION = m.TRAINING_SESSION
ATTENDEE = m.TRAINING_ATTENDEE
#: What separates the attendees typed in one field.
_SEPARATORS = re.compile(r"[\s,，、;；]+")
MAX_HOURS = 200


@dataclass
class TrainingInput:
    on_date: dt.date | None = None
    topic: str = ""
    hours: int | None = None
    teacher: str = ""
    unit_id: int | None = None  # the mine or unit organising it
    attendees: str = ""  # 工号 or names, as on the sign-in sheet
    note: str = ""


FIELDS = (
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True, sticky=True),
    FieldSpec("unit_id", "Organised by", FieldKind.REFERENCE, required=True, sticky=True, reference="org_unit"),
    FieldSpec("topic", "Topic", required=True),
    FieldSpec("hours", "Hours", FieldKind.INTEGER, required=True, hint="class hours (学时), e.g. 4"),
    FieldSpec("teacher", "Teacher", required=True),
    FieldSpec(
        "attendees",
        "Inspectors attending",
        FieldKind.LONG_TEXT,
        required=True,
        hint="employee nos. or names, separated by spaces",
        lines=3,
    ),
    FieldSpec("note", "Notes", FieldKind.LONG_TEXT, lines=2),
)


def attendee_entries(text: str) -> list[str]:
    """The entries typed in the attendees field, in order, without repeats."""
    return list(dict.fromkeys(part for part in _SEPARATORS.split(text.strip()) if part))


def resolve_attendees(conn: Connection, text: str, day: dt.date | None) -> tuple[list[int], list[str]]:
    """(inspector ids, problems) of the attendees typed in *text*: each entry is a 工号, else a name of exactly
    one inspector; on *day* each must be on the roll."""
    ids: list[int] = []
    problems: list[str] = []
    for entry in attendee_entries(text):
        rows = sql.execute(
            conn,
            "SELECT id, employee_no, name, appointed_on, left_on FROM inspector WHERE voided = 0 "
            "AND (employee_no = ? OR (name = ? AND NOT EXISTS (SELECT 1 FROM inspector WHERE employee_no = ?)))",
            (entry, entry, entry),
        ).fetchall()
        if not rows:
            problems.append(
                tr("“{entry}” is neither the employee no. nor the name of an inspector.").format(entry=entry)
            )
            continue
        if len(rows) > 1:
            numbers = "、".join(str(r[1]) for r in rows)
            problems.append(
                tr("More than one inspector is called {name} ({numbers}); give the employee no.").format(
                    name=entry, numbers=numbers
                )
            )
            continue
        inspector_id, number, name, appointed, left = rows[0]
        if day is not None and (appointed > day.isoformat() or (left is not None and left < day.isoformat())):
            problems.append(
                tr("{number} {name} is not on the roll of inspectors on {date}.").format(
                    number=number, name=name, date=day.isoformat()
                )
            )
            continue
        if int(inspector_id) not in ids:
            ids.append(int(inspector_id))
    return ids, problems


def _validate(conn: Connection, data: TrainingInput, today: dt.date) -> tuple[dict[str, Any], list[int]]:
    values = {
        "on_date": data.on_date,
        "topic": data.topic,
        "hours": data.hours,
        "teacher": data.teacher,
        "unit_id": data.unit_id,
        "note": data.note,
    }
    c = Checks(conn, today)
    c.required({**values, "attendees": data.attendees}, required_names(FIELDS))
    c.texts(values, short=("topic", "teacher"), long=("note",))
    c.past_date("on_date", data.on_date)
    c.number("hours", data.hours, 1, MAX_HOURS)
    c.ref("unit_id", data.unit_id, "org_unit")
    ids: list[int] = []
    if data.attendees.strip():
        ids, problems = resolve_attendees(conn, data.attendees, data.on_date)
        for problem in problems:
            c.add("attendees", problem)
    if c.errors:
        raise ValidationError(c.errors)
    return clean(values), ids


def record_in(w: Writer, data: TrainingInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    """Record a session and its attendees (one audited row each)."""
    values, ids = _validate(w.conn, data, w.clock.today())
    session = w.insert(SESSION, {**values, **origin.identity(), "clerk": origin.entered_by(w.actor)})
    for inspector_id in ids:
        w.insert(ATTENDEE, {"session_id": session["id"], "inspector_id": inspector_id})
    return session


record = one_transaction(record_in)


def attendee_ids(conn: Connection, session_id: int) -> list[int]:
    """The inspectors attending a session (not the removed ones), in the order entered."""
    rows = sql.execute(
        conn,
        "SELECT inspector_id FROM training_attendee WHERE session_id = ? AND voided = 0 ORDER BY id",
        (session_id,),
    )
    return [int(r[0]) for r in rows]


def amend_in(
    w: Writer, session_id: int, data: TrainingInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Correct a session, with a reason: attendees no longer listed are voided, new ones added (each an event
    of its own, with the reason); the session itself changes only where its own fields do."""
    why = require_reason(reason)
    before = w.load(SESSION, session_id)
    refuse_void(before)
    values, ids = _validate(w.conn, data, w.clock.today())
    current = {
        int(r[1]): int(r[0])
        for r in sql.execute(
            w.conn, "SELECT id, inspector_id FROM training_attendee WHERE session_id = ? AND voided = 0", (session_id,)
        )
    }
    removed = [row_id for inspector_id, row_id in current.items() if inspector_id not in ids]
    added = [inspector_id for inspector_id in ids if inspector_id not in current]
    session = before
    if any(before.get(k) != storage_value(v) for k, v in values.items()) or not (removed or added):
        session = w.update(
            SESSION, session_id, values, action="amend", reason=why, expected_version=expected_version, before=before
        )
    elif expected_version is not None and before["version"] != expected_version:
        raise ConflictError(tr("This record was changed by someone else. Reload it and enter your change again."))
    for row_id in removed:
        w.void(ATTENDEE, row_id, why)
    for inspector_id in added:
        w.insert(ATTENDEE, {"session_id": session_id, "inspector_id": inspector_id}, reason=why)
    return session


amend = one_transaction(amend_in)


def void_in(w: Writer, session_id: int, reason: str) -> dict[str, Any]:
    """Void a session (its attendees no longer count: every figure reads them through a valid session)."""
    return void_record_in(w, SESSION, session_id, reason)


void = one_transaction(void_in)


def get(conn: Connection, session_id: int) -> dict[str, Any] | None:
    """A session with its attendees as ``attendee_nos`` (工号, space-separated, in the order entered)."""
    found = sql.first_dict(conn, "SELECT * FROM training_session WHERE id = ?", (session_id,))
    if found is None:
        return None
    found["attendee_nos"] = " ".join(
        str(r[0])
        for r in sql.execute(
            conn,
            "SELECT i.employee_no FROM training_attendee a JOIN inspector i ON i.id = a.inspector_id "
            "WHERE a.session_id = ? AND a.voided = 0 ORDER BY a.id",
            (session_id,),
        )
    )
    return found


def input_of(row: dict[str, Any]) -> TrainingInput:
    """The stored session (from :func:`get`) as the input an amend form starts from."""
    return TrainingInput(
        on_date=dt.date.fromisoformat(row["on_date"]),
        topic=row["topic"],
        hours=row["hours"],
        teacher=row["teacher"],
        unit_id=row["unit_id"],
        attendees=row.get("attendee_nos") or "",
        note=row["note"] or "",
    )


def listing(conn: Connection, date_from: dt.date, date_to: dt.date, limit: int = 5000) -> list[dict[str, Any]]:
    """Sessions of a period, newest first, with the organising unit's name, the number attending and their
    工号 (``attendee_nos``, as :func:`get` gives them)."""
    return sql.all_dicts(
        conn,
        "SELECT s.*, u.name AS unit_name, (SELECT count(*) FROM training_attendee a "
        "WHERE a.session_id = s.id AND a.voided = 0) AS attendee_count, "
        "(SELECT group_concat(employee_no, ' ') FROM (SELECT i.employee_no FROM training_attendee a "
        "JOIN inspector i ON i.id = a.inspector_id WHERE a.session_id = s.id AND a.voided = 0 ORDER BY a.id) AS n) "
        "AS attendee_nos "
        "FROM training_session s JOIN org_unit u ON u.id = s.unit_id "
        "WHERE s.on_date BETWEEN ? AND ? ORDER BY s.on_date DESC, s.id DESC LIMIT ?",
        (date_from.isoformat(), date_to.isoformat(), limit),
    )
