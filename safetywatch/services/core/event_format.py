"""How an audit event is written and read back: its hash, and what its snapshots leave out.

**Format 1** (databases written before issue 14) stores the full new row on a create and every changed
column, ``updated_at`` and ``version`` included, on a change; its hash is SHA-256 over the previous hash
and the canonical JSON of the event's fields, with ``before`` and ``after`` as JSON strings inside that JSON.

**Format 2** stores only what replay cannot restore (the mine-year demo's audit table: 30.8 → 15.8 MB, 833 →
426 bytes per change; docs/performance.md, docs/audit-format.md):

- a create leaves out ``id`` and ``uuid`` (the event's ``entity_id`` and ``entity_uuid``), ``created_at`` and
  ``updated_at`` (the event's ``at_utc``), ``version`` (1), ``voided`` when 0 and every NULL column;
- a change leaves out ``updated_at`` (the event's time) and ``version`` (one more than before); its
  ``before`` leaves out the NULL old values (``after`` names every changed column);
- a record made together with its parent in one step (a hazard's follow-up entry: :data:`COMPANIONS`) has
  no event of its own: its create snapshot rides in the parent's event under ``"+table"``, with its ``id``
  and ``uuid`` kept and its parent key (the event's ``entity_id``) left out;
- ``prev_hash`` is stored empty: the previous event's ``hash`` is the link, and the hash still covers it;
- the hash is SHA-256 over the previous hash, the JSON array of the event's scalar fields, and ``before`` and
  ``after`` appended as they are stored, each with its length (``~`` for none), then ``@`` and the ``origin``
  if the event has one (a change applied from another PC's event, issue 15): no JSON inside JSON to
  escape, and no two stored events hash the same text.

Both formats verify side by side in one chain; the program writes format 2 from migration 0005 on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from safetywatch.db.models import metadata

Snapshot = dict[str, Any]

#: The format this program writes.
CURRENT = 2
GENESIS_HASH = "0" * 64

#: child table → (parent table, the child's column naming the parent): a child row created in the same step
#: as its parent's event is recorded inside that event (one event per hazard loop step).
COMPANIONS: dict[str, tuple[str, str]] = {"hazard_follow_up": ("hazard", "hazard_id")}
#: parent table → its child tables
CHILDREN: dict[str, tuple[str, ...]] = {}
for _child, (_parent, _key) in COMPANIONS.items():
    CHILDREN[_parent] = (*CHILDREN.get(_parent, ()), _child)

_RESTORED = frozenset({"id", "uuid", "created_at", "updated_at", "version"})
_IMPLIED_BY_CHANGE = frozenset({"updated_at", "version"})


def companion_key(child: str) -> str:
    """The key of a child's snapshot in its parent's event (``+`` sorts first and is no column name)."""
    return "+" + child


# --- hashing ---------------------------------------------------------------------------------------------

#: canonical JSON of a dict whose keys are already sorted and whose values are scalars, or of a list (made
#: once: json.dumps with options builds a new encoder on every call)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical_json(value: Any) -> str:
    """One byte-exact JSON form per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hashed_text(
    fmt: int,
    seq: Any,
    at_utc: Any,
    actor: Any,
    action: Any,
    entity: Any,
    entity_id: Any,
    entity_uuid: Any,
    before: Any,
    after: Any,
    reason: Any,
    origin: Any = None,
) -> str:
    """The text an event's hash covers (after the previous hash), in its format. *origin*: where an applied
    change came from (another PC's event; migration 0006), appended when set."""
    if fmt == 2:
        head = _ENCODE([2, seq, at_utc, actor, action, entity, entity_id, entity_uuid, reason])
        text = head + _framed(before) + _framed(after)
        return text if origin is None else f"{text}@{origin}"
    # format 1 (which never had an origin: one set later breaks the hash): the keys in sorted order, as
    # canonical_json writes them
    return ("" if origin is None else f"@{origin}") + _ENCODE(
        {
            "action": action,
            "actor": actor,
            "after": after,
            "at_utc": at_utc,
            "before": before,
            "entity": entity,
            "entity_id": entity_id,
            "entity_uuid": entity_uuid,
            "reason": reason,
            "seq": seq,
        }
    )


