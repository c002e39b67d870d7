"""Women's family safety assistance (女工家属协管, domain.md §5): visits to 三违 and 不放心人员, resolved family
conflicts, forums and pit-head visits, each with its number of participants.

A home visit names the person visited and why (a 三违 offender, one of the 不放心人员 with its type, or other);
the 三违 behind a visit may be given by its number (``JK01-SW-2026-00017``), which is resolved to ``violation_id``.
Fields that do not apply to the kind (reason and 不放心 type outside home visits, the type outside 不放心 visits) are
not stored.

Every activity belongs to a mine (``mine_id``, the mine whose 协管会 did it), so a group's report can attribute
family work to its mines. When a visit names its 三违 and no mine is given, the mine is the one above the
offender's unit. Records from before the field (migration 0009) keep NULL; :data:`MINE_OF_ACTIVITY` is how the
report attributes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content
from safetywatch.services.core import sql
from safetywatch.services.core.checks import Checks, clean, void_record_in
from safetywatch.services.core.fields import FieldKind, FieldSpec, required_names
from safetywatch.services.core.ledger import one_transaction
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds.activity_links import amend_record_in

FAMILY = m.FAMILY_ACTIVITY
KINDS = ("home_visit", "conflict", "forum", "pithead")
REASONS = ("violation", "worry", "other")

#: SQL: the mine an activity ``f`` counts for: its own, else (an activity from before migration 0009) the mine
#: above the offender unit of its 三违; NULL when neither is known (counted for the whole database only).
MINE_OF_ACTIVITY = (
    "coalesce(f.mine_id, (SELECT CASE WHEN u.level = 'mine' THEN u.id WHEN p.level = 'mine' THEN p.id "
    "WHEN g.level = 'mine' THEN g.id END FROM violation v JOIN org_unit u ON u.id = v.offender_unit_id "
    "LEFT JOIN org_unit p ON p.id = u.parent_id LEFT JOIN org_unit g ON g.id = p.parent_id "
    "WHERE v.id = f.violation_id))"
)


@dataclass
class FamilyInput:
    on_date: dt.date | None = None
    kind: str = "home_visit"
    visitors: str = ""
    person_visited: str = ""
    reason: str | None = None
    worry_type: str = ""
    violation_number: str = ""  # the 三违 behind a visit, by its number
    participants: int | None = None
    outcome: str = ""
    follow_up: str = ""
    mine_id: int | None = None  # the mine whose 协管会 did it (from the 三违, if one is named)


FIELDS = (
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True, sticky=True),
    FieldSpec("mine_id", "Mine", FieldKind.REFERENCE, sticky=True, reference="org_unit:mine"),
    FieldSpec(
        "kind",
        "Activity",
        FieldKind.CHOICE,
        sticky=True,
        options=(
            ("home_visit", "Home visit"),
            ("conflict", "Family conflict resolved"),
            ("forum", "Forum"),
            ("pithead", "Pit-head visit"),
        ),
    ),
    FieldSpec("visitors", "Visitors / organisers", required=True),
    FieldSpec("person_visited", "Person visited"),  # a home visit needs it (or the 三违 number)
    FieldSpec(
        "reason",
        "Why visited",
        FieldKind.CHOICE,
        sticky=True,
        options=(("violation", "三违 offender"), ("worry", "不放心人员"), ("other", "Other")),
    ),
    FieldSpec("worry_type", "Kind of 不放心人员"),
    FieldSpec("violation_number", "三违 number (optional)"),
    FieldSpec("participants", "Participants", FieldKind.INTEGER, required=True),
    FieldSpec("outcome", "Outcome", FieldKind.LONG_TEXT),
    FieldSpec("follow_up", "Follow-up", FieldKind.LONG_TEXT),
)


def _validate(conn: Connection, data: FamilyInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, required_names(FIELDS))
    c.texts(
        values, short=("visitors", "person_visited", "worry_type", "violation_number"), long=("outcome", "follow_up")
    )
    c.past_date("on_date", data.on_date)
    c.choice("kind", data.kind, KINDS)
    c.number("participants", data.participants, 1, 10_000)
    violation_id = None
    mine_id = data.mine_id
    person = data.person_visited
    number = data.violation_number.strip()
    if number:
        found = sql.first(
            conn, "SELECT id, found_date, offender_name, voided FROM violation WHERE number = ?", (number,)
        )
        if found is None:
            message = tr("No 三违 has the number {number}; type it as on the 三违 record, e.g. JK01-SW-2026-00017.")
            c.add("violation_number", message.format(number=number))
        elif found[3]:
            c.add(
                "violation_number",
                tr("三违 {number} is void; give another number or leave it empty.").format(number=number),
            )
        elif data.on_date is not None and found[1] > data.on_date.isoformat():
            message = tr("三违 {number} was recorded on {date}, after this activity; check the number or the date.")
            c.add("violation_number", message.format(number=number, date=found[1]))
        else:
            violation_id = int(found[0])
            if mine_id is None:
                mine_id = _offender_mine(conn, violation_id)
            if not has_visible_content(person):
                person = str(found[2])  # the offender, as recorded on the 三违
    if mine_id is None:
        if all(e.field != "violation_number" for e in c.errors):
            c.add("mine_id", tr("Choose the mine whose family assistants did it."))
    else:
        c.ref("mine_id", mine_id, "org_unit")
        level = sql.scalar(conn, "SELECT level FROM org_unit WHERE id = ?", (mine_id,))
        if level is not None and level != "mine":
            c.add("mine_id", tr("Choose a mine, not a unit or team."))
    if data.kind == "home_visit":
        if not has_visible_content(person):
            c.add("person_visited", tr("Name the person visited (or give the number of their 三违)."))
        if data.reason is None:
            c.add("reason", tr("Say why the family was visited."))
        c.choice("reason", data.reason, REASONS)
        if data.reason == "worry" and not has_visible_content(data.worry_type):
            c.add("worry_type", tr("Which kind of 不放心人员?"))
    if c.errors:
        raise ValidationError(c.errors)
    out = clean(values)
    del out["violation_number"]
    out.update(
        violation_id=violation_id, mine_id=mine_id, participants=data.participants, person_visited=person or None
    )
    if data.kind != "home_visit":
        out.update(reason=None, worry_type=None)
    elif data.reason != "worry":
        out.update(worry_type=None)
    return out


def _offender_mine(conn: Connection, violation_id: int) -> int | None:
    """The mine above the offender's unit of a 三违 (None if the unit is not under a mine)."""
    found = sql.scalar(
        conn,
        f"SELECT {MINE_OF_ACTIVITY} FROM "
        "(SELECT CAST(NULL AS INTEGER) AS mine_id, CAST(? AS INTEGER) AS violation_id) AS f",
        (violation_id,),
    )
    return None if found is None else int(found)


