"""Events of another PC's audit chain: carried verbatim in a bundle, checked, and applied through our Writer.

A station's bundle carries its events exactly as it hashed them; the office keeps them (``station_event``) and
applies each to its own records through its own ``Writer`` (``apply_station_event``), so the office's rule
"every record equals the replay of its own events" still holds and every applied change names its origin.
The office's reply carries its reference-data events the same way; a station applies them under the same
ids (``apply_office_event``). Who owns what decides what applies (issue 15, "no silent last write wins").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import UniqueConstraint

from safetywatch.db import models as m
from safetywatch.domain.errors import SafetyWatchError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.record_labels import table_label
from safetywatch.exchange import held_messages
from safetywatch.services.core import event_format
from safetywatch.services.core.audit import AuditEventRow
from safetywatch.services.core.event_format import GENESIS_HASH, Snapshot, canonical_json
from safetywatch.services.core.sql import ServerHandle, handle
from safetywatch.services.core.writer import Writer
from safetywatch.services.kinds import duty
from safetywatch.services.reporting import month_close

#: What a station enters and owns (its records and their steps).
STATION_TABLES = frozenset(
    {
        "hazard",
        "hazard_follow_up",
        "duty_sheet",
        "violation",
        "violation_handling",
        "suggestion",
        "squad_activity",
        "tour",
        "tour_problem",
        "family_activity",
        "training_session",
        "training_attendee",
    }
)
#: What the office owns and sends to its stations, in the enrolment and in every reply (read-only there): the
#: reference data, and the closed months (a clerk at a station cannot enter a record dated in one).
OFFICE_TABLES = (
    "org_unit",
    "workstation",
    "workstation_closure",
    "inspector",
    "shift",
    "lookup_item",
    "hazard_level",
    "rate_norm",
    "allowance_rule",
    "month_close",
    "year_close",
)
#: The office taking over a station's record: in the replies to that station only (never in an enrolment: a new
#: station holds no records), applied under the office's ids with the station's own row as ``station_id``.
TRANSFER_TABLE = "record_transfer"
#: Kept verbatim in the station's chain at the office but never applied: the PC's own business.
LOCAL_ENTITIES = frozenset({"security", "exchange", "user_account", "app_setting", "exchange_station"})

EVENT_FIELDS = (
    "seq",
    "at_utc",
    "actor",
    "action",
    "entity",
    "entity_id",
    "entity_uuid",
    "before",
    "after",
    "reason",
    "prev_hash",
    "hash",
    "format",
    "origin",
)
_MANAGED = frozenset({"id", "uuid", "created_at", "updated_at", "version"})


class BundleRefusedError(SafetyWatchError):
    """A bundle that cannot be taken as it is: nothing of it was written."""


@dataclass(frozen=True)
class ForeignEvent(AuditEventRow):
    """One event of another PC's chain, exactly as that PC stored and hashed it (the fields of our own
    events: :class:`AuditEventRow`, whose ``computed_hash`` takes the previous event's hash)."""

    @classmethod
    def from_json(cls, line: str) -> ForeignEvent:
        data = json.loads(line)
        if not isinstance(data, dict) or set(data) != set(EVENT_FIELDS):
            raise ValueError("not an audit event")
        event = cls(**data)
        if not isinstance(event.seq, int) or not isinstance(event.format, int):
            raise ValueError("not an audit event")
        return event

    def to_json(self) -> str:
        return canonical_json(dict(zip(EVENT_FIELDS, self.row(), strict=True)))

    def row(self) -> tuple[Any, ...]:
        # not dataclasses.astuple: it deep-copies every field (a third of a big import's time)
        return (
            self.seq, self.at_utc, self.actor, self.action, self.entity, self.entity_id, self.entity_uuid,
            self.before, self.after, self.reason, self.prev_hash, self.hash, self.format, self.origin,
        )  # fmt: skip

    def origin_label(self, source: str) -> str:
        """``station JK01 #1234 3f9a…``: what our event of the applied change records as its origin."""
        return f"{source} #{self.seq} {self.hash[:16]}"


