"""The floor for ``safetywatch verify``: the same checks, the minimal way, in plain sqlite3 + hashlib + json.

    python tests/benchmarks/verify_floor.py DB TABLE [TABLE ...]

(*TABLE*: the audited tables, in the order verify checks them; ``bench_verify`` passes them.) It imports
nothing of SafetyWatch, builds no message and stops at nothing: ``PRAGMA integrity_check``; the chain
re-hashed (SHA-256 over the previous hash and the event's content, in its format: format 1's canonical JSON,
format 2's scalar array and framed snapshots) with its links and gaps; every record's events replayed (each
change's ``before`` against the state so far; a follow-up entry from its hazard's event) and compared with
its row; the ``duty`` rows and the ``duty_month`` rollup against the valid sheets' marks, in SQL. Prints the
number of findings (0 on an intact file).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from collections.abc import Iterator
from typing import Any

ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

# Each valid sheet's duty rows, written back as canonical marks, give its marks text byte for byte; the rollup
# is the rows' sums (rows whose sums are zero need no rollup row).
DUTY = """
SELECT (SELECT count(*) FROM duty_sheet s WHERE s.voided = 0 AND s.marks IS NOT (
    SELECT '[' || coalesce(group_concat(m, ','), '') || ']' FROM (
        SELECT '{' || rtrim(
            iif(n_hazards, '"hazards":' || n_hazards || ',', '') || '"inspector_id":' || inspector_id || ','
            || iif(no_problem, '"no_problem":1,', '') || iif(place IS NULL, '', '"place":' || json_quote(place) || ',')
            || iif(reported, '"reported":1,', '') || iif(status = 'on', '', '"status":' || json_quote(status) || ',')
            || iif(n_suggestions, '"suggestions":' || n_suggestions || ',', '')
            || iif(summary IS NULL, '', '"summary":' || json_quote(summary) || ',')
            || iif(time_in IS NULL, '', '"time_in":' || json_quote(time_in) || ',')
            || iif(time_out IS NULL, '', '"time_out":' || json_quote(time_out) || ',')
            || iif(n_violations, '"violations":' || n_violations || ',', ''), ',') || '}' AS m
        FROM duty d WHERE d.sheet_id = s.id ORDER BY inspector_id)))
    + (SELECT count(*) FROM duty d LEFT JOIN duty_sheet s ON s.id = d.sheet_id AND s.voided = 0 WHERE s.id IS NULL)
    + (SELECT count(*) FROM (
        SELECT inspector_id, substr(shift_date, 1, 7), sum(on_duty), sum(exempt), sum(status = 'absent'),
            sum(reported), sum(reported AND NOT no_problem) FROM duty GROUP BY 1, 2
        EXCEPT SELECT inspector_id, month, on_shifts, exempt_shifts, absent_shifts, reported_shifts,
            substantive_reports FROM duty_month))
"""


def _frame(text: str | None) -> str:
    return "~" if text is None else f"{len(text)}:{text}"


def _seeds(db: sqlite3.Connection, table: str, blank: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Follow-up entries recorded in their hazard's format-2 events, by id."""
    if table != "hazard_follow_up" or not any(c[1] == "format" for c in db.execute("PRAGMA table_info(audit_event)")):
        return
    for cid, eid, at, after in db.execute(
        "SELECT json_extract(after, '$.\"+hazard_follow_up\".id') AS cid, entity_id, at_utc, after FROM audit_event "
        "WHERE entity = 'hazard' AND format = 2 AND instr(after, '\"+hazard_follow_up\"') > 0 ORDER BY cid, seq"
    ):
        state = {**blank, "created_at": at, "updated_at": at, "version": 1, "voided": 0, "hazard_id": eid}
        state.update(json.loads(after)["+hazard_follow_up"])
        yield cid, state


