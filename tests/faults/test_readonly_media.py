"""A healthy database SafetyWatch may read but not write is not "damaged" (issue 13 §4).

Three real places, each through the real command line in a child process:

* **read-only media**: the folder bind-mounted read-only in a user and mount namespace (``unshare -rm``;
  the kernel answers EROFS as for a write-protected USB stick or a CD, even for root);
* **a folder the user may not write**: ``chmod 555``; when the tests run as root, whom permission bits do
  not stop, the child runs without the capabilities that override them (``setpriv``), so the bits apply
  to it as to the file's owner;
* **a write-protected file** in a folder the user may write (``chmod 444``, the same way).

In the first two no ``-shm`` can be created beside the file, which SQLite needs to read a WAL database:
plain ``mode=ro`` fails ("unable to open database file" / "attempt to write a readonly database"), and
``verify``, ``report`` and ``export`` used to call the file damaged. They must succeed; a command that
writes must say "read-only".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from safetywatch.domain.clock import FixedClock
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance.opening import open_ledger
from tests.faults.test_single_writer import ROOT
from tests.faults.writer import CLOCK_AT
from tests.helpers import card, refs, seeded_ledger

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and mount namespaces")

#: What lets root write whatever the permission bits say.
OVERRIDING_CAPABILITIES = ("dac_override", "dac_read_search", "fowner")
READ_ONLY_WORDS = "is read-only"
#: What SQLite itself answers when it cannot create the -shm of a WAL database: the attack is real.
SQLITE_REFUSALS = ("unable to open database file", "attempt to write a readonly database")

_MOUNT_READ_ONLY = 'mount --bind -o ro "$0" "$0" && exec "$@"'


@cache
def _namespaces_work() -> bool:
    """Whether this kernel lets us bind-mount a folder read-only in a user namespace."""
    if shutil.which("unshare") is None:
        return False
    folder = tempfile.mkdtemp(prefix="safetywatch-ro-probe-")
    try:
        probe = subprocess.run(
            ["unshare", "-rm", "sh", "-c", _MOUNT_READ_ONLY, folder, "sh", "-c", "touch $0/x", folder],
            capture_output=True,
            timeout=30,
        )
        return probe.returncode != 0 and not Path(folder, "x").exists() and b"Read-only" in probe.stderr
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@cache
def _permission_prefix() -> list[str] | None:
    """How to run a child that permission bits stop: as is for a user, without the capabilities that
    override them for root (``setpriv``); ``None`` if root cannot shed them here."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    prefix = ["setpriv", f"--bounding-set=-{',-'.join(OVERRIDING_CAPABILITIES)}"]
    folder = Path(tempfile.mkdtemp(prefix="safetywatch-ro-probe-"))
    try:
        folder.chmod(0o555)
        probe = subprocess.run([*prefix, "sh", "-c", "touch $0/x", str(folder)], capture_output=True, timeout=30)
        return prefix if probe.returncode != 0 and not (folder / "x").exists() else None
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Place:
    """A database in a place the child process may read but not write, and how to run a child there."""

    db: Path
    prefix: list[str]  # the namespace with the read-only mount, or setpriv
    folder_writable: bool = False

    def python(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, sys.executable, *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.python("-m", "safetywatch", *args)


def _healthy_database(path: Path) -> Path:
    """A small ledger with two hazards in June 2026, closed cleanly (no -wal or -shm left)."""
    ledger = seeded_ledger(path, FixedClock(CLOCK_AT))
    r = refs(ledger)
    for day in (2, 9):
        hazards.register(ledger, card(r, found_date=CLOCK_AT.date().replace(day=day)))
    ledger.close()
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    return path


@pytest.fixture(params=["read-only media", "folder not writable", "write-protected file"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Place]:
    kind = request.param
    if kind == "read-only media":
        if not _namespaces_work():
            pytest.skip("no user/mount namespaces here (unshare -rm): the permission cases still run")
        folder = tmp_path / "stick"
        folder.mkdir()
        db = _healthy_database(folder / "ledger.db")
        # the child's data folder (conftest's) stays writable: backups and logs are never on the medium
        yield Place(db, ["unshare", "-rm", "sh", "-c", _MOUNT_READ_ONLY, str(folder)])
        return
    prefix = _permission_prefix()
    if prefix is None:
        pytest.skip("root without setpriv: permission bits do not stop it (the read-only media case runs)")
    folder = tmp_path / "ledger"
    folder.mkdir()
    db = _healthy_database(folder / "ledger.db")
    protected = folder if kind == "folder not writable" else db
    protected.chmod(0o555 if protected.is_dir() else 0o444)
    try:
        yield Place(db, prefix, folder_writable=kind == "write-protected file")
    finally:
        protected.chmod(0o755 if protected.is_dir() else 0o644)


def test_the_attack_is_real_sqlite_alone_cannot_read_it(place: Place) -> None:
    """Plain ``mode=ro`` where no ``-shm`` can be created, as the program opened it before: SQLite refuses
    the healthy file (a write-protected file in a writable folder it reads; the write is the attack)."""
    script = (
        "import sqlite3, sys\n"
        "conn = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)\n"
        "try:\n"
        "    print(conn.execute('SELECT count(*) FROM hazard').fetchone()[0])\n"
        "except sqlite3.Error as exc:\n"
        "    print(exc)\n"
    )
    result = place.python("-c", script, str(place.db))
    expected = ("2",) if place.folder_writable else SQLITE_REFUSALS
    assert result.stdout.strip() in expected, result.stdout + result.stderr


def test_verify_report_export_and_backup_work_and_a_write_says_read_only(place: Place, tmp_path: Path) -> None:
    before = place.db.read_bytes()
    out = tmp_path / "out"  # elsewhere, writable: the reports and exports go here
    out.mkdir()
    verified = place.cli("verify", "--db", str(place.db))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "OK" in verified.stdout and "damaged" not in verified.stdout + verified.stderr

    report = place.cli("report", "--db", str(place.db), "--month", "2026-06", "--out", str(out / "june.pdf"))
    assert report.returncode == 0, report.stderr
    assert (out / "june.pdf").read_bytes().startswith(b"%PDF")

    exported = place.cli("export", "--db", str(place.db), "--what", "hazards", "--out", str(out / "h.csv"))
    assert exported.returncode == 0, exported.stderr
    assert '"verified": true' in (out / "h.csv.manifest.json").read_text(encoding="utf-8")

    copied = place.cli("backup", "--db", str(place.db))  # into the user data folder, elsewhere
    assert copied.returncode == 0 and "verified:" in copied.stdout, copied.stdout + copied.stderr

    write = place.cli(
        "import", "--db", str(place.db), "--what", "hazards", str(out / "h.csv"), "--operator", "张三", "--dry-run"
    )
    assert write.returncode == 1
    assert READ_ONLY_WORDS in write.stderr and "damaged" not in write.stderr, write.stderr
    assert "copy it to a writable folder" in write.stderr
    assert place.db.read_bytes() == before


def test_the_gui_refuses_a_read_only_file_as_read_only(place: Place) -> None:
    """The GUI cannot log anyone in without writing (log-ins are audited): it says why, in Chinese, and
    does not offer to restore a backup over a healthy file."""
    result = place.cli("--self-test", "--db", str(place.db))
    assert result.returncode == 1
    assert "self-test FAILED" in result.stderr and "只读" in result.stderr, result.stderr
    assert "已损坏" not in result.stderr


#: Reads the database read-only, holding its read open until told to finish; prints how it ended.
_SLOW_READER = """
import sys
from pathlib import Path
from safetywatch.db.engine import make_engine, read_connection, read_only_uri
from safetywatch.domain.errors import StorageError

db = Path(sys.argv[1])
print(read_only_uri(db), flush=True)
engine = make_engine(db, read_only=True)
try:
    with read_connection(engine) as conn:
        conn.exec_driver_sql("SELECT count(*) FROM hazard").scalar()
        print("READING", flush=True)
        sys.stdin.readline()
    print("READ OK", flush=True)
except StorageError as exc:
    print("REFUSED", exc, flush=True)
"""


@pytest.mark.parametrize("place", ["read-only media", "folder not writable"], indirect=True)
def test_a_change_by_someone_else_during_an_unlocked_read_is_refused(place: Place) -> None:
    """``immutable=1`` takes no locks: if another account's SafetyWatch writes the file meanwhile (it may
    write the folder, the reader may not), the read must not be used. (A writable folder is read with
    locks, ``mode=ro``: SQLite keeps the snapshot itself.)"""
    reader = subprocess.Popen(
        [*place.prefix, sys.executable, "-c", _SLOW_READER, str(place.db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    try:
        assert reader.stdout.readline().strip().endswith("immutable=1")
        assert reader.stdout.readline().strip() == "READING"
        folder = place.db.parent
        mode = folder.stat().st_mode
        folder.chmod(0o755)  # the other account, who may write there
        try:
            ledger = open_ledger(place.db)
            hazards.register(ledger, card(refs(ledger), found_date=CLOCK_AT.date()))
            ledger.close()
        finally:
            folder.chmod(mode)
        out, err = reader.communicate("\n", timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    assert out.startswith("REFUSED") and "changed by another program while it was being read" in out, out + err
