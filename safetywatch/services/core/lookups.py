"""Reference rows read during one write transaction, remembered until that transaction writes those rows.

A use case checks that each id it is given points at a live reference row (lookup items, units,
workstations, shifts, inspectors, levels). The demo runs such checks ~115,000 times per mine-year inside
one transaction per month, against rows that cannot change meanwhile: this transaction holds the write
lock, so only its own writes can change them, and the :class:`~safetywatch.services.core.writer.Writer`
forgets a row's reads whenever it writes that row (an inspector appointed or leaving does not make every
other inspector be read again). Reads outside a writer (the forms' live checks) use :func:`uncached`, which
asks SQLite every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from safetywatch.services.core import sql

_Key = tuple[str, tuple[Any, ...]]


class ReferenceLookups:
    """``first(tables, query, params)``: a row of a reference read, asked once per transaction."""

    def __init__(self, conn: sql.Conn, *, remember: bool = True) -> None:
        self.conn = sql.handle(conn)  # taken once: thousands of reads per transaction
        self.remember = remember
        self._rows: dict[_Key, tuple[Any, ...] | None] = {}
        #: (table, id) -> the remembered reads of that row
        self._by_row: dict[tuple[str, Any], list[_Key]] = {}
        #: table -> the remembered reads that join it, which depend on any of its rows
        self._by_table: dict[str, list[_Key]] = {}

    def first(self, tables: str | Iterable[str], query: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """The first row of *query*, which reads the row of the first of *tables* whose ``id`` is
        ``params[0]`` (every reference check reads a row by its id), joined with any row of the others."""
        key = (query, params)
        try:
            return self._rows[key]
        except KeyError:
            pass
        row = sql.first(self.conn, query, params)
        if self.remember:
            self._rows[key] = row
            table, *joined = (tables,) if isinstance(tables, str) else tables
            self._by_row.setdefault((table, str(params[0])), []).append(key)  # 5 and "5" name one row
            for other in joined:
                self._by_table.setdefault(other, []).append(key)
        return row

    def ask_together(self, reads: Iterable[tuple[str, str, tuple[Any, ...]]]) -> None:
        """Ask several one-row reads of one shape (``SELECT a, b FROM t WHERE id = ?``, the same column types)
        in one statement, so the :meth:`first` calls that follow find them remembered. Worth it on a server,
        where each statement is a round trip (a hazard's eight reference checks: one trip instead of eight);
        SQLite answers each in microseconds, so there it does nothing."""
        if not self.remember or not isinstance(self.conn, sql.ServerHandle):
            return
        pending = [(table, query, params) for table, query, params in reads if (query, params) not in self._rows]
        if len(pending) < 2:
            return
        union = " UNION ALL ".join(
            f"SELECT {i} AS sw_read, {query.removeprefix('SELECT ')}" for i, (_t, query, _p) in enumerate(pending)
        )
        found = {row[0]: tuple(row[1:]) for row in sql.execute(self.conn, union, [v for *_r, p in pending for v in p])}
        for i, (table, query, params) in enumerate(pending):
            key = (query, params)
            self._rows[key] = found.get(i)
            self._by_row.setdefault((table, str(params[0])), []).append(key)

    def forget(self, table: str, row_id: Any) -> None:
        """Row *row_id* of *table* was written: the reads of it, and of any join with *table*, are asked afresh."""
        for key in self._by_row.pop((table, str(row_id)), ()):
            self._rows.pop(key, None)
        for key in self._by_table.pop(table, ()):
            self._rows.pop(key, None)


def uncached(conn: sql.Conn) -> ReferenceLookups:
    """Lookups that always ask SQLite (outside a write transaction nothing keeps the rows still)."""
    return ReferenceLookups(conn, remember=False)
