"""Connections and transactions (reliability.md checklist items 3, 4, 6, 7, 8, 9).

Every connection the pool or a thread opens carries the PRAGMAs; every write starts with ``BEGIN IMMEDIATE``
(so ``busy_timeout`` applies); environmental SQLite failures reach the user as a StorageError message.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError

from safetywatch.db.engine import (
    BUSY_TIMEOUT_MS,
    known_storage_message,
    make_engine,
    read_connection,
    storage_errors,
    write_transaction,
)
from safetywatch.domain.errors import StorageError
from safetywatch.domain.hazard_loop import HazardAction
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.kinds import hazards, reference
from safetywatch.services.maintenance.opening import open_ledger
from tests.helpers import card, refs

BUSY = "The database is busy"
READ_ONLY = "The database is read-only"
FULL = "The disk is full"
NOT_A_DB = "This file is not a SafetyWatch database"

PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "trusted_schema")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A small database file with one table, made through our engine (so it is in WAL mode)."""
    path = tmp_path / "engine.db"
    engine = make_engine(path)
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    engine.dispose()
    return path


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = make_engine(db_path)
    yield eng
    eng.dispose()


def _pragmas(conn: Any) -> dict[str, Any]:
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in PRAGMAS}


def _assert_reliable(values: dict[str, Any]) -> None:
    assert values["journal_mode"] == "wal"
    assert values["synchronous"] == 2  # FULL
    assert values["foreign_keys"] == 1
    assert values["busy_timeout"] >= 5000
    assert values["trusted_schema"] == 0


def _trace(engine: Engine) -> list[str]:
    """Record every SQL statement SQLite runs on connections opened from now on."""
    statements: list[str] = []
    engine.dispose()  # pooled connections opened before would not be traced

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    return statements


