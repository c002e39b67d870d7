"""The audit chain: append events in the writer's transaction, read history, recompute and verify.

A create event stores the new row as canonical JSON; a later change stores the changed columns only, old
values in ``before`` and new ones in ``after``; each event's hash covers the previous event's hash and its
own content. What a snapshot may leave out and how the hash is taken is the event's format
(``event_format``: format 1 before issue 14, format 2 since). Replaying a record's events gives every
version of it in full (:func:`versions`). ``verify`` recomputes the chain and checks that every record's
current row equals the replay of its events (:func:`check_chain`, :func:`check_records`;
``maintenance.integrity.verify`` adds the rest), so a value edited behind the program's back (the sqlite3
shell, a hex editor) is found and named. Whoever can write the file can also recompute the chain; the chain
head printed on reports and manifests is the outside anchor against that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from safetywatch.db.models import AUDITED_TABLES
from safetywatch.domain.i18n import tr
from safetywatch.services.core import event_format as fmt
from safetywatch.services.core.event_format import COMPANIONS, CURRENT, GENESIS_HASH, Snapshot, canonical_json
from safetywatch.services.core.sql import handle, is_server, table_columns

__all__ = ["GENESIS_HASH", "Snapshot", "canonical_json"]


@dataclass(frozen=True)
class AuditEventRow:
    seq: int
    at_utc: str
    actor: str
    action: str
    entity: str
    entity_id: int
    entity_uuid: str
    before: str | None
    after: str | None
    reason: str | None
    prev_hash: str
    hash: str
    format: int = 1
    origin: str | None = None

    def computed_hash(self, prev_hash: str | None = None) -> str:
        """The hash this event should have; *prev_hash*: the previous event's (format 2 does not store it)."""
        return fmt.digest(
            self.prev_hash if prev_hash is None else prev_hash,
            fmt.hashed_text(
                self.format,
                self.seq,
                self.at_utc,
                self.actor,
                self.action,
                self.entity,
                self.entity_id,
                self.entity_uuid,
                self.before,
                self.after,
                self.reason,
                self.origin,
            ),
        )


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash of a format-1 event (*fields*: its columns without the hashes)."""
    return fmt.digest(prev_hash, canonical_json(dict(fields)))


_EVENT_COLUMNS = (
    "seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after, reason, prev_hash, hash, format, origin"
)
_INSERT_EVENT = f"INSERT INTO audit_event ({_EVENT_COLUMNS}) VALUES ({', '.join('?' * 14)})"


class AuditLog:
    """Appends events inside one write transaction; remembers the chain head between appends."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._head: tuple[int, str] | None = None

    def head(self) -> tuple[int, str]:
        if self._head is None:
            self._head = chain_head(self._conn)
        return self._head

    def append(
        self,
        *,
        at_utc: str,
        actor: str,
        action: str,
        entity: str,
        entity_id: int,
        entity_uuid: str,
        before: Snapshot | None,
        after: Snapshot | None,
        reason: str | None,
        origin: str | None = None,
    ) -> int:
        """Append one event in the current format (the Writer makes its snapshots: ``event_format``).
        *origin*: the other PC's event this change applies (issue 15), else ``None``."""
        seq, prev_hash = self.head()
        seq += 1
        before_text = None if before is None else canonical_json(before)
        after_text = None if after is None else canonical_json(after)
        text_ = fmt.hashed_text(
            CURRENT, seq, at_utc, actor, action, entity, entity_id, entity_uuid, before_text, after_text, reason, origin
        )
        digest = fmt.digest(prev_hash, text_)
        handle(self._conn).execute(
            _INSERT_EVENT,
            (
                seq,
                at_utc,
                actor,
                action,
                entity,
                entity_id,
                entity_uuid,
                before_text,
                after_text,
                reason,
                "",
                digest,
                CURRENT,
                origin,
            ),
        )
        self._head = (seq, digest)
        return seq


def chain_head(conn: Connection) -> tuple[int, str]:
    """The newest event's (seq, hash): the anchor printed on reports and written to manifests."""
    row = conn.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def history(conn: Connection, entity: str, entity_id: int) -> list[AuditEventRow]:
    """Every event of one record, oldest first: its full version history with who, when and why. For a
    child row recorded in its parent's event (``event_format.COMPANIONS``) that event comes first."""
    rows = conn.execute(
        text(f"SELECT {_EVENT_COLUMNS} FROM audit_event WHERE entity = :e AND entity_id = :i ORDER BY seq"),
        {"e": entity, "i": entity_id},
    )
    own = [AuditEventRow(*row) for row in rows]
    found = _companion_event(conn, entity, entity_id)
    return own if found is None else [found[0], *own]


