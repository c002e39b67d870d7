"""``safetywatch demo --stations N --out-dir DIR``: an office and N stations with a real exchange history."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import open_ledger
from tests.test_cli import run_cli

FILES = ("office.db", "station-ST01.db", "station-ST02.db")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("exchange-demo") / "demo"
    started = time.perf_counter()
    done = run_cli("demo", "--stations", "2", "--scale", "tiny", "--years", "1", "--out-dir", str(out))
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert "ST01" in done.stdout and "ST02" in done.stdout and "1 held change" in done.stdout, done.stdout
    assert seconds < 30, f"the exchange demo took {seconds:.1f} s"
    yield out


def _query(path: Path, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(statement, params).fetchall()


def _acked(station: Path) -> int:
    return int(_query(station, "SELECT acked_seq FROM exchange_station")[0][0])


def _hazards_per_workstation(path: Path, up_to_seq: int | None = None) -> dict[str, int]:
    """Hazards by workstation code; with *up_to_seq*, only those created by an event up to it."""
    where = ""
    params: tuple[object, ...] = ()
    if up_to_seq is not None:
        where = (
            "WHERE h.id IN (SELECT entity_id FROM audit_event WHERE entity = 'hazard' AND action IN "
            "('create', 'fix_on_site') AND seq <= ?)"
        )
        params = (up_to_seq,)
    rows = _query(
        path,
        f"SELECT w.code, count(*) FROM hazard h JOIN workstation w ON w.id = h.workstation_id {where} GROUP BY w.code",
        params,
    )
    return {str(code): int(n) for code, n in rows}


def test_makes_an_office_and_two_stations_that_verify(demo_dir: Path) -> None:
    for name in FILES:
        ledger = open_ledger(demo_dir / name, backups=False)
        try:
            with ledger.read() as conn:
                report = integrity.verify(conn)
        finally:
            ledger.close()
        assert report.ok, (name, [p.message for p in report.problems])
    assert list((demo_dir / "bundles").glob("ST01_to-office_*")), "the stations' bundles are kept"
    roles = {
        name: _query(demo_dir / name, "SELECT value FROM app_setting WHERE key = 'exchange_role'") for name in FILES
    }
    assert roles == {"office.db": [("office",)], "station-ST01.db": [("station",)], "station-ST02.db": [("station",)]}


def test_the_office_holds_each_station_up_to_its_acknowledged_head(demo_dir: Path) -> None:
    office = _hazards_per_workstation(demo_dir / "office.db")
    for code in ("ST01", "ST02"):
        station = demo_dir / f"station-{code}.db"
        acknowledged = _hazards_per_workstation(station, _acked(station))
        assert acknowledged, f"{code} entered hazards"
        for workstation, count in acknowledged.items():
            assert office[workstation] == count, (code, workstation)


def test_the_late_station_has_not_sent_its_last_weeks(demo_dir: Path) -> None:
    on_time = demo_dir / "station-ST01.db"
    late = demo_dir / "station-ST02.db"
    assert _acked(on_time) > 0 and _acked(late) > 0
    late_head = int(_query(late, "SELECT max(seq) FROM audit_event")[0][0])
    assert late_head > _acked(late) + 10, "two weeks of the late station's events never reached the office"
    assert sum(_hazards_per_workstation(late).values()) > sum(_hazards_per_workstation(late, _acked(late)).values())
    (last_at,) = _query(late, "SELECT max(at_utc) FROM audit_event WHERE seq <= ?", (_acked(late),))[0]
    (latest,) = _query(demo_dir / "office.db", "SELECT max(at_utc) FROM station_event")[0]
    assert str(last_at) < str(latest), "the office heard from the on-time station after the late one went quiet"


def test_exactly_one_change_is_held_at_the_office(demo_dir: Path) -> None:
    held = _query(demo_dir / "office.db", "SELECT entity, cause FROM held_change WHERE status = 'held'")
    assert held == [("hazard", "transferred")]  # the office amended it first: it took it over


def test_stations_and_out_dir_go_together_and_refuse_an_existing_office(tmp_path: Path) -> None:
    alone = run_cli("demo", "--stations", "2")
    assert alone.returncode == 2 and "--out-dir" in alone.stderr
    folder_only = run_cli("demo", "--out-dir", str(tmp_path))
    assert folder_only.returncode == 2 and "--stations" in folder_only.stderr
    (tmp_path / "office.db").write_bytes(b"")
    taken = run_cli("demo", "--stations", "1", "--out-dir", str(tmp_path))
    assert taken.returncode == 2 and "already holds office.db" in taken.stderr
    assert (tmp_path / "office.db").read_bytes() == b"", "nothing written into a folder that holds an office"
    assert not (tmp_path / "station-ST01.db").exists()
