"""Migration 0009 on a real file holding family activities from before it: the new columns and tables come,
no record changes (verify passes), and the report attributes an old activity to the mine of its 三违's
offender where it names one, else counts it for the whole database only. Downgrade and upgrade again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command

from safetywatch.db import models as m
from safetywatch.db.engine import make_engine, write_transaction
from safetywatch.db.migrate import alembic_config
from safetywatch.domain.clock import FixedClock
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import reference, violations
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.reporting import tallies
from tests.helpers import Refs, raw_sqlite, refs, seeded_ledger


def _migrate(path: Path, target: str, *, down: bool = False) -> None:
    engine = make_engine(path)
    try:
        cfg = alembic_config()
        with write_transaction(engine) as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, target)
    finally:
        engine.dispose()


def _columns(path: Path, table: str) -> list[str]:
    with raw_sqlite(path) as conn:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _violation(ledger: Ledger, r: Refs) -> int:
    with ledger.read() as conn:

        def code(kind: str, wanted: str) -> int:
            return next(c.id for c in reference.choices(conn, kind) if c.code == wanted)

        data = violations.ViolationInput(
            workstation_id=r.workstation,
            found_date=dt.date(2026, 5, 8),
            shift_id=r.shifts["1"],
            location="井口",
            offender_name="张三",
            offender_unit_id=r.unit1,
            employment_id=code("employment", "ZS"),
            type_id=code("violation_type", "ZY"),
            severity_id=code("violation_severity", "YB"),
            description="违章",
            stopped_by_kind="inspector",
            stopped_by_id=r.inspectors["Q001"],
            found_via_id=code("violation_found_via", "QJY"),
        )
    return int(violations.register(ledger, data)["id"])


def test_old_family_activities_keep_their_events_and_count_for_their_offenders_mine(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "ledger.db"
    ledger = seeded_ledger(path, clock)
    r = refs(ledger)
    violation_id = _violation(ledger, r)
    # two activities as the program before 0009 wrote them: no mine (one names its 三违, one does not)
    with ledger.write() as w:
        for kind, linked in (("home_visit", violation_id), ("forum", None)):
            w.insert(
                m.FAMILY_ACTIVITY,
                {
                    "on_date": "2026-05-12",
                    "kind": kind,
                    "visitors": "女工委",
                    "person_visited": "张三" if linked else None,
                    "reason": "violation" if linked else None,
                    "violation_id": linked,
                    "participants": 2 if linked else 30,
                    "clerk": "测试员",
                },
            )
    ledger.close()
    _migrate(path, "0008", down=True)
    assert "mine_id" not in _columns(path, "family_activity") and "closed_on" not in _columns(path, "workstation")
    with raw_sqlite(path) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        triggers = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert not tables & {"training_session", "training_attendee", "workstation_closure"}
    assert "family_activity_no_delete" in triggers  # made again after the table was rebuilt

    ledger = open_ledger(path, actor="测试员", clock=clock)  # migrates to the head
    try:
        assert "mine_id" in _columns(path, "family_activity")
        with ledger.read() as conn:
            assert integrity.verify(conn).ok
            stored = conn.exec_driver_sql("SELECT mine_id FROM family_activity ORDER BY id").all()
            assert [row[0] for row in stored] == [None, None]  # nothing written into old records
            whole = tallies.summary(conn, "2026-05")["summary"]
            mine = tallies.summary(conn, "2026-05", "M01")["summary"]
            unit = tallies.summary(conn, "2026-05", "U01")["summary"]
        assert (whole["family_visits"]["month"], whole["family_forums"]["month"]) == (1, 1)
        assert whole["family_participants"]["month"] == 32
        # the visit is the mine's through its 三违's offender (U01 under M01); the forum names nothing
        assert (mine["family_visits"]["month"], mine["family_forums"]["month"]) == (1, 0)
        assert mine["family_participants"]["month"] == 2
        assert unit["family_visits"]["month"] is None  # below a mine: family work has no unit
    finally:
        ledger.close()