def versions(events: list[AuditEventRow], entity: str | None = None) -> list[Snapshot]:
    """The full row after each event of one record (from :func:`history`), oldest first. *entity*: the
    record's table (events of another table are its parent's, holding its creation)."""
    states: list[Snapshot] = []
    for event in events:
        entity = entity or event.entity
        state = states[-1] if states else None
        try:
            state, _ = _applied(
                state,
                entity,
                event.entity,
                event.format,
                event.entity_id,
                event.entity_uuid,
                event.action,
                event.at_utc,
                event.before,
                event.after,
            )
        except (ValueError, TypeError, AttributeError):  # unreadable content (verify names it)
            state = None
        states.append(state or {})
    return states


def _applied(
    state: Snapshot | None,
    entity: str,
    event_entity: str,
    format_: int,
    entity_id: Any,
    entity_uuid: Any,
    action: Any,
    at_utc: Any,
    before: str | None,
    after: str | None,
) -> tuple[Snapshot | None, dict[str, tuple[Any, Any]]]:
    """*state* after one event of the record of table *entity* (the event may be its parent's)."""
    change = json.loads(after) if after else None
    if event_entity != entity:  # the parent's event: the child's creation rides in it
        for child, snapshot in fmt.companions(format_, change):
            if child == entity:
                return fmt.companion_row(child, entity_id, at_utc, snapshot), {}
        return state, {}
    if before is None or state is None:  # a create event: the full row
        return fmt.created(format_, entity, entity_id, entity_uuid, at_utc, change), {}
    return fmt.changed(format_, state, at_utc, json.loads(before), change)


def _companion_event(conn: Connection, child: str, child_id: int) -> tuple[AuditEventRow, Snapshot] | None:
    """The parent event that recorded the creation of child row *child_id*, and the row it recorded.

    Found through the stored row's parent key: if that was forged, nothing is found and the row counts as
    unrecorded."""
    if child not in COMPANIONS:
        return None
    parent, key = COMPANIONS[child]
    parent_id = handle(conn).execute(f"SELECT {key} FROM {child} WHERE id = ?", (child_id,)).fetchone()
    if parent_id is None:
        return None
    rows = handle(conn).execute(
        f"SELECT {_EVENT_COLUMNS} FROM audit_event WHERE entity = ? AND entity_id = ? AND format = 2 "
        "AND instr(after, ?) > 0 ORDER BY seq",
        (parent, parent_id[0], f'"{fmt.companion_key(child)}"'),
    )
    for raw in rows:
        event = AuditEventRow(*raw)
        try:
            recorded = fmt.companions(event.format, json.loads(event.after or "null"))
        except ValueError:  # unreadable: verify names it
            continue
        for name, snapshot in recorded:
            if name == child and snapshot.get("id") == child_id:
                return event, fmt.companion_row(child, event.entity_id, event.at_utc, snapshot)
    return None


# --- verification -----------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Problem:
    """One finding of ``verify``: what is wrong and where."""

    kind: str  # integrity | chain | record | schema
    message: str


@dataclass
class VerifyReport:
    problems: list[Problem]
    events_checked: int
    records_checked: int
    head: tuple[int, str]

    @property
    def ok(self) -> bool:
        return not self.problems


def no_progress(_stage: str, _done: int, _total: int) -> None:
    pass


