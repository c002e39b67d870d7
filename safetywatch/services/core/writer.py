"""The one write path: insert, update and void records with their audit events in the same transaction.

Values are normalised to their storage form before writing (dates → ISO text, flags → 0/1), so the audit
snapshot is exactly what ``SELECT *`` returns later and ``verify`` can compare them. Statements are
prepared once per table and sent to the sqlite3 handle (``services.core.sql``): the per-row cost matters
when the demo writes hundreds of thousands of records through this same path.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table

from safetywatch.db.models import DATED_COLUMNS, RECORD_TRANSFER
from safetywatch.domain.clock import Clock, utc_iso
from safetywatch.domain.errors import ConflictError, NotFoundError, TamperedRecordError, ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.periods import statistic_month
from safetywatch.domain.permissions import (
    AMEND_ACTIONS,
    OFFICE_OWNED_TABLES,
    STATION_OWNED_TABLES,
    Role,
    allowed,
    denied,
    write_permission,
)
from safetywatch.domain.record_labels import office_step_reason, transfer_reason
from safetywatch.domain.validation import reason_problem
from safetywatch.services.core import event_format, sql
from safetywatch.services.core.audit import AuditLog, Snapshot, record_label, replay, unrecorded_columns
from safetywatch.services.core.changes import ChangeCollector
from safetywatch.services.core.lookups import ReferenceLookups

_MANAGED = ("id", "uuid", "created_at", "updated_at", "version", "voided", "void_reason")
#: A station's records that carry a workstation (and its numbers): entered only for the workstations it serves.
_NUMBERED_AT_STATION = frozenset({"hazard", "violation", "duty_sheet"})


def storage_value(value: Any) -> Any:
    """The form a Python value takes in the database (and in audit snapshots)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return utc_iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # plain str, also for StrEnum members
    if value is None or isinstance(value, int):
        return value
    raise TypeError(f"cannot store {type(value).__name__}: {value!r}")


@cache
def _columns(table: Table) -> tuple[str, ...]:
    return tuple(column.name for column in table.columns)


@cache
def _column_getter(table: Table) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    return itemgetter(*_columns(table))


def _in_column_order(table: Table, row: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """A row's values as a tuple in column order (``itemgetter``: C speed, thousands of times a second);
    ``None`` for a partial row."""
    try:
        return _column_getter(table)(row)
    except KeyError:
        return None


@cache
def _insert_sql(table: Table) -> str:
    names = [c for c in _columns(table) if c != "id"]
    # RETURNING (SQLite ≥ 3.35, PostgreSQL): the new id on both engines; psycopg has no ``lastrowid``
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) RETURNING id"