def events_of(lines: Iterable[str]) -> list[ForeignEvent]:
    events = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            events.append(ForeignEvent.from_json(line))
        except (ValueError, TypeError) as exc:
            raise BundleRefusedError(
                tr("Line {line} of the bundle's events is not an audit event ({error}).").format(line=number, error=exc)
            ) from exc
    return events


def check_chain_range(events: list[ForeignEvent], first_seq: int, prev_hash: str) -> None:
    """The events continue a chain at *first_seq* after *prev_hash*: numbered without a gap, each hash
    recomputing (over the previous event's hash, in its format)."""
    expected, prev = first_seq, prev_hash
    for event in events:
        if event.seq != expected:
            raise BundleRefusedError(
                tr("The bundle's events jump from #{expected} to #{seq}: events are missing.").format(
                    expected=expected, seq=event.seq
                )
            )
        linked = event.prev_hash == prev if event.format == 1 else event.prev_hash == ""
        if not linked or event.computed_hash(prev) != event.hash:
            raise BundleRefusedError(
                tr("Audit event #{seq} in the bundle does not hash to what it says: it was changed.").format(
                    seq=event.seq
                )
            )
        expected, prev = event.seq + 1, event.hash


# --- the office applies a station's events -----------------------------------------------------------------


@dataclass(frozen=True)
class LateRecord:
    """A station's record dated in a month the office has closed: applied (it is evidence) and listed as a
    correction in the next open month's report."""

    table: str
    subject: str  # its number, else its uuid
    day: str  # its business date
    month: str  # the closed statistic month it falls in

    def __str__(self) -> str:
        return f"{table_label(self.table)} {self.subject} ({self.day})"


@dataclass
class Applied:
    """What applying a bundle's new events did, for the import event and the person importing."""

    applied: int = 0
    skipped: int = 0
    held: list[str] = field(default_factory=list)  # one line per held change
    closed_month: list[LateRecord] = field(default_factory=list)  # records dated in a closed month, applied


class _HeldError(Exception):
    """A change held for a person: its *cause* and, in ``message``, why in no language (``held_messages``): the
    cause's message, or its *variant*'s, with *params* (``table``, ``columns`` shown by their labels)."""

    def __init__(
        self, cause: str, office_values: Snapshot | None = None, *, variant: str | None = None, **params: Any
    ) -> None:
        message = held_messages.stored(f"{cause}.{variant}" if variant else cause, **params)
        super().__init__(message)
        self.cause, self.message, self.office_values = cause, message, office_values
        #: a step's log entry (a hazard's follow-up) to keep although the step's change is held: entries are
        #: append-only and never conflict, and the station's record of what it did stays evidence at the office
        self.entry: tuple[Any, dict[str, Any]] | None = None


def apply_station_event(
    w: Writer, station: Mapping[str, Any], event: ForeignEvent, result: Applied, closed: set[str]
) -> None:
    """Apply one new station event to the office's records, or hold it for a person (``held_change``)."""
    table = event.entity
    if (event.origin or "").startswith("office") or table in LOCAL_ENTITIES:
        result.skipped += 1  # came from the office (no echo), or the station PC's own business
        return
    w.origin = event.origin_label(f"station {station['code']}")
    try:
        if table not in STATION_TABLES:
            raise _HeldError("not_owner", table=table)
        if event.before is None:
            _create(w, station, event, closed, result)
        else:
            _change(w, station, event, closed, result)
        result.applied += 1
    except _HeldError as held:
        _hold(w, station, event, held)
        result.held.append(f"#{event.seq} {table_label(table)}: {held_messages.render(held.message)}")
        if held.entry is not None:
            child_table, values = held.entry
            w.insert(child_table, values, reason=event.reason)
    finally:
        w.origin = None


