"""Migration 0008 (tour outcomes) on a real file with tours: the tours and problems recorded before it keep
their meaning — a head count without names, a `later` problem without a solved date counted as due or open,
never as solved — and the protective triggers stay."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command

from safetywatch.db.engine import make_engine, write_transaction
from safetywatch.db.migrate import alembic_config, current_revision
from safetywatch.domain.clock import FixedClock
from safetywatch.services.kinds import tours
from safetywatch.services.kinds.tours import ProblemInput, TourInput
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests.helpers import raw_sqlite, seeded_ledger


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


def test_tours_recorded_before_0008_keep_their_meaning(tmp_path: Path) -> None:
    clock = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))
    path = tmp_path / "ledger.db"
    ledger = seeded_ledger(path, clock)
    tours.record_tour(
        ledger,
        TourInput(dt.date(2026, 5, 4), "矿工会", "一采区", 12),
        [
            ProblemInput("漏雨", None, "labour", "on_site"),
            ProblemInput("信号不清", None, "safety", "later", dt.date(2026, 5, 20)),  # promised, deadline passed
            ProblemInput("劳保鞋", None, "labour", "later", dt.date(2026, 6, 30)),  # promised, not yet due
            ProblemInput("班中餐", None, "labour", "open"),
        ],
    )
    ledger.engine.dispose()
    _migrate(path, "0007", down=True)
    assert "representatives" not in _columns(path, "tour") and "solved_on" not in _columns(path, "tour_problem")
    with raw_sqlite(path) as conn:
        before = conn.execute(
            "SELECT reps, status, deadline FROM tour JOIN tour_problem ON tour_id = tour.id"
        ).fetchall()

    _migrate(path, "0008")
    engine = make_engine(path)
    try:
        assert current_revision(engine) == "0008"
    finally:
        engine.dispose()
    with raw_sqlite(path) as conn:
        after = conn.execute(
            "SELECT reps, status, deadline, representatives, solved_on, solved_by FROM tour "
            "JOIN tour_problem ON tour_id = tour.id"
        ).fetchall()
        assert [row[:3] for row in after] == before and {row[3:] for row in after} == {(None, None, None)}
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            conn.execute("DELETE FROM tour_problem")
    reopened = open_ledger(path, clock=clock)
    with reopened.read() as conn:
        assert integrity.verify(conn).ok
        may = tours.tour_stats(conn, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert may == {
        "tours": 1,
        "reps": 12,
        "representatives": None,  # a head count only: the people cannot be told apart
        "problems_found": 4,
        "solved_on_site": 1,
        "solved_afterwards": 0,  # a deadline is not a solution
        "due_unsolved": 1,
        "open": 2,
    }
