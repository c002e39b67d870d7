"""Plain-SQL helpers for the hot paths: statements go to the connection's DBAPI handle directly.

SQLAlchemy's ``exec_driver_sql`` costs ~70 µs a statement in result-set bookkeeping, against ~15 µs for
SQLite itself; a hazard's loop runs about forty statements, and the demo runs that hundreds of thousands
of times. The handle is the same DBAPI connection, so these statements belong to the SQLAlchemy
transaction that is open on it (we emit BEGIN ourselves, see ``db.engine``). Parameters are always bound.
Each helper also takes the handle itself: a caller running many statements in one transaction (the
:class:`~safetywatch.services.core.writer.Writer`) takes it once instead of once per statement.

The SQL is written once, with ``?`` (or ``:name`` with a mapping) parameters, in the dialect SQLite and
PostgreSQL share (``db.dialect``). On PostgreSQL the handle is a :class:`ServerHandle`: the same ``execute``
and ``executemany`` on psycopg's connection, with the parameters rewritten to psycopg's ``%s`` /
``%(name)s`` once per distinct statement (cached) — so the hot paths stay on the driver on both engines
instead of going through ``text()`` and its bookkeeping.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection

from safetywatch.db.dialect import server_statement

Params = Sequence[Any] | Mapping[str, Any]


class Cursor(Protocol):
    """What the helpers' callers use of a DBAPI cursor (sqlite3's and psycopg's both have it)."""

    @property
    def description(self) -> Any: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def __iter__(self) -> Any: ...

    def close(self) -> None: ...


class ServerHandle:
    """A psycopg connection that takes the program's SQL (``?`` / ``:name`` parameters) like sqlite3's does."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, statement: str, params: Params = ()) -> Cursor:
        cursor: Cursor = self.raw.execute(server_statement(statement), params)
        return cursor

    def executemany(self, statement: str, rows: Iterable[Params]) -> Cursor:
        cursor = self.raw.cursor()
        cursor.executemany(server_statement(statement), rows)
        result: Cursor = cursor
        return result


#: The DBAPI handle the helpers run statements on.
Handle = sqlite3.Connection | ServerHandle
#: A SQLAlchemy connection, or the handle taken from it with :func:`handle`.
Conn = Connection | Handle


def handle(conn: Conn) -> Handle:
    """The DBAPI connection under a SQLAlchemy connection (or the handle itself)."""
    if isinstance(conn, sqlite3.Connection | ServerHandle):
        return conn
    dbapi = conn.connection.driver_connection
    if isinstance(dbapi, sqlite3.Connection):
        return dbapi
    return ServerHandle(dbapi)


def sqlite_handle(conn: Conn) -> sqlite3.Connection:
    """The sqlite3 connection under *conn*, for what only SQLite has (its backup API, PRAGMAs)."""
    found = handle(conn)
    if not isinstance(found, sqlite3.Connection):
        raise TypeError("this operation works on a SQLite database file only")
    return found


def is_server(conn: Conn) -> bool:
    """Whether *conn* is on a PostgreSQL server (for the few statements ``db.dialect`` says differ)."""
    return isinstance(handle(conn), ServerHandle)


def execute(conn: Conn, sql: str, params: Params = ()) -> Cursor:
    return handle(conn).execute(sql, params)


def first(conn: Conn, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
    row: tuple[Any, ...] | None = handle(conn).execute(sql, params).fetchone()
    return row


def scalar(conn: Conn, sql: str, params: Params = ()) -> Any:
    row = first(conn, sql, params)
    return None if row is None else row[0]


def first_dict(conn: Conn, sql: str, params: Params = ()) -> dict[str, Any] | None:
    cursor = handle(conn).execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def all_dicts(conn: Conn, sql: str, params: Params = ()) -> list[dict[str, Any]]:
    cursor = handle(conn).execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def has_table(conn: Conn, name: str) -> bool:
    """Whether the database has table *name* (an older schema, a station's tables at an office)."""
    if is_server(conn):
        return scalar(conn, "SELECT to_regclass(?) IS NOT NULL", (name,)) is True
    return scalar(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None


def table_columns(conn: Conn, table: str) -> list[str]:
    """The column names of *table*, in their order (empty: no such table)."""
    if is_server(conn):
        rows = execute(
            conn,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [str(row[0]) for row in rows]
    return [str(row[1]) for row in execute(conn, f"PRAGMA table_info({table})")]