def _hold(w: Writer, station: Mapping[str, Any], event: ForeignEvent, held: _HeldError) -> None:
    w.origin = event.origin_label(f"station {station['code']}")
    w.insert(
        m.HELD_CHANGE,
        {
            "station_id": station["id"],
            "station_seq": event.seq,
            "entity": event.entity,
            "entity_uuid": event.entity_uuid,
            "action": event.action,
            "cause": held.cause,
            "message": held.message,
            "incoming": canonical_json({"before": _loads(event.before), "after": _loads(event.after)}),
            "office_values": None if held.office_values is None else canonical_json(held.office_values),
            "status": "held",
        },
    )


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _create(w: Writer, station: Mapping[str, Any], event: ForeignEvent, closed: set[str], result: Applied) -> None:
    table = event.entity
    after = json.loads(event.after or "null")
    full = event_format.created(event.format, table, event.entity_id, event.entity_uuid, event.at_utc, after)
    if not isinstance(full, dict):
        raise _HeldError("missing", variant="no_content")
    values = _translated(w, station, table, {k: v for k, v in full.items() if k not in _MANAGED})
    values["uuid"] = event.entity_uuid
    existing = _office_row(w, table, event.entity_uuid)
    if existing is not None:
        raise _HeldError("clash", _comparable(existing, values))
    _check_unique(w, table, values)
    companion = None
    for child, snapshot in event_format.companions(event.format, after):
        row = event_format.companion_row(child, event.entity_id, event.at_utc, snapshot)
        parent_key = event_format.COMPANIONS[child][1]
        child_values = {k: v for k, v in row.items() if k not in _MANAGED and k != parent_key}
        child_values["uuid"] = row["uuid"]
        companion = (m.metadata.tables[child], _translated(w, station, child, child_values))
    _note_closed(w, table, values, closed, result)
    row = w.insert(m.metadata.tables[table], values, reason=event.reason, companion=companion)
    if table == "duty_sheet":
        duty.project(w, int(row["id"]), [], _sheet_input(row))


def _change(w: Writer, station: Mapping[str, Any], event: ForeignEvent, closed: set[str], result: Applied) -> None:
    table = event.entity
    office = _office_row(w, table, event.entity_uuid)
    if office is None:
        raise _HeldError("missing")
    before = json.loads(event.before or "{}")
    after = json.loads(event.after or "{}")
    changes = {k: v for k, v in after.items() if not k.startswith("+") and k not in ("version", "updated_at")}
    changes = _translated(w, station, table, changes)
    expected = _translated(w, station, table, {k: before.get(k) for k in changes})
    if all(office.get(k) == v for k, v in changes.items()) and not event_format.companions(event.format, after):
        result.skipped += 1  # the office already holds this change: no conflict
        return
    companion = None
    for child, snapshot in event_format.companions(event.format, after):
        row = event_format.companion_row(child, event.entity_id, event.at_utc, snapshot)
        parent_key = event_format.COMPANIONS[child][1]
        child_values = {k: v for k, v in row.items() if k not in _MANAGED and k != parent_key}
        child_values["uuid"] = row["uuid"]
        companion = (m.metadata.tables[child], _translated(w, station, child, child_values))
    # a record the office took over is the office's: a change the station made before it read the reply waits
    transfer = _transfer_of(w, event.entity_uuid)
    stale = {k: office.get(k) for k, v in expected.items() if office.get(k) != v}
    if transfer is not None or stale:
        office_values = {k: office.get(k) for k in changes}
        held = (
            _HeldError(
                "transferred", office_values, date=str(transfer["created_at"])[:10], reason=str(transfer["reason"])
            )
            if transfer is not None
            else _HeldError("stale", office_values, columns=sorted(stale))
        )
        if companion is not None:
            child_table, child_values = companion
            held.entry = (child_table, {**child_values, event_format.COMPANIONS[child_table.name][1]: office["id"]})
        raise held
    _note_closed(w, table, {**office, **changes}, closed, result)
    old_marks = duty.parse_marks(str(office["marks"])) if table == "duty_sheet" else []
    new = w.update(
        m.metadata.tables[table],
        int(office["id"]),
        changes,
        action=event.action,
        reason=event.reason,
        before=office,
        companion=companion,
    )
    if table == "duty_sheet":
        sheet = _sheet_input(new) if not new["voided"] else _sheet_input({**new, "marks": "[]"})
        duty.project(w, int(new["id"]), old_marks, sheet)


