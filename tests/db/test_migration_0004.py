"""Migrations 0004 (accounts, audit-trail indexes) and 0005 (the event format): upgrade, downgrade and
upgrade again on a real file."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from safetywatch.db import models
from safetywatch.db.engine import make_engine, write_transaction
from safetywatch.db.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.audit import GENESIS_HASH, canonical_json, event_hash
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import integrity
from tests.helpers import card, raw_sqlite, refs, seeded_ledger


def _migrate(path: Path, target: str, *, down: bool = False) -> None:
    engine = make_engine(path)
    try:
        cfg = alembic_config()
        with write_transaction(engine) as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, target)
    finally:
        engine.dispose()


def _schema(path: Path) -> dict[str, set[str]]:
    with raw_sqlite(path) as conn:
        rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    kinds: dict[str, set[str]] = {}
    for kind, name in rows:
        kinds.setdefault(kind, set()).add(name)
    return kinds


def _data(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with raw_sqlite(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in ("hazard", "audit_event", "shift")}


def _event(seq: int, prev: str) -> tuple[object, ...]:
    """A format-1 event as the program before migration 0005 wrote it (a security event: no record)."""
    fields = {
        "seq": seq,
        "at_utc": "2026-06-10T02:00:00.000000Z",
        "actor": "测试员",
        "action": "login_failed",
        "entity": "security",
        "entity_id": 0,
        "entity_uuid": "",
        "before": None,
        "after": canonical_json({"login": "unknown"}),
        "reason": None,
    }
    return (*fields.values(), prev, event_hash(prev, fields))


def test_upgrade_downgrade_upgrade_keeps_events_and_triggers(tmp_path: Path) -> None:
    """0004 and 0005 go down and up again on a file written by the program before 0005 (format-1 events)."""
    path = tmp_path / "ledger.db"
    _migrate(path, "0004")
    with raw_sqlite(path) as conn:
        first = _event(1, GENESIS_HASH)
        conn.execute(f"INSERT INTO audit_event VALUES ({', '.join('?' * 12)})", first)
        conn.execute(f"INSERT INTO audit_event VALUES ({', '.join('?' * 12)})", _event(2, str(first[-1])))
    at_0004 = _schema(path)
    events = _data(path)["audit_event"]
    _migrate(path, "head")
    at_head = _schema(path)
    assert {"user_account", "user_credential"} <= at_head["table"]
    assert {"ix_audit_event_actor", "ix_audit_event_at_utc"} <= at_head["index"]
    assert {"user_account_no_delete", "user_credential_no_delete"} <= at_head["trigger"]
    assert _data(path)["audit_event"] == [(*row, 1, None) for row in events]  # format 1, no origin: as it was

    _migrate(path, "0003", down=True)
    engine = make_engine(path)
    assert current_revision(engine) == "0003"
    engine.dispose()
    at_0003 = _schema(path)
    assert not {"user_account", "user_credential"} & at_0003["table"]
    assert not {"ix_audit_event_actor", "ix_audit_event_at_utc"} & at_0003["index"]
    later = {"user_account_no_delete", "user_credential_no_delete"}  # 0004
    later |= {
        "exchange_station_no_delete",
        "held_change_no_delete",
        "station_event_no_update",
        "station_event_no_delete",
        "record_transfer_no_delete",  # 0007
        "workstation_closure_no_delete",  # 0009
        "training_session_no_delete",
        "training_attendee_no_delete",
        "year_close_no_delete",  # 0010
    }
    assert at_0003["trigger"] == at_head["trigger"] - later
    assert _data(path)["audit_event"] == events

    _migrate(path, "0004")
    assert _schema(path) == at_0004
    engine = make_engine(path)
    try:
        backup = upgrade_to_head(engine, path)  # the program's own path: backup first, then 0005
        assert backup is not None and backup.exists()
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), models.metadata) == []
            report = integrity.verify(conn)
        assert report.ok, [p.message for p in report.problems]
    finally:
        engine.dispose()
    assert _schema(path) == at_head


def test_a_chain_with_format_2_events_is_not_taken_below_0005(tmp_path: Path, clock: FixedClock) -> None:
    """Revision 0004 cannot hash a format-2 event: the downgrade is refused and the file stays as it was."""
    path = tmp_path / "ledger.db"
    ledger = seeded_ledger(path, clock)
    hazards.register(ledger, card(refs(ledger)))
    ledger.close()
    data = _data(path)
    with pytest.raises(RuntimeError, match="format 2"):
        _migrate(path, "0004", down=True)
    engine = make_engine(path)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert _data(path) == data
