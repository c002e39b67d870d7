"""Damaged, foreign and tampered files at start, and storage faults while saving (reliability.md items 4, 6,
7, 9, 10, 25). Fixtures mutate a copy of a real ledger; the program must refuse it untouched and offer the
verified backups, never repair it or create a fresh database over it."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from safetywatch.domain.errors import StorageError
from safetywatch.services.core import audit
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance import backup, integrity
from safetywatch.services.maintenance.opening import DatabaseRefusedError, open_ledger
from tests.faults.test_single_writer import ROOT
from tests.helpers import card, count_rows, refs


def _page_size(data: bytes) -> int:
    return int.from_bytes(data[16:18], "big")


def _random_page(path: Path) -> None:
    """Page 2 (the first below the schema) overwritten with random bytes."""
    data = bytearray(path.read_bytes())
    size = _page_size(data)
    data[size : 2 * size] = random.Random(9).randbytes(size)
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _text_file(path: Path) -> None:
    path.write_text("这是一份记事本文件，被改名为 .db。\n" * 100, encoding="utf-8")


def _other_program(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('张三')")
    conn.commit()
    conn.close()


DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "random-page": (_random_page, "damaged"),
    "truncated": (_truncated, "damaged"),
    "zero-length": (_zero_length, "empty"),
    "text-file": (_text_file, "not a SafetyWatch database"),
    "other-program": (_other_program, "another program"),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_damaged_or_foreign_file_is_refused_untouched_with_backups_offered(ledger: Ledger, damage: str) -> None:
    r = refs(ledger)
    for i in range(40):
        hazards.register(ledger, card(r, description="巷道顶板离层" * 10 + str(i)))
    made = backup.create(ledger.path, "manual")
    ledger.close()
    mutate, words = DAMAGES[damage]
    mutate(ledger.path)
    before = ledger.path.read_bytes()
    siblings = sorted(p.name for p in ledger.path.parent.iterdir())
    with pytest.raises(DatabaseRefusedError) as info:
        open_ledger(ledger.path)
    assert words in str(info.value)
    assert info.value.backups == [made]  # the verified backups, offered for a restore
    assert ledger.path.read_bytes() == before  # not repaired, not replaced by a fresh database
    # nothing written beside it, except that SQLite's read-only check of a WAL-mode file may create its
    # (empty) -wal and its -shm index; no journal, no new database
    new = sorted(set(p.name for p in ledger.path.parent.iterdir()) - set(siblings))
    assert set(new) <= {"ledger.db-wal", "ledger.db-shm"}
    wal = ledger.path.with_name("ledger.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_broken_chain_is_refused_at_start_and_named(ledger: Ledger) -> None:
    """Item 10: an audit event edited with the triggers dropped; quick_check still says ok."""
    from tests.helpers import drop_protective_triggers, raw_sqlite

    hazards.register(ledger, card(refs(ledger)))
    ledger.close()
    with raw_sqlite(ledger.path) as conn:
        restore = drop_protective_triggers(conn)
        conn.execute("UPDATE audit_event SET actor = '别人' WHERE seq = 3")
        for sql in restore:
            conn.execute(sql)
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    with pytest.raises(DatabaseRefusedError) as info:
        open_ledger(ledger.path)
    assert info.value.kind == "tampered"
    assert "#3" in str(info.value) and "changed after it was written" in str(info.value)


def test_deleted_hot_wal_loses_commits_and_the_backup_anchor_notices(ledger: Ledger, tmp_path: Path) -> None:
    """Item 10: a hot -wal deleted (the file copied without it): quick_check ok, chain self-consistent,
    but the chain ends below the head recorded by the latest backup."""
    r = refs(ledger)
    hazards.register(ledger, card(r))
    with ledger.read() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the file holds everything so far
    for _ in range(3):
        hazards.register(ledger, card(r))
    made = backup.create(ledger.path, "manual")
    wal = Path(f"{ledger.path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the commits are still only in the WAL
    copy = tmp_path / "without-wal.db"
    shutil.copyfile(ledger.path, copy)  # what is left when the -wal is deleted
    raw = sqlite3.connect(copy)
    assert raw.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    raw.close()
    from safetywatch.db.engine import make_engine, read_connection

    engine = make_engine(copy, read_only=True)
    with read_connection(engine) as conn:
        assert audit.verify_chain(conn).ok
        problems = audit.verify_anchors(conn, [audit.Anchor(made.head_seq, made.head_hash, made.path.name)])
    engine.dispose()
    assert problems and "events were removed" in problems[0].message


def test_network_share_is_refused_for_writing(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 25: SQLite locking is unsafe on NFS/SMB (detector itself: tests/db/test_files.py)."""
    from safetywatch.db import files

    ledger.close()
    monkeypatch.setattr(files, "network_filesystem", lambda _path: "cifs")
    with pytest.raises(DatabaseRefusedError) as info:
        open_ledger(ledger.path)
    assert info.value.kind == "network" and "network share (cifs)" in str(info.value)


# --- storage faults while saving ---------------------------------------------------------------------

IO_ERROR_CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from safetywatch.domain.clock import FixedClock
from safetywatch.domain.errors import StorageError
from safetywatch.services.kinds import hazards
from safetywatch.services.maintenance.opening import open_ledger
from tests.faults.writer import CLOCK_AT
from tests.helpers import card, refs
ledger = open_ledger(sys.argv[1], clock=FixedClock(CLOCK_AT), seed=False)
r = refs(ledger)
size = __import__("os").path.getsize(sys.argv[1]) + __import__("os").path.getsize(sys.argv[1] + "-wal")
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 20000, size + 20000))
saved = 0
try:
    for i in range(10000):
        hazards.register(ledger, card(r, description="长描述" * 300 + str(i)))
        saved += 1
except StorageError as exc:
    print(f"{exc.kind}|{saved}|{exc}", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_io_error_while_saving_is_a_clear_message_and_saves_nothing_partial(ledger: Ledger) -> None:
    """Item 4 variant: a child with RLIMIT_FSIZE and SIGXFSZ ignored gets SQLITE_IOERR (or FULL)."""
    ledger.close()
    result = subprocess.run(
        [sys.executable, "-c", IO_ERROR_CHILD, str(ledger.path)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.count("|") >= 2, result.stdout + result.stderr  # the child names the refusal
    kind, saved, message = result.stdout.strip().split("|", 2)
    assert kind in ("ioerr", "full"), result.stdout + result.stderr
    assert "Nothing was saved" in message
    reopened = open_ledger(ledger.path)
    try:
        assert count_rows(reopened, "hazard") == int(saved)  # every acknowledged save, nothing partial
        with reopened.read() as conn:
            assert integrity.verify(conn).ok
    finally:
        reopened.close()


def test_storage_error_kinds_are_distinct() -> None:
    from safetywatch.db.engine import _KINDS, _KNOWN_CODES

    assert set(_KINDS) == set(_KNOWN_CODES)
    assert len(set(_KNOWN_CODES.values())) == len(_KNOWN_CODES)  # one message per fault
    assert StorageError("x", kind="busy").retryable and not StorageError("x", kind="full").retryable
