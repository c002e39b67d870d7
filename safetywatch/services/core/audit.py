"""The audit chain: append events in the writer's transaction, read history, recompute and verify.

A create event stores the full new row as canonical JSON; a later change stores the changed columns
only, old values in ``before`` and new ones in ``after``; and ``hash = SHA-256(prev_hash || canonical
event)``. Replaying a record's events gives every version of it in full (:func:`versions`). ``verify``
recomputes the chain and checks that every record's current row equals the replay of its events
(:func:`check_chain`, :func:`check_records`; ``maintenance.integrity.verify`` adds the rest), so a value
edited behind the program's back (the sqlite3 shell, a hex editor) is found and named. Whoever can
write the file can also recompute the chain; the chain head printed on reports and manifests is the outside
anchor against that.
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
from safetywatch.services.core.sql import handle

GENESIS_HASH = "0" * 64

Snapshot = dict[str, Any]


def canonical_json(value: Any) -> str:
    """One byte-exact JSON form per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


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

    def computed_hash(self) -> str:
        return event_hash(
            self.prev_hash,
            {
                "seq": self.seq,
                "at_utc": self.at_utc,
                "actor": self.actor,
                "action": self.action,
                "entity": self.entity,
                "entity_id": self.entity_id,
                "entity_uuid": self.entity_uuid,
                "before": self.before,
                "after": self.after,
                "reason": self.reason,
            },
        )


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


_EVENT_COLUMNS = "seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after, reason, prev_hash, hash"
_INSERT_EVENT = f"INSERT INTO audit_event ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


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
    ) -> int:
        seq, prev_hash = self.head()
        seq += 1
        fields = {
            "seq": seq,
            "at_utc": at_utc,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "entity_uuid": entity_uuid,
            "before": None if before is None else canonical_json(before),
            "after": None if after is None else canonical_json(after),
            "reason": reason,
        }
        digest = event_hash(prev_hash, fields)
        handle(self._conn).execute(_INSERT_EVENT, (*fields.values(), prev_hash, digest))
        self._head = (seq, digest)
        return seq


def chain_head(conn: Connection) -> tuple[int, str]:
    """The newest event's (seq, hash): the anchor printed on reports and written to manifests."""
    row = conn.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def history(conn: Connection, entity: str, entity_id: int) -> list[AuditEventRow]:
    """Every event of one record, oldest first: its full version history with who, when and why."""
    rows = conn.execute(
        text(f"SELECT {_EVENT_COLUMNS} FROM audit_event WHERE entity = :e AND entity_id = :i ORDER BY seq"),
        {"e": entity, "i": entity_id},
    )
    return [AuditEventRow(*row) for row in rows]


