"""Reviewing the audit trail: the event log as an id window, a record's versions, and ``verify`` for a user.

``query_ids``/``fetch_rows`` follow the id-window contract (``ui.id_window_model``): one query returning
the matching event numbers (``seq``) newest first, then display rows for blocks of them. Filters use the
indexes on ``audit_event``: (entity, entity_id, seq), (actor, at_utc) and (at_utc).
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetywatch.db.models import AUDITED_TABLES
from safetywatch.domain.clock import utc_iso
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.services.core import audit, sql
from safetywatch.services.core.ledger import SECURITY_ENTITY, Ledger
from safetywatch.services.queries.record_lists import ids_of

#: What the entity filter offers: every audited record kind, and the security events.
ENTITIES: tuple[str, ...] = (*(t.name for t in AUDITED_TABLES), SECURITY_ENTITY)


@dataclass(frozen=True)
class EventFilter:
    """What the log is narrowed to; empty fields do not filter. Dates are local calendar days."""

    entity: str = ""
    entity_id: int | None = None
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tz: dt.tzinfo | None = field(default=None, compare=False)  # None: the computer's time zone


#: Display columns: (key, English header).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "No."),
    ("at_utc", "Time"),
    ("actor", "User"),
    ("action", "Action"),
    ("entity", "Record kind"),
    ("record", "Record"),
    ("reason", "Reason"),
)


def _day_start_utc(day: dt.date, tz: dt.tzinfo | None) -> str:
    local = dt.datetime.combine(day, dt.time())
    aware = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return utc_iso(aware)


def _where(flt: EventFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if flt.entity:
        clauses.append("entity = ?")
        params.append(flt.entity)
        if flt.entity_id is not None:
            clauses.append("entity_id = ?")
            params.append(flt.entity_id)
    if flt.actor.strip():
        clauses.append("actor = ?")
        params.append(flt.actor.strip())
    if flt.date_from is not None:
        clauses.append("at_utc >= ?")
        params.append(_day_start_utc(flt.date_from, flt.tz))
    if flt.date_to is not None:
        clauses.append("at_utc < ?")
        params.append(_day_start_utc(flt.date_to + dt.timedelta(days=1), flt.tz))
    return (" AND ".join(clauses) or "1=1"), params


def query_ids(
    conn: Connection, flt: EventFilter, sort_key: str = "seq", descending: bool = True, limit: int | None = None
) -> array[int]:
    """Matching event numbers in log order (newest first unless *descending* is false). The log is shown
    in its own order only: sorting millions of events by another column helps nobody."""
    where, params = _where(flt)
    direction = "DESC" if descending else "ASC"
    return ids_of(conn, f"SELECT seq FROM audit_event WHERE {where} ORDER BY seq {direction}", params, limit)


def fetch_rows(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Display rows ``{seq: (seq, at_utc, actor, action, entity, record, reason, 0)}`` (never voided), where
    *record* is the name a person knows the record by (:func:`record_names`), or its internal id (an int)."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows.extend(
            sql.execute(
                conn,
                "SELECT seq, at_utc, actor, action, entity, entity_id, reason FROM audit_event "
                f"WHERE seq IN ({', '.join('?' * len(chunk))})",
                tuple(chunk),
            )
        )
    names = record_names(conn, ((row[4], row[5]) for row in rows))
    return {row[0]: (*row[:5], names.get((row[4], row[5]), row[5]), row[6], 0) for row in rows}


def count(conn: Connection, flt: EventFilter) -> int:
    where, params = _where(flt)
    return int(sql.scalar(conn, f"SELECT count(*) FROM audit_event WHERE {where}", tuple(params)))


def actor_names(conn: Connection) -> dict[str, str]:
    """Login → display name of every account (events name the login)."""
    return {str(r[0]): str(r[1]) for r in sql.execute(conn, "SELECT login, display_name FROM user_account")}


@dataclass(frozen=True)
class EventDetail:
    seq: int
    at_utc: str
    actor: str
    action: str
    entity: str
    entity_id: int
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


def event(conn: Connection, seq: int) -> EventDetail | None:
    row = sql.first(
        conn,
        "SELECT seq, at_utc, actor, action, entity, entity_id, reason, before, after, hash FROM audit_event "
        "WHERE seq = ?",
        (seq,),
    )
    if row is None:
        return None
    before = json.loads(row[7]) if row[7] else None
    after = json.loads(row[8]) if row[8] else None
    seq_, at_utc, actor, action, entity, entity_id, reason = row[:7]
    return EventDetail(seq_, at_utc, actor, action, entity, entity_id, reason, before, after, str(row[9]))


@dataclass(frozen=True)
class Version:
    """One version of a record: the event that made it and the full row as it then stood."""

    number: int  # 1, 2, ... in the order of the events
    seq: int
    at_utc: str
    actor: str
    action: str
    reason: str | None
    changed: tuple[tuple[str, Any, Any], ...]  # (column, before, after); empty for the creation
    row: dict[str, Any]


def record_history(ledger: Ledger, entity: str, entity_id: int) -> list[Version]:
    """Every version of one record with who, when and why (officers and auditors)."""
    ledger.require(Permission.REVIEW_AUDIT)
    if entity not in {t.name for t in AUDITED_TABLES}:
        raise ValidationError.single("entity", tr("Choose a kind of record."))
    with ledger.read() as conn:
        events = audit.history(conn, entity, entity_id)
    states = audit.versions(events, entity)
    result = []
    for number, (ev, state) in enumerate(zip(events, states, strict=True), start=1):
        before = json.loads(ev.before) if ev.before else {}
        after = json.loads(ev.after) if ev.after else {}
        own_change = ev.before is not None and ev.entity == entity  # not the parent's event that made it
        changed = tuple((k, before.get(k), after.get(k)) for k in after if own_change and not k.startswith("+"))
        result.append(Version(number, ev.seq, ev.at_utc, ev.actor, ev.action, ev.reason, changed, state))
    return result


#: The record kinds whose number a person reads on paper and on screen (JK03-2026-01035, JK01-SW-2026-00017).
NUMBERED_KINDS = ("hazard", "violation")


def record_by_number(conn: Connection, number: str) -> tuple[str, int] | None:
    """The kind and id of the record numbered *number* (letters in any case), or ``None``."""
    wanted = number.strip().upper()
    for kind in NUMBERED_KINDS:
        found = sql.scalar(conn, f"SELECT id FROM {kind} WHERE number = ?", (wanted,))
        if found is not None:
            return kind, int(found)
    return None


#: Record kinds named by their parent's number: a hazard's steps and a 三违's handling read as that record.
_PARENTS: dict[str, tuple[str, str]] = {
    "hazard_follow_up": ("hazard", "hazard_id"),
    "violation_handling": ("violation", "violation_id"),
}

#: Record kinds a person names by a code or a login rather than a number (the column that says which one).
_NAMING_COLUMNS: dict[str, str] = {
    "org_unit": "code",
    "workstation": "code",
    "inspector": "employee_no",
    "shift": "code",
    "lookup_item": "code",
    "hazard_level": "code",
    "rate_norm": "code",
    "allowance_rule": "code",
    "allowance_sheet": "month",
    "month_close": "month",
    "app_setting": "key",
    "user_account": "login",
    "exchange_station": "code",
}


def record_names(conn: Connection, refs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """``{(kind, id): name}`` for the records a person can name: a hazard or 三违 by its number (its steps by
    the parent's number), a unit or inspector by code or 工号, an account by login. Others are left out (the
    caller names them by their internal id)."""
    wanted: dict[str, set[int]] = {}
    for kind, record_id in refs:
        wanted.setdefault(kind, set()).add(record_id)
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        if kind in NUMBERED_KINDS:
            query = f"SELECT id, number FROM {kind} WHERE id IN ({{marks}})"
        elif kind in _PARENTS:
            parent, key = _PARENTS[kind]
            query = f"SELECT c.id, p.number FROM {kind} c JOIN {parent} p ON p.id = c.{key} WHERE c.id IN ({{marks}})"
        elif kind in _NAMING_COLUMNS:
            query = f"SELECT id, {_NAMING_COLUMNS[kind]} FROM {kind} WHERE id IN ({{marks}})"
        else:
            continue
        listed = sorted(ids)
        for start in range(0, len(listed), 500):
            chunk = listed[start : start + 500]
            for row in sql.execute(conn, query.format(marks=", ".join("?" * len(chunk))), tuple(chunk)):
                if row[1] is not None:
                    names[(kind, int(row[0]))] = str(row[1])
    return names
