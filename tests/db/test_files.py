"""Atomic file writes, stale temporaries, and network-share detection (reliability.md items 2, 5, 25)."""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path

import pytest

from safetywatch.db import files
from safetywatch.db.files import atomic_path, atomic_write, atomic_writer, clean_stale_temporaries, network_filesystem


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "report.pdf"
    atomic_write(target, b"first")
    atomic_write(target, b"second version")
    assert target.read_bytes() == b"second version"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]


def test_a_failure_half_way_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_bytes(b"old, complete")
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write(b"new but only half")
        raise RuntimeError("the export failed half-way")
    assert target.read_bytes() == b"old, complete"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_disk_full_while_writing_is_an_oserror_and_the_target_is_untouched(tmp_path: Path) -> None:
    """Checklist item 5 (export to a full disk): ENOSPC, no truncated file under the final name."""
    target = tmp_path / "export.csv"
    target.write_bytes(b"old")
    if Path("/dev/full").exists():
        with pytest.raises(OSError) as info, atomic_path(target) as temporary:
            with open("/dev/full", "wb") as full:  # the real thing: every write fails with ENOSPC
                full.write(b"x" * 100_000)
                full.flush()
            temporary.write_bytes(b"never reached")
        assert info.value.errno == errno.ENOSPC
    else:  # Windows: no /dev/full; the same path through an injected failure
        with pytest.raises(OSError), atomic_path(target):
            raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_stale_temporaries_are_cleaned_but_fresh_ones_and_other_files_kept(tmp_path: Path) -> None:
    stale = tmp_path / ".report.pdf.abc123.tmp"
    stale_journal = tmp_path / ".backup.db.x1.tmp-journal"
    fresh = tmp_path / ".report.pdf.def456.tmp"  # another process may still be writing it
    mine = [tmp_path / "report.pdf", tmp_path / ".hidden-settings", tmp_path / "notes.tmp", tmp_path / ".x.tmp"]
    for path in (stale, stale_journal, fresh, *mine):
        path.write_bytes(b"data")
    _age(stale, 3600)
    _age(stale_journal, 3600)
    for path in mine:
        _age(path, 3600)
    assert clean_stale_temporaries(tmp_path) == 2
    assert not stale.exists() and not stale_journal.exists()
    assert fresh.exists() and all(p.exists() for p in mine)
    assert clean_stale_temporaries(tmp_path, older_than=0) == 1  # the fresh one too, when asked
    assert all(p.exists() for p in mine)


def test_writing_a_target_cleans_its_own_stale_temporaries(tmp_path: Path) -> None:
    left = tmp_path / ".month.pdf.crashed.tmp"
    other = tmp_path / ".other.pdf.crashed.tmp"
    for path in (left, other):
        path.write_bytes(b"half")
        _age(path, 3600)
    atomic_write(tmp_path / "month.pdf", b"pdf")
    assert not left.exists()
    assert other.exists()  # another target's temporary is left for its own writer or the start-up clean


# --- network shares -----------------------------------------------------------------------------------

MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/ledger nfs4 rw,relatime 0 0
//nas/share /media/my\\040share cifs rw 0 0
user@host:/x /home/u/remote fuse.sshfs rw 0 0
tmpfs {tmp} tmpfs rw 0 0
"""


@pytest.fixture
def fake_mounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS.format(tmp=tmp_path / "local"), encoding="utf-8")
    monkeypatch.setattr(files, "MOUNTS_FILE", mounts)
    monkeypatch.setattr(files.sys, "platform", "linux")
    return mounts


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux /proc/mounts rules")
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/mnt/ledger/safetywatch.db", "nfs4"),
        ("/mnt/ledger/new/folder/x.db", "nfs4"),  # not created yet: the nearest existing folder counts
        ("/media/my share/台账.db", "cifs"),
        ("/home/u/remote/a.db", "fuse.sshfs"),
        ("/mnt/ledgerX/a.db", None),  # a longer name is not inside the mount
        ("/home/u/a.db", None),
    ],
)
def test_linux_network_mounts_are_recognised(fake_mounts: Path, path: str, expected: str | None) -> None:
    assert network_filesystem(Path(path)) == expected


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux /proc/mounts rules")
def test_a_local_file_is_not_a_network_share(fake_mounts: Path, tmp_path: Path) -> None:
    (tmp_path / "local").mkdir()
    assert network_filesystem(tmp_path / "local" / "safetywatch.db") is None


@pytest.mark.parametrize("path", [r"\\server\share\safetywatch.db", "//server/share/safetywatch.db"])
def test_unc_paths_are_network_shares_on_every_platform(path: str) -> None:
    assert network_filesystem(Path(path)) == "UNC" or network_filesystem(path) == "UNC"  # type: ignore[arg-type]


def test_windows_mapped_network_drive(monkeypatch: pytest.MonkeyPatch) -> None:
    """GetDriveTypeW says DRIVE_REMOTE for a mapped share (the call itself only runs on Windows)."""
    asked: list[str] = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return files.DRIVE_REMOTE if root.upper().startswith("Z:") else 3  # 3: DRIVE_FIXED

    monkeypatch.setattr(files, "_windows_drive_type", drive_type)
    monkeypatch.setattr(files.sys, "platform", "win32")
    monkeypatch.setattr(files.os.path, "abspath", lambda p: str(p))

    class WinPath:
        def __init__(self, text: str) -> None:
            self.drive = text[:2]
            self.text = text

        def __str__(self) -> str:
            return self.text

    monkeypatch.setattr(files, "Path", WinPath)
    assert network_filesystem("Z:\\台账\\safetywatch.db") == "network drive Z:"  # type: ignore[arg-type]
    assert network_filesystem("C:\\Users\\a\\safetywatch.db") is None  # type: ignore[arg-type]
    assert asked == ["Z:\\", "C:\\"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_a_written_file_is_readable_by_others_unless_it_replaces_a_private_one(tmp_path: Path) -> None:
    fresh = atomic_write(tmp_path / "report.pdf", b"%PDF")
    assert fresh.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600: exports are handed on
    private = tmp_path / "private.csv"
    private.write_bytes(b"old")
    private.chmod(0o600)
    atomic_write(private, b"new")
    assert private.stat().st_mode & 0o777 == 0o600
