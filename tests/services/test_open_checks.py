"""Opening checks: big files are checked fully in the background, damage is found and nothing is changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.services.maintenance import opening
from safetywatch.services.maintenance.opening import check_file, open_ledger, quick_check
from tests.helpers import card, refs, seeded_ledger

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