def check_chain(
    conn: Connection,
    problems: list[Problem],
    progress: Progress,
    max_problems: int,
    *,
    after: tuple[int, str] = (0, GENESIS_HASH),
) -> tuple[int, tuple[int, str]]:
    """Re-hash the chain after the event *after* (seq, hash; the genesis: all of it), each event linked to
    the one before; return how many were checked and the head.

    One pass on the raw cursor: an event that checks out costs one encoding and one SHA-256, no object and
    no message (those are made only for an event that is wrong). Both formats (``event_format``)."""
    total = handle(conn).execute("SELECT count(*) FROM audit_event WHERE seq > ?", (after[0],)).fetchone()[0]
    prev_hash, expected_seq, checked = after[1], after[0] + 1, 0
    columns = event_columns(conn)
    result = handle(conn).execute(f"SELECT {columns} FROM audit_event WHERE seq > ? ORDER BY seq", (after[0],))
    hashed_text, sha256 = fmt.hashed_text, hashlib.sha256
    for raw in result:
        seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after_, reason, linked, digest, f, o = raw
        checked += 1
        content = hashed_text(f, seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after_, reason, o)
        # format 1 hashes its stored link (a wrong link is named as such); format 2 the previous event's hash
        intact = sha256(((linked if f == 1 else prev_hash) + content).encode("utf-8")).hexdigest() == digest
        # format 1 stores the link; format 2 stores none (the hash covers the previous event's)
        linked_ok = linked == prev_hash if f == 1 else (f == 2 and linked == "")
        if seq != expected_seq or not linked_ok or not intact:
            _chain_problems(problems, AuditEventRow(*raw), expected_seq, prev_hash, intact, linked_ok)
        if len(problems) >= max_problems:
            result.close()
            break
        prev_hash, expected_seq = digest, seq + 1
        if checked % 50_000 == 0:
            progress("chain", checked, total)
    progress("chain", checked, total)
    return checked, chain_head(conn)


def event_columns(conn: Connection, table: str = "audit_event") -> str:
    """:data:`_EVENT_COLUMNS` as *table* of this file can give them: a copy at a schema before migration 0005
    (an old backup) holds format-1 events only, and before 0006 none has an origin."""
    have = set(table_columns(conn, table))
    columns = _EVENT_COLUMNS
    if "format" not in have:
        columns = columns.replace(", format", ", 1")
    if "origin" not in have:
        columns = columns.replace(", origin", ", NULL")
    return columns


def _chain_problems(
    problems: list[Problem], event: AuditEventRow, expected_seq: int, prev_hash: str, intact: bool, linked: bool
) -> None:
    where = tr("audit event #{seq} ({entity} {id}, {action} at {at})").format(
        seq=event.seq, entity=event.entity, id=event.entity_id, action=event.action, at=event.at_utc
    )
    if event.seq != expected_seq:
        problems.append(
            Problem(
                "chain",
                tr("{where}: expected #{expected}; events are missing.").format(where=where, expected=expected_seq),
            )
        )
    if not linked:
        problems.append(Problem("chain", tr("{where}: does not link to the event before it.").format(where=where)))
    if not intact:
        if event.format != 2:
            changed = tr("{where}: its content was changed after it was written.")
        elif event.seq != expected_seq:  # its hash covers the previous event's, which is missing
            changed = tr("{where}: does not link to the event before it.")
        else:
            changed = tr("{where}: its content, or the event before it, was changed after it was written.")
        problems.append(Problem("chain", changed.format(where=where)))


def _replayed(conn: Connection, table: str, problems: list[Problem]) -> Iterator[tuple[int, int, Snapshot | None]]:
    """(record id, last seq, full row as its events say) for every record of *table* with events, by id.

    Each change event's ``before`` must equal the state replayed so far: a value forged in the file and
    then carried into a later change would otherwise be adopted as history by that change's ``before``.
    A child row recorded in its parent's event (``event_format.COMPANIONS``) starts from that.
    """
    rows = handle(conn).execute(
        "SELECT entity_id, seq, format, action, at_utc, entity_uuid, before, after FROM audit_event "
        "WHERE entity = ? ORDER BY entity_id, seq",
        (table,),
    )
    seeds = _companion_rows(conn, table, problems)
    seed = next(seeds, None)
    current_id: int | None = None
    state: Snapshot | None = None
    last_seq = 0
    loads, created, changed = json.loads, fmt.created, fmt.changed
    for entity_id, seq, format_, action, at_utc, entity_uuid, before, after in rows:
        if not isinstance(entity_id, int):  # sorts after every number: nothing to replay it into
            message = tr("Audit event #{seq} ({table}) names no record: its record id {id!r} is not a number.")
            problems.append(Problem("chain", message.format(seq=seq, table=table, id=entity_id)))
            continue
        if entity_id != current_id:
            if current_id is not None:
                yield current_id, last_seq, state
            while seed is not None and seed[0] < entity_id:
                yield seed
                seed = next(seeds, None)
            current_id, state, last_seq = entity_id, None, 0
            if seed is not None and seed[0] == entity_id:
                _, last_seq, state = seed
                seed = next(seeds, None)
        try:
            change = loads(after) if after else None
            if before is None or state is None:  # a create event: the full row
                state = created(format_, table, entity_id, entity_uuid, at_utc, change)
            else:
                state, forged = changed(format_, state, at_utc, loads(before), change)
                if forged:
                    problems.append(Problem("record", _laundered(table, entity_id, seq, action, forged)))
        except (ValueError, TypeError, AttributeError):  # not the JSON objects the program writes
            problems.append(Problem("chain", _unreadable(table, entity_id, seq)))
            state = None
        last_seq = seq
    if current_id is not None:
        yield current_id, last_seq, state
    while seed is not None:
        yield seed
        seed = next(seeds, None)


