"""The audit chain (reliability.md checklist items 10, 11, 13): verify finds and names tampering.

Tampering is done as an outsider would: a plain sqlite3 connection to the file, triggers dropped where
needed. The program's own writes go through the real services. The tests that tamper through sqlite3 run on
SQLite only; tests/pg/test_attacks.py makes the same attacks through a PostgreSQL server. The others run on
both engines (marked ``pg``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

import pytest

from safetywatch.db import models
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core import audit
from safetywatch.services.core.audit import VerifyReport, canonical_json, chain_head
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.maintenance import integrity
from tests.faults.tamper import recompute_chain
from tests.helpers import card, count_rows, drop_protective_triggers, raw_sqlite, refs

TODAY = dt.date(2026, 6, 10)


def _verify(ledger: Ledger) -> VerifyReport:
    with ledger.read() as conn:
        return integrity.verify(conn)


def _messages(report: VerifyReport, kind: str | None = None) -> list[str]:
    return [p.message for p in report.problems if kind is None or p.kind == kind]


def _register(ledger: Ledger, **changes: object) -> dict[str, Any]:
    return hazards.register(ledger, card(refs(ledger), **changes))


def _head(ledger: Ledger) -> tuple[int, str]:
    with ledger.read() as conn:
        return chain_head(conn)


@pytest.mark.pg
def test_fresh_ledger_verifies(ledger: Ledger) -> None:
    report = _verify(ledger)
    assert report.ok, report.problems
    assert report.events_checked == count_rows(ledger, "audit_event") > 0


@pytest.mark.pg
def test_chain_after_many_operations(ledger: Ledger) -> None:
    events_before = count_rows(ledger, "audit_event")
    first = _register(ledger)  # hazard with its follow-up entry: 1 event (format 2)
    hazards.act(ledger, int(first["id"]), StepInput(HazardAction.ISSUE_NOTICE, TODAY))  # 1
    _register(ledger, fixed_on_site=True)  # insert, update, each with its follow-up entry: 2
    shift = reference.save(ledger, "shift", {"code": "4", "name": "检修班", "starts": "06:00", "ends": "14:00"})  # 1
    reference.void(ledger, "shift", int(shift["id"]), "试运行结束")  # 1
    data = hazards.input_of(_get(ledger, int(first["id"])))
    data.location = "1201工作面运输巷"
    hazards.amend(ledger, int(first["id"]), data, "地点抄错")  # 1
    expected_events = events_before + 7

    report = _verify(ledger)
    assert report.ok, report.problems
    assert report.events_checked == expected_events == count_rows(ledger, "audit_event")
    audited_rows = sum(count_rows(ledger, t.name) for t in models.AUDITED_TABLES)
    assert report.records_checked == audited_rows
    with ledger.read() as conn:
        seqs = [r[0] for r in conn.exec_driver_sql("SELECT seq FROM audit_event ORDER BY seq")]
        last = conn.exec_driver_sql("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").one()
    assert seqs == list(range(1, expected_events + 1))
    assert report.head == tuple(last) == _head(ledger)


def _get(ledger: Ledger, hazard_id: int) -> dict[str, Any]:
    with ledger.read() as conn:
        return hazards.get(conn, hazard_id)


def test_value_changed_behind_the_programs_back_is_named(ledger: Ledger) -> None:
    hazard = _register(ledger)
    hazard_id, number = hazard["id"], hazard["number"]
    with raw_sqlite(ledger.path) as conn:
        conn.execute("UPDATE hazard SET location = '别处' WHERE id = ?", (hazard_id,))
    report = _verify(ledger)
    assert not report.ok
    records = _messages(report, "record")
    assert len(records) == 1
    message = records[0]
    for part in (f"hazard #{hazard_id}", str(number), "location", "别处", "1201工作面回风巷"):
        assert part in message, (part, message)
    assert "changed outside SafetyWatch" in message
    assert not _messages(report, "chain")  # the chain itself is intact: only the record was touched


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"])
def test_audit_events_are_append_only(ledger: Ledger, statement: str) -> None:
    before = count_rows(ledger, "audit_event")
    with raw_sqlite(ledger.path) as conn, pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(statement)
    assert count_rows(ledger, "audit_event") == before
    assert _verify(ledger).ok


def test_records_are_never_deleted(ledger: Ledger) -> None:
    _register(ledger)  # so hazard and hazard_follow_up have rows too
    with raw_sqlite(ledger.path) as conn:
        for table in models.AUDITED_TABLES:
            rows = conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
            if rows == 0:  # nothing to delete here; the trigger must still be in place
                trigger = f"{table.name}_no_delete"
                assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (trigger,)).fetchone(), trigger
                continue
            with pytest.raises(sqlite3.IntegrityError, match="void them with a reason"):
                conn.execute(f"DELETE FROM {table.name}")
            assert conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0] == rows
    assert _verify(ledger).ok


def test_edited_event_is_named_by_its_seq(ledger: Ledger) -> None:
    hazard = _register(ledger)
    hazards.act(ledger, int(hazard["id"]), StepInput(HazardAction.ISSUE_NOTICE, TODAY))
    with raw_sqlite(ledger.path) as conn:
        # the hazard's creation event (not its last one): the chain notices the edit, and so does the replay
        seq, after = conn.execute(
            "SELECT seq, after FROM audit_event WHERE entity = 'hazard' AND entity_id = ? ORDER BY seq LIMIT 1",
            (hazard["id"],),
        ).fetchone()
        drop_protective_triggers(conn)
        edited = json.loads(after)
        edited["description"] = "无隐患"
        conn.execute("UPDATE audit_event SET after = ? WHERE seq = ?", (canonical_json(edited), seq))
    report = _verify(ledger)
    chain = _messages(report, "chain")
    assert len(chain) == 1, chain
    assert f"audit event #{seq} (hazard {hazard['id']}, create" in chain[0]
    assert "changed after it was written" in chain[0]
    assert any("trigger" in m for m in _messages(report, "schema"))
    # replaying the edited history no longer gives the stored row, which names the record too
    record = _messages(report, "record")
    assert len(record) == 1 and hazard["number"] in record[0] and "无隐患" in record[0]


def test_deleted_event_leaves_a_gap(ledger: Ledger) -> None:
    _register(ledger)
    with raw_sqlite(ledger.path) as conn:
        last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        gone = last - 3
        drop_protective_triggers(conn)
        conn.execute("DELETE FROM audit_event WHERE seq = ?", (gone,))
    chain = _messages(_verify(ledger), "chain")
    assert any(f"audit event #{gone + 1} " in m and f"expected #{gone}" in m for m in chain), chain
    assert any(f"audit event #{gone + 1} " in m and "does not link" in m for m in chain), chain


def test_row_inserted_by_raw_sql_has_no_audit_event(ledger: Ledger) -> None:
    with raw_sqlite(ledger.path) as conn:
        conn.execute(
            "INSERT INTO shift (code, name, starts, ends, sort_order, uuid, created_at, updated_at, "
            "version, voided) VALUES ('9', '黑班', '00:00', '06:00', 9, 'fake-uuid', 'x', 'x', 1, 0)"
        )
        row_id = conn.execute("SELECT id FROM shift WHERE code = '9'").fetchone()[0]
    records = _messages(_verify(ledger), "record")
    assert records == [f"shift #{row_id} (9) has no audit event: it was added outside SafetyWatch."]


def test_recomputed_chain_passes_but_moves_the_anchor(ledger: Ledger) -> None:
    """Documented limitation: whoever can write the file can rebuild the chain. verify() cannot see it;
    the chain head printed on reports and manifests (the outside anchor) no longer matches."""
    hazard = _register(ledger)
    anchor = _head(ledger)
    with raw_sqlite(ledger.path) as conn:
        restore = drop_protective_triggers(conn)
        conn.execute("UPDATE hazard SET location = '别处' WHERE id = ?", (hazard["id"],))
        seq, after = conn.execute(
            "SELECT seq, after FROM audit_event WHERE entity = 'hazard' AND entity_id = ? ORDER BY seq DESC",
            (hazard["id"],),
        ).fetchone()
        edited = json.loads(after)
        edited["location"] = "别处"
        conn.execute("UPDATE audit_event SET after = ? WHERE seq = ?", (canonical_json(edited), seq))
        recompute_chain(conn)
        for sql in restore:
            conn.execute(sql)
    report = _verify(ledger)
    assert report.ok, report.problems
    new_head = _head(ledger)
    assert new_head[0] == anchor[0]
    assert new_head != anchor  # what an anchor check compares


@pytest.mark.pg
def test_history_has_every_version_with_who_and_why(ledger: Ledger) -> None:
    hazard = _register(ledger)
    hazard_id = int(hazard["id"])
    ledger.actor = "张科长"
    hazards.act(ledger, hazard_id, StepInput(HazardAction.ISSUE_NOTICE, TODAY, person="王队长"))
    ledger.actor = "李文员"
    hazards.act(
        ledger,
        hazard_id,
        StepInput(HazardAction.EXTEND, TODAY, note="材料未到", new_deadline=dt.date(2026, 6, 30)),
    )
    data = hazards.input_of(_get(ledger, hazard_id))
    data.description = "巷道顶板离层，锚杆托盘松动三处"
    hazards.amend(ledger, hazard_id, data, "补充数量")
    with ledger.read() as conn:
        events = audit.history(conn, "hazard", hazard_id)
    assert [(e.action, e.actor, e.reason) for e in events] == [
        ("create", "测试员", None),
        ("issue_notice", "张科长", None),
        ("extend", "李文员", "材料未到"),
        ("amend", "李文员", "补充数量"),
    ]
    afters = audit.versions(events)
    assert [a["version"] for a in afters] == [1, 2, 3, 4]
    assert events[0].before is None
    for previous, event in zip(afters, events[1:], strict=False):
        changed = json.loads(event.before or "null")  # the old values of the changed columns only
        assert changed and changed == {k: previous[k] for k in changed}
        assert "version" not in changed and "uuid" not in changed  # format 2: replay restores them
    assert afters[-1] == _raw_hazard(ledger, hazard_id)
    assert afters[1]["status"] == "notice_issued" and afters[2]["deadline"] == "2026-06-30"
    assert afters[3]["description"] == "巷道顶板离层，锚杆托盘松动三处"
    assert [e.seq for e in events] == sorted(e.seq for e in events)


def _raw_hazard(ledger: Ledger, hazard_id: int) -> dict[str, Any]:
    with ledger.read() as conn:
        return dict(conn.exec_driver_sql("SELECT * FROM hazard WHERE id = ?", (hazard_id,)).one()._mapping)


@pytest.mark.pg
def test_clock_going_back_keeps_seq_order_and_verifies(ledger: Ledger, clock: FixedClock) -> None:
    first = _register(ledger, found_date=dt.date(2026, 6, 1))
    clock.advance(days=-2)
    second = _register(ledger, found_date=dt.date(2026, 6, 1))
    hazards.act(ledger, int(first["id"]), StepInput(HazardAction.ISSUE_NOTICE, clock.today()))
    report = _verify(ledger)
    assert report.ok, report.problems
    with ledger.read() as conn:
        rows = conn.exec_driver_sql(
            "SELECT seq, at_utc, entity_id FROM audit_event WHERE entity = 'hazard' ORDER BY seq"
        ).all()
    assert [r[2] for r in rows] == [first["id"], second["id"], first["id"]]
    assert rows[1][1] < rows[0][1]  # stored time went backwards...
    assert rows[0][0] < rows[1][0] < rows[2][0]  # ...the order of events did not
    assert second["number"].endswith("-00002")
