"""Attacks through the PostgreSQL server (the analogue of tests/faults' sqlite3 attacks on a file).

The attacker holds a plain psycopg connection as the database's owner: the protective triggers refuse
deleting records and changing the chain; with the triggers switched off (``ALTER TABLE … DISABLE TRIGGER``,
which the owner may do) the writes go through, and ``verify`` names each of them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from safetywatch.db.models import AUDITED_TABLES
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core.audit import VerifyReport, canonical_json
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import duty, hazards
from safetywatch.services.kinds.duty import Mark, SheetInput
from safetywatch.services.kinds.hazards import StepInput
from safetywatch.services.maintenance import integrity
from tests.helpers import card, count_rows, refs, seeded_server_ledger
from tests.pg.raw_access import disable_triggers, raw_connection, tables_with_triggers
from tests.pg_cluster import Cluster

pytestmark = pytest.mark.pg

TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def server(postgres: Cluster, clock: FixedClock) -> Iterator[Ledger]:
    """A seeded ledger on the test cluster (tests/services/test_audit.py makes these attacks on a file)."""
    led = seeded_server_ledger(postgres, clock)
    yield led
    led.engine.dispose()


def _register(ledger: Ledger) -> dict[str, Any]:
    return hazards.register(ledger, card(refs(ledger)))


def _messages(report: VerifyReport, kind: str) -> list[str]:
    return [p.message for p in report.problems if p.kind == kind]


def test_deleting_a_hazard_through_the_server_is_refused_by_its_trigger(server: Ledger) -> None:
    hazard = _register(server)
    with (
        raw_connection(server) as conn,
        pytest.raises(psycopg.errors.RestrictViolation, match="void them with a reason"),
    ):
        conn.execute("DELETE FROM hazard WHERE id = ?", (hazard["id"],))
    assert count_rows(server, "hazard") == 1
    assert integrity.verify_for(server).ok


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"])
def test_changing_the_chain_through_the_server_is_refused_by_its_trigger(server: Ledger, statement: str) -> None:
    _register(server)
    before = count_rows(server, "audit_event")
    with raw_connection(server) as conn, pytest.raises(psycopg.errors.RestrictViolation, match="append-only"):
        conn.execute(statement)
    assert count_rows(server, "audit_event") == before
    assert integrity.verify_for(server).ok


def test_an_event_edited_with_the_triggers_disabled_is_named_by_its_seq(server: Ledger) -> None:
    hazard = _register(server)
    hazards.act(server, int(hazard["id"]), StepInput(HazardAction.ISSUE_NOTICE, TODAY))
    with raw_connection(server) as conn:
        seq, after = conn.execute(
            "SELECT seq, after FROM audit_event WHERE entity = 'hazard' AND entity_id = ? ORDER BY seq LIMIT 1",
            (hazard["id"],),
        ).fetchone()
        restore = disable_triggers(conn)
        edited = json.loads(after)
        edited["description"] = "无隐患"
        conn.execute("UPDATE audit_event SET after = ? WHERE seq = ?", (canonical_json(edited), seq))
        for statement in restore:  # the attacker covers their tracks: the triggers are back on
            conn.execute(statement)
    report = integrity.verify_for(server)
    chain = _messages(report, "chain")
    assert len(chain) == 1, chain
    assert f"audit event #{seq} (hazard {hazard['id']}, create" in chain[0]
    assert "changed after it was written" in chain[0]
    record = _messages(report, "record")
    assert len(record) == 1 and hazard["number"] in record[0] and "无隐患" in record[0]


def test_an_event_deleted_with_the_triggers_disabled_leaves_a_gap(server: Ledger) -> None:
    _register(server)
    with raw_connection(server) as conn:
        last = conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
        gone = last - 3
        restore = disable_triggers(conn)
        conn.execute("DELETE FROM audit_event WHERE seq = ?", (gone,))
        for statement in restore:
            conn.execute(statement)
    chain = _messages(integrity.verify_for(server), "chain")
    assert any(f"audit event #{gone + 1} " in m and f"expected #{gone}" in m for m in chain), chain


def test_a_value_changed_through_the_server_is_named(server: Ledger) -> None:
    hazard = _register(server)
    with raw_connection(server) as conn:
        conn.execute("UPDATE hazard SET location = '别处' WHERE id = ?", (hazard["id"],))
    report = integrity.verify_for(server)
    records = _messages(report, "record")
    assert len(records) == 1 and "别处" in records[0] and "changed outside SafetyWatch" in records[0]
    assert not _messages(report, "chain")


def test_a_duty_projection_changed_through_the_server_is_named(server: Ledger) -> None:
    r = refs(server)
    sheet = SheetInput(r.workstation, dt.date(2026, 6, 9), r.shifts["1"], (Mark(r.inspectors["Q001"]),))
    duty.save_sheet(server, sheet)
    with raw_connection(server) as conn:
        conn.execute("UPDATE duty_month SET on_shifts = on_shifts + 5")
    with server.read() as conn:
        problems = duty.check_projection(conn)
    assert any("differ from the sheets" in p for p in problems), problems


def test_an_event_whose_content_is_not_json_is_named_not_a_crash(server: Ledger) -> None:
    """The server parses the chain's JSON in SQL (the companion rows): text that is not JSON must not stop it."""
    hazard = _register(server)
    hazards.act(server, int(hazard["id"]), StepInput(HazardAction.ISSUE_NOTICE, TODAY))
    with raw_connection(server) as conn:
        seq = conn.execute("SELECT max(seq) FROM audit_event WHERE action = 'issue_notice'").fetchone()[0]
        restore = disable_triggers(conn)
        conn.execute("UPDATE audit_event SET after = 'not json' WHERE seq = ?", (seq,))
        for statement in restore:
            conn.execute(statement)
    problems = [p.message for p in integrity.verify_for(server).problems]
    assert any(f"#{seq} (hazard #{hazard['id']}) holds content SafetyWatch never writes" in p for p in problems), (
        problems
    )


def test_no_record_table_lets_its_rows_be_deleted_through_the_server(server: Ledger) -> None:
    _register(server)  # so hazard and hazard_follow_up have rows too
    with raw_connection(server) as conn:
        guarded = set(tables_with_triggers(conn))
        for table in AUDITED_TABLES:
            assert table.name in guarded, table.name  # an empty table must be guarded all the same
            rows = conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
            if rows == 0:
                continue
            with pytest.raises(psycopg.errors.RestrictViolation, match="void them with a reason"):
                conn.execute(f"DELETE FROM {table.name}")
            assert conn.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0] == rows
    assert integrity.verify_for(server).ok


def test_a_row_inserted_through_the_server_has_no_audit_event(server: Ledger) -> None:
    with raw_connection(server) as conn:
        row_id = conn.execute(
            "INSERT INTO shift (code, name, starts, ends, sort_order, uuid, created_at, updated_at, "
            "version, voided) VALUES ('9', '黑班', '00:00', '06:00', 9, 'fake-uuid', 'x', 'x', 1, 0) RETURNING id"
        ).fetchone()[0]
    records = _messages(integrity.verify_for(server), "record")
    assert records == [f"shift #{row_id} (9) has no audit event: it was added outside SafetyWatch."]


def test_triggers_left_disabled_are_named_by_verify(server: Ledger) -> None:
    """An attacker who leaves the triggers off has opened the door for later edits: verify must say so, as it
    does on SQLite for a dropped trigger."""
    _register(server)
    with raw_connection(server) as conn:
        disable_triggers(conn)
    report = integrity.verify_for(server)
    assert any("trigger" in m for m in _messages(report, "schema")), report.problems