def _replayed(
    db: sqlite3.Connection, table: str, blank: dict[str, Any], laundered: list[int]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(id, state) per record by id; *laundered* counts the changes whose ``before`` is not the state so far."""
    loads, current, state = json.loads, None, None
    seeds = _seeds(db, table, blank)
    seed = next(seeds, None)
    fmt = "format" if any(c[1] == "format" for c in db.execute("PRAGMA table_info(audit_event)")) else "1"
    for eid, f, at, uuid, before, after in db.execute(
        f"SELECT entity_id, {fmt}, at_utc, entity_uuid, before, after FROM audit_event WHERE entity = ? "
        "ORDER BY entity_id, seq",
        (table,),
    ):
        if eid != current:
            if current is not None:
                yield current, state
            while seed is not None and seed[0] < eid:
                yield seed
                seed = next(seeds, None)
            current, state = eid, None
            if seed is not None and seed[0] == eid:
                state, seed = seed[1], next(seeds, None)
        change = loads(after) if after else None
        if f == 2 and change is not None:
            change = {k: v for k, v in change.items() if k[0] != "+"}
        if before is None or state is None:
            if f == 2 and change is not None:
                state = {**blank, "id": eid, "uuid": uuid, "created_at": at, "updated_at": at, "version": 1,
                         "voided": 0, **change}  # fmt: skip
            else:
                state = change
        elif f == 2:
            old = loads(before)
            laundered[0] += any(state.get(k) != old.get(k) for k in change.keys() | old.keys())
            state.update(change)
            state["version"] += 1
            state["updated_at"] = at
        else:
            laundered[0] += any(state.get(k) != v for k, v in loads(before).items())
            if after:
                state.update(loads(after))
    if current is not None:
        yield current, state
    while seed is not None:
        yield seed
        seed = next(seeds, None)


def verify(path: str, tables: list[str]) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    findings = sum(line != "ok" for (line,) in db.execute("PRAGMA integrity_check"))
    prev, expected = "0" * 64, 1
    # a file before migration 0005 holds format-1 events only
    fmt = "format" if any(c[1] == "format" for c in db.execute("PRAGMA table_info(audit_event)")) else "1"
    for seq, at, actor, action, entity, eid, uuid, before, after, reason, linked, digest, f in db.execute(
        "SELECT seq, at_utc, actor, action, entity, entity_id, entity_uuid, before, after, reason, prev_hash, hash, "
        f"{fmt} FROM audit_event ORDER BY seq"
    ):
        if f == 2:
            content = ENCODE([2, seq, at, actor, action, entity, eid, uuid, reason]) + _frame(before) + _frame(after)
            findings += seq != expected or linked != ""
            findings += hashlib.sha256((prev + content).encode()).hexdigest() != digest
        else:
            content = ENCODE(
                {"action": action, "actor": actor, "after": after, "at_utc": at, "before": before, "entity": entity,
                 "entity_id": eid, "entity_uuid": uuid, "reason": reason, "seq": seq}
            )  # fmt: skip
            findings += seq != expected or linked != prev
            findings += hashlib.sha256((linked + content).encode()).hexdigest() != digest
        prev, expected = digest, seq + 1
    laundered = [0]
    for table in tables:
        rows = db.execute(f"SELECT * FROM {table} ORDER BY id")
        columns = [d[0] for d in rows.description]
        replayed = _replayed(db, table, dict.fromkeys(columns), laundered)
        pending = next(replayed, None)
        for row in rows:
            current = dict(zip(columns, row, strict=True))
            while pending is not None and pending[0] < current["id"]:  # events of a record that is gone
                findings, pending = findings + 1, next(replayed, None)
            if pending is None or pending[0] != current["id"]:
                findings += 1
            else:
                findings += pending[1] != current
                pending = next(replayed, None)
        findings += pending is not None
        findings += sum(1 for _ in replayed)
    findings += laundered[0]
    findings += db.execute(DUTY).fetchone()[0]
    return findings


if __name__ == "__main__":
    print(verify(sys.argv[1], sys.argv[2:]))
