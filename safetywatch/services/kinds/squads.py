"""Safety-squad (群监安全小分队) activity logs, linked to the hazards they found (domain.md §5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql
from safetywatch.services.core.checks import Checks, clean, void_record_in
from safetywatch.services.core.fields import FieldKind, FieldSpec, required_names
from safetywatch.services.core.ledger import one_transaction
from safetywatch.services.core.origin import TYPED_IN, Origin
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import activity_links as links
from safetywatch.services.kinds.activity_links import LINK_WINDOW_DAYS, amend_record_in, require_reason

SQUAD = m.SQUAD_ACTIVITY


@dataclass
class SquadInput:
    on_date: dt.date | None = None
    squad: str = ""
    leader: str = ""
    members: str = ""
    route: str = ""
    violations_stopped: int | None = 0  # 三违 the squad stopped on the spot; empty = 0
    note: str = ""


FIELDS = (
    FieldSpec("on_date", "Date", FieldKind.DATE, required=True, sticky=True),
    FieldSpec("squad", "Squad", required=True),
    FieldSpec("leader", "Leader", required=True),
    FieldSpec("members", "Members", FieldKind.LONG_TEXT),
    FieldSpec("route", "Route / areas", required=True),
    FieldSpec("violations_stopped", "三违 stopped", FieldKind.INTEGER),
    FieldSpec("note", "Notes", FieldKind.LONG_TEXT),
)


def _validate(conn: Connection, data: SquadInput, today: dt.date) -> dict[str, Any]:
    values = asdict(data)
    c = Checks(conn, today)
    c.required(values, required_names(FIELDS))
    c.texts(values, short=("squad", "leader", "route"), long=("members", "note"))
    c.past_date("on_date", data.on_date)
    c.number("violations_stopped", data.violations_stopped, 0, 999)
    if c.errors:
        raise ValidationError(c.errors)
    return clean(values) | {"violations_stopped": data.violations_stopped or 0}


def record_squad_in(w: Writer, data: SquadInput, *, origin: Origin = TYPED_IN) -> dict[str, Any]:
    values = _validate(w.conn, data, w.clock.today())
    return w.insert(SQUAD, {**values, **origin.identity(), "clerk": origin.entered_by(w.actor)})


record_squad = one_transaction(record_squad_in)


def amend_in(
    w: Writer, squad_id: int, data: SquadInput, reason: str, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Correct a squad check, with a reason. Its linked hazards must still fall in the link window."""

    def checked(_: dict[str, Any]) -> dict[str, Any]:
        values = _validate(w.conn, data, w.clock.today())
        day = values["on_date"]
        last = day + dt.timedelta(days=LINK_WINDOW_DAYS)
        outside = sql.scalar(
            w.conn,
            "SELECT number FROM hazard WHERE squad_activity_id = ? AND voided = 0 "
            "AND (found_date < ? OR found_date > ?) ORDER BY id LIMIT 1",
            (squad_id, day.isoformat(), last.isoformat()),
        )
        if outside is not None:
            message = tr("Linked hazard {number} would fall outside {days} days after this date; unlink it first.")
            raise ValidationError.single("on_date", message.format(number=outside, days=LINK_WINDOW_DAYS))
        return values

    return amend_record_in(w, SQUAD, squad_id, reason, checked, expected_version=expected_version)


amend = one_transaction(amend_in)


def void_in(w: Writer, squad_id: int, reason: str) -> dict[str, Any]:
    """Void a squad check; its hazards stay linked (the check's figures no longer count them)."""
    return void_record_in(w, SQUAD, squad_id, reason)


void = one_transaction(void_in)


def link_hazard_in(
    w: Writer, squad_id: int, hazard: int | str, reason: str = "", *, from_register: bool = False
) -> dict[str, Any]:
    """Record that a registered hazard (by id, or by its number as a string) was found on this squad check.

    A hazard belongs to at most one squad check; void hazards and void checks are refused; the hazard's found
    date must be the check day or within ``LINK_WINDOW_DAYS`` days after it (registered after the check).
    """
    why = reason.strip() or tr("Found by a safety squad")
    return links.link(w, "squad_activity_id", SQUAD, squad_id, hazard, why, from_register=from_register)


link_hazard = one_transaction(link_hazard_in)


def unlink_hazard_in(w: Writer, squad_id: int, hazard: int | str, reason: str) -> dict[str, Any]:
    """Take a wrongly linked hazard off this squad check, with a reason."""
    return links.unlink(w, "squad_activity_id", squad_id, hazard, require_reason(reason))


unlink_hazard = one_transaction(unlink_hazard_in)


def get(conn: Connection, squad_id: int) -> dict[str, Any] | None:
    return sql.first_dict(conn, "SELECT * FROM squad_activity WHERE id = ?", (squad_id,))


def squad_hazards(conn: Connection, squad_id: int) -> list[dict[str, Any]]:
    """The hazards linked to a squad check: number, found date, status, fixed on site, description."""
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


def squad_stats(conn: Connection, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
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
        "SELECT count(*), coalesce(sum(CASE WHEN h.fixed_on_site = 1 OR h.status = 'closed' THEN 1 ELSE 0 END), 0) "
        "FROM hazard h "
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
