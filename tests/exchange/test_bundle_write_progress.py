"""Writing a station bundle, a reply or a recovery bundle reports its progress and can be cancelled: a cancel
leaves no file (not even a temporary) and records nothing (issue 15, "progress and cancel on every long step")."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from safetywatch.exchange import bundle_file, bundles
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from tests.exchange.stations_setup import Station, enrol_station, state
from tests.helpers import card, refs


@pytest.fixture
def station(office: Ledger, tmp_path: Path) -> Station:
    made = enrol_station(office, tmp_path, "ST01", ["JK01"])
    r = refs(made.ledger)
    for _ in range(60):
        hazards.register(made.ledger, card(r))
    return made


def _stops_after(calls: int) -> tuple[list[int], bundles.Cancelled]:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > calls

    return asked, cancelled


def test_a_station_bundle_reports_progress_to_the_end(station: Station, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    stick = tmp_path / "stick"
    stick.mkdir()
    path = bundles.write_station_bundle(station.ledger, stick, progress=lambda d, t: seen.append((d, t)))
    assert path.exists()
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[0][0] == 0 and seen[-1] == (1000, 1000)
    assert any(0 < d < 1000 for d in done)  # the events made into lines, then the file written


@pytest.mark.parametrize("calls", [0, 1, 2])  # while gathering events, before the file, before the rename
def test_a_cancelled_station_bundle_leaves_no_file_and_no_export_event(
    station: Station, tmp_path: Path, calls: int
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    before = state(station.ledger)
    asked, cancelled = _stops_after(calls)
    with pytest.raises(bundles.WriteCancelledError, match="no bundle was written"):
        bundles.write_station_bundle(station.ledger, stick, cancelled=cancelled)
    assert len(asked) == calls + 1
    assert list(stick.iterdir()) == []  # no bundle, no temporary
    assert state(station.ledger) == before  # the bundle_export event was rolled back with the file
    path = bundles.write_station_bundle(station.ledger, stick)  # and the next write works
    assert [p.name for p in stick.iterdir()] == [path.name]


def test_a_cancel_before_the_rename_keeps_the_older_file(station: Station, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    older = bundles.write_station_bundle(station.ledger, stick / "mine.swbundle")
    content = older.read_bytes()
    writes = []
    with pytest.raises(bundles.WriteCancelledError):
        bundles.write_station_bundle(
            station.ledger, older, progress=lambda d, t: writes.append(d), cancelled=lambda: len(writes) >= 2
        )
    assert older.read_bytes() == content and [p.name for p in stick.iterdir()] == ["mine.swbundle"]


def _cancelled_then_written(write: Callable[..., Path], office: Ledger, out: Path) -> None:
    out.mkdir()
    for calls in (0, 1):
        _asked, cancelled = _stops_after(calls)
        with pytest.raises(bundles.WriteCancelledError):
            write(office, "ST01", out, cancelled=cancelled)
        assert list(out.iterdir()) == []
    seen: list[int] = []
    path = write(office, "ST01", out, progress=lambda d, _t: seen.append(d))
    assert seen[-1] == 1000 and seen == sorted(seen)
    assert bundle_file.read_bundle(path).manifest["station"]["code"] == "ST01"


def test_a_reply_and_a_recovery_bundle_report_progress_and_can_be_cancelled(
    office: Ledger, station: Station, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    bundles.read_station_bundle(office, bundles.write_station_bundle(station.ledger, stick))
    before = state(office)
    _cancelled_then_written(bundles.write_reply, office, tmp_path / "reply")
    _cancelled_then_written(bundles.write_recovery, office, tmp_path / "recovery")
    assert state(office) == before  # the office records nothing for a reply or a recovery bundle


def test_a_big_file_is_written_in_pieces(tmp_path: Path) -> None:
    """A slow USB stick: progress in bytes, piece by piece, and a cancel between pieces removes the temporary."""
    key = bytes(range(32))
    data = os.urandom(bundle_file.WRITE_CHUNK * 3)  # random: deflate leaves it as big, so three pieces or more
    seen: list[tuple[int, int]] = []
    target = tmp_path / "big.swbundle"
    bundle_file.write_bundle(
        target, {"kind": "test"}, {"data.bin": data}, key, progress=lambda d, t: seen.append((d, t))
    )
    total = target.stat().st_size
    assert len(seen) >= 3 and seen[-1] == (total, total)
    with pytest.raises(bundle_file.WriteCancelledError):
        bundle_file.write_bundle(
            tmp_path / "again.swbundle", {"kind": "test"}, {"data.bin": data}, key,
            progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) > 4,
        )  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.swbundle"]
