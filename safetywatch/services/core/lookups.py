"""Reference rows read during one write transaction, remembered until that transaction writes their table.

A use case checks that each id it is given points at a live reference row (lookup items, units,
workstations, shifts, inspectors, levels). The demo runs such checks ~115,000 times per mine-year inside
one transaction per month, against rows that cannot change meanwhile: this transaction holds the write
lock, so only its own writes can change them, and the :class:`~safetywatch.services.core.writer.Writer`
forgets a table's rows whenever it writes to that table. Reads outside a writer (the forms' live checks)
use :func:`uncached`, which asks SQLite every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from safetywatch.services.core import sql


class ReferenceLookups:
    """``first(tables, query, params)``: a row of a reference read, asked once per transaction."""

    def __init__(self, conn: Connection, *, remember: bool = True) -> None:
        self.conn = conn
        self.remember = remember
        self._rows: dict[tuple[str, tuple[Any, ...]], tuple[Any, ...] | None] = {}
        #: table -> the remembered reads that depend on it (a join depends on each of its tables)
        self._by_table: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}

    def first(self, tables: str | Iterable[str], query: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        key = (query, params)
        try:
            return self._rows[key]
        except KeyError:
            pass
        row = sql.first(self.conn, query, params)
        if self.remember:
            self._rows[key] = row
            for table in (tables,) if isinstance(tables, str) else tables:
                self._by_table.setdefault(table, []).append(key)
        return row

    def forget(self, table: str) -> None:
        """*table* was written: its rows are read afresh."""
        for key in self._by_table.pop(table, ()):
            self._rows.pop(key, None)


def uncached(conn: Connection) -> ReferenceLookups:
    """Lookups that always ask SQLite (outside a write transaction nothing keeps the rows still)."""
    return ReferenceLookups(conn, remember=False)