def versions(events: list[AuditEventRow]) -> list[Snapshot]:
    """The full row after each event of one record (from :func:`history`), oldest first."""
    states: list[Snapshot] = []
    for event in events:
        change = json.loads(event.after) if event.after else {}
        states.append(change if event.before is None or not states else {**states[-1], **change})
    return states


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

    One pass on the raw cursor: an event that checks out costs one JSON encoding and one SHA-256, no
    object and no message (those are made only for an event that is wrong)."""
    total = handle(conn).execute("SELECT count(*) FROM audit_event WHERE seq > ?", (after[0],)).fetchone()[0]
    prev_hash, expected_seq, checked = after[1], after[0] + 1, 0
    result = handle(conn).execute(f"SELECT {_EVENT_COLUMNS} FROM audit_event WHERE seq > ? ORDER BY seq", (after[0],))
    encode, sha256 = _HASHED_FIELDS_JSON, hashlib.sha256
    for raw in result:
        seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after_, reason, linked, digest = raw
        checked += 1
        # the keys in sorted order, as canonical_json writes them
        content = encode(
            {
                "action": action,
                "actor": actor,
                "after": after_,
                "at_utc": at_utc,
                "before": before,
                "entity": entity,
                "entity_id": entity_id,
                "entity_uuid": entity_uuid,
                "reason": reason,
                "seq": seq,
            }
        )
        intact = sha256((linked + content).encode("utf-8")).hexdigest() == digest
        if seq != expected_seq or linked != prev_hash or not intact:
            _chain_problems(problems, AuditEventRow(*raw), expected_seq, prev_hash, intact)
        if len(problems) >= max_problems:
            result.close()
            break
        prev_hash, expected_seq = digest, seq + 1
        if checked % 50_000 == 0:
            progress("chain", checked, total)
    progress("chain", checked, total)
    return checked, chain_head(conn)


#: canonical_json for a dict whose keys are already sorted and whose values are scalars (made once: a
#: json.dumps with options builds a new encoder on every call)
_HASHED_FIELDS_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _chain_problems(
    problems: list[Problem], event: AuditEventRow, expected_seq: int, prev_hash: str, intact: bool
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
    if event.prev_hash != prev_hash:
        problems.append(Problem("chain", tr("{where}: does not link to the event before it.").format(where=where)))
    if not intact:
        changed = tr("{where}: its content was changed after it was written.")
        problems.append(Problem("chain", changed.format(where=where)))


def _replayed(
    conn: Connection, table: str, problems: list[Problem]
) -> Iterator[tuple[int, int, Snapshot | None]]:
    """(record id, last seq, full row as its events say) for every record of *table* with events, by id.

    Each change event's ``before`` must equal the state replayed so far: a value forged in the file and
    then carried into a later change would otherwise be adopted as history by that change's ``before``.
    """
    rows = handle(conn).execute(
        "SELECT entity_id, seq, action, before, after FROM audit_event WHERE entity = ? ORDER BY entity_id, seq",
        (table,),
    )
    current_id: int | None = None
    state: Snapshot | None = None
    last_seq = 0
    for entity_id, seq, action, before, after in rows:
        if not isinstance(entity_id, int):  # sorts after every number: nothing to replay it into
            message = tr("Audit event #{seq} ({table}) names no record: its record id {id!r} is not a number.")
            problems.append(Problem("chain", message.format(seq=seq, table=table, id=entity_id)))
            continue
        if entity_id != current_id:
            if current_id is not None:
                yield current_id, last_seq, state
            current_id, state = entity_id, None
        change = json.loads(after) if after else None
        if before is None or state is None:  # a create event: the full row
            state = change
        else:
            forged = _unrecorded_before(state, json.loads(before))
            if forged:
                problems.append(Problem("record", _laundered(table, entity_id, seq, action, forged)))
            if change is not None:
                state = {**state, **change}
        last_seq = seq
    if current_id is not None:
        yield current_id, last_seq, state


def _unrecorded_before(state: Snapshot, before: Snapshot) -> dict[str, tuple[Any, Any]]:
    """Columns whose ``before`` in a change event is not the value the earlier events left: (recorded,
    claimed). A column absent from older events (added by a later migration) counts as NULL."""
    return {k: (state.get(k), v) for k, v in before.items() if state.get(k) != v}


def _laundered(table: str, record_id: int, seq: int, action: str, forged: Mapping[str, tuple[Any, Any]]) -> str:
    details = ", ".join(f"{k}: {recorded!r} → {claimed!r}" for k, (recorded, claimed) in sorted(forged.items())[:5])
    return tr(
        "{table} #{id}: audit event #{seq} ({action}) started from values its earlier events never recorded "
        "({details}). The record was changed outside SafetyWatch before that change."
    ).format(table=table, id=record_id, seq=seq, action=action, details=details)


def replay(conn: Connection, entity: str, entity_id: int) -> Snapshot | None:
    """The full row of one record as its events say (``None``: no events, or none with content)."""
    rows = handle(conn).execute(
        "SELECT before, after FROM audit_event WHERE entity = ? AND entity_id = ? ORDER BY seq", (entity, entity_id)
    )
    state: Snapshot | None = None
    for before, after in rows:
        change = json.loads(after) if after else None
        if before is None or state is None:
            state = change
        elif change is not None:
            state.update(change)
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