def _companion_rows(conn: Connection, child: str, problems: list[Problem]) -> Iterator[tuple[int, int, Snapshot]]:
    """(child id, seq, full row) of every *child* row recorded in its parent's events, by id (SQLite sorts
    them: a group's ten years hold more than a million)."""
    if child not in COMPANIONS:
        return
    parent, _ = COMPANIONS[child]
    key = fmt.companion_key(child)
    if is_server(conn):  # the id as a number where it is one, like SQLite's json_extract
        member = f"(after::json -> '{key}' ->> 'id')"
        child_id = f"CASE WHEN {member} ~ '^-?[0-9]{{1,18}}$' THEN CAST({member} AS bigint) END"
    else:
        child_id = f"json_extract(after, '$.\"{key}\".id')"
    statement = (
        f"SELECT CASE WHEN json_valid(after) THEN {child_id} END AS child_id, "
        "seq, entity_id, at_utc, after FROM audit_event WHERE entity = ? AND format = 2 AND instr(after, ?) > 0 "
        "ORDER BY child_id, seq"
    )
    # (on a server json_valid is PARALLEL UNSAFE, migration 0011: this statement is planned serial)
    rows = handle(conn).execute(statement, (parent, f'"{key}"'))
    last: int | None = None
    for child_id, seq, parent_id, at_utc, after in rows:
        if not isinstance(child_id, int):
            continue
        if child_id == last:
            message = tr("Audit event #{seq} records {table} #{id} again: a record is created once.")
            problems.append(Problem("chain", message.format(seq=seq, table=child, id=child_id)))
            continue
        last = child_id
        snapshot = json.loads(after)[key]
        if not isinstance(snapshot, dict):
            problems.append(Problem("chain", _unreadable(child, child_id, seq)))
            continue
        yield child_id, seq, fmt.companion_row(child, parent_id, at_utc, snapshot)


def _unreadable(table: str, record_id: object, seq: int) -> str:
    return tr(
        "Audit event #{seq} ({table} #{id}) holds content SafetyWatch never writes: it was changed outside SafetyWatch."
    ).format(seq=seq, table=table, id=record_id)


def _laundered(table: str, record_id: int, seq: int, action: str, forged: Mapping[str, tuple[Any, Any]]) -> str:
    details = ", ".join(f"{k}: {recorded!r} → {claimed!r}" for k, (recorded, claimed) in sorted(forged.items())[:5])
    return tr(
        "{table} #{id}: audit event #{seq} ({action}) started from values its earlier events never recorded "
        "({details}). The record was changed outside SafetyWatch before that change."
    ).format(table=table, id=record_id, seq=seq, action=action, details=details)


def replay(conn: Connection, entity: str, entity_id: int) -> Snapshot | None:
    """The full row of one record as its events say (``None``: no events, or none with content)."""
    rows = handle(conn).execute(
        "SELECT format, action, at_utc, entity_uuid, before, after FROM audit_event "
        "WHERE entity = ? AND entity_id = ? ORDER BY seq",
        (entity, entity_id),
    )
    found = _companion_event(conn, entity, entity_id)
    state: Snapshot | None = None if found is None else found[1]
    for format_, action, at_utc, entity_uuid, before, after in rows:
        try:
            state, _ = _applied(state, entity, entity, format_, entity_id, entity_uuid, action, at_utc, before, after)
        except (ValueError, TypeError, AttributeError):  # unreadable content: nothing the record can rest on
            return None
    return state


def unrecorded_columns(recorded: Snapshot | None, current: Snapshot) -> list[str]:
    """The columns of the stored row *current* that its events do not account for (all, if no events)."""
    if recorded is None:
        return sorted(current)
    return sorted(k for k in set(recorded) | set(current) if k not in current or recorded.get(k) != current[k])


