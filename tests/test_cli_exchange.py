"""The exchange commands as an office and a station use them (issue 15): each a real process on real files."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from safetywatch.domain.clock import FixedClock
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance.opening import open_ledger
from tests.helpers import card, drop_protective_triggers, raw_sqlite, refs, seeded_ledger
from tests.test_cli import run_cli

CLOCK = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))


def _ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def enrolled(tmp_path: Path) -> tuple[Path, Path]:
    """An office (the ``ledger`` fixture's data) and station ST01 for JK01, enrolled through the commands."""
    office = tmp_path / "office.db"
    seeded_ledger(office, CLOCK).close()
    assert "is the office" in _ok("office", "init", "--db", str(office))
    added = _ok(
        "station", "add", "--db", str(office), "--code", "ST01", "--name", "一号井口群监站",
        "--workstations", "JK01", "--out", str(tmp_path / "enrol"),
    )  # fmt: skip
    code = re.search(r"enrolment code \(give it to the station, once\): (\S+)", added)
    fingerprint = re.search(r"office key fingerprint \(the station checks it\): (.+)", added)
    assert code and fingerprint
    station = tmp_path / "station.db"
    wrong = run_cli(
        "station", "enrol", "--from", str(tmp_path / "enrol.swbundle"), "--db", str(tmp_path / "other.db"),
        "--enrol-code", code[1], "--office-key", "0000 0000 0000 0000",
    )  # fmt: skip
    assert wrong.returncode == 1 and "another office key" in wrong.stderr and not (tmp_path / "other.db").exists()
    _ok(
        "station", "enrol", "--from", str(tmp_path / "enrol.swbundle"), "--db", str(station),
        "--enrol-code", code[1], "--office-key", fingerprint[1].strip(),
    )  # fmt: skip
    return office, station


def _enter_hazards(station: Path, n: int) -> None:
    # the real clock, as the commands use: a fixed one in the past would make the chain's time go back after a
    # bundle written now, which verify rightly names
    ledger = open_ledger(station, seed=False)
    try:
        r = refs(ledger)
        for _ in range(n):
            hazards.register(ledger, card(r))
    finally:
        ledger.close()


def test_a_station_s_hazards_reach_the_office_and_its_reply_comes_back(enrolled: tuple[Path, Path]) -> None:
    office, station = enrolled
    folder = station.parent / "stick"
    folder.mkdir()
    _enter_hazards(station, 3)
    written = _ok("bundle", "write", "--db", str(station), "--out", str(folder))
    [bundle] = folder.glob("ST01_to-office_*.swbundle")
    assert str(bundle) in written
    checked = _ok("bundle", "check", str(bundle), "--db", str(office))
    assert "a readable station bundle" in checked
    read = _ok("bundle", "read", "--db", str(office), str(bundle))
    assert "3 applied, 0 held" in read
    again = _ok("bundle", "read", "--db", str(office), str(bundle))
    assert "already held; nothing to do" in again
    with raw_sqlite(office) as conn:
        numbers = [r[0] for r in conn.execute("SELECT number FROM hazard ORDER BY number")]
        origins = conn.execute("SELECT count(*) FROM audit_event WHERE origin LIKE 'station ST01 #%'").fetchone()[0]
    assert numbers == ["JK01-2026-00001", "JK01-2026-00002", "JK01-2026-00003"] and origins == 3
    listed = _ok("station", "list", "--db", str(office))
    assert listed.startswith("ST01\t一号井口群监站\tJK01\tlast event #") and "held 0" in listed
    _ok("bundle", "write", "--db", str(office), "--out", str(folder / "replies"))
    [reply] = (folder / "replies").glob("office_to-ST01_*.swbundle")
    assert "acknowledged up to #" in _ok("bundle", "read", "--db", str(station), str(reply))
    assert "OK" in _ok("verify", "--db", str(office))
    assert "OK" in _ok("verify", "--db", str(station))


def test_a_damaged_bundle_is_refused_and_changes_nothing(enrolled: tuple[Path, Path]) -> None:
    office, station = enrolled
    _enter_hazards(station, 2)
    _ok("bundle", "write", "--db", str(station), "--out", str(station.parent))
    [bundle] = station.parent.glob("ST01_to-office_*.swbundle")
    data = bytearray(bundle.read_bytes())
    data[len(data) // 3] ^= 0x01
    damaged = bundle.with_name("damaged.swbundle")
    damaged.write_bytes(bytes(data))
    with raw_sqlite(office) as conn:
        before = conn.execute("SELECT max(seq), (SELECT count(*) FROM hazard) FROM audit_event").fetchone()
    result = run_cli("bundle", "read", "--db", str(office), str(damaged))
    assert result.returncode == 1 and f"refused {damaged}" in result.stderr and "Traceback" not in result.stderr
    with raw_sqlite(office) as conn:
        assert conn.execute("SELECT max(seq), (SELECT count(*) FROM hazard) FROM audit_event").fetchone() == before
    assert before[1] == 0


def test_exchange_commands_say_what_is_missing(tmp_path: Path) -> None:
    standalone = tmp_path / "one.db"
    seeded_ledger(standalone, CLOCK).close()
    result = run_cli("bundle", "write", "--db", str(standalone), "--out", str(tmp_path))
    assert result.returncode == 1 and "neither a station nor the office" in result.stderr
    result = run_cli(
        "station", "add", "--db", str(standalone), "--code", "ST01", "--name", "x", "--workstations", "JK01",
        "--out", str(tmp_path / "e"),
    )  # fmt: skip
    assert result.returncode == 1 and "not the office" in result.stderr
    result = run_cli("station", "enrol", "--from", str(tmp_path / "none.swbundle"), "--enrol-code", "X")
    assert result.returncode == 2 and "--db STATION_DB" in result.stderr
    result = run_cli("bundle", "check", str(tmp_path / "none.swbundle"))
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_verify_at_the_office_names_a_station_event_changed_in_its_file(enrolled: tuple[Path, Path]) -> None:
    office, station = enrolled
    _enter_hazards(station, 1)
    _ok("bundle", "write", "--db", str(station), "--out", str(station.parent))
    [bundle] = station.parent.glob("ST01_to-office_*.swbundle")
    _ok("bundle", "read", "--db", str(office), str(bundle))
    assert "OK" in _ok("verify", "--db", str(office))
    with raw_sqlite(office) as conn:
        restore = drop_protective_triggers(conn)
        seq = conn.execute("SELECT max(seq) FROM station_event WHERE entity = 'hazard'").fetchone()[0]
        conn.execute("UPDATE station_event SET actor = 'someone' WHERE seq = ?", (seq,))
        for sql in restore:
            conn.execute(sql)
    result = run_cli("verify", "--db", str(office))
    assert result.returncode == 1
    assert f"Station ST01's event #{seq} as the office holds it does not continue" in result.stdout + result.stderr


def test_the_office_report_says_how_far_each_station_reaches(enrolled: tuple[Path, Path], tmp_path: Path) -> None:
    office, station = enrolled
    alone = tmp_path / "alone.db"
    seeded_ledger(alone, CLOCK).close()
    _ok("report", "--db", str(alone), "--month", "2026-06", "--format", "json", "--out", str(tmp_path / "a.json"))
    assert "stations" not in json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))  # a single PC: as before
    _enter_hazards(station, 2)
    _ok("bundle", "write", "--db", str(station), "--out", str(station.parent))
    [bundle] = station.parent.glob("ST01_to-office_*.swbundle")
    _ok("bundle", "read", "--db", str(office), str(bundle))
    _ok("report", "--db", str(office), "--month", "2026-06", "--format", "json", "--out", str(tmp_path / "r.json"))
    [coverage] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["stations"]
    # the station's last event is its bundle's export (written now): June is covered
    assert coverage["code"] == "ST01" and coverage["data_until"][:10] == dt.date.today().isoformat()
    assert coverage["late"] is False
    _ok("report", "--db", str(office), "--month", "2026-06", "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert "各群监站数据截至" in text and "一号井口群监站" in text and "期末后未报送" not in text


def test_a_restored_station_takes_its_events_back_through_the_commands(enrolled: tuple[Path, Path]) -> None:
    office, station = enrolled
    stick = station.parent / "stick"
    stick.mkdir()
    _enter_hazards(station, 1)
    _ok("bundle", "write", "--db", str(station), "--out", str(stick))
    _ok("bundle", "read", "--db", str(office), *map(str, stick.glob("ST01_to-office_*")))
    copy = station.with_name("copy.db")
    with raw_sqlite(station) as source, raw_sqlite(copy) as target:
        source.backup(target)  # the backup, before the second hazard
    _enter_hazards(station, 1)
    for old in stick.glob("*"):
        old.unlink()
    _ok("bundle", "write", "--db", str(station), "--out", str(stick))
    _ok("bundle", "read", "--db", str(office), *map(str, stick.glob("ST01_to-office_*")))
    station.unlink()
    copy.rename(station)
    _ok("bundle", "write", "--db", str(office), "--out", str(stick / "replies"))
    behind = run_cli("bundle", "read", "--db", str(station), *map(str, (stick / "replies").glob("*")))
    assert behind.returncode == 1 and "station recover" in behind.stderr
    written = _ok("station", "recover", "--db", str(office), "--code", "ST01", "--out", str(stick))
    [recovery] = stick.glob("office_recovery-ST01_*.swbundle")
    assert str(recovery) in written
    taken = _ok("bundle", "read", "--db", str(station), str(recovery))
    assert "of this station's own events taken back from the office" in taken
    with raw_sqlite(station) as conn:
        assert conn.execute("SELECT count(*) FROM hazard").fetchone()[0] == 2
    assert "OK" in _ok("verify", "--db", str(station))
