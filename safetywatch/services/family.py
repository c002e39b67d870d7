"""Women's family safety assistance (女工家属协管, domain.md §5): visits to 三违 and 不放心人员, resolved family
conflicts, forums and pit-head visits, each with its number of participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import has_visible_content, reason_problem
from safetywatch.services import sql
from safetywatch.services.database import Ledger
from safetywatch.services.forms import Checks, clean, void_record

FAMILY = m.FAMILY_ACTIVITY
KINDS = ("home_visit", "conflict", "forum", "pithead")
REASONS = ("violation", "worry", "other")


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


def _validate(conn: Connection, data: FamilyInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, ("on_date", "visitors", "participants"))
    c.texts(
        values, short=("visitors", "person_visited", "worry_type", "violation_number"), long=("outcome", "follow_up")
    )
    c.past_date("on_date", data.on_date)
    c.choice("kind", data.kind, KINDS)
    c.number("participants", data.participants, 1, 10_000)
    violation_id = None
    if data.kind == "home_visit":
        if not has_visible_content(data.person_visited):
            c.add("person_visited", tr("Name the person visited."))
        if data.reason is None:
            c.add("reason", tr("Say why the family was visited."))
        c.choice("reason", data.reason, REASONS)
        if data.reason == "worry" and not has_visible_content(data.worry_type):
            c.add("worry_type", tr("Which kind of 不放心人员?"))
    if data.violation_number.strip():
        violation_id = sql.scalar(conn, "SELECT id FROM violation WHERE number = ?", (data.violation_number.strip(),))
        if violation_id is None:
            c.add("violation_number", tr("No 三违 has the number {number}.").format(number=data.violation_number))
    if c.errors:
        raise ValidationError(c.errors)
    out = clean(values)
    del out["violation_number"]
    out.update(violation_id=violation_id, participants=data.participants)
    if data.kind != "home_visit":
        out.update(reason=None, worry_type=None)
    return out


def record(ledger: Ledger, data: FamilyInput) -> dict[str, Any]:
    with ledger.write() as w:
        return w.insert(FAMILY, {**_validate(w.conn, data, ledger.clock.today()), "clerk": w.actor})


def amend(ledger: Ledger, activity_id: int, data: FamilyInput, reason: str) -> dict[str, Any]:
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    with ledger.write() as w:
        values = _validate(w.conn, data, ledger.clock.today())
        return w.update(FAMILY, activity_id, values, action="amend", reason=reason.strip())


def void(ledger: Ledger, activity_id: int, reason: str) -> dict[str, Any]:
    return void_record(ledger, FAMILY, activity_id, reason)


def listing(conn: Connection, date_from: dt.date, date_to: dt.date, limit: int = 5000) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT f.*, v.number AS violation_number FROM family_activity f "
        "LEFT JOIN violation v ON v.id = f.violation_id "
        "WHERE f.on_date BETWEEN ? AND ? ORDER BY f.on_date DESC, f.id DESC LIMIT ?",
        (date_from.isoformat(), date_to.isoformat(), limit),
    )


def stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Events and participants per kind; visits to 三违 people and to 不放心人员."""
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