def check_records(conn: Connection, problems: list[Problem], progress: Progress, max_problems: int) -> int:
    checked = 0
    for table in AUDITED_TABLES:
        name = table.name
        total = conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar_one()
        replayed = _replayed(conn, name, problems)
        pending = next(replayed, None)

        def gone(record_id: int, table: str = name) -> Problem:
            message = tr("{table} #{id} has audit events but the record is gone.")
            return Problem("record", message.format(table=table, id=record_id))

        done = 0
        rows = handle(conn).execute(f"SELECT * FROM {name} ORDER BY id")
        columns = [d[0] for d in rows.description]
        for row in rows:
            current = dict(zip(columns, row, strict=True))
            rid = current["id"]
            while pending is not None and pending[0] < rid:
                problems.append(gone(pending[0]))
                pending = next(replayed, None)
            if pending is None or pending[0] != rid:
                problems.append(
                    Problem(
                        "record",
                        tr("{label} has no audit event: it was added outside SafetyWatch.").format(
                            label=record_label(name, current)
                        ),
                    )
                )
            else:
                # equal dicts: the usual case, decided without naming a column
                if pending[2] != current and unrecorded_columns(pending[2], current):
                    label = record_label(name, current)
                    problems.append(Problem("record", _difference(label, pending[1], pending[2], current)))
                pending = next(replayed, None)
            done += 1
            checked += 1
            if len(problems) >= max_problems:
                return checked
            if done % 50_000 == 0:
                progress(name, done, total)
        while pending is not None:
            problems.append(gone(pending[0]))
            pending = next(replayed, None)
        progress(name, done, total)
    return checked


def record_label(table: str, row: Mapping[str, Any]) -> str:
    """``hazard #17 (JK01-2026-00017)``: the table, the id and the number or code a person knows it by."""
    human = row.get("number") or row.get("code") or row.get("employee_no") or row.get("key")
    return f"{table} #{row['id']}" + (f" ({human})" if human else "")


def _difference(label: str, seq: int, recorded: Snapshot | None, current: Snapshot) -> str:
    if recorded is None:
        return tr("{label}: its last audit event #{seq} records no content.").format(label=label, seq=seq)
    changed = unrecorded_columns(recorded, current)
    details = ", ".join(f"{k}: {recorded.get(k)!r} → {current.get(k)!r}" for k in changed[:5])
    return tr(
        "{label} differs from its last audit event #{seq}: {details}. It was changed outside SafetyWatch."
    ).format(label=label, seq=seq, details=details)


# --- chain only, and outside anchors (backups, printed reports) ---------------------------------------


def verify_chain(conn: Connection, progress: Progress = no_progress, *, max_problems: int = 20) -> VerifyReport:
    """Check the audit chain alone (links, gaps, edited events): for a copy at an older schema, where the
    records cannot be compared with this program's tables."""
    problems: list[Problem] = []
    events, head = check_chain(conn, problems, progress, max_problems)
    return VerifyReport(problems, events, 0, head)


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded outside the database (a backup manifest, a printed monthly report)."""

    seq: int
    hash: str
    source: str  # where it was recorded, for the message


def verify_anchors(conn: Connection, anchors: list[Anchor]) -> list[Problem]:
    """Whoever can write the file can recompute the whole chain; an anchor recorded earlier cannot be.
    Each anchor's event must still exist with the same hash."""
    problems: list[Problem] = []
    last = chain_head(conn)[0]
    for anchor in sorted(anchors, key=lambda a: a.seq):
        if anchor.seq == 0:
            continue
        if anchor.seq > last:
            problems.append(
                Problem(
                    "anchor",
                    tr(
                        "The audit chain ends at event #{last}, but {source} recorded event #{seq}: "
                        "events were removed."
                    ).format(last=last, source=anchor.source, seq=anchor.seq),
                )
            )
            break
        row = handle(conn).execute("SELECT hash FROM audit_event WHERE seq = ?", (anchor.seq,)).fetchone()
        if row is None or row[0] != anchor.hash:
            problems.append(
                Problem(
                    "anchor",
                    tr(
                        "Audit event #{seq} differs from the chain head recorded by {source}: "
                        "the audit chain was rewritten after that."
                    ).format(seq=anchor.seq, source=anchor.source),
                )
            )
            break
    return problems