def _transfer_of(w: Writer, uuid: str) -> dict[str, Any] | None:
    """The office's live take-over of the record *uuid*, if it took it over."""
    cursor = handle(w.conn).execute(
        "SELECT created_at, reason FROM record_transfer WHERE entity_uuid = ? AND voided = 0", (uuid,)
    )
    found = cursor.fetchone()
    return None if found is None else {"created_at": found[0], "reason": found[1]}


def _unique_keys(table: str) -> Iterator[tuple[str, ...]]:
    """The column sets of *table* that must be unique (other than its uuid)."""
    found = m.metadata.tables[table]
    for column in found.columns:
        if column.unique and column.name != "uuid":
            yield (column.name,)
    for constraint in found.constraints:
        if isinstance(constraint, UniqueConstraint):
            yield tuple(c.name for c in constraint.columns)
    for index in found.indexes:
        if index.unique:
            yield tuple(c.name for c in index.columns)


def _check_unique(w: Writer, table: str, values: Mapping[str, Any]) -> None:
    """A new record whose number or key another office record has (two stations numbering the same
    workstation, or one entering another's) is held as a clash, not left to fail the whole import."""
    for key in _unique_keys(table):
        if not all(values.get(c) is not None for c in key):
            continue
        where = " AND ".join(f"{c} = ?" for c in key)
        cursor = handle(w.conn).execute(f"SELECT * FROM {table} WHERE {where}", tuple(values[c] for c in key))
        found = cursor.fetchone()
        if found is not None:
            other = dict(zip([d[0] for d in cursor.description], found, strict=True))
            raise _HeldError("clash", _comparable(other, values), variant="same_key", columns=list(key))


def _note_closed(w: Writer, table: str, values: Mapping[str, Any], closed: set[str], result: Applied) -> None:
    column = m.DATED_COLUMNS.get(table)
    day = values.get(column) if column else None
    if not closed or not isinstance(day, str):
        return
    month = month_close.closed_month_of(w.conn, day)  # the statistic month (a cut-off day moves late days on)
    if month is not None:
        result.closed_month.append(LateRecord(table, str(values.get("number") or values.get("uuid")), day, month))


def _sheet_input(row: Mapping[str, Any]) -> duty.SheetInput:
    return duty.SheetInput(
        int(row["workstation_id"]),
        dt.date.fromisoformat(str(row["shift_date"])),
        int(row["shift_id"]),
        tuple(duty.parse_marks(str(row["marks"]))),
        row.get("note"),
    )


def _office_row(w: Writer, table: str, uuid: str) -> dict[str, Any] | None:
    cursor = handle(w.conn).execute(f"SELECT * FROM {table} WHERE uuid = ?", (uuid,))
    found = cursor.fetchone()
    if found is None:
        return None
    return dict(zip([d[0] for d in cursor.description], found, strict=True))


def _comparable(office: Mapping[str, Any], values: Mapping[str, Any]) -> Snapshot:
    return {k: office.get(k) for k in values}


def _station_refs(table: str) -> Iterator[tuple[str, str]]:
    """(column, target table) of each reference from *table* to a record a station owns: those ids are the
    station's own and must be translated; references to reference data share the office's ids."""
    for column in m.metadata.tables[table].columns:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target in STATION_TABLES:
                yield column.name, target


