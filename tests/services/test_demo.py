"""Demo data: written through the ordinary services, deterministic for a seed, and a believable register."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.hazard_loop import HazardStatus
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.maintenance import demo, integrity
from safetywatch.services.maintenance.opening import open_ledger
from safetywatch.services.queries import hazard_query

UNTIL = dt.date(2026, 6, 10)
#: Columns that differ between two identical runs (random UUIDs) or say when the row was written.
_VOLATILE = {"uuid", "created_at", "updated_at"}


def _fresh(path: Path) -> Ledger:
    return open_ledger(path, actor="演示", clock=FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC)))


def _fingerprint(ledger: Ledger) -> str:
    """A digest of every record's content, without UUIDs and write instants."""
    digest = hashlib.sha256()
    with ledger.read() as conn:
        for table in ("org_unit", "workstation", "inspector", "hazard", "hazard_follow_up"):
            for row in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id"):
                content = {k: v for k, v in row._mapping.items() if k not in _VOLATILE}
                digest.update(repr(sorted(content.items())).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ledger, demo.DemoSummary, FixedClock]]:
    ledger = _fresh(tmp_path_factory.mktemp("demo") / "tiny.db")
    callers_clock = ledger.clock
    assert isinstance(callers_clock, FixedClock)
    summary = demo.generate(ledger, scale="tiny", years=1, seed=1)
    yield ledger, summary, callers_clock
    ledger.engine.dispose()


def test_same_seed_same_data_other_seed_other_data(
    tiny: tuple[Ledger, demo.DemoSummary, FixedClock], tmp_path: Path
) -> None:
    first, summary, _ = tiny
    again = _fresh(tmp_path / "again.db")
    other = _fresh(tmp_path / "other.db")
    try:
        repeat = demo.generate(again, scale="tiny", until=UNTIL, seed=1)
        different = demo.generate(other, scale="tiny", until=UNTIL, seed=2)
        assert _fingerprint(again) == _fingerprint(first)
        assert (repeat.hazards, repeat.by_status, repeat.audit_events) == (
            summary.hazards,
            summary.by_status,
            summary.audit_events,
        )
        assert _fingerprint(other) != _fingerprint(first)
        assert different.hazards != summary.hazards or different.by_status != summary.by_status
    finally:
        again.engine.dispose()
        other.engine.dispose()


def test_audit_chain_and_every_record_verify(tiny: tuple[Ledger, demo.DemoSummary, FixedClock]) -> None:
    ledger, summary, _ = tiny
    with ledger.read() as conn:
        report = integrity.verify(conn)
        demo_events = "SELECT at_utc FROM audit_event WHERE entity IN ('hazard', 'hazard_follow_up') ORDER BY seq"
        instants = [r[0] for r in conn.exec_driver_sql(demo_events)]
    assert report.ok, report.problems
    assert report.events_checked >= summary.audit_events > 10 * summary.hazards / 2
    assert instants == sorted(instants), "the simulated clock must only move forward"
    assert instants[0] >= "2025-06-11" and instants[-1].startswith("2026-06-10")


