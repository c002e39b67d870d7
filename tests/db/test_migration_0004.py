"""Migration 0004 (accounts, audit-trail indexes): upgrade, downgrade and upgrade again on a real file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from safetywatch.db import models
from safetywatch.db.engine import make_engine, write_transaction
from safetywatch.db.migrate import alembic_config, current_revision, upgrade_to_head
from safetywatch.domain.clock import FixedClock
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


def test_upgrade_downgrade_upgrade_keeps_records_and_triggers(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "ledger.db"
    ledger = seeded_ledger(path, clock)
    hazards.register(ledger, card(refs(ledger)))
    ledger.close()
    at_head = _schema(path)
    assert {"user_account", "user_credential"} <= at_head["table"]
    assert {"ix_audit_event_actor", "ix_audit_event_at_utc"} <= at_head["index"]
    assert {"user_account_no_delete", "user_credential_no_delete"} <= at_head["trigger"]
    data = _data(path)

    _migrate(path, "0003", down=True)
    engine = make_engine(path)
    assert current_revision(engine) == "0003"
    engine.dispose()
    at_0003 = _schema(path)
    assert not {"user_account", "user_credential"} & at_0003["table"]
    assert not {"ix_audit_event_actor", "ix_audit_event_at_utc"} & at_0003["index"]
    assert at_0003["trigger"] == at_head["trigger"] - {"user_account_no_delete", "user_credential_no_delete"}
    assert _data(path) == data

    engine = make_engine(path)
    try:
        backup = upgrade_to_head(engine, path)  # the program's own path: backup first, then 0004
        assert backup is not None and backup.exists()
        assert current_revision(engine) == "0004"
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), models.metadata) == []
            report = integrity.verify(conn)
        assert report.ok, [p.message for p in report.problems]
    finally:
        engine.dispose()
    assert _schema(path) == at_head
    assert _data(path) == data