def _framed(text: Any) -> str:
    if text is None:
        return "~"
    text = str(text) if not isinstance(text, str) else text
    return f"{len(text)}:{text}"


def digest(prev_hash: str, text: str) -> str:
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


# --- writing: what a format-2 snapshot keeps ---------------------------------------------------------------


def create_snapshot(row: Mapping[str, Any]) -> Snapshot:
    """A new row as a format-2 create event keeps it."""
    return {k: v for k, v in row.items() if v is not None and k not in _RESTORED and not (k == "voided" and v == 0)}


def companion_snapshot(child: str, row: Mapping[str, Any]) -> Snapshot:
    """A child row as its parent's event keeps it: its own id and uuid, not the parent key."""
    parent_key = COMPANIONS[child][1]
    kept = {k: v for k, v in create_snapshot(row).items() if k != parent_key}
    kept.update(id=row["id"], uuid=row["uuid"])
    return kept


def change_snapshots(
    before: Mapping[str, Any], after: Mapping[str, Any], changed: list[str]
) -> tuple[Snapshot, Snapshot]:
    """(before, after) of a format-2 change event for the *changed* columns."""
    columns = [k for k in changed if k not in _IMPLIED_BY_CHANGE]
    return {k: before[k] for k in columns if before[k] is not None}, {k: after[k] for k in columns}


# --- reading: the full row back ------------------------------------------------------------------------


@cache
def _blank(table: str) -> tuple[tuple[str, None], ...]:
    found = metadata.tables.get(table)
    return () if found is None else tuple((column.name, None) for column in found.columns)


def created(
    fmt: int, table: str, entity_id: Any, entity_uuid: Any, at_utc: Any, after: Snapshot | None
) -> Snapshot | None:
    """The full row a create event made."""
    if fmt != 2 or after is None:
        return after
    state: Snapshot = dict(_blank(table))
    state.update(id=entity_id, uuid=entity_uuid, created_at=at_utc, updated_at=at_utc, version=1, voided=0)
    for k, v in after.items():
        if k[0] != "+":
            state[k] = v
    return state


def companion_row(child: str, parent_id: Any, at_utc: Any, snapshot: Snapshot) -> Snapshot:
    """The full child row recorded in its parent's event."""
    state: Snapshot = dict(_blank(child))
    state.update(created_at=at_utc, updated_at=at_utc, version=1, voided=0)
    state[COMPANIONS[child][1]] = parent_id
    state.update(snapshot)
    return state


def changed(
    fmt: int, state: Snapshot, at_utc: Any, before: Snapshot, after: Snapshot | None
) -> tuple[Snapshot, dict[str, tuple[Any, Any]]]:
    """The row after a change event, and the columns whose recorded ``before`` is not the value the earlier
    events left, as (recorded, claimed): a value forged in the file and carried into a later change would
    otherwise be adopted as history by that change. A column absent from older events (added by a later
    migration) counts as NULL."""
    if fmt != 2:
        forged = {k: (state.get(k), v) for k, v in before.items() if state.get(k) != v}
        return ({**state, **after} if after is not None else state), forged
    change = {k: v for k, v in (after or {}).items() if k[0] != "+"}
    forged = {
        k: (state.get(k), before.get(k)) for k in (change.keys() | before.keys()) if state.get(k) != before.get(k)
    }
    new = {**state, **change}
    version = state.get("version")
    new["version"] = version + 1 if isinstance(version, int) else version
    new["updated_at"] = at_utc
    return new, forged


def companions(fmt: int, after: Snapshot | None) -> list[tuple[str, Snapshot]]:
    """(child table, snapshot) of each child row an event recorded."""
    if fmt != 2 or not after:
        return []
    return [(k[1:], v) for k, v in after.items() if k[0] == "+" and isinstance(v, dict)]
