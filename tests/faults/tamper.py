"""What a hostile user with the sqlite3 shell and this program's source does to a ledger file.

Every function works on a plain ``sqlite3`` connection (:func:`unprotected`: the protective triggers
dropped, put back afterwards) and leaves a file whose chain is consistent in itself and whose records
replay from their events: the program's own ``event_hash`` recomputes the chain, and rows are set to
what their events say. Only anchors kept elsewhere and the plausibility checks can tell.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from safetywatch.db.models import AUDITED_TABLES
from safetywatch.services.core.audit import GENESIS_HASH, AuditEventRow, canonical_json, event_hash, replay
from safetywatch.services.core.event_format import CHILDREN, COMPANIONS, companions
from tests.helpers import drop_protective_triggers, raw_sqlite

EVENT_COLUMNS = (
    "seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after, reason, prev_hash, hash, format, origin"
)
_AUDITED = {table.name for table in AUDITED_TABLES}


@contextmanager
def unprotected(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection to *path* with the protective triggers dropped; they are created again afterwards."""
    with raw_sqlite(path) as conn:
        restore = drop_protective_triggers(conn)
        yield conn
        for sql in restore:
            conn.execute(sql)


def _events(conn: sqlite3.Connection, where: str = "1", params: tuple[Any, ...] = ()) -> list[AuditEventRow]:
    rows = conn.execute(f"SELECT {EVENT_COLUMNS} FROM audit_event WHERE {where} ORDER BY seq", params)
    return [AuditEventRow(*row) for row in rows]


def recompute_chain(conn: sqlite3.Connection) -> None:
    """Number the events 1, 2, 3… and link and hash them again, as ``AuditLog.append`` would have (each in
    its own format: format 2 stores no link)."""
    prev = GENESIS_HASH
    for number, event in enumerate(_events(conn), 1):
        link = prev if event.format == 1 else ""
        digest = dataclasses.replace(event, seq=number, prev_hash=link).computed_hash(prev)
        conn.execute(
            "UPDATE audit_event SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?", (number, link, digest, event.seq)
        )
        prev = digest


def _replay_rows(conn: sqlite3.Connection, touched: set[tuple[str, int]]) -> None:
    """Set every touched record to what its remaining events say; remove the ones left without events."""
    for entity, entity_id in sorted(touched):
        if entity not in _AUDITED:
            continue
        state = replay(conn, entity, entity_id)
        if state is None:
            conn.execute(f"DELETE FROM {entity} WHERE id = ?", (entity_id,))
            continue
        assignments = ", ".join(f"{column} = ?" for column in state)
        conn.execute(f"UPDATE {entity} SET {assignments} WHERE id = ?", (*state.values(), entity_id))


def truncate(conn: sqlite3.Connection, keep_through: int) -> None:
    """Delete every event after *keep_through* and put the records they touched back as they were then."""
    touched: set[tuple[str, int]] = set()
    for entity, entity_id, format_, after in conn.execute(
        "SELECT entity, entity_id, format, after FROM audit_event WHERE seq > ?", (keep_through,)
    ):
        touched.add((entity, entity_id))
        for child, snapshot in companions(format_, json.loads(after) if after else None):
            touched.add((child, snapshot["id"]))
    conn.execute("DELETE FROM audit_event WHERE seq > ?", (keep_through,))
    _replay_rows(conn, touched)


def rewrite_event(conn: sqlite3.Connection, seq: int, **changes: Any) -> None:
    """Change one event (fields that do not replay into a row, e.g. ``actor``) and recompute the chain."""
    assignments = ", ".join(f"{column} = ?" for column in changes)
    conn.execute(f"UPDATE audit_event SET {assignments} WHERE seq = ?", (*changes.values(), seq))
    recompute_chain(conn)


def remove_records(conn: sqlite3.Connection, records: list[tuple[str, int]]) -> None:
    """Delete records with all their events, then renumber and rehash the chain: no seq is missing."""
    for table, record_id in records:
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
        conn.execute("DELETE FROM audit_event WHERE entity = ? AND entity_id = ?", (table, record_id))
        for child in CHILDREN.get(table, ()):  # their creation was recorded in the events just removed
            conn.execute(f"DELETE FROM {child} WHERE {COMPANIONS[child][1]} = ?", (record_id,))
    recompute_chain(conn)


def append_record(conn: sqlite3.Connection, table: str, row: dict[str, Any], *, at_utc: str, actor: str) -> int:
    """Insert *row* (all columns but ``id``) and its create event at the end of the chain, as the Writer
    would have written them; return the new record's id."""
    names = [name for name in row if name != "id"]
    cursor = conn.execute(
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        tuple(row[name] for name in names),
    )
    stored = row_of(conn, table, int(cursor.lastrowid or 0))
    last = conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    fields = {
        "seq": last[0] + 1,
        "at_utc": at_utc,
        "actor": actor,
        "action": "create",
        "entity": table,
        "entity_id": stored["id"],
        "entity_uuid": stored["uuid"],
        "before": None,
        "after": canonical_json(stored),
        "reason": None,
    }
    conn.execute(  # a format-1 event: the older program's, which verify still accepts
        f"INSERT INTO audit_event ({EVENT_COLUMNS}) VALUES ({', '.join('?' * 14)})",
        (*fields.values(), last[1], event_hash(last[1], fields), 1, None),
    )
    return int(stored["id"])


def row_of(conn: sqlite3.Connection, table: str, record_id: int) -> dict[str, Any]:
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone())
    finally:
        conn.row_factory = None
