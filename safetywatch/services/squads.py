"""Safety-squad (群监安全小分队) activity logs, linked to the hazards they found (domain.md §5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.validation import reason_problem
from safetywatch.services import sql
from safetywatch.services.database import Ledger
from safetywatch.services.forms import Checks, clean, void_record

SQUAD = m.SQUAD_ACTIVITY
#: A hazard found on a squad's check is registered the same day or within this many days after.
LINK_WINDOW_DAYS = 7


@dataclass
class SquadInput:
    on_date: dt.date | None = None
    squad: str = ""
    leader: str = ""
    members: str = ""
    route: str = ""
    violations_stopped: int = 0
    note: str = ""


def _validate(conn: Connection, data: SquadInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, ("on_date", "squad", "leader", "route"))
    c.texts(values, short=("squad", "leader", "route"), long=("members", "note"))
    c.past_date("on_date", data.on_date)
    c.number("violations_stopped", data.violations_stopped, 0, 999)
    if c.errors:
        raise ValidationError(c.errors)
    return clean(values) | {"violations_stopped": data.violations_stopped}


def record(ledger: Ledger, data: SquadInput) -> dict[str, Any]:
    with ledger.write() as w:
        return w.insert(SQUAD, {**_validate(w.conn, data, ledger.clock.today()), "clerk": w.actor})


def amend(ledger: Ledger, squad_id: int, data: SquadInput, reason: str) -> dict[str, Any]:
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    with ledger.write() as w:
        values = _validate(w.conn, data, ledger.clock.today())
        return w.update(SQUAD, squad_id, values, action="amend", reason=reason.strip())


def void(ledger: Ledger, squad_id: int, reason: str) -> dict[str, Any]:
    return void_record(ledger, SQUAD, squad_id, reason)


def link_hazard(ledger: Ledger, squad_id: int, hazard_number: str) -> dict[str, Any]:
    """Record that a registered hazard was found on this squad check."""
    with ledger.write() as w:
        squad = w.load(SQUAD, squad_id)
        hazard = sql.first_dict(w.conn, "SELECT * FROM hazard WHERE number = ?", (hazard_number.strip(),))
        if hazard is None:
            raise ValidationError.single(
                "hazard", tr("No hazard has the number {number}.").format(number=hazard_number)
            )
        if hazard["voided"] or squad["voided"]:
            raise ValidationError.single("hazard", tr("A void record cannot be linked."))
        if hazard["squad_activity_id"] is not None:
            raise ValidationError.single(
                "hazard", tr("{number} is already linked to a squad activity.").format(number=hazard["number"])
            )
        start = dt.date.fromisoformat(squad["on_date"])
        found = dt.date.fromisoformat(hazard["found_date"])
        if not start <= found <= start + dt.timedelta(days=LINK_WINDOW_DAYS):
            raise ValidationError.single(
                "hazard",
                tr(
                    "{number} was found on {found}; a squad's hazard is found on its check day or within {days} days."
                ).format(number=hazard["number"], found=hazard["found_date"], days=LINK_WINDOW_DAYS),
            )
        return w.update(
            m.HAZARD, hazard["id"], {"squad_activity_id": squad_id}, action="link", reason=tr("Found by a safety squad")
        )


def unlink_hazard(ledger: Ledger, hazard_id: int, reason: str) -> dict[str, Any]:
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    with ledger.write() as w:
        return w.update(m.HAZARD, hazard_id, {"squad_activity_id": None}, action="unlink", reason=reason.strip())


def squad_hazards(conn: Connection, squad_id: int) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT id, number, found_date, status, fixed_on_site, description FROM hazard "
        "WHERE squad_activity_id = ? AND voided = 0 ORDER BY id",
        (squad_id,),
    )


def listing(conn: Connection, date_from: dt.date, date_to: dt.date, limit: int = 5000) -> list[dict[str, Any]]:
    return sql.all_dicts(
        conn,
        "SELECT s.*, (SELECT count(*) FROM hazard h WHERE h.squad_activity_id = s.id AND h.voided = 0) AS hazards "
        "FROM squad_activity s WHERE s.on_date BETWEEN ? AND ? ORDER BY s.on_date DESC, s.id DESC LIMIT ?",
        (date_from.isoformat(), date_to.isoformat(), limit),
    )


def stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """Activities, hazards they found, of which rectified (fixed on site or closed), 三违 they stopped."""
    span = (date_from.isoformat(), date_to.isoformat())
    activities, stopped = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(violations_stopped), 0) FROM squad_activity "
        "WHERE on_date BETWEEN ? AND ? AND voided = 0",
        span,
    ) or (0, 0)
    found, rectified = sql.first(
        conn,
        "SELECT count(*), coalesce(sum(h.fixed_on_site = 1 OR h.status = 'closed'), 0) FROM hazard h "
        "JOIN squad_activity s ON s.id = h.squad_activity_id WHERE s.on_date BETWEEN ? AND ? AND s.voided = 0 "
        "AND h.voided = 0",
        span,
    ) or (0, 0)
    return {
        "activities": int(activities),
        "hazards_found": int(found),
        "hazards_rectified": int(rectified),
        "violations_stopped": int(stopped),
    }