def test_a_believable_register(tiny: tuple[Ledger, demo.DemoSummary, FixedClock]) -> None:
    ledger, summary, callers_clock = tiny
    assert ledger.clock is callers_clock and callers_clock.today() == UNTIL  # restored, unchanged
    assert 150 <= summary.hazards <= 260
    assert (summary.first_day, summary.last_day) == (dt.date(2025, 6, 11), UNTIL)
    with ledger.read() as conn:

        def one(sql: str) -> int:
            return int(conn.exec_driver_sql(sql).scalar_one())

        statuses = {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT status FROM hazard")}
        assert statuses == {s.value for s in HazardStatus}
        # found = fixed on site + solved later + still open (+ voided duplicates): domain.md scale check
        found = one("SELECT count(*) FROM hazard")
        on_site = one("SELECT count(*) FROM hazard WHERE fixed_on_site = 1")
        later = one("SELECT count(*) FROM hazard WHERE fixed_on_site = 0 AND status IN ('accepted', 'closed')")
        still_open = one(f"SELECT count(*) FROM hazard WHERE status IN {hazard_query.OPEN_STATUSES!r}")
        voided = one("SELECT count(*) FROM hazard WHERE status = 'voided'")
        assert found == on_site + later + still_open + voided == summary.hazards
        assert on_site == summary.fixed_on_site and 0.3 < on_site / found < 0.5
        assert one("SELECT count(*) FROM hazard WHERE fixed_on_site = 1 AND closed_on != found_date") == 0
        assert voided == summary.voided and one("SELECT count(*) FROM hazard WHERE duplicate_of_id IS NOT NULL")
        assert hazard_query.overdue_count(conn, UNTIL) == summary.overdue > 0
        assert one("SELECT count(*) FROM hazard WHERE escalation_level IS NOT NULL") > 0
        assert one("SELECT count(*) FROM hazard WHERE deadline > original_deadline") > 0  # extended
        assert one("SELECT count(*) FROM hazard_follow_up WHERE action = 'reject'") > 0
        assert one("SELECT count(*) FROM hazard WHERE accepted_by = rectify_person") == 0
        assert one("SELECT count(*) FROM hazard WHERE found_date < '2025-06-11' OR found_date > '2026-06-10'") == 0
        assert one("SELECT count(*) FROM hazard_follow_up f JOIN hazard h ON h.id = f.hazard_id "
                   "WHERE f.on_date < h.found_date OR f.on_date > '2026-06-10'") == 0  # fmt: skip
        assert one("SELECT count(DISTINCT finder_name) FROM hazard") > 10
        assert one("SELECT count(*) FROM inspector WHERE left_on IS NOT NULL") == summary.inspectors_retired


def test_the_whole_network_is_simulated(tiny: tuple[Ledger, demo.DemoSummary, FixedClock]) -> None:
    ledger, summary, _clock = tiny
    with ledger.read() as conn:

        def one(sql: str) -> int:
            return int(conn.exec_driver_sql(sql).scalar_one())

        # every inspector-shift of a year: six days a week on the rota, with realistic absence
        assert summary.duty_marks == one("SELECT count(*) FROM duty") > 5_000
        on = one("SELECT count(*) FROM duty WHERE on_duty = 1") / summary.duty_marks
        assert 0.93 < on < 0.99
        reported = one("SELECT count(*) FROM duty WHERE reported = 1") / one("SELECT count(*) FROM duty WHERE on_duty")
        assert 0.85 <= reported <= 0.98  # the 85–98 % report rate
        # whoever found a hazard or stopped a 三违 was on duty and reported it on that shift
        assert one("SELECT count(*) FROM hazard h WHERE h.finder_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM duty d "
                   "WHERE d.inspector_id = h.finder_id AND d.shift_date = h.found_date AND d.shift_id = h.shift_id "
                   "AND d.reported = 1)") == 0  # fmt: skip
        assert one("SELECT count(*) FROM violation v WHERE v.stopped_by_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
                   "FROM duty d WHERE d.inspector_id = v.stopped_by_id AND d.shift_date = v.found_date "
                   "AND d.n_violations > 0)") == 0  # fmt: skip
        assert summary.violations == one("SELECT count(*) FROM violation") > 10
        assert one("SELECT count(*) FROM violation_handling") > summary.violations
        assert one("SELECT max(n) FROM (SELECT count(*) n FROM violation GROUP BY offender_key)") >= 2  # repeats
        assert summary.suggestions == one("SELECT count(*) FROM suggestion") > 3
        assert one("SELECT count(*) FROM suggestion WHERE status = 'adopted'") > 0
        assert one("SELECT count(*) FROM hazard WHERE squad_activity_id IS NOT NULL") > 0
        assert summary.tours >= 1 and summary.tour_problems == one("SELECT count(*) FROM tour_problem")
        assert summary.family_activities == one("SELECT count(*) FROM family_activity")


def test_refuses_a_database_that_already_has_hazards(tiny: tuple[Ledger, demo.DemoSummary, FixedClock]) -> None:
    ledger, summary, _ = tiny
    with pytest.raises(SafetyWatchError, match="already holds"):
        demo.generate(ledger, scale="tiny", seed=1)
    with ledger.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar_one() == summary.hazards


def test_the_monthly_duty_rollup_is_written_once_per_simulated_month(tmp_path: Path) -> None:
    """Issue 14 §4: the shift sheets' ``duty_month`` changes are summed and written before each month's commit
    (each inspector-month once), not upserted once per sheet; the rollup still verifies."""
    ledger = _fresh(tmp_path / "demo.db")
    statements: list[str] = []

    @event.listens_for(ledger.engine, "connect")
    def trace(dbapi: sqlite3.Connection, _record: object) -> None:
        dbapi.set_trace_callback(statements.append)

    ledger.engine.dispose()  # connections made from now on are traced
    try:
        demo.generate(ledger, scale="tiny", years=1, seed=1)
        rollups = [s for s in statements if s.startswith("INSERT INTO duty_month")]  # one per row written
        with ledger.read() as conn:
            months = conn.exec_driver_sql("SELECT count(*) FROM duty_month").scalar_one()
            marks = conn.exec_driver_sql("SELECT count(*) FROM duty").scalar_one()
            assert 0 < len(rollups) == months < marks / 10
            assert [p.message for p in integrity.verify(conn).problems] == []
    finally:
        ledger.engine.dispose()


def test_the_demo_trains_inspectors_sets_up_and_restores_a_station(
    tiny: tuple[Ledger, demo.DemoSummary, FixedClock],
) -> None:
    """Issue 16 §3: monthly training sessions with attendees, a station set up, closed and restored, and
    every family activity attributed to a mine."""
    ledger, summary, _ = tiny
    with ledger.read() as conn:
        sessions, attendees = conn.exec_driver_sql(
            "SELECT count(DISTINCT s.id), count(a.id) FROM training_session s "
            "JOIN training_attendee a ON a.session_id = s.id"
        ).one()
        closures = conn.exec_driver_sql("SELECT closed_on, reopened_on FROM workstation_closure").all()
        unattributed = conn.exec_driver_sql("SELECT count(*) FROM family_activity WHERE mine_id IS NULL").scalar_one()
    assert sessions == summary.training_sessions >= 11 and attendees > sessions
    assert len(closures) == 1 and closures[0][1] is not None and unattributed == 0
