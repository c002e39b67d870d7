"""Moving a whole ledger to another engine: an office's SQLite file to its new PostgreSQL database, or back.

Every table is copied row for row (its ids, the audit chain's seq and hashes unchanged), so the copy verifies
on its own and its chain head is the source's: every printed report's footer and every backup's anchor still
matches. The source is only read, in one snapshot. The target must be empty; it is migrated to this program's
schema, filled in one write transaction (under the write lock: no one can write in between) and verified.
Only INSERTs are issued, so the protective triggers stay on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, text

from safetywatch.db.dialect import is_postgres, is_server_url
from safetywatch.db.engine import make_engine, read_connection, write_transaction
from safetywatch.db.migrate import current_revision, head_revision, upgrade_to_head
from safetywatch.db.models import metadata
from safetywatch.domain.errors import SafetyWatchError
from safetywatch.domain.i18n import tr
from safetywatch.services.core import sql
from safetywatch.services.maintenance import integrity
from safetywatch.services.maintenance.opening import (
    connect_server,
    is_blank,
    local_path,
    open_for_reading,
    shown_name,
)

#: Rows per executemany: big enough that round trips to a server do not dominate, small enough for memory.
BATCH_ROWS = 5000


class CopyRefusedError(SafetyWatchError):
    """The copy was not made (the source is not fit to copy, or the target is not empty); nothing was written."""


@dataclass
class CopyResult:
    """What was copied: rows per table, and the chain head both databases share."""

    rows: dict[str, int] = field(default_factory=dict)
    head: tuple[int, str] = (0, "")
    events_checked: int = 0


def copy_database(
    source: Path | str, target: Path | str, *, progress: Callable[[str, int], None] | None = None
) -> CopyResult:
    """Copy the ledger at *source* into the empty database *target* (a file or a ``postgresql://`` address each).

    Refuses (:class:`CopyRefusedError`, nothing written) a source that fails ``verify`` or is not at this
    program's schema, and a target that holds anything. *progress* hears each table's name and row count.
    """
    source_engine = _source_engine(source)
    try:
        with read_connection(source_engine) as reading:  # one snapshot: checked and copied as it is
            head = _check_source(reading, source_engine, source)
            made_file = not is_server_url(target) and not Path(target).exists()
            target_engine = _empty_target(target)
            try:
                result = CopyResult(head=head, rows=_fill(reading, target_engine, progress))
                result.events_checked = _verify_copy(target_engine, target, head)
            except BaseException:
                target_engine.dispose()
                if made_file:  # a half-made copy is not left to be mistaken for one
                    _remove_file(Path(target))
                raise
            target_engine.dispose()
    finally:
        source_engine.dispose()
    return result


def _check_source(reading: Connection, engine: Engine, source: Path | str) -> tuple[int, str]:
    """Refuse a source at another schema or failing ``verify``; return its chain head."""
    revision = current_revision(engine)
    if revision != head_revision():
        raise CopyRefusedError(
            tr(
                "{source} is at an older schema ({revision}): open it once with this version of SafetyWatch "
                "(which upgrades it), then copy it."
            ).format(source=shown_name(source), revision=revision or "-")
        )
    report = integrity.verify(reading, db_path=local_path(source))
    if not report.ok:
        listed = "; ".join(p.message for p in report.problems[:3])
        raise CopyRefusedError(
            tr("{source} fails verify, so it is not copied: {problems}").format(
                source=shown_name(source), problems=listed
            )
        )
    return report.head


def _fill(reading: Connection, target: Engine, progress: Callable[[str, int], None] | None) -> dict[str, int]:
    """Every table's rows into *target* in one write transaction (under the write lock); rows per table."""
    rows: dict[str, int] = {}
    with write_transaction(target) as writing:
        for table in metadata.sorted_tables:  # parents before the rows that refer to them
            rows[table.name] = _copy_table(reading, writing, table)
            if progress is not None:
                progress(table.name, rows[table.name])
        if is_postgres(target):
            _advance_sequences(writing)
            # The planner's statistics of the new rows now, not when autovacuum comes by: the verify below
            # and the first reports would otherwise be planned for empty tables.
            writing.exec_driver_sql("ANALYZE")
    return rows


def _remove_file(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        name.unlink(missing_ok=True)


def _source_engine(source: Path | str) -> Engine:
    if not is_server_url(source) and not Path(source).exists():
        raise CopyRefusedError(tr("There is no database at {source}.").format(source=source))
    return open_for_reading(source)


def _empty_target(target: Path | str) -> Engine:
    """An engine on *target* migrated to this program's schema, after checking it holds nothing at all."""
    if is_server_url(target):
        engine = connect_server(str(target))
        held = _tables_with_rows(engine) if current_revision(engine) is not None else _any_table(engine)
    else:
        path = Path(target)
        if path.exists() and not is_blank(path):  # is_blank raises for a damaged or foreign file
            raise CopyRefusedError(
                tr("{target} already exists and holds a database: a copy goes only into a new file.").format(
                    target=path
                )
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        held = []
    if held:
        engine.dispose()
        raise CopyRefusedError(
            tr(
                "{target} is not empty (it holds {tables}): a ledger is copied only into an empty database. "
                "Create a new database for it (docs/postgresql.md)."
            ).format(target=shown_name(target), tables=", ".join(held[:5]))
        )
    upgrade_to_head(engine, local_path(target))
    return engine


def _any_table(engine: Engine) -> list[str]:
    """The tables of a server database without our schema (someone else's data)."""
    with read_connection(engine) as conn:
        rows = conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
        return [str(row[0]) for row in rows]


def _tables_with_rows(engine: Engine) -> list[str]:
    """The tables of our schema that hold rows (a ledger made by opening the database is not empty)."""
    with read_connection(engine) as conn:
        return [t.name for t in metadata.sorted_tables if conn.execute(select(1).select_from(t).limit(1)).first()]


def _rows(conn: Connection, table: Table) -> Iterator[Sequence[dict[str, Any]]]:
    """The rows of *table* in primary-key order (ids ascending: the order they were written in), in batches."""
    result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for batch in result.mappings().partitions(BATCH_ROWS):
        yield [dict(row) for row in batch]


def _parents_first(table: Table, batches: Iterator[Sequence[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    """The batches of a table that refers to itself, each row held back until the row it refers to is copied.

    Ids are not in that order everywhere: the demo's group is made after the mine it then becomes the parent
    of, and a hazard may be marked a duplicate of a later one. The foreign key is checked at each insert, so
    a row goes in only after its parent; the few that wait are released right after it.
    """
    references = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not references:
        yield from (list(batch) for batch in batches)
        return
    keys = {target for _, target in references}
    copied: dict[str, set[Any]] = {key: set() for key in keys}
    waiting: dict[tuple[str, Any], list[dict[str, Any]]] = {}

    def missing(row: dict[str, Any]) -> tuple[str, Any] | None:
        for column, target in references:
            value = row[column]
            if value is not None and value not in copied[target] and value != row[target]:
                return target, value
        return None

    for batch in batches:
        ready: list[dict[str, Any]] = []
        pending = list(reversed(batch))
        while pending:
            row = pending.pop()
            parent = missing(row)
            if parent is not None:
                waiting.setdefault(parent, []).append(row)
                continue
            ready.append(row)
            for key in keys:
                copied[key].add(row[key])
                pending.extend(reversed(waiting.pop((key, row[key]), [])))
        yield ready
    if waiting:
        (_, value), rows = next(iter(waiting.items()))
        raise SafetyWatchError(
            tr("{table}: {rows} row(s) refer to row {id}, which is not in the source; nothing was copied.").format(
                table=table.name, rows=len(rows), id=value
            )
        )


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    copied = 0
    for batch in _parents_first(table, _rows(reading, table)):
        if batch:
            writing.execute(insert(table), batch)
            copied += len(batch)
    return copied


def _advance_sequences(conn: Connection) -> None:
    """Rows inserted with their ids leave each SERIAL sequence behind: set it past the biggest id."""
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement is not False:
            conn.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) FROM {table.name}")
            )


def _verify_copy(engine: Engine, target: Path | str, head: tuple[int, str]) -> int:
    """Verify the copy and compare its chain head with the source's; returns the events checked."""
    with read_connection(engine) as conn:
        if not sql.has_table(conn, "audit_event"):
            raise SafetyWatchError(tr("The copy holds no audit trail."))
        report = integrity.verify(conn, db_path=local_path(target))
    if not report.ok or report.head != head:
        listed = "; ".join(p.message for p in report.problems[:3]) or tr("the chain head differs")
        raise SafetyWatchError(
            tr("The copy in {target} does not verify ({problems}); do not use it.").format(
                target=shown_name(target), problems=listed
            )
        )
    return report.events_checked
