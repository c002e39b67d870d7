"""Staged writes: a long write runs on a private copy of the database, and only its result is copied in.

Importing 50,000 hazards runs the use cases for most of a minute. Inside the ledger's own write
transaction that minute holds SQLite's write lock, and every other program saving to the file fails with
"busy" after ``busy_timeout`` (5 s). Staged, the same work holds the lock for the copying only:

1. **Snapshot.** On a connection kept for the whole operation, one read transaction notes the database's
   ``PRAGMA data_version`` and copies the database (SQLite backup API) into a private file in the temporary
   folder. In WAL mode a reader blocks no writer.
2. **Run.** The work runs, through a :class:`Writer` for the ledger's user, in a write transaction on the
   copy: the same use cases, checks and audit events as in the ledger itself. An error, or a dry run, ends
   here and nothing was written to the ledger.
3. **Copy in.** With the copy attached, one ``BEGIN IMMEDIATE`` transaction on the kept connection checks
   that no other connection committed since the snapshot (``data_version`` unchanged: the ledger is still
   exactly the copy's starting point, so every check the work made still holds) and copies what the work
   wrote, as it is: the records it created or changed (the writer's :class:`ChangeSet`) and its audit
   events. Ids, numbers and the hash chain continue the ledger's because they were made on its copy.
4. **Stale.** If another program committed in between, the copy is out of date (its ids, numbers and chain
   head may be taken): start again from a new snapshot, at most ``attempts`` times, then refuse with
   :class:`StaleSnapshotError`. Nothing is ever half-written: the copy-in is one transaction.

Only writes made through the writer are copied: the use cases an import calls write nothing else.

**On a PostgreSQL server** (an office on a LAN, issue 18) there is no file to copy and no lock that stops the
others reading: readers never wait for a writer there (each reads its own snapshot), and only other *writers*
wait, for the advisory write lock every write transaction takes. So the work runs in the ledger's own write
transaction: the same use cases and checks on the database as it is, all or nothing, and an error or a dry
run rolls it back. The others' saves wait for it instead of being refused (docs/exchange.md).
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from safetywatch.db.dialect import is_postgres
from safetywatch.db.engine import make_engine, storage_errors
from safetywatch.domain.errors import PermissionDeniedError, SafetyWatchError, TamperedRecordError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql
from safetywatch.services.core.changes import ChangeSet
from safetywatch.services.core.ledger import Ledger
from safetywatch.services.core.writer import Writer

T = TypeVar("T")

#: Rows per ``IN (...)`` list when updating existing records (below SQLite's oldest variable limit).
_CHUNK = 500


class StaleSnapshotError(SafetyWatchError):
    """Other programs wrote to the database during every attempt; nothing was written."""


def run_staged(ledger: Ledger, work: Callable[[Writer], T], *, note: str | None = None, attempts: int = 3) -> T:
    """Run *work* on a private copy of *ledger*'s database and copy what it wrote into the ledger in one
    short write transaction (the module's docstring). Whatever *work* raises propagates and nothing is
    written; a refused write (:class:`PermissionDeniedError`, :class:`TamperedRecordError`) is audited in
    the ledger as in :meth:`Ledger.write`. The ledger's listeners hear what changed after the commit.
    On a server: one write transaction of the ledger (the module's docstring)."""
    if is_postgres(ledger.engine):
        with ledger.write(note=note) as writer:
            return work(writer)
    for _attempt in range(attempts):
        with (
            storage_errors(),
            ledger.engine.connect() as kept,
            # a copy an antivirus still holds must not turn a committed import into an error
            tempfile.TemporaryDirectory(prefix="safetywatch-stage-", ignore_cleanup_errors=True) as folder,
        ):
            raw = sql.sqlite_handle(kept)
            copy = Path(folder) / "staged.db"
            version = _snapshot(raw, copy)
            try:
                result, changes = _run(ledger, copy, work, note)
            except PermissionDeniedError as error:
                ledger.record_denial(error)
                raise
            except TamperedRecordError as error:  # the copy holds the ledger's forged row: say so in the ledger
                ledger.record_tampering(error)
                raise
            if _copy_in(raw, copy, version, changes):
                ledger.announce(changes)
                return result
    raise StaleSnapshotError(
        tr(
            "Other users saved records while this was being prepared, {attempts} times in a row, so nothing "
            "was written. Try again when fewer people are entering records."
        ).format(attempts=attempts)
    )


def _snapshot(raw: sqlite3.Connection, copy: Path) -> int:
    """Copy the database into *copy* in one read transaction; its ``data_version`` then."""
    raw.execute("BEGIN")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read snapshot starts here
        version = int(raw.execute("PRAGMA data_version").fetchone()[0])
        try:
            target = sqlite3.connect(copy)
            try:
                raw.backup(target)
            finally:
                target.close()
        except (OSError, sqlite3.Error) as exc:
            raise SafetyWatchError(
                tr(
                    "Could not make a working copy of the database in the temporary folder {folder} ({error}). "
                    "Free some space there and try again; nothing was written."
                ).format(folder=copy.parent.parent, error=exc)
            ) from exc
    finally:
        raw.execute("COMMIT")  # ends the read: no snapshot is pinned while the work runs
    return version


def _run(ledger: Ledger, copy: Path, work: Callable[[Writer], T], note: str | None) -> tuple[T, ChangeSet]:
    """Run *work* in a write transaction on the copy (committed there only if it returns)."""
    engine = make_engine(copy)
    try:
        with storage_errors(), engine.connect() as conn:
            # A scratch file: no fsync, and a rollback journal in memory instead of a WAL to checkpoint.
            sql.execute(conn, "PRAGMA journal_mode=MEMORY")
            sql.execute(conn, "PRAGMA synchronous=OFF")
            conn.execution_options(sw_begin="IMMEDIATE")
            with conn.begin():
                writer = ledger.writer_on(conn, note=note)
                result = work(writer)
        return result, writer.changes.result()
    finally:
        engine.dispose()


@contextmanager
def _attached(raw: sqlite3.Connection, copy: Path) -> Iterator[None]:
    raw.execute("ATTACH DATABASE ? AS staged", (str(copy),))
    try:
        yield
    finally:
        raw.execute("DETACH DATABASE staged")


def _copy_in(raw: sqlite3.Connection, copy: Path, version: int, changes: ChangeSet) -> bool:
    """Copy the rows the work wrote into the ledger; ``False`` (nothing written) if another connection
    committed since the snapshot."""
    with _attached(raw, copy):
        raw.execute("BEGIN IMMEDIATE")
        try:
            if int(raw.execute("PRAGMA data_version").fetchone()[0]) != version:
                raw.execute("ROLLBACK")
                return False
            raw.execute("PRAGMA defer_foreign_keys = ON")  # records and their parents in any order
            for table in sorted(changes.tables):
                _copy_table(raw, table, changes.ids(table))
            if "duty_sheet" in changes.tables:
                _copy_duty_projections(raw, changes.ids("duty_sheet"))
            raw.execute(
                "INSERT INTO main.audit_event SELECT * FROM staged.audit_event "
                "WHERE seq > (SELECT coalesce(max(seq), 0) FROM main.audit_event) ORDER BY seq"
            )
            raw.execute("COMMIT")
        except BaseException:
            if not raw.in_transaction:
                raise
            raw.execute("ROLLBACK")
            raise
    return True


def _copy_duty_projections(raw: sqlite3.Connection, sheet_ids: frozenset[int]) -> None:
    """The ``duty`` rows and ``duty_month`` totals of the shift sheets the work saved: they are written beside
    the audited sheet (``services.kinds.duty.project``), not as records of the change set. The copy started
    equal to the ledger, so its rows for those sheets, and its totals for every inspector and month they
    touch (before or after), are exactly what the ledger must hold."""
    ids = sorted(sheet_ids)
    raw.execute("CREATE TEMP TABLE IF NOT EXISTS staged_sheet (id INTEGER PRIMARY KEY)")
    raw.execute("DELETE FROM temp.staged_sheet")
    raw.executemany("INSERT INTO temp.staged_sheet VALUES (?)", ((i,) for i in ids))
    touched = (
        "SELECT inspector_id, substr(shift_date, 1, 7) FROM {db}.duty "
        "WHERE sheet_id IN (SELECT id FROM temp.staged_sheet)"
    )
    raw.execute("DROP TABLE IF EXISTS temp.staged_month")
    raw.execute(
        "CREATE TEMP TABLE staged_month AS " + touched.format(db="main") + " UNION " + touched.format(db="staged")
    )
    raw.execute("DELETE FROM main.duty WHERE sheet_id IN (SELECT id FROM temp.staged_sheet)")
    raw.execute(
        "INSERT INTO main.duty SELECT * FROM staged.duty WHERE sheet_id IN (SELECT id FROM temp.staged_sheet) "
        "ORDER BY sheet_id, inspector_id"
    )
    month_key = "(inspector_id, month) IN (SELECT * FROM temp.staged_month)"
    raw.execute(f"DELETE FROM main.duty_month WHERE {month_key}")
    raw.execute(f"INSERT INTO main.duty_month SELECT * FROM staged.duty_month WHERE {month_key}")
    raw.execute("DROP TABLE temp.staged_month")
    raw.execute("DELETE FROM temp.staged_sheet")


def _copy_table(raw: sqlite3.Connection, table: str, ids: frozenset[int]) -> None:
    """New rows (ids above the ledger's highest: the copy started equal to it) are inserted as they are;
    existing rows the work changed get all their columns from the copy."""
    columns = [row[1] for row in raw.execute(f"PRAGMA main.table_info({table})")]
    if not columns:
        return  # a pseudo-table of the change set, not a table
    top = int(raw.execute(f"SELECT coalesce(max(id), 0) FROM main.{table}").fetchone()[0])
    raw.execute(f"INSERT INTO main.{table} SELECT * FROM staged.{table} WHERE id > ? ORDER BY id", (top,))
    changed = sorted(i for i in ids if i <= top)
    names = ", ".join(columns)
    for start in range(0, len(changed), _CHUNK):
        chunk = changed[start : start + _CHUNK]
        raw.execute(
            f"UPDATE main.{table} SET ({names}) = (SELECT {names} FROM staged.{table} AS s WHERE s.id = {table}.id) "
            f"WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