def record_in(w: Writer, data: FamilyInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    values = _validate(w.conn, data, w.clock.today())
    return w.insert(FAMILY, {**values, **origin.identity(), "clerk": origin.entered_by(w.actor)})


record = one_transaction(record_in)


def amend_in(
    w: Writer, activity_id: int, data: FamilyInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    def checked(_: dict[str, Any]) -> dict[str, Any]:
        return _validate(w.conn, data, w.clock.today())

    return amend_record_in(w, FAMILY, activity_id, reason, checked, expected_version=expected_version)


amend = one_transaction(amend_in)


def void_in(w: Writer, activity_id: int, reason: str) -> dict[str, Any]:
    return void_record_in(w, FAMILY, activity_id, reason)


void = one_transaction(void_in)


def get(conn: Connection, activity_id: int) -> dict[str, Any] | None:
    return sql.first_dict(
        conn,
        "SELECT f.*, v.number AS violation_number FROM family_activity f "
        "LEFT JOIN violation v ON v.id = f.violation_id WHERE f.id = ?",
        (activity_id,),
    )


def listing(conn: Connection, date_from: dt.date, date_to: dt.date, limit: int = 5000) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT f.*, v.number AS violation_number FROM family_activity f "
        "LEFT JOIN violation v ON v.id = f.violation_id "
        "WHERE f.on_date BETWEEN ? AND ? ORDER BY f.on_date DESC, f.id DESC LIMIT ?",
        (date_from.isoformat(), date_to.isoformat(), limit),
    )


def family_stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Per kind: ``<kind>`` events and ``<kind>_participants``; home visits to 三违 people (``visits_violation``)
    and to 不放心人员 (``visits_worry``). Void records are not counted."""
    out: dict[str, int] = {}
    for kind in KINDS:
        out[kind] = out[f"{kind}_participants"] = 0
    out["visits_violation"] = out["visits_worry"] = 0
    for kind, reason, events, people in sql.execute(
        conn,
        "SELECT kind, reason, count(*), sum(participants) FROM family_activity WHERE on_date BETWEEN ? AND ? "
        "AND voided = 0 GROUP BY kind, reason",
        (date_from.isoformat(), date_to.isoformat()),
    ):
        out[kind] += int(events)
        out[f"{kind}_participants"] += int(people)
        if kind == "home_visit" and reason in ("violation", "worry"):
            out[f"visits_{reason}"] += int(events)
    return out