class Writer:
    """Writes records inside one open write transaction on behalf of *actor*.

    With a *role* (the signed-in user's), every write is checked against the permission matrix
    (``domain.permissions``) before anything is written; ``None`` is the program itself (seeding the
    defaults, demo generation, the log-in bookkeeping) and is not restricted.
    """

    def __init__(
        self, conn: Connection, actor: str, clock: Clock, role: Role | None = None, *, note: str | None = None
    ) -> None:
        self.conn = conn
        #: The sqlite3 handle under *conn*, taken once: the writer's own statements go to it directly.
        self.db = sql.handle(conn)
        self.actor = actor
        self.clock = clock
        self.role = role
        #: The reason recorded on events whose service gives none (an import names its file here).
        self.note = note
        #: Where the changes being written come from (``station CODE #seq hash``: the station event the office
        #: applies, issue 15), recorded and hashed with each event; ``None`` for a change made on this PC.
        self.origin: str | None = None
        #: Records dated in a closed month may be written (a station's evidence reaching the office late is
        #: kept and listed for correction, issue 15); for everything else a closed month is frozen.
        self.closed_months_open = False
        #: At the office, a change made here (no origin) to a record a station created takes the record over: an
        #: audited ``record_transfer`` in the same transaction (issue 15). False for a held change's resolution,
        #: which decides a conflict and leaves the record the station's.
        self.takes_over = True
        self.audit = AuditLog(conn)
        #: Tables and records this transaction wrote, for the pages that show them (``core.changes``).
        self.changes = ChangeCollector()
        #: Reference rows read by the use cases' checks, remembered until this writer writes their table.
        self.lookups = ReferenceLookups(self.db)
        self._closed: set[str] | None = None
        self._role: str | None = None  # this database's exchange role: standalone, office or station (asked once)
        self._served: set[int] | None = None  # at a station: the ids of the workstations it serves
        self._stations_serve: set[int] | None = None  # at the office: the workstations its stations serve
        self._cutoff = 0
        #: The values this writer last wrote for each record (a tuple: cheap, and no work for the garbage
        #: collector). This transaction holds the write lock, so a row still equal to them needs no replay of
        #: its events before the next change (the demo's loops, an import's steps).
        self._written: dict[tuple[str, int], tuple[Any, ...] | None] = {}

    def _check(self, table: Table, action: str, reason: str | None) -> None:
        """The role may do this; an amendment or void says why (whatever service asked for it); at an enrolled
        station, what the office owns changes only by the office's reply."""
        if table.name in OFFICE_OWNED_TABLES and self.origin is None and self._at_station():
            raise ValidationError.single(
                "",
                tr(
                    "This PC is a pit-head station: {table} comes from the safety office. Change it at the office; "
                    "its next reply brings the change here."
                ).format(table=table.name),
            )
        if self.role is not None:
            permission = write_permission(table.name, action)
            if not allowed(self.role, permission):
                raise denied(self.role, permission, table=table.name, action=action)
        if action in AMEND_ACTIONS:
            problem = reason_problem(reason or "")
            if problem:
                raise ValidationError.single("reason", problem)

    def _exchange_role(self) -> str:
        if self._role is None:
            role = sql.scalar(self.conn, "SELECT value FROM app_setting WHERE key = 'exchange_role' AND voided = 0")
            self._role = str(role or "standalone")
        return self._role

    def _at_station(self) -> bool:
        return self._exchange_role() == "station"

    # The transfer's two ends live here rather than in the services that take steps: every change of a record
    # (a loop step, an amendment, a void, of any record kind) passes through update(), so no service can forget
    # them, and the check is one indexed look-up by uuid. Nothing here knows the exchange beyond two tables.

    def _refuse_transferred(self, table: Table, row: Mapping[str, Any]) -> None:
        """At a station, a record the office took over changes only by the office's reply."""
        if self.origin is not None or table.name not in STATION_OWNED_TABLES or not self._at_station():
            return
        transfer = sql.first_dict(
            self.db,
            "SELECT created_at, reason FROM record_transfer WHERE entity_uuid = ? AND voided = 0",
            (row["uuid"],),
        )
        if transfer is not None:
            raise ValidationError.single(
                "",
                tr(
                    "The safety office took this record over on {date} ({reason}): it is read-only here. "
                    "Ask the office to change it."
                ).format(date=str(transfer["created_at"])[:10], reason=transfer_reason(str(transfer["reason"]))),
            )

    def _take_over(self, table: Table, row: Mapping[str, Any], action: str, reason: str | None) -> None:
        """At the office, a change made here to a record a station created takes it over (once)."""
        if (
            self.origin is not None
            or not self.takes_over
            or table.name not in STATION_OWNED_TABLES
            or self._exchange_role() != "office"
        ):
            return
        station_id = sql.scalar(
            self.conn, "SELECT station_id FROM station_event WHERE entity_uuid = ? LIMIT 1", (row["uuid"],)
        )
        if station_id is None or sql.first(
            self.conn, "SELECT 1 FROM record_transfer WHERE entity_uuid = ? AND voided = 0", (row["uuid"],)
        ):
            return
        role, self.role = self.role, None  # the transfer follows from a change the role may make
        try:
            self.insert(
                RECORD_TRANSFER,
                {
                    "entity": table.name,
                    "entity_uuid": row["uuid"],
                    "station_id": station_id,
                    "reason": (reason or "").strip()
                    or office_step_reason(action),  # said in the reader's language (transfer_reason)
                    "transferred_by": self.actor,
                },
            )
        finally:
            self.role = role

    def _refuse_unserved_workstation(self, table: Table, row: Mapping[str, Any]) -> None:
        """At a station, its own records name only the workstations it serves: another station numbers the
        others' records, and the office would hold a clashing number (issue 15)."""
        if table.name not in _NUMBERED_AT_STATION or self.origin is not None or not self._at_station():
            return
        if self._served is None:
            self._served = {
                int(r[0])
                for r in sql.execute(
                    self.conn,
                    "SELECT w.id FROM workstation w, exchange_station s, app_setting a WHERE a.key = 'station_uuid' "
                    "AND a.voided = 0 AND s.uuid = a.value AND instr(',' || s.workstation_codes || ',', "
                    "',' || w.code || ',') > 0",
                )
            }
        if row.get("workstation_id") not in self._served:
            raise ValidationError.single(
                "workstation_id",
                tr(
                    "This station serves other workstations: a record of this one is entered at the station that "
                    "serves it (or at the office)."
                ),
            )

    def _refuse_workstation_of_a_station(self, table: Table, row: Mapping[str, Any]) -> None:
        """At the office, a new record of a workstation an enrolled station serves is entered at that station: it
        numbers them, and a number given here would clash with the station's (issue 15)."""
        if table.name not in _NUMBERED_AT_STATION or self.origin is not None:
            return
        if self._stations_serve is None:
            self._stations_serve = {
                int(r[0])
                for r in sql.execute(
                    self.conn,
                    "SELECT w.id FROM workstation w, exchange_station s, app_setting a WHERE a.key = 'exchange_role' "
                    "AND a.voided = 0 AND a.value = 'office' AND s.voided = 0 AND instr(',' || s.workstation_codes "
                    "|| ',', ',' || w.code || ',') > 0",
                )
            }
        if row.get("workstation_id") in self._stations_serve:
            raise ValidationError.single(
                "workstation_id",
                tr(
                    "A pit-head station serves this workstation: enter its records at that station (it numbers "
                    "them); they reach the office with its next bundle."
                ),
            )

    def _refuse_closed(self, table: Table, *rows: Mapping[str, Any]) -> None:
        """Records dated in a closed month are frozen: no new ones, no amendments, no voids."""
        column = DATED_COLUMNS.get(table.name)
        if column is None or self.closed_months_open:
            return
        if self._closed is None:
            self._closed = {r[0] for r in sql.execute(self.conn, "SELECT month FROM month_close WHERE voided = 0")}
            cutoff = sql.scalar(
                self.conn, "SELECT value FROM app_setting WHERE key = 'statistic_cutoff_day' AND voided = 0"
            )
            self._cutoff = int(cutoff) if cutoff and str(cutoff).isdigit() and int(cutoff) <= 28 else 0
        for row in rows:
            day = row.get(column)
            if day and statistic_month(str(day), self._cutoff) in self._closed:
                message = (
                    tr(
                        "The safety office closed {month}: its records cannot be entered or changed here. Tell the "
                        "office; it enters a correction in an open month."
                    )
                    if self._at_station()  # the close came with the office's reply (issue 15)
                    else tr("{month} is closed: its records cannot change. Enter a correction for it in an open month.")
                )
                raise ValidationError.single(column, message.format(month=statistic_month(str(day), self._cutoff)))

    def insert(
        self,
        table: Table,
        values: Mapping[str, Any],
        *,
        reason: str | None = None,
        companion: tuple[Table, Mapping[str, Any]] | None = None,
        record_id: int | None = None,
    ) -> Snapshot:
        """Create a record; return its stored row (with ``id``).

        *companion*: a child row made in the same step (``event_format.COMPANIONS``, e.g. the hazard's
        follow-up entry), recorded in this record's event; its parent key is filled in. *record_id*: the id
        to give it (a station mirrors the office's reference rows under the office's ids, issue 15)."""
        self._check(table, "create", reason)
        now = utc_iso(self.clock.now_utc())
        row = self._insert_row(table, values, now, record_id)
        after = event_format.create_snapshot(row)
        if companion is not None:
            after.update(self._companion(table, row["id"], companion, now))
        self.audit.append(
            at_utc=now,
            actor=self.actor,
            action="create",
            entity=table.name,
            entity_id=row["id"],
            entity_uuid=row["uuid"],
            before=None,
            after=after,
            reason=reason or self.note,
            origin=self.origin,
        )
        return row

    def _insert_row(self, table: Table, values: Mapping[str, Any], now: str, record_id: int | None = None) -> Snapshot:
        unknown = set(values) - set(_columns(table))
        if unknown:
            raise TypeError(f"{table.name} has no columns {sorted(unknown)}")
        row: Snapshot = {name: None for name in _columns(table)}
        row.update({k: storage_value(v) for k, v in values.items()})
        row.update(
            uuid=row["uuid"] or str(uuid.uuid4()),
            created_at=now,
            updated_at=now,
            version=1,
            voided=0,
            void_reason=None,
        )
        self._refuse_closed(table, row)
        self._refuse_unserved_workstation(table, row)
        self._refuse_workstation_of_a_station(table, row)
        if record_id is None:
            insert_values = tuple(row[c] for c in _columns(table) if c != "id")
            row["id"] = self.db.execute(_insert_sql(table), insert_values).fetchone()[0]
        else:
            row["id"] = record_id
            names = _columns(table)
            self.db.execute(
                f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                tuple(row[c] for c in names),
            )
        self.lookups.forget(table.name, row["id"])
        self.changes.touch(table.name, row["id"])
        self._written[table.name, row["id"]] = _in_column_order(table, row)
        return row

    def _companion(
        self, parent: Table, parent_id: int, companion: tuple[Table, Mapping[str, Any]], now: str
    ) -> Snapshot:
        """Insert the child row of a step; return its snapshot under its key for the parent's event."""
        child, values = companion
        if event_format.COMPANIONS.get(child.name, ("", ""))[0] != parent.name:
            raise TypeError(f"{child.name} is not recorded with {parent.name}")
        self._check(child, "create", None)
        row = self._insert_row(child, {**values, event_format.COMPANIONS[child.name][1]: parent_id}, now)
        return {event_format.companion_key(child.name): event_format.companion_snapshot(child.name, row)}

    def load(self, table: Table, row_id: int) -> Snapshot:
        """The current row of a record, as stored."""
        found = sql.first_dict(self.db, f"SELECT * FROM {table.name} WHERE id = ?", (row_id,))
        if found is None:
            raise NotFoundError(tr("Record {table} #{id} does not exist.").format(table=table.name, id=row_id))
        return found

    def update(
        self,
        table: Table,
        row_id: int,
        changes: Mapping[str, Any],
        *,
        action: str = "update",
        reason: str | None = None,
        expected_version: int | None = None,
        before: Snapshot | None = None,
        companion: tuple[Table, Mapping[str, Any]] | None = None,
    ) -> Snapshot:
        """Change some fields of a record, bump its version and audit before/after (*companion*: as for
        :meth:`insert`)."""
        self._check(table, str(action), reason)
        before = before if before is not None else self.load(table, row_id)
        self.refuse_tampered(table, before)
        if expected_version is not None and before["version"] != expected_version:
            raise ConflictError(
                tr(
                    "This record was changed by someone else (version {theirs}, you edited {yours}). "
                    "Reload it and enter your change again."
                ).format(theirs=before["version"], yours=expected_version)
            )
        bad = set(changes) & {"id", "uuid", "created_at", "version"}
        if bad:
            raise TypeError(f"managed columns cannot be changed: {sorted(bad)}")
        after = dict(before)
        after.update({k: storage_value(v) for k, v in changes.items()})
        if after == before:
            raise ValidationError.single("", tr("Nothing was changed."))
        self._refuse_transferred(table, before)
        self._take_over(table, before, str(action), reason)
        if after.get("workstation_id") != before.get("workstation_id"):
            self._refuse_unserved_workstation(table, after)
        date_column = DATED_COLUMNS.get(table.name)
        if action in ("amend", "void") or (date_column and after.get(date_column) != before.get(date_column)):
            self._refuse_closed(table, before, after)
        after["version"] = before["version"] + 1
        after["updated_at"] = utc_iso(self.clock.now_utc())
        changed = [k for k in after if after[k] != before[k]]
        assignments = ", ".join(f"{k} = ?" for k in changed)
        self.db.execute(f"UPDATE {table.name} SET {assignments} WHERE id = ?", (*(after[k] for k in changed), row_id))
        self.lookups.forget(table.name, row_id)
        self.changes.touch(table.name, row_id)
        self._written[table.name, row_id] = _in_column_order(table, after)
        # The event keeps the changed columns only (old and new values): a hazard row is ~1 KB and is
        # updated about five times in its loop, so full snapshots made the 10-year group database 7 GB.
        # The full row of any version is the create event's snapshot with the later changes applied.
        old, new = event_format.change_snapshots(before, after, changed)
        if companion is not None:
            new.update(self._companion(table, row_id, companion, after["updated_at"]))
        self.audit.append(
            at_utc=after["updated_at"],
            actor=self.actor,
            action=action,
            entity=table.name,
            entity_id=row_id,
            entity_uuid=before["uuid"],
            before=old,
            after=new,
            reason=reason or self.note,
            origin=self.origin,
        )
        return after

    def refuse_tampered(self, table: Table, stored: Snapshot) -> None:
        """Refuse to change a record whose stored row is not what its audit events say.

        The change event records the stored values as ``before``; if they were forged in the file (the
        sqlite3 shell), writing on would make the forgery look like history. One indexed read of the
        record's few events per change.
        """
        written = self._written.get((table.name, stored["id"]))
        if written is not None and written == _in_column_order(table, stored):
            return
        columns = unrecorded_columns(replay(self.conn, table.name, stored["id"]), stored)
        if columns:
            raise TamperedRecordError(
                tr(
                    "{record} was changed outside SafetyWatch ({columns} differ from its audit trail), so it "
                    "cannot be changed here. Nothing was saved. Verify the database, then restore a verified backup "
                    "or keep the file as evidence."
                ).format(record=record_label(table.name, stored), columns=", ".join(columns[:5])),
                table=table.name,
                record_id=int(stored["id"]),
                columns=columns,
            )

    def void(self, table: Table, row_id: int, reason: str, *, extra: Mapping[str, Any] | None = None) -> Snapshot:
        """Mark a record void with a reason (records are never deleted)."""
        changes: dict[str, Any] = {"voided": 1, "void_reason": reason, **(extra or {})}
        return self.update(table, row_id, changes, action="void", reason=reason)