def _lower_busy_timeout(engine: Engine, ms: int) -> None:
    """Runs after make_engine's own listener, so it overrides the 5 s wait for a quick test."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={ms}")


def _count(engine: Engine) -> int:
    with read_connection(engine) as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM item").scalar_one())


# --- PRAGMAs ------------------------------------------------------------------------------------------


def test_pragmas_on_ten_pooled_connections(engine: Engine) -> None:
    conns = [engine.connect() for _ in range(10)]  # all checked out at once: ten distinct connections
    try:
        raw = {id(c.connection.dbapi_connection) for c in conns}
        assert len(raw) == 10
        for conn in conns:
            _assert_reliable(_pragmas(conn))
    finally:
        for conn in conns:
            conn.close()
    # and again once they come back from the pool
    for _ in range(10):
        with engine.connect() as conn:
            _assert_reliable(_pragmas(conn))


def test_pragmas_on_connections_opened_in_threads(engine: Engine) -> None:
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(10)

    def work() -> None:
        try:
            with engine.connect() as conn:
                barrier.wait(timeout=10)  # hold ten connections open at the same time
                results.append(_pragmas(conn))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert len(results) == 10
    for values in results:
        _assert_reliable(values)


def test_busy_timeout_constant() -> None:
    assert BUSY_TIMEOUT_MS >= 5000


def test_ledger_connections_have_the_pragmas(ledger: Ledger) -> None:
    with ledger.read() as conn:
        _assert_reliable(_pragmas(conn))
    with ledger.write() as w:
        _assert_reliable(_pragmas(w.conn))


def test_read_only_engine_refuses_writes_at_the_connection(db_path: Path) -> None:
    eng = make_engine(db_path, read_only=True)
    try:
        with read_connection(eng) as conn:
            assert conn.exec_driver_sql("PRAGMA query_only").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
        with pytest.raises(StorageError, match=READ_ONLY), write_transaction(eng) as conn:
            conn.exec_driver_sql("INSERT INTO item (name) VALUES ('x')")
    finally:
        eng.dispose()


# --- transactions -------------------------------------------------------------------------------------


def test_write_transaction_begins_immediate_and_commits(engine: Engine) -> None:
    statements = _trace(engine)
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("INSERT INTO item (name) VALUES ('a')")
    ours = [s for s in statements if not s.startswith("PRAGMA")]
    assert ours == ["BEGIN IMMEDIATE", "INSERT INTO item (name) VALUES ('a')", "COMMIT"]
    assert _count(engine) == 1


def test_write_transaction_rolls_back_on_error(engine: Engine) -> None:
    statements = _trace(engine)
    with pytest.raises(RuntimeError), write_transaction(engine) as conn:
        conn.exec_driver_sql("INSERT INTO item (name) VALUES ('a')")
        raise RuntimeError("the user action failed half-way")
    assert "ROLLBACK" in statements
    assert "COMMIT" not in statements
    assert _count(engine) == 0


def test_reads_begin_deferred(engine: Engine) -> None:
    statements = _trace(engine)
    with read_connection(engine) as conn:
        conn.exec_driver_sql("SELECT count(*) FROM item").scalar_one()
    ours = [s for s in statements if not s.startswith("PRAGMA")]
    assert ours[0] == "BEGIN DEFERRED"


def test_every_service_write_is_inside_begin_immediate(ledger: Ledger) -> None:
    """Trace a session of real service calls: no write runs outside a BEGIN IMMEDIATE transaction."""
    statements = _trace(ledger.engine)
    r = refs(ledger)
    today = ledger.clock.today()
    reference.save(ledger, "shift", {"code": "4", "name": "检修班", "starts": "06:00", "ends": "14:00"})
    hazard = hazards.register(ledger, card(r))
    hazards.act(ledger, hazard["id"], hazards.StepInput(HazardAction.ISSUE_NOTICE, today))
    hazards.register(ledger, card(r, fixed_on_site=True))
    writes = 0
    mode = None
    for sql in statements:
        word = sql.split(None, 1)[0].upper()
        if word == "BEGIN":
            mode = sql.upper()
        elif word in ("COMMIT", "ROLLBACK"):
            mode = None
        elif word in ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP"):
            writes += 1
            assert mode == "BEGIN IMMEDIATE", sql
    assert writes >= 10


# --- busy ---------------------------------------------------------------------------------------------


def test_second_writer_gets_busy_message_after_the_timeout(db_path: Path, engine: Engine) -> None:
    _lower_busy_timeout(engine, 300)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.perf_counter()
        with pytest.raises(StorageError, match=BUSY), write_transaction(engine) as conn:
            conn.exec_driver_sql("INSERT INTO item (name) VALUES ('blocked')")
        waited = time.perf_counter() - started
        assert waited >= 0.25, "BEGIN IMMEDIATE must wait for busy_timeout, not fail at once"
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    # after the other program lets go, the retry saves exactly once
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("INSERT INTO item (name) VALUES ('blocked')")
    assert _count(engine) == 1


def test_writer_waits_for_a_short_lock_instead_of_failing(db_path: Path, engine: Engine) -> None:
    """With the real 5 s timeout, a lock released after 0.5 s only delays the save."""
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO item (name) VALUES ('theirs')")
        release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
        release.start()
        started = time.perf_counter()
        with write_transaction(engine) as conn:
            conn.exec_driver_sql("INSERT INTO item (name) VALUES ('ours')")
        waited = time.perf_counter() - started
        release.join()
    finally:
        holder.close()
    assert 0.4 <= waited < 5
    assert _count(engine) == 2


# --- environmental errors -----------------------------------------------------------------------------


def test_disk_full_is_a_storage_error_and_saves_nothing(engine: Engine) -> None:
    with pytest.raises(StorageError, match=FULL), write_transaction(engine) as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages}")
        conn.exec_driver_sql("INSERT INTO item (name) VALUES ('small')")
        conn.exec_driver_sql("INSERT INTO item (name) VALUES (hex(zeroblob(200000)))")
    engine.dispose()  # max_page_count is per connection: a fresh one has room again
    assert _count(engine) == 0


def test_text_file_renamed_db_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = "这是一个文本文件，不是数据库。\n" * 200
    path.write_text(content, encoding="utf-8")
    eng = make_engine(path)
    try:
        with pytest.raises(StorageError, match=NOT_A_DB), read_connection(eng) as conn:
            conn.exec_driver_sql("SELECT 1")
    finally:
        eng.dispose()
    assert path.read_text(encoding="utf-8") == content  # left exactly as it was
    with pytest.raises(StorageError):
        open_ledger(path)
    assert path.read_text(encoding="utf-8") == content


def _busy_error(path: Path) -> sqlite3.Error:
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            return exc
        raise AssertionError("the second writer was not refused")
    finally:
        other.close()
        holder.close()


def _read_only_error(path: Path) -> sqlite3.Error:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("INSERT INTO item (name) VALUES ('x')")
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("a read-only connection wrote")


def _full_error(path: Path) -> sqlite3.Error:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        conn.execute("INSERT INTO item (name) VALUES (hex(zeroblob(200000)))")
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("the database did not fill up")


def _not_a_db_error(path: Path) -> sqlite3.Error:
    fake = path.with_name("fake.db")
    fake.write_text("hello, I am a text file\n" * 100, encoding="utf-8")
    conn = sqlite3.connect(fake)
    try:
        conn.execute("SELECT * FROM sqlite_master")
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("a text file opened as a database")


@pytest.mark.parametrize(
    ("make_error", "code", "message"),
    [
        (_busy_error, 5, BUSY),
        (_read_only_error, 8, READ_ONLY),
        (_full_error, 13, FULL),
        (_not_a_db_error, 26, NOT_A_DB),
    ],
    ids=["busy", "readonly", "full", "notadb"],
)
def test_real_sqlite_errors_map_to_user_messages(
    db_path: Path, make_error: Callable[[Path], sqlite3.Error], code: int, message: str
) -> None:
    error = make_error(db_path)
    assert error.sqlite_errorcode & 0xFF == code
    text = known_storage_message(error)
    assert text is not None and text.startswith(message)
    with pytest.raises(StorageError, match=message) as info, storage_errors():
        raise error
    assert info.value.__cause__ is error


def test_bugs_are_not_disguised_as_storage_errors(engine: Engine) -> None:
    """A constraint violation is our bug (or a race we should handle), not the environment's fault."""
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("INSERT INTO item (name) VALUES ('dup')")
    with pytest.raises(IntegrityError), write_transaction(engine) as conn:
        conn.exec_driver_sql("INSERT INTO item (name) VALUES ('dup')")
    assert known_storage_message(ValueError("not sqlite")) is None
    with pytest.raises(sqlite3.ProgrammingError), storage_errors():
        raise sqlite3.ProgrammingError("misuse")


@pytest.mark.parametrize("folder", ["with space", "hash#sign", "per%cent", "问号?", "中文 文件夹"])
def test_awkward_folder_names_open_read_write_and_read_only(tmp_path: Path, folder: str) -> None:
    """Windows user folders often contain spaces; '#', '?' and '%' would break a hand-made file: URI."""
    from safetywatch.db.engine import make_engine, read_connection, write_transaction
    from safetywatch.services.maintenance.opening import check_file, quick_check

    path = tmp_path / folder / "ledger.db"
    path.parent.mkdir()
    engine = make_engine(path)
    with write_transaction(engine) as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.exec_driver_sql("INSERT INTO t VALUES (42)")
    engine.dispose()
    assert check_file(path, full=False) is False and quick_check(path) is None
    reader = make_engine(path, read_only=True)
    with read_connection(reader) as conn:
        assert conn.exec_driver_sql("SELECT x FROM t").scalar_one() == 42
    reader.dispose()
    assert sorted(p.name for p in path.parent.iterdir() if p.suffix == ".db") == ["ledger.db"]