def _translated(w: Writer, station: Mapping[str, Any], table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """*values* with the station's local ids of its own records replaced by the office's ids (via the uuid
    of the record's create event in the station's chain)."""
    out = dict(values)
    for column, target in _station_refs(table):
        local = out.get(column)
        if local is None:
            continue
        uuid = _station_uuid(w, int(station["id"]), target, int(local))
        office_id = None if uuid is None else _office_id(w, target, uuid)
        if office_id is None:
            raise _HeldError("missing", variant="reference", table=target, id=local)
        out[column] = office_id
    return out


def _station_uuid(w: Writer, station_id: int, table: str, local_id: int) -> str | None:
    """The uuid of the station's record *table* #*local_id*: its create event, or the parent event that
    recorded it (a follow-up entry, format 2)."""
    db = w.db
    statement = _STATION_UUID_SERVER if isinstance(db, ServerHandle) else _STATION_UUID
    row = db.execute(statement, (station_id, table, local_id)).fetchone()
    return None if row is None else str(row[0])


#: Every event of a record names its uuid: any one will do. INDEXED BY: without statistics SQLite walks the
#: primary key (station_id, seq) instead, 2 ms a look-up on a group's month. PostgreSQL has no index hints
#: (its planner keeps statistics itself).
_STATION_UUID = (
    "SELECT entity_uuid FROM station_event INDEXED BY ix_station_event_record WHERE station_id = ? "
    "AND entity = ? AND entity_id = ? LIMIT 1"
)
_STATION_UUID_SERVER = _STATION_UUID.replace(" INDEXED BY ix_station_event_record", "")


def _office_id(w: Writer, table: str, uuid: str) -> int | None:
    row = handle(w.conn).execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
    return None if row is None else int(row[0])


# --- a station applies the office's reference events ---------------------------------------------------------


def apply_office_event(w: Writer, event: ForeignEvent) -> bool:
    """Apply one office event at a station; False if it is not one a station takes.

    Reference data is the office's: created under the office's ids, changed by id. A change the office made to
    one of the station's own records (a step taken at the office, a held change resolved there) is the
    office's decision: it is applied to the station's record with that uuid whatever the station's copy
    holds, so both sides hold the same again (issue 15, "the resolution travels back")."""
    if event.entity in OFFICE_TABLES or event.entity == TRANSFER_TABLE:
        _apply_reference(w, event)
        return True
    if event.entity in STATION_TABLES and event.before is not None:
        return _apply_decision(w, event)
    return False


def _apply_reference(w: Writer, event: ForeignEvent) -> None:
    table = m.metadata.tables[event.entity]
    w.origin = event.origin_label("office")
    try:
        after = json.loads(event.after or "null")
        if event.before is None:
            full = event_format.created(
                event.format, event.entity, event.entity_id, event.entity_uuid, event.at_utc, after
            )
            if not isinstance(full, dict):
                return
            values = {k: v for k, v in full.items() if k not in _MANAGED}
            values["uuid"] = event.entity_uuid
            if event.entity == TRANSFER_TABLE:  # the office's id of this station means nothing here: ours
                values["station_id"] = _own_station_id(w)
            w.insert(table, values, reason=event.reason, record_id=event.entity_id)
        else:
            changes = {k: v for k, v in (after or {}).items() if not k.startswith("+")}
            changes = {k: v for k, v in changes.items() if k not in ("version", "updated_at")}
            w.update(table, event.entity_id, changes, action=event.action, reason=event.reason)
    finally:
        w.origin = None


def _own_station_id(w: Writer) -> int:
    found = (
        handle(w.conn)
        .execute(
            "SELECT s.id FROM exchange_station s, app_setting a WHERE a.key = 'station_uuid' AND a.voided = 0 "
            "AND s.uuid = a.value"
        )
        .fetchone()
    )
    if found is None:
        raise BundleRefusedError(tr("This database is not a station: only a station reads the office's reply."))
    return int(found[0])


def _apply_decision(w: Writer, event: ForeignEvent) -> bool:
    mine = _office_row(w, event.entity, event.entity_uuid)  # here: the station's own row with that uuid
    if mine is None:
        return False
    after = json.loads(event.after or "{}")
    # the office's ids of the station's own records mean nothing here: those columns are left as they are
    refs = {column for column, _ in _station_refs(event.entity)}
    changes = {
        k: v for k, v in after.items() if not k.startswith("+") and k not in ("version", "updated_at") and k not in refs
    }
    changes = {k: v for k, v in changes.items() if mine.get(k) != v}
    companion = None
    for child, snapshot in event_format.companions(event.format, after):
        if _office_row(w, child, str(snapshot.get("uuid"))) is not None:
            continue  # that entry is here already
        row = event_format.companion_row(child, int(mine["id"]), event.at_utc, snapshot)
        parent_key = event_format.COMPANIONS[child][1]
        child_values = {k: v for k, v in row.items() if k not in _MANAGED and k != parent_key and k not in refs}
        child_values["uuid"] = row["uuid"]
        companion = (m.metadata.tables[child], child_values)
    if not changes and companion is None:
        return False  # the station holds this already
    if not changes:  # an entry without a change of the record itself: recorded on its own
        assert companion is not None
        child_table, values = companion
        values[event_format.COMPANIONS[child_table.name][1]] = int(mine["id"])
        w.origin = event.origin_label("office")
        try:
            w.insert(child_table, values, reason=event.reason)
        finally:
            w.origin = None
        return True
    w.origin = event.origin_label("office")
    old_marks = duty.parse_marks(str(mine["marks"])) if event.entity == "duty_sheet" else []
    try:
        new = w.update(
            m.metadata.tables[event.entity],
            int(mine["id"]),
            changes,
            action=event.action,
            reason=event.reason,
            before=mine,
            companion=companion,
        )
        if event.entity == "duty_sheet":
            sheet = _sheet_input(new) if not new["voided"] else _sheet_input({**new, "marks": "[]"})
            duty.project(w, int(new["id"]), old_marks, sheet)
    finally:
        w.origin = None
    return True


def genesis() -> str:
    return GENESIS_HASH


def translated_for_station(
    w: Writer, station: Mapping[str, Any], table: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """*values* of a station's event with its own-record ids translated to the office's (for a person resolving
    a held change); a reference the office cannot resolve is a ValidationError."""
    try:
        return _translated(w, station, table, values)
    except _HeldError as held:
        raise ValidationError.single("", held_messages.render(held.message)) from held


def project_duty(w: Writer, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    """Bring the duty projection in step with a shift sheet changed from *old* to *new*."""
    sheet = _sheet_input(new) if not new["voided"] else _sheet_input({**new, "marks": "[]"})
    duty.project(w, int(new["id"]), duty.parse_marks(str(old["marks"])), sheet)


# --- a station takes back its own events from the office (after a restore) -------------------------------------


def restore_own_event(w: Writer, event: ForeignEvent) -> None:
    """Put one of this station's own events, as the office kept it, back into this database: the event row
    verbatim (no new event: it *is* the chain), and the record it changed as its replay says. For a station
    restored from an older backup, whose events after the backup the office holds (issue 15)."""
    w.db.execute(
        f"INSERT INTO audit_event ({', '.join(EVENT_FIELDS)}) VALUES ({', '.join('?' * len(EVENT_FIELDS))})",
        event.row(),
    )
    table = event.entity
    if table not in m.metadata.tables or table in ("audit_event", "station_event") or table not in _AUDITED:
        return  # the exchange's and the security events change no record
    after = json.loads(event.after or "null")
    current = _row_by_id(w, table, event.entity_id)
    if event.before is None or current is None:
        state = event_format.created(event.format, table, event.entity_id, event.entity_uuid, event.at_utc, after)
    else:
        state, _ = event_format.changed(event.format, current, event.at_utc, json.loads(event.before), after)
    if state is None:
        return
    old_marks = duty.parse_marks(str(current["marks"])) if table == "duty_sheet" and current is not None else []
    _write_row(w, table, state, exists=current is not None)
    for child, snapshot in event_format.companions(event.format, after):
        child_row = event_format.companion_row(child, event.entity_id, event.at_utc, snapshot)
        _write_row(w, child, child_row, exists=_row_by_id(w, child, int(child_row["id"])) is not None)
    if table == "duty_sheet":
        sheet = _sheet_input(state) if not state["voided"] else _sheet_input({**state, "marks": "[]"})
        duty.project(w, int(state["id"]), old_marks, sheet)


_AUDITED = frozenset(t.name for t in m.AUDITED_TABLES)


def _row_by_id(w: Writer, table: str, record_id: int) -> dict[str, Any] | None:
    cursor = handle(w.conn).execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,))
    found = cursor.fetchone()
    return None if found is None else dict(zip([d[0] for d in cursor.description], found, strict=True))


def _write_row(w: Writer, table: str, state: Mapping[str, Any], *, exists: bool) -> None:
    names = [c.name for c in m.metadata.tables[table].columns]
    values = tuple(state.get(c) for c in names)
    if exists:
        assignments = ", ".join(f"{c} = ?" for c in names if c != "id")
        w.db.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", (*(state.get(c) for c in names if c != "id"), state["id"])
        )
    else:
        w.db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", values)
