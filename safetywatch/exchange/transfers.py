"""The office taking over a station's record (issue 15): an audited transfer that travels back in the reply.

A station owns what it enters. The office takes a record over when it acts on it — 挂牌督办, 验收 or 销号 taken
at the office, an amendment, a void: the ``Writer`` records the transfer itself in the same transaction — or
explicitly here, with a reason, before anyone acts (:func:`take_over`). From then on the record is the office's:
the transfer goes to the station in its next reply, where the record becomes read-only, and a change the station
made before it read that reply is held at the office as ``transferred`` for a person to resolve.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from safetywatch.db import models as m
from safetywatch.domain.errors import ValidationError
from safetywatch.domain.i18n import tr
from safetywatch.domain.permissions import Permission
from safetywatch.domain.record_labels import transfer_reason
from safetywatch.domain.validation import reason_problem
from safetywatch.exchange.foreign_events import STATION_TABLES
from safetywatch.exchange.stations import OFFICE, identity
from safetywatch.services.core import sql
from safetywatch.services.core.ledger import Ledger

#: The records a person names by their number (the others by their uuid).
_NUMBERED = ("hazard", "violation")


def find_station_record(conn: Connection, record: str, entity: str | None = None) -> tuple[str, dict[str, Any]]:
    """(table, row) of the record numbered or with the uuid *record* (in *entity*, or any station table)."""
    text = record.strip()
    tables = [entity] if entity else sorted(STATION_TABLES)
    for table in tables:
        if table not in STATION_TABLES:
            raise ValidationError.single("entity", tr("{table} is not a record a station enters.").format(table=table))
        if table in _NUMBERED:
            row = sql.first_dict(conn, f"SELECT * FROM {table} WHERE uuid = ? OR number = ?", (text, text))
        else:
            row = sql.first_dict(conn, f"SELECT * FROM {table} WHERE uuid = ?", (text,))
        if row is not None:
            return table, row
    raise ValidationError.single("record", tr("No station record has the number or uuid {record}.").format(record=text))


def transfer_of(conn: Connection, uuid: str) -> dict[str, Any] | None:
    """The live transfer of the record *uuid* to the office, if the office took it over."""
    return sql.first_dict(conn, "SELECT * FROM record_transfer WHERE entity_uuid = ? AND voided = 0", (uuid,))


def take_over(ledger: Ledger, entity: str | None, record: str, reason: str) -> dict[str, Any]:
    """At the office: take over the station's record *record* (a number or uuid, in *entity* or any station
    table) with *reason*; return the ``record_transfer`` row. Only a record a station created, and only once."""
    ledger.require(Permission.IMPORT)
    problem = reason_problem(reason)
    if problem:
        raise ValidationError.single("reason", problem)
    with ledger.write() as w:
        if identity(w.conn).role != OFFICE:
            raise ValidationError.single("", tr("This database is not the office: only the office takes records over."))
        table, row = find_station_record(w.conn, record, entity)
        station_id = sql.scalar(
            w.conn, "SELECT station_id FROM station_event WHERE entity_uuid = ? LIMIT 1", (row["uuid"],)
        )
        if station_id is None:
            message = tr("{record} was entered at the office, not at a station: it is the office's already.")
            raise ValidationError.single("record", message.format(record=row.get("number") or row["uuid"]))
        existing = transfer_of(w.conn, str(row["uuid"]))
        if existing is not None:
            raise ValidationError.single(
                "record",
                tr("The office took {record} over already on {date} ({reason}).").format(
                    record=row.get("number") or row["uuid"], date=str(existing["created_at"])[:10],
                    reason=transfer_reason(str(existing["reason"])),
                ),
            )  # fmt: skip
        return w.insert(
            m.RECORD_TRANSFER,
            {
                "entity": table,
                "entity_uuid": row["uuid"],
                "station_id": int(station_id),
                "reason": reason.strip(),
                "transferred_by": w.actor,
            },
            reason=reason.strip(),
        )
