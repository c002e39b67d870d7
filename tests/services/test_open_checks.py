"""Opening checks: big files are checked fully in the background, damage is found and nothing is changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetywatch.db.engine import make_engine, read_connection
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.services.kinds import hazards as hz
from safetywatch.services.maintenance import backup, integrity, opening
from safetywatch.services.maintenance.opening import check_file, open_ledger, quick_check
from tests.helpers import card, raw_sqlite, refs, seeded_ledger

CLOCK = FixedClock(dt.datetime(2026, 6, 10, 2, 0, tzinfo=dt.UTC))


def _filled(path: Path, hazards: int = 60) -> None:
    from safetywatch.services.kinds import hazards as hz

    ledger = seeded_ledger(path, CLOCK)
    r = refs(ledger)
    for i in range(hazards):
        hz.register(ledger, card(r, description="巷道顶板离层" * 20 + str(i)))
    ledger.close()


def _damage_a_middle_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    start = (pages - 2) * page_size  # a leaf page near the end: the schema stays readable
    data[start + 8 : start + page_size] = b"\xff" * (page_size - 8)
    path.write_bytes(bytes(data))


def test_small_files_get_the_full_check_at_open(tmp_path: Path) -> None:
    db = tmp_path / "small.db"
    _filled(db)
    assert check_file(db) is True
    ledger = open_ledger(db, clock=CLOCK)
    assert ledger.needs_full_check is False
    ledger.engine.dispose()


def test_big_files_defer_the_full_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "big.db"
    _filled(db)
    monkeypatch.setattr(opening, "FULL_CHECK_AT_OPEN_BYTES", 0)
    ledger = open_ledger(db, clock=CLOCK)
    assert ledger.needs_full_check is True
    ledger.close()
    assert quick_check(db) is None


def test_damage_inside_a_table_is_found_and_the_file_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "damaged.db"
    _filled(db)
    _damage_a_middle_page(db)
    before = db.read_bytes()
    with pytest.raises(StorageError, match="damaged"):
        open_ledger(db, clock=CLOCK)  # small file: the full check runs at open
    monkeypatch.setattr(opening, "FULL_CHECK_AT_OPEN_BYTES", 0)
    assert check_file(db) is False  # structure readable: opens, and the background check...
    assert quick_check(db) is not None  # ...finds the damage
    assert db.read_bytes() == before


def _edit_event(path: Path, seq: int) -> None:
    with raw_sqlite(path) as conn:
        conn.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        conn.execute("UPDATE audit_event SET actor = 'someone else' WHERE seq = ?", (seq,))


def _head(path: Path) -> int:
    with raw_sqlite(path) as conn:
        return int(conn.execute("SELECT max(seq) FROM audit_event").fetchone()[0])


@pytest.fixture
def backed_up(tmp_path: Path) -> tuple[Path, int]:
    """A ledger with a verified backup at event #anchor and a few events after it."""
    db = tmp_path / "ledger.db"
    _filled(db, hazards=3)
    assert backup.create(db, "manual").verified
    anchor = _head(db)
    ledger = open_ledger(db, clock=CLOCK)
    hz.register(ledger, card(refs(ledger), description="备份之后登记"))
    ledger.close()
    assert _head(db) > anchor and opening.chain_problem(db) is None
    return db, anchor


def test_an_edit_after_the_newest_backup_is_refused_at_open(backed_up: tuple[Path, int]) -> None:
    """Issue 14 §2: the start-up check re-hashes only what came after the newest verified backup."""
    db, _anchor = backed_up
    _edit_event(db, _head(db))
    assert "changed after it was written" in (opening.chain_problem(db) or "")
    with pytest.raises(opening.DatabaseRefusedError) as refused:
        open_ledger(db)
    assert refused.value.kind == "tampered"


def test_a_chain_cut_below_the_newest_backup_is_refused_at_open(backed_up: tuple[Path, int]) -> None:
    db, anchor = backed_up
    with raw_sqlite(db) as conn:
        conn.execute("DROP TRIGGER audit_event_no_delete")
        conn.execute("DELETE FROM audit_event WHERE seq >= ?", (anchor - 1,))
    assert "events were removed" in (opening.chain_problem(db) or "")


def test_an_edit_before_the_newest_backup_is_left_to_verify(backed_up: tuple[Path, int]) -> None:
    """Re-hashing events the backup already verified would make the start-up check grow with the file
    again; ``verify`` (and the next backup's verification) re-hash all of them."""
    db, _anchor = backed_up
    _edit_event(db, 2)
    assert opening.chain_problem(db) is None
    engine = make_engine(db, read_only=True)
    try:
        with read_connection(engine) as conn:
            problems = [p.message for p in integrity.verify(conn).problems]
    finally:
        engine.dispose()
    assert any("#2 " in p and "changed after it was written" in p for p in problems), problems
